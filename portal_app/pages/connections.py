"""The learner's connections: add, share documents, extend, accept or decline, delete, access log."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.date_field import day_input
from portal_app.components.forms import dialog_actions, field
from portal_app.components.layout import page_shell
from portal_app.components.table import (
    confirm_dialog,
    data_table,
    filter_select,
    list_tabs,
    pager,
    row_action,
    row_actions,
    search_box,
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
                id="add-connection",
            )
        ),
        rx.dialog.content(
            rx.dialog.title("Add Connection"),
            rx.dialog.description(
                "Who should see your documents? Next you choose which documents to share; "
                "nothing is sent until you share them.",
                size="2",
                color_scheme="gray",
            ),
            rx.form(
                rx.vstack(
                    field(
                        "Name",
                        rx.input(name="name", id="tp-name", max_length=200, aria_label="Name"),
                        ConnectionsState.name_error,
                        required=True,
                    ),
                    field(
                        "E-mail",
                        rx.input(
                            name="email", type="email", id="tp-email", max_length=254, aria_label="E-mail"
                        ),
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
                        rx.text_area(
                            name="message", id="tp-message", max_length=500, rows="3", aria_label="Message"
                        ),
                        ConnectionsState.message_error,
                    ),
                    dialog_actions(rx.button("Next: choose documents", type="submit", id="tp-send")),
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


def request_details(row: Any) -> rx.Component:
    """Who is asking: the third party's organisation and message (block content)."""
    return rx.box(
        rx.cond(
            row["organisation"] != "",
            rx.text(rx.text.strong("Organisation: "), row["organisation"], size="2"),
        ),
        rx.cond(
            row["message"] != "",
            rx.text(rx.text.strong("Their message: "), row["message"], size="2", white_space="pre-line"),
        ),
        class_name="request-details",
    )


def _actions(row: Any) -> rx.Component:
    share_href = "/connections/share?connection=" + row["id"]
    return row_actions(
        rx.cond(
            row["can_respond"] == "yes",
            row_action(
                "check",
                "Accept",
                "Accept the request from " + row["name"],
                href=share_href,
                class_name="accept",
            ),
        ),
        rx.cond(
            row["can_respond"] == "yes",
            confirm_dialog(
                row_action("x", "Decline", "Decline the request from " + row["name"], class_name="decline"),
                "Decline " + row["name"] + "'s request?",
                rx.text(row["name"], " will not see any of your documents."),
                "Decline",
                ConnectionsState.decline(row["id"]),
                details=request_details(row),
            ),
        ),
        rx.cond(
            row["can_extend"] == "yes",
            row_action(
                "clock",
                "Extend",
                "Extend the connection with " + row["name"],
                on_click=ConnectionsState.open_extend(row),
                class_name="extend",
            ),
        ),
        rx.cond(
            (row["can_edit"] == "yes") & (row["can_respond"] != "yes"),
            row_action(
                "pencil",
                "Edit documents",
                "Edit documents shared with " + row["name"],
                href=share_href,
                class_name="edit-documents",
            ),
        ),
        row_action(
            "eye",
            "Who viewed",
            "Who viewed documents shared with " + row["name"],
            on_click=ConnectionsState.show_log(row),
            class_name="show-log",
        ),
        rx.cond(
            row["can_delete"] == "yes",
            confirm_dialog(
                row_action(
                    "trash-2",
                    "Delete",
                    "Delete the connection with " + row["name"],
                    color_scheme="red",
                    class_name="delete",
                ),
                "Delete the connection with " + row["name"] + "?",
                rx.text(row["name"], " will lose access to your documents at once."),
                "Delete",
                ConnectionsState.delete(row["id"]),
            ),
        ),
    )


def _name_cell(row: Any) -> rx.Component:
    """The third party; when they asked, their organisation and message (shortened in the table)."""
    return rx.table.cell(
        rx.text(row["name"], size="2"),
        rx.cond(row["organisation"] != "", rx.text(row["organisation"], size="1", color_scheme="gray")),
        rx.cond(
            (row["can_respond"] == "yes") & (row["message"] != ""),
            rx.text("\u201c", row["message"], "\u201d", size="1", class_name="request-message"),
        ),
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        _name_cell(row),
        rx.table.cell(row["email"]),
        rx.table.cell(
            status_badge(row["status"]),
            rx.cond(
                row["viewed"] != "",
                rx.text("Viewed ", row["viewed"], size="1", color_scheme="gray", class_name="last-viewed"),
            ),
        ),
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
            list_tabs(
                [("active", "Active"), ("inactive", "Inactive")],
                ConnectionsState.tab,
                ConnectionsState.set_tab,
                connection_table(),
            ),
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
                rx.cond(
                    ShareState.drafting,
                    rx.vstack(
                        rx.text(
                            "Choose the documents to share with ",
                            rx.text.strong(ShareState.name),
                            " (",
                            ShareState.email,
                            "). They can see them until ",
                            ShareState.expires,
                            ".",
                            size="2",
                        ),
                        rx.text(
                            "Nothing is saved or sent until you click Share Documents: then ",
                            ShareState.name,
                            " gets an e-mail that lists these documents.",
                            size="2",
                            color_scheme="gray",
                        ),
                        spacing="1",
                    ),
                    rx.text(
                        "Control the documents you wish to share with ",
                        rx.text.strong(ShareState.name),
                        " (",
                        ShareState.email,
                        ") by selecting the specific documents you wish to share below:",
                        size="2",
                    ),
                ),
                rx.cond(
                    ShareState.accepting,
                    rx.callout.root(
                        rx.callout.icon(rx.icon("info")),
                        rx.callout.text("Sharing documents accepts this connection request."),
                        rx.cond(
                            ShareState.organisation != "",
                            rx.callout.text(rx.text.strong("Organisation: "), ShareState.organisation),
                        ),
                        rx.cond(
                            ShareState.message != "",
                            rx.callout.text(
                                rx.text.strong("Their message: "), ShareState.message, white_space="pre-line"
                            ),
                        ),
                        color_scheme="blue",
                        id="request-details",
                    ),
                ),
                rx.card(
                    rx.text("Records", weight="bold", id="records-heading"),
                    rx.foreach(ShareState.choices, _choice),
                    rx.cond(
                        ShareState.choices.length() == 0,
                        rx.text("You have no documents to share yet.", color_scheme="gray", size="2"),
                        rx.fragment(),
                    ),
                    rx.cond(
                        ShareState.documents_error != "",
                        rx.text(
                            ShareState.documents_error,
                            size="2",
                            color="var(--red-11)",
                            role="alert",
                            class_name="field-error",
                            margin_top="8px",
                        ),
                    ),
                    width="100%",
                    role="group",
                    aria_labelledby="records-heading",
                ),
                rx.hstack(
                    rx.button("Cancel", variant="soft", color_scheme="gray", on_click=ShareState.cancel),
                    rx.button("Share Documents", on_click=ShareState.save, id="share-documents"),
                    justify="end",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
        )
    )
