"""Administrators: every connection with its status, and ending one (both parties are told why)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import dialog_actions, field
from portal_app.components.layout import page_shell
from portal_app.components.table import data_table, filter_select, pager, row_action, status_badge
from portal_app.services.staff_connections import StaffConnectionRow
from portal_app.state.admin_connections import AdminConnectionsState

HEADERS = ["Learner", "Third party", "Status", "Started by", "From", "Until", "Documents", ""]
STATUS_OPTIONS = [
    ("all", "Every status"),
    ("pending", "Pending"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("declined", "Declined"),
    ("revoked", "Revoked"),
]


def _person(name: rx.Var, detail: rx.Var) -> list[rx.Component]:
    return [rx.text(name), rx.cond(detail != "", rx.text(detail, size="1", color_scheme="gray"))]


def _row(row: StaffConnectionRow) -> rx.Component:
    parties = row.learner + " and " + row.third_party
    return rx.table.row(
        rx.table.cell(*_person(row.learner, row.learner_email)),
        rx.table.cell(
            *_person(row.third_party, row.third_party_email),
            rx.cond(row.organisation != "", rx.text(row.organisation, size="1", color_scheme="gray")),
        ),
        rx.table.cell(status_badge(row.status)),
        rx.table.cell(row.initiated_by),
        rx.table.cell(row.created_on, white_space="nowrap"),
        rx.table.cell(row.expires_on, white_space="nowrap"),
        rx.table.cell(row.documents_shared),
        rx.table.cell(
            rx.cond(
                row.can_end,
                row_action(
                    "unlink",
                    "End",
                    "End the connection between " + parties,
                    color_scheme="red",
                    on_click=AdminConnectionsState.open_end(row.id),
                    aria_haspopup="dialog",
                ),
            )
        ),
        class_name="staff-connection-row",
    )


def _search() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                name="search",
                placeholder="Learner or third party: name or e-mail",
                default_value=AdminConnectionsState.search,
                aria_label="Search connections",
                id="staff-connections-search",
            ),
            rx.button("Search", type="submit", variant="soft"),
            spacing="2",
        ),
        on_submit=AdminConnectionsState.run_search,
        key=AdminConnectionsState.search,
    )


def _narrowed() -> rx.Component:
    """Which third party the list shows, when it came from the Third parties page."""
    return rx.cond(
        AdminConnectionsState.third_party_label != "",
        rx.hstack(
            rx.text(
                "Connections of ",
                rx.text.span(AdminConnectionsState.third_party_label, weight="bold"),
                size="2",
            ),
            rx.button(
                "Show every third party",
                variant="ghost",
                size="1",
                on_click=AdminConnectionsState.every_third_party,
            ),
            align="center",
            wrap="wrap",
            spacing="3",
        ),
    )


def _end_dialog() -> rx.Component:
    s = AdminConnectionsState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(s.end_question),
            rx.dialog.description(
                "The third party can no longer open any document the learner shared, and both are e-mailed "
                "the reason you give. This cannot be undone: the learner would have to connect again.",
                size="2",
                color_scheme="red",
                margin_bottom="12px",
            ),
            rx.form(
                rx.vstack(
                    field(
                        "Reason (sent to both)",
                        rx.text_area(name="reason", id="end-reason", rows="3"),
                        s.reason_error,
                    ),
                    dialog_actions(rx.button("End the connection", type="submit", color_scheme="red")),
                    spacing="3",
                ),
                on_submit=s.end,
                key=s.end_question,
            ),
        ),
        open=s.end_open,
        on_open_change=s.set_end_open,
    )


@rx.page(route="/admin/connections", title="Connections · Admin", on_load=AdminConnectionsState.load)
def admin_connections_page() -> rx.Component:
    return page_shell(
        _narrowed(),
        data_table(
            HEADERS,
            AdminConnectionsState.rows,
            _row,
            "No connections match.",
            toolbar=[
                _search(),
                filter_select(
                    STATUS_OPTIONS,
                    AdminConnectionsState.status,
                    AdminConnectionsState.filter_status,
                    "Connection status",
                    "staff-connections-status",
                ),
            ],
            footer=pager(AdminConnectionsState),
            id="staff-connections-table",
        ),
        _end_dialog(),
        title="Connections",
        intro="Every connection between a learner and a third party, newest first. An expired connection "
        "no longer works; ending one stops it for good.",
    )
