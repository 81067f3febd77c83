"""The third party's pages: connected learners and their documents, connections, one document."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.forms import dialog_actions, field, form_error
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
    status_badge,
)
from portal_app.pages.connections import STATUS_OPTIONS
from portal_app.state.third_party import LearnersState, SharedDocumentState, ThirdPartyConnectionsState

INITIATED_OPTIONS = [("all", "Initiated by anyone"), ("third_party", "By me"), ("learner", "By the learner")]
STATUS_TEXT = {
    "valid": "Verified: this document is valid.",
    "revoked": "This document has been revoked by the awarding body and is no longer valid.",
    "superseded": "This document has been replaced by a newer version and is no longer current.",
}


def _learner_row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["learner"]), rx.text(row["email"], size="1", color_scheme="gray")),
        rx.table.cell(rx.text(row["document"]), rx.text(row["reference"], size="1", color_scheme="gray")),
        rx.table.cell(status_badge(row["status"])),
        rx.table.cell(row["expires"]),
        rx.table.cell(
            row_action(
                "eye",
                "View",
                "View " + row["document"] + " of " + row["learner"],
                href=row["href"],
                class_name="view-document",
            )
        ),
        class_name="shared-row",
        data_reference=row["reference"],
    )


@rx.page(route="/third-party", title="Learners", on_load=LearnersState.load)
def learners_page() -> rx.Component:
    return page_shell(
        rx.vstack(
            rx.heading("Learners", size="6", as_="h1"),
            rx.text(
                "The documents learners share with you, while their connection is active. "
                "Each document shows whether it is still valid.",
                color_scheme="gray",
                size="2",
            ),
            rx.cond(
                LearnersState.pending != "",
                rx.callout(
                    rx.text(
                        "You have ",
                        LearnersState.pending,
                        ". ",
                        rx.link("Answer on your Connections page", href="/third-party/connections"),
                        ".",
                    ),
                    icon="bell",
                    color_scheme="amber",
                    id="pending-notice",
                ),
                rx.fragment(),
            ),
            data_table(
                ["Learner", "Document", "Status", "Access until", ""],
                LearnersState.rows,
                _learner_row,
                rx.cond(
                    LearnersState.search != "",
                    "No learner matches your search.",
                    "No learner is sharing documents with you right now.",
                ),
                toolbar=[
                    search_box(
                        LearnersState.search, LearnersState.set_search, "Search by learner name or e-mail"
                    )
                ],
                footer=pager(LearnersState),
                id="shared-documents",
            ),
            spacing="4",
            width="100%",
        )
    )


def request_dialog() -> rx.Component:
    s = ThirdPartyConnectionsState
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(
                rx.icon("plus", size=16),
                "Request Connection",
                id="request-connection",
            )
        ),
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
                    field(
                        "Learner's name",
                        rx.input(name="learner_name", id="learner-name", aria_label="Learner's name"),
                        s.learner_name_error,
                    ),
                    field(
                        "Learner's e-mail",
                        rx.input(
                            name="learner_email",
                            type="email",
                            id="learner-email",
                            aria_label="Learner's e-mail",
                        ),
                        s.learner_email_error,
                    ),
                    field(
                        "Or candidate number",
                        rx.input(
                            name="candidate_number", id="candidate-number", aria_label="Or candidate number"
                        ),
                        s.candidate_error,
                    ),
                    field(
                        "Message",
                        rx.text_area(name="message", rows="3", max_length=500, aria_label="Message"),
                        s.request_message_error,
                    ),
                    form_error(s.request_problem),
                    dialog_actions(rx.button("Send request", type="submit", id="request-send")),
                    spacing="3",
                ),
                on_submit=s.request,
                no_validate=True,
            ),
        ),
        open=s.request_open,
        on_open_change=s.set_request_open,
    )


def _actions(row: Any) -> rx.Component:
    s = ThirdPartyConnectionsState
    return row_actions(
        rx.cond(
            row["can_respond"] == "yes",
            row_action(
                "check",
                "Accept",
                "Accept the connection from " + row["name"],
                on_click=s.respond(row["id"], True),
                class_name="accept",
            ),
        ),
        rx.cond(
            row["can_respond"] == "yes",
            confirm_dialog(
                row_action(
                    "x", "Decline", "Decline the connection from " + row["name"], class_name="decline"
                ),
                "Decline the connection from " + row["name"] + "?",
                rx.text("You will not see ", row["name"], "'s documents."),
                "Decline",
                s.respond(row["id"], False),
            ),
        ),
        rx.cond(
            row["can_withdraw"] == "yes",
            confirm_dialog(
                row_action(
                    "undo-2", "Withdraw", "Withdraw the request to " + row["name"], class_name="withdraw"
                ),
                "Withdraw your request to " + row["name"] + "?",
                rx.text("The learner will no longer be asked to share documents with you."),
                "Withdraw",
                s.withdraw(row["id"]),
                cancel_label="Keep it",
            ),
        ),
        rx.cond(
            row["status"] == "active",
            row_action("files", "Documents", "Documents shared by " + row["name"], href="/third-party"),
        ),
    )


def _name_cell(row: Any) -> rx.Component:
    """The learner; a request not yet answered shows only what was typed, waiting for the learner."""
    return rx.table.cell(
        rx.text(row["name"], size="2"),
        rx.cond(row["waiting"] == "yes", rx.text("Waiting for the learner", size="1", color_scheme="gray")),
    )


def _row(row: Any) -> rx.Component:
    return rx.table.row(
        _name_cell(row),
        rx.table.cell(row["email"]),
        rx.table.cell(status_badge(row["status"])),
        rx.table.cell(row["initiated_by"]),
        rx.table.cell(row["documents"]),
        rx.table.cell(row["expires"]),
        rx.table.cell(_actions(row)),
        class_name="connection-row",
        data_email=row["email"],
    )


@rx.page(route="/third-party/connections", title="Connections with learners", on_load=ThirdPartyConnectionsState.load)
def third_party_connections_page() -> rx.Component:
    s = ThirdPartyConnectionsState
    return page_shell(
        rx.vstack(
            rx.flex(
                rx.heading("Connections", size="6", as_="h1"),
                request_dialog(),
                justify="between",
                align="center",
                wrap="wrap",
                gap="8px",
                width="100%",
            ),
            rx.text(
                "Learners who offered to share documents with you, and your requests to learners. "
                "Accept a pending connection to see what the learner shares.",
                color_scheme="gray",
                size="2",
            ),
            list_tabs(
                [("active", "Active"), ("inactive", "Inactive")],
                s.tab,
                s.set_tab,
                data_table(
                    [
                        "Learner name",
                        "Learner e-mail",
                        "Status",
                        "Initiated by",
                        "Documents shared",
                        "Expires",
                        "Actions",
                    ],
                    s.rows,
                    _row,
                    "No connections here.",
                    toolbar=[
                        search_box(s.search, s.set_search),
                        rx.cond(
                            s.tab == "active",
                            filter_select(
                                STATUS_OPTIONS["active"],
                                s.status_filter,
                                s.set_status_filter,
                                "Status",
                                "status-filter",
                            ),
                            filter_select(
                                STATUS_OPTIONS["inactive"],
                                s.status_filter,
                                s.set_status_filter,
                                "Status",
                                "status-filter",
                            ),
                        ),
                        filter_select(
                            INITIATED_OPTIONS,
                            s.initiated_filter,
                            s.set_initiated_filter,
                            "Initiated by",
                            "initiated-filter",
                        ),
                    ],
                    footer=pager(s),
                    id="connections-table",
                ),
            ),
            spacing="4",
            width="100%",
        )
    )


def _status_callout(status: str, icon: str, colour: str) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon(icon)),
        rx.callout.text(
            STATUS_TEXT[status],
            rx.cond(
                SharedDocumentState.status_reason != "",
                rx.text.span(" Reason: ", SharedDocumentState.status_reason),
                rx.fragment(),
            ),
        ),
        color_scheme=colour,
        width="100%",
    )


def _document() -> rx.Component:
    s = SharedDocumentState
    return rx.vstack(
        rx.link("\u2190 Learners", href="/third-party"),
        rx.heading(s.kind, ": ", s.qualification, size="5", as_="h1"),
        rx.box(
            rx.match(
                s.status,
                ("valid", _status_callout("valid", "badge_check", "green")),
                ("revoked", _status_callout("revoked", "octagon_x", "red")),
                _status_callout("superseded", "triangle_alert", "amber"),
            ),
            id="verification-status",
            width="100%",
        ),
        rx.card(
            rx.data_list.root(
                rx.data_list.item(rx.data_list.label("Learner"), rx.data_list.value(s.learner_name)),
                rx.data_list.item(
                    rx.data_list.label("Reference"), rx.data_list.value(s.reference, id="doc-reference")
                ),
                rx.data_list.item(rx.data_list.label("Issued"), rx.data_list.value(s.issued_on)),
                rx.data_list.item(rx.data_list.label("Status"), rx.data_list.value(status_badge(s.status))),
                rx.cond(
                    s.grade != "",
                    rx.data_list.item(rx.data_list.label("Grade"), rx.data_list.value(s.grade)),
                    rx.fragment(),
                ),
            ),
            width="100%",
        ),
        rx.cond(
            s.units.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Unit"),
                            rx.table.column_header_cell("Title"),
                            rx.table.column_header_cell("Grade"),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            s.units,
                            lambda u: rx.table.row(
                                rx.table.cell(u["code"]), rx.table.cell(u["title"]), rx.table.cell(u["grade"])
                            ),
                        )
                    ),
                    variant="surface",
                    width="100%",
                ),
                overflow_x="auto",
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.text(
            "Viewed ",
            s.viewed_at,
            ". The learner can see that you viewed this document.",
            size="1",
            color_scheme="gray",
        ),
        spacing="4",
        width="100%",
    )


@rx.page(route="/third-party/document", title="Shared document", on_load=SharedDocumentState.load)
def shared_document_page() -> rx.Component:
    return page_shell(
        rx.cond(
            SharedDocumentState.found,
            _document(),
            rx.cond(
                SharedDocumentState.error != "",
                rx.vstack(
                    rx.heading("Shared document", size="6", as_="h1"),
                    rx.callout(
                        SharedDocumentState.error,
                        icon="lock",
                        color_scheme="red",
                        role="alert",
                        id="not-shared",
                    ),
                    rx.link("Back to learners", href="/third-party"),
                    spacing="3",
                ),
                rx.spinner(),
            ),
        )
    )
