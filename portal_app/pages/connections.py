"""The learner's connections: add, share documents, extend, accept or decline, delete, access log."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.date_field import day_input
from portal_app.components.forms import dialog_actions, field
from portal_app.components.layout import page_shell
from portal_app.components.table import (
    confirm_dialog,
    data_table,
    filter_select,
    icon_action,
    pager,
    search_box,
    status_badge,
)
from portal_app.state.connections import ConnectionsState, ShareState

INTRO = (
    "Share your documents with other parties by creating connections. Click the \u201cAdd Connection\u201d "
    "button to create a connection with another party. You simply need to add their name and e-mail "
    "address, and indicate until when they should have access to your documents. Current connections "
    "are shown on the \u201cActive\u201d tab. Expired connections are shown on the \u201cInactive\u201d tab."
)
HEADERS = [
    "Third party name",
    "Third party e-mail",
    "Status",
    "Initiated by",
    "Documents shared",
    "Expires",
    "Actions",
]
STATUS_OPTIONS = {
    "active": [("all", "All statuses"), ("active", "Active"), ("pending", "Pending")],
    "inactive": [
        ("all", "All statuses"),
        ("expired", "Expired"),
        ("declined", "Declined"),
        ("revoked", "Deleted"),
    ],
}
INITIATED_OPTIONS = [
    ("all", "Initiated by anyone"),
    ("learner", "By me"),
    ("third_party", "By a third party"),
]


def add_connection_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(
                rx.icon("plus", size=16),
                "Add Connection",
                on_click=ConnectionsState.open_add,
                id="add-connection",
            )
        ),
        rx.dialog.content(
            rx.dialog.title("Add Connection"),
            rx.dialog.description(
                "Who should see your documents? Next you choose which documents to share.",
                size="2",
                color_scheme="gray",
            ),
            rx.form(
                rx.vstack(
                    field(
                        "Name",
                        rx.input(name="name", id="tp-name", max_length=200),
                        ConnectionsState.name_error,
                        required=True,
                    ),
                    field(
                        "E-mail",
                        rx.input(name="email", type="email", id="tp-email", max_length=254),
                        ConnectionsState.email_error,
                        required=True,
                    ),
                    field(
                        "Expiry date",
                        day_input("Expiry date", "tp-expires", name="expires_on"),
                        ConnectionsState.expires_error,
                        hint="Optional, as dd/mm/yyyy: if left empty, the connection expires one month from today.",
                    ),
                    field(
                        "Message",
                        rx.text_area(name="message", id="tp-message", max_length=2000, rows="3"),
                        ConnectionsState.message_error,
                    ),
                    dialog_actions(rx.button("Send", type="submit", id="tp-send")),
                    spacing="3",
                ),
                on_submit=ConnectionsState.add_connection,
                no_validate=True,
            ),
        ),
        open=ConnectionsState.add_open,
        on_open_change=ConnectionsState.set_add_open,
    )


def extend_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Extend connection"),
            rx.dialog.description(
                "Choose until when ", ConnectionsState.extend_name, " may see your documents.", size="2"
            ),
            rx.vstack(
                field(
                    "New expiry date",
                    day_input(
                        "New expiry date",
                        "extend-date",
                        value=ConnectionsState.extend_date,
                        on_change=ConnectionsState.set_extend_date,
                    ),
                    ConnectionsState.extend_error,
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Save", on_click=ConnectionsState.save_extend, id="extend-save"),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="12px",
            ),
        ),
        open=ConnectionsState.extend_open,
        on_open_change=ConnectionsState.set_extend_open,
    )


def access_log_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Who viewed your documents"),
            rx.dialog.description("Every view by ", ConnectionsState.log_name, ", newest first.", size="2"),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("When"),
                            rx.table.column_header_cell("Who"),
                            rx.table.column_header_cell("Document"),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            ConnectionsState.log_rows,
                            lambda e: rx.table.row(
                                rx.table.cell(e["when"]),
                                rx.table.cell(e["viewer"]),
                                rx.table.cell(
                                    rx.text(e["title"]),
                                    rx.text(e["reference"], size="1", color_scheme="gray"),
                                ),
                            ),
                        )
                    ),
                    id="access-log",
                    size="1",
                ),
                overflow_x="auto",
                margin_top="12px",
            ),
            rx.cond(
                ConnectionsState.log_rows.length() == 0,
                rx.text("No views yet.", color_scheme="gray", size="2"),
                rx.fragment(),
            ),
            rx.hstack(rx.dialog.close(rx.button("Close", variant="soft")), justify="end", margin_top="12px"),
            max_width="640px",
        ),
        open=ConnectionsState.log_open,
        on_open_change=ConnectionsState.set_log_open,
    )


def _actions(row: Any) -> rx.Component:
    share_href = "/connections/share?connection=" + row["id"]
    return rx.hstack(
        rx.cond(
            row["can_respond"] == "yes",
            rx.hstack(
                rx.link(
                    icon_action("check", "Accept and choose documents", class_name="accept"), href=share_href
                ),
                confirm_dialog(
                    icon_action("x", "Decline", class_name="decline"),
                    "Decline this request?",
                    rx.text(row["name"], " will not see any of your documents."),
                    "Decline",
                    ConnectionsState.decline(row["id"]),
                ),
                spacing="1",
            ),
            rx.fragment(),
        ),
        rx.cond(
            row["can_extend"] == "yes",
            icon_action(
                "clock", "Extend connection", on_click=ConnectionsState.open_extend(row), class_name="extend"
            ),
            rx.fragment(),
        ),
        rx.cond(
            (row["can_edit"] == "yes") & (row["can_respond"] != "yes"),
            rx.link(
                icon_action("pencil", "Edit shared documents", class_name="edit-documents"), href=share_href
            ),
            rx.fragment(),
        ),
        icon_action("eye", "Who viewed what", on_click=ConnectionsState.show_log(row), class_name="show-log"),
        rx.cond(
            row["can_delete"] == "yes",
            confirm_dialog(
                icon_action("trash-2", "Delete connection", color_scheme="red", class_name="delete"),
                "Delete this connection?",
                rx.text(row["name"], " will lose access to your documents at once."),
                "Delete",
                ConnectionsState.delete(row["id"]),
            ),
            rx.fragment(),
        ),
        spacing="1",
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"]),
        rx.table.cell(row["email"]),
        rx.table.cell(status_badge(row["status"])),
        rx.table.cell(row["initiated_by"]),
        rx.table.cell(row["documents"]),
        rx.table.cell(row["expires"]),
        rx.table.cell(_actions(row)),
        class_name="connection-row",
        data_email=row["email"],
    )


def connection_table() -> rx.Component:
    state = ConnectionsState
    return data_table(
        HEADERS,
        state.rows,
        _row,
        "No connections here.",
        toolbar=[
            search_box(state.search, state.set_search),
            rx.cond(
                state.tab == "active",
                filter_select(
                    STATUS_OPTIONS["active"],
                    state.status_filter,
                    state.set_status_filter,
                    "Status",
                    "status-filter",
                ),
                filter_select(
                    STATUS_OPTIONS["inactive"],
                    state.status_filter,
                    state.set_status_filter,
                    "Status",
                    "status-filter",
                ),
            ),
            filter_select(
                INITIATED_OPTIONS,
                state.initiated_filter,
                state.set_initiated_filter,
                "Initiated by",
                "initiated-filter",
            ),
        ],
        footer=pager(state),
        id="connections-table",
    )


@rx.page(route="/connections", title="Connections", on_load=ConnectionsState.load)
def connections_page() -> rx.Component:
    return page_shell(
        rx.vstack(
            rx.flex(
                rx.heading("Connections", size="6", as_="h1"),
                add_connection_dialog(),
                justify="between",
                align="center",
                wrap="wrap",
                gap="8px",
                width="100%",
            ),
            rx.text(INTRO, color_scheme="gray", size="2"),
            rx.tabs.root(
                rx.tabs.list(
                    rx.tabs.trigger("Active", value="active", id="tab-active"),
                    rx.tabs.trigger("Inactive", value="inactive", id="tab-inactive"),
                ),
                value=ConnectionsState.tab,
                on_change=ConnectionsState.set_tab,
                width="100%",
            ),
            connection_table(),
            extend_dialog(),
            access_log_dialog(),
            spacing="4",
            width="100%",
        )
    )


def _choice(choice: Any) -> rx.Component:
    return rx.vstack(
        rx.cond(
            choice["heading"] != "",
            rx.text(choice["heading"], weight="bold", size="2", margin_top="12px"),
            rx.fragment(),
        ),
        rx.hstack(
            rx.checkbox(
                checked=ShareState.selected.contains(choice["id"]),
                on_change=lambda checked: ShareState.toggle(choice["id"], checked),
                id="doc-" + choice["reference"],
                aria_label=choice["label"],
            ),
            rx.text(choice["label"], as_="label", html_for="doc-" + choice["reference"], size="2"),
            rx.cond(choice["status"] != "valid", status_badge(choice["status"]), rx.fragment()),
            align="center",
            padding_left="12px",
        ),
        spacing="1",
        width="100%",
    )


@rx.page(route="/connections/share", title="Share Documents", on_load=ShareState.load)
def share_page() -> rx.Component:
    return page_shell(
        rx.cond(
            ShareState.missing,
            rx.callout(
                "That connection could not be found.", icon="triangle_alert", color_scheme="red", role="alert"
            ),
            rx.vstack(
                rx.hstack(
                    rx.link("Connections", href="/connections"),
                    rx.text("/", color_scheme="gray"),
                    rx.text("Share Documents"),
                    spacing="2",
                ),
                rx.heading("Share Documents", size="6", as_="h1"),
                rx.text(
                    "Control the documents you wish to share with ",
                    rx.text.strong(ShareState.name),
                    " (",
                    ShareState.email,
                    ") by selecting the specific documents you wish to share below:",
                    size="2",
                ),
                rx.cond(
                    ShareState.accepting,
                    rx.callout(
                        "Sharing documents accepts this connection request.", icon="info", color_scheme="blue"
                    ),
                    rx.fragment(),
                ),
                rx.card(
                    rx.text("Records", weight="bold"),
                    rx.foreach(ShareState.choices, _choice),
                    rx.cond(
                        ShareState.choices.length() == 0,
                        rx.text("You have no documents to share yet.", color_scheme="gray", size="2"),
                        rx.fragment(),
                    ),
                    width="100%",
                ),
                rx.hstack(
                    rx.link(rx.button("Cancel", variant="soft", color_scheme="gray"), href="/connections"),
                    rx.button("Share Documents", on_click=ShareState.save, id="share-documents"),
                    justify="end",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
        )
    )
