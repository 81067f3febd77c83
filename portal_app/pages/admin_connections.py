"""Administrators: every connection with its status, and ending one (both parties are told why)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.forms import dialog_actions, field
from portal_app.components.layout import page_heading
from portal_app.components.page import portal_page
from portal_app.components.table import Column, data_table, filter_select, pager, row_action, search_form
from portal_app.services.staff_connections import StaffConnectionRow
from portal_app.state.admin_connections import AdminConnectionsState
from portal_app.state.base import ADMIN

STATUS_OPTIONS = [
    ("all", "Every status"),
    ("pending", "Pending"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("declined", "Declined"),
    ("revoked", "Revoked"),
]


def _person(name: rx.Var, detail: rx.Var) -> tuple[rx.Component, ...]:
    return rx.text(name), rx.cond(detail != "", rx.text(detail, size="1", color_scheme="gray"))


def _end(row: StaffConnectionRow) -> rx.Component:
    return rx.cond(
        row.can_end,
        row_action(
            "unlink",
            "End",
            "End the connection between " + row.learner + " and " + row.third_party,
            color_scheme="red",
            on_click=AdminConnectionsState.open_end(row.id),
            aria_haspopup="dialog",
        ),
    )


NOWRAP = {"white_space": "nowrap"}
COLUMNS = [
    Column("Learner", lambda row: _person(row.learner, row.learner_email)),
    Column(
        "Third party",
        lambda row: (
            *_person(row.third_party, row.third_party_email),
            rx.cond(row.organisation != "", rx.text(row.organisation, size="1", color_scheme="gray")),
        ),
    ),
    Column("Status", lambda row: status_badge(row.status)),
    Column("Started by", lambda row: row.initiated_by),
    Column("From", lambda row: row.created_on, NOWRAP),
    Column("Until", lambda row: row.expires_on, NOWRAP),
    Column("Documents", lambda row: row.documents_shared),
    Column("", _end),
]


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
                        s.errors.get("reason", ""),
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


INTRO = (
    "Every connection between a learner and a third party, newest first. An expired connection "
    "no longer works; ending one stops it for good."
)


@portal_page(
    "/admin/connections", title="Connections · Admin", kinds=ADMIN, on_load=AdminConnectionsState.load
)
def admin_connections_page() -> rx.Component:
    return rx.fragment(
        page_heading("Connections", INTRO),
        _narrowed(),
        data_table(
            COLUMNS,
            AdminConnectionsState.rows,
            "No connections match.",
            toolbar=[
                search_form(
                    AdminConnectionsState.search,
                    AdminConnectionsState.run_search,
                    "Search connections",
                    "staff-connections-search",
                    "Learner or third party: name or e-mail",
                    reset=True,
                ),
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
            row_props=lambda row: {"class_name": "staff-connection-row"},
        ),
        _end_dialog(),
    )
