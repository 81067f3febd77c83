"""Administrators: one learner's record page and support view, read-only (each look is audited)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.page import portal_page
from portal_app.components.table import data_table
from portal_app.services.support import (
    SupportConnection,
    SupportDocument,
    SupportEmail,
    SupportOrder,
    SupportReport,
)
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
            orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
        ),
        width="100%",
    )  # fmt: skip


def _document(d: SupportDocument) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(d.reference, font_family="monospace"), white_space="nowrap"),
        rx.table.cell(d.kind_label),
        rx.table.cell(d.qualification),
        rx.table.cell(d.issued_on, white_space="nowrap"),
        rx.table.cell(status_badge(d.status), rx.cond(d.reason != "", rx.text(d.reason, size="1", color_scheme="gray"))),
    )  # fmt: skip


def _connection(c: SupportConnection) -> rx.Component:
    return rx.table.row(
        rx.table.cell(c.third_party, rx.text(c.third_party_email, size="1", color_scheme="gray")),
        rx.table.cell(status_badge(c.status)),
        rx.table.cell(c.started, " – ", c.expires, white_space="nowrap"),
        rx.table.cell(rx.cond(c.documents.length() > 0, rx.vstack(rx.foreach(c.documents, rx.text), spacing="0"), "None")),
        rx.table.cell(
            rx.text(c.views, rx.cond(c.views == 1, " view", " views")),
            rx.foreach(c.recent_views, lambda v: rx.text(v, size="1", color_scheme="gray")),
        ),
    )  # fmt: skip


def _order(o: SupportOrder) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(o.number, href="/admin/orders/" + o.number)),
        rx.table.cell(status_badge(o.status, size="2")),
        rx.table.cell(o.placed),
        rx.table.cell(
            o.delivery, rx.cond(o.tracking != "", rx.text(o.tracking, size="1", color_scheme="gray"))
        ),
        rx.table.cell(o.total),
    )


def _report(r: SupportReport) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r.reference, rx.text("Document ", r.document_status, size="1", color_scheme="gray")),
        rx.table.cell(status_badge(r.status), rx.text(r.raised, size="1", color_scheme="gray")),
        rx.table.cell(r.description),
        rx.table.cell(
            r.answer, rx.cond(r.answered != "", rx.text(r.answered, size="1", color_scheme="gray"))
        ),
    )


def _email(e: SupportEmail) -> rx.Component:
    return rx.table.row(
        rx.table.cell(e.queued, white_space="nowrap"),
        rx.table.cell(e.subject),
        rx.table.cell(e.to_address),
        rx.table.cell(e.state),
    )


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
        _section("Documents", LEARNER_VIEW.documents.length(), data_table(
            ["Reference", "Kind", "Qualification", "Issued", "Status"], LEARNER_VIEW.documents, _document,
            "No documents.", id="support-documents")),
        _section("Connections", LEARNER_VIEW.connections.length(), data_table(
            ["Third party", "Status", "From – until", "Documents shared", "Their views"], LEARNER_VIEW.connections,
            _connection, "No connections.", id="support-connections")),
        _section("Orders", LEARNER_VIEW.orders.length(), data_table(
            ["Order", "Status", "Placed", "Delivery", "Total"], LEARNER_VIEW.orders, _order, "No orders.",
            id="support-orders")),
        _section("Issue reports", LEARNER_VIEW.reports.length(), data_table(
            ["Document", "Status", "Report", "Answer"], LEARNER_VIEW.reports, _report, "No issue reports.",
            id="support-reports")),
        _section("E-mails sent", LEARNER_VIEW.emails.length(), data_table(
            ["Queued", "Subject", "To", "State"], LEARNER_VIEW.emails, _email, "No e-mails.", id="support-emails")),
        rx.link("Back to learner records", href="/admin/records"),
        spacing="4",
        width="100%",
    )  # fmt: skip


# One page at two addresses: a learner reached from their record or from their portal account.
@portal_page("/admin/records/[record_id]", title="Learner record · Admin", kinds=ADMIN, on_load=AdminSupportState.load)
@portal_page("/admin/accounts/[account_id]", title="Learner account · Admin", kinds=ADMIN, on_load=AdminSupportState.load)
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
