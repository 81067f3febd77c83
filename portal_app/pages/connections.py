"""The learner's Connections page: add, extend, accept or decline, delete, who viewed (sharing is
`pages.share_documents`)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.connections import active_and_inactive, connections_top, status_filter
from portal_app.components.date_field import day_input
from portal_app.components.forms import dialog_actions, field, form_error
from portal_app.components.page import portal_page
from portal_app.components.table import (
    Column,
    confirm_dialog,
    data_table,
    filter_select,
    pager,
    row_action,
    row_actions,
    search_box,
)
from portal_app.state.base import LEARNER
from portal_app.state.connections import ConnectionsState

INTRO = (
    "Share your documents with other parties by creating connections. Click the \u201cAdd Connection\u201d "
    "button to create a connection with another party. You simply need to add their name and e-mail "
    "address, and indicate until when they should have access to your documents. Current connections "
    "are shown on the \u201cActive\u201d tab. Expired connections are shown on the \u201cInactive\u201d tab."
)
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
                        ConnectionsState.errors.get("name", ""),
                        required=True,
                    ),
                    field(
                        "E-mail",
                        rx.input(
                            name="email", type="email", id="tp-email", max_length=254, aria_label="E-mail"
                        ),
                        ConnectionsState.errors.get("email", ""),
                        required=True,
                    ),
                    field(
                        "Expiry date",
                        day_input("Expiry date", "tp-expires", name="expires_on"),
                        ConnectionsState.errors.get("expires_on", ""),
                        hint="Optional, as dd/mm/yyyy: if left empty, the connection expires one month from today.",
                    ),
                    field(
                        "Message",
                        rx.text_area(
                            name="message", id="tp-message", max_length=500, rows="3", aria_label="Message"
                        ),
                        ConnectionsState.errors.get("message", ""),
                    ),
                    form_error(ConnectionsState.problem),
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
                    ConnectionsState.errors.get("expires_on", ""),
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
                                rx.table.cell(e.when),
                                rx.table.cell(e.viewer),
                                rx.table.cell(
                                    rx.text(e.title),
                                    rx.text(e.reference, size="1", color_scheme="gray"),
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
            row.organisation != "",
            rx.text(rx.text.strong("Organisation: "), row.organisation, size="2"),
        ),
        rx.cond(
            row.message != "",
            rx.text(rx.text.strong("Their message: "), row.message, size="2", white_space="pre-line"),
        ),
        class_name="request-details",
    )


def _actions(row: Any) -> rx.Component:
    share_href = "/connections/share?connection=" + row.id
    return row_actions(
        rx.cond(
            row.can_respond,
            row_action(
                "check",
                "Accept",
                "Accept the request from " + row.name,
                href=share_href,
                class_name="accept",
            ),
        ),
        rx.cond(
            row.can_respond,
            confirm_dialog(
                row_action("x", "Decline", "Decline the request from " + row.name, class_name="decline"),
                "Decline " + row.name + "'s request?",
                rx.text(row.name, " will not see any of your documents."),
                "Decline",
                ConnectionsState.decline(row.id),
                details=request_details(row),
            ),
        ),
        rx.cond(
            row.can_extend,
            row_action(
                "clock",
                "Extend",
                "Extend the connection with " + row.name,
                on_click=ConnectionsState.open_extend(row.id),
                class_name="extend",
            ),
        ),
        rx.cond(
            row.can_edit & ~row.can_respond,
            row_action(
                "pencil",
                "Edit documents",
                "Edit documents shared with " + row.name,
                href=share_href,
                class_name="edit-documents",
            ),
        ),
        row_action(
            "eye",
            "Who viewed",
            "Who viewed documents shared with " + row.name,
            on_click=ConnectionsState.show_log(row.id),
            class_name="show-log",
        ),
        rx.cond(
            row.can_delete,
            confirm_dialog(
                row_action(
                    "trash-2",
                    "Delete",
                    "Delete the connection with " + row.name,
                    color_scheme="red",
                    class_name="delete",
                ),
                "Delete the connection with " + row.name + "?",
                rx.text(row.name, " will lose access to your documents at once."),
                "Delete",
                ConnectionsState.delete(row.id),
            ),
        ),
    )


def _name(row: Any) -> tuple[rx.Component, ...]:
    """The third party; when they asked, their organisation and message (shortened in the table)."""
    return (
        rx.text(row.name, size="2"),
        rx.cond(row.organisation != "", rx.text(row.organisation, size="1", color_scheme="gray")),
        rx.cond(
            row.can_respond & (row.message != ""),
            rx.text("\u201c", row.message, "\u201d", size="1", class_name="request-message"),
        ),
    )


def _status(row: Any) -> tuple[rx.Component, ...]:
    return (
        status_badge(row.status),
        rx.cond(
            row.viewed != "",
            rx.text("Viewed ", row.viewed, size="1", color_scheme="gray", class_name="last-viewed"),
        ),
    )


COLUMNS = [
    Column("Third party name", _name),
    Column("Third party e-mail", lambda row: row.email),
    Column("Status", _status),
    Column("Initiated by", lambda row: row.initiated_by),
    Column("Documents shared", lambda row: row.documents),
    Column("Expires", lambda row: row.expires),
    Column("Actions", lambda row: _actions(row)),
]


def connection_table() -> rx.Component:
    state = ConnectionsState
    return data_table(
        COLUMNS,
        state.rows,
        "No connections here.",
        toolbar=[
            search_box(state.search, state.set_search),
            status_filter(state),
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
        row_props=lambda row: {"class_name": "connection-row", "data_email": row.email},
    )


@portal_page("/connections", title="Connections", kinds=LEARNER, on_load=ConnectionsState.load)
def connections_page() -> rx.Component:
    return rx.vstack(
        connections_top(add_connection_dialog(), INTRO),
        active_and_inactive(ConnectionsState, connection_table()),
        extend_dialog(),
        access_log_dialog(),
        spacing="4",
        width="100%",
    )
