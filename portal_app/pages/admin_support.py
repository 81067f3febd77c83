"""Administrators: one learner's record page and support view, read-only (each look is audited)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.page import portal_page
from portal_app.components.table import Column, data_table
from portal_app.state.admin_support import AdminSupportState
from portal_app.state.base import ADMIN

LEARNER_VIEW = AdminSupportState.learner  # the learner this page shows


def _section(title: str, count: rx.Var, table: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(title, " (", count, ")", size="4", as_="h2"),
        table,
        spacing="2",
        width="100%",
        class_name="support-section",
    )


def _summary() -> rx.Component:
    item = rx.data_list.item
    return rx.card(
        rx.data_list.root(
            item(rx.data_list.label("Candidate number"), rx.data_list.value(rx.cond(LEARNER_VIEW.candidate_number != "", LEARNER_VIEW.candidate_number, "—"))),
            item(rx.data_list.label("Date of birth"), rx.data_list.value(LEARNER_VIEW.date_of_birth)),
            item(rx.data_list.label("E-mail on the record"), rx.data_list.value(rx.cond(LEARNER_VIEW.record_email != "", LEARNER_VIEW.record_email, "—"))),
            item(
                rx.data_list.label("Portal account"),
                rx.data_list.value(
                    rx.cond(LEARNER_VIEW.has_account, LEARNER_VIEW.account_email + " · " + LEARNER_VIEW.account_status, "No portal account yet"),
                    id="support-account",
                ),
            ),
            item(rx.data_list.label("Other e-mail addresses"), rx.data_list.value(rx.cond(LEARNER_VIEW.other_emails != "", LEARNER_VIEW.other_emails, "—"))),
            orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
        ),
        width="100%",
    )  # fmt: skip


def _note(text: rx.Var) -> rx.Component:
    return rx.text(text, size="1", color_scheme="gray")


NOWRAP = {"white_space": "nowrap"}
DOCUMENTS = [
    Column("Reference", lambda d: rx.text(d.reference, font_family="monospace"), NOWRAP),
    Column("Kind", lambda d: d.kind_label),
    Column("Qualification", lambda d: d.qualification),
    Column("Issued", lambda d: d.issued_on, NOWRAP),
    Column("Status", lambda d: (status_badge(d.status), rx.cond(d.reason != "", _note(d.reason)))),
]
CONNECTIONS = [
    Column("Third party", lambda c: (c.third_party, _note(c.third_party_email))),
    Column("Status", lambda c: status_badge(c.status)),
    Column("From – until", lambda c: (c.started, " – ", c.expires), NOWRAP),
    Column(
        "Documents shared",
        lambda c: rx.cond(
            c.documents.length() > 0, rx.vstack(rx.foreach(c.documents, rx.text), spacing="0"), "None"
        ),
    ),
    Column(
        "Their views",
        lambda c: (
            rx.text(c.views, rx.cond(c.views == 1, " view", " views")),
            rx.foreach(c.recent_views, _note),
        ),
    ),
]
ORDERS = [
    Column("Order", lambda o: rx.link(o.number, href="/admin/orders/" + o.number)),
    Column("Status", lambda o: status_badge(o.status, size="2")),
    Column("Placed", lambda o: o.placed),
    Column("Delivery", lambda o: (o.delivery, rx.cond(o.tracking != "", _note(o.tracking)))),
    Column("Total", lambda o: o.total),
]
REPORTS = [
    Column("Document", lambda r: (r.reference, _note("Document " + r.document_status))),
    Column("Status", lambda r: (status_badge(r.status), _note(r.raised))),
    Column("Report", lambda r: r.description),
    Column("Answer", lambda r: (r.answer, rx.cond(r.answered != "", _note(r.answered)))),
]
EMAILS = [
    Column("Queued", lambda e: e.queued, NOWRAP),
    Column("Subject", lambda e: e.subject),
    Column("To", lambda e: e.to_address),
    Column("State", lambda e: e.state),
]


def _learner() -> rx.Component:
    return rx.vstack(
        rx.heading(LEARNER_VIEW.full_name, size="6", as_="h1", id="support-name"),
        rx.callout(
            "Read-only. Opening this page is recorded in the audit log, with your name and address.",
            icon="eye",
            color_scheme="gray",
            width="100%",
        ),
        _summary(),
        _section("Documents", LEARNER_VIEW.documents.length(),
                 data_table(DOCUMENTS, LEARNER_VIEW.documents, "No documents.", id="support-documents")),
        _section("Connections", LEARNER_VIEW.connections.length(),
                 data_table(CONNECTIONS, LEARNER_VIEW.connections, "No connections.", id="support-connections")),
        _section("Orders", LEARNER_VIEW.orders.length(),
                 data_table(ORDERS, LEARNER_VIEW.orders, "No orders.", id="support-orders")),
        _section("Issue reports", LEARNER_VIEW.reports.length(),
                 data_table(REPORTS, LEARNER_VIEW.reports, "No issue reports.", id="support-reports")),
        _section("E-mails sent", LEARNER_VIEW.emails.length(),
                 data_table(EMAILS, LEARNER_VIEW.emails, "No e-mails.", id="support-emails")),
        rx.link("Back to learner records", href="/admin/records"),
        spacing="4",
        width="100%",
    )  # fmt: skip


# One page at two addresses: a learner reached from their record or from their portal account.
@portal_page(
    "/admin/records/[record_id]", title="Learner record · Admin", kinds=ADMIN, on_load=AdminSupportState.load
)
@portal_page(
    "/admin/accounts/[account_id]",
    title="Learner account · Admin",
    kinds=ADMIN,
    on_load=AdminSupportState.load,
)
def admin_learner_page() -> rx.Component:
    return rx.cond(
        AdminSupportState.found,
        _learner(),
        rx.text(
            rx.cond(AdminSupportState.missing != "", AdminSupportState.missing, "Loading…"),
            color_scheme="gray",
            id="support-missing",
        ),
    )
