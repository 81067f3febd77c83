"""The third party's connections: learners' offers to answer, and their own requests."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.badges import status_badge
from portal_app.components.connections import active_and_inactive, connections_top, status_filter
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
from portal_app.state.base import THIRD_PARTY
from portal_app.state.connections import ConnectionItem
from portal_app.state.third_party import ThirdPartyConnectionsState

INITIATED_OPTIONS = [("all", "Initiated by anyone"), ("third_party", "By me"), ("learner", "By the learner")]
INTRO = (
    "Learners who offered to share documents with you, and your requests to learners. "
    "Accept a pending connection to see what the learner shares."
)


def _request_fields() -> rx.Component:
    errors = ThirdPartyConnectionsState.errors
    return rx.fragment(
        field(
            "Learner's name",
            rx.input(name="learner_name", id="learner-name", aria_label="Learner's name"),
            errors.get("learner_name", ""),
        ),
        field(
            "Learner's e-mail",
            rx.input(name="learner_email", type="email", id="learner-email", aria_label="Learner's e-mail"),
            errors.get("learner_email", ""),
        ),
        field(
            "Or candidate number",
            rx.input(name="candidate_number", id="candidate-number", aria_label="Or candidate number"),
            errors.get("candidate_number", ""),
        ),
        field(
            "Message",
            rx.text_area(
                name="message", rows="3", max_length=500, id="request-message", aria_label="Message"
            ),
            errors.get("message", ""),
        ),
    )


def request_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("plus", size=16), "Request Connection", id="request-connection")),
        rx.dialog.content(
            rx.dialog.title("Request a connection"),
            rx.dialog.description(
                "Identify the learner by name and e-mail address, or by their candidate number. "
                "They choose which documents to share.",
                size="2",
                color_scheme="gray",
            ),
            rx.form(
                rx.vstack(
                    _request_fields(),
                    form_error(ThirdPartyConnectionsState.problem),
                    dialog_actions(rx.button("Send request", type="submit", id="request-send")),
                    spacing="3",
                ),
                on_submit=ThirdPartyConnectionsState.request,
                no_validate=True,
            ),
        ),
        open=ThirdPartyConnectionsState.request_open,
        on_open_change=ThirdPartyConnectionsState.set_request_open,
    )


def _actions(row: ObjectVar[ConnectionItem]) -> rx.Component:
    s = ThirdPartyConnectionsState
    return row_actions(
        rx.cond(
            row.can_respond,
            row_action(
                "check",
                "Accept",
                "Accept the connection from " + row.name,
                on_click=s.respond(row.id, True),
                class_name="accept",
            ),
        ),
        rx.cond(
            row.can_respond,
            confirm_dialog(
                row_action("x", "Decline", "Decline the connection from " + row.name, class_name="decline"),
                "Decline the connection from " + row.name + "?",
                rx.text("You will not see ", row.name, "'s documents."),
                "Decline",
                s.respond(row.id, False),
            ),
        ),
        rx.cond(
            row.can_withdraw,
            confirm_dialog(
                row_action(
                    "undo-2", "Withdraw", "Withdraw the request to " + row.name, class_name="withdraw"
                ),
                "Withdraw your request to " + row.name + "?",
                rx.text("The learner will no longer be asked to share documents with you."),
                "Withdraw",
                s.withdraw(row.id),
                cancel_label="Keep it",
            ),
        ),
        rx.cond(
            row.status == "active",
            row_action("files", "Documents", "Documents shared by " + row.name, href="/third-party"),
        ),
    )


COLUMNS = [
    Column(
        "Learner name",
        # a request not yet answered shows only what was typed, waiting for the learner
        lambda row: (
            rx.text(row.name, size="2"),
            rx.cond(row.waiting, rx.text("Waiting for the learner", size="1", color_scheme="gray")),
        ),
    ),
    Column("Learner e-mail", lambda row: row.email),
    Column("Status", lambda row: status_badge(row.status)),
    Column("Initiated by", lambda row: row.initiated_by),
    Column("Documents shared", lambda row: row.documents),
    Column("Expires", lambda row: row.expires),
    Column("Actions", lambda row: _actions(row)),
]


def _toolbar() -> list[rx.Component]:
    s = ThirdPartyConnectionsState
    return [
        search_box(s.search, s.set_search),
        status_filter(s),
        filter_select(
            INITIATED_OPTIONS, s.initiated_filter, s.set_initiated_filter, "Initiated by", "initiated-filter"
        ),
    ]


@portal_page(
    "/third-party/connections",
    title="Connections · Third party",
    kinds=THIRD_PARTY,
    on_load=ThirdPartyConnectionsState.load,
)
def third_party_connections_page() -> rx.Component:
    s = ThirdPartyConnectionsState
    return rx.vstack(
        connections_top(request_dialog(), INTRO),
        active_and_inactive(
            s,
            data_table(
                COLUMNS,
                s.rows,
                "No connections here.",
                toolbar=_toolbar(),
                footer=pager(s),
                id="connections-table",
                row_props=lambda row: {"class_name": "connection-row", "data_email": row.email},
            ),
        ),
        spacing="4",
        width="100%",
    )
