"""Administrators: one learner's record page and support view, read-only (each look is audited)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.documents import status_badge
from portal_app.components.layout import page_shell
from portal_app.components.store import status_badge as order_badge
from portal_app.components.table import data_table
from portal_app.services.support import (
    SupportConnection,
    SupportDocument,
    SupportEmail,
    SupportOrder,
    SupportReport,
)
from portal_app.state.admin_support import AdminSupportState

L = AdminSupportState.learner


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
            item(rx.data_list.label("Candidate number"), rx.data_list.value(rx.cond(L.candidate_number != "", L.candidate_number, "—"))),
            item(rx.data_list.label("Date of birth"), rx.data_list.value(L.date_of_birth)),
            item(rx.data_list.label("E-mail on the record"), rx.data_list.value(rx.cond(L.record_email != "", L.record_email, "—"))),
            item(
                rx.data_list.label("Portal account"),
                rx.data_list.value(
                    rx.cond(L.has_account, L.account_email + " · " + L.account_status, "No portal account yet"),
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
        rx.table.cell(order_badge(o.status, o.status_label)),
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
        rx.heading(L.full_name, size="6", as_="h1", id="support-name"),
        rx.callout(
            "Read-only. Opening this page is recorded in the audit log, with your name and address.",
            icon="eye",
            color_scheme="gray",
            width="100%",
        ),
        _summary(),
        _section("Documents", L.documents.length(), data_table(
            ["Reference", "Kind", "Qualification", "Issued", "Status"], L.documents, _document,
            "No documents.", id="support-documents")),
        _section("Connections", L.connections.length(), data_table(
            ["Third party", "Status", "From – until", "Documents shared", "Their views"], L.connections,
            _connection, "No connections.", id="support-connections")),
        _section("Orders", L.orders.length(), data_table(
            ["Order", "Status", "Placed", "Delivery", "Total"], L.orders, _order, "No orders.",
            id="support-orders")),
        _section("Issue reports", L.reports.length(), data_table(
            ["Document", "Status", "Report", "Answer"], L.reports, _report, "No issue reports.",
            id="support-reports")),
        _section("E-mails sent", L.emails.length(), data_table(
            ["Queued", "Subject", "To", "State"], L.emails, _email, "No e-mails.", id="support-emails")),
        rx.link("Back to learner records", href="/admin/records"),
        spacing="4",
        width="100%",
    )  # fmt: skip


def _page() -> rx.Component:
    return page_shell(
        rx.cond(
            AdminSupportState.found,
            _learner(),
            rx.text(
                rx.cond(AdminSupportState.missing != "", AdminSupportState.missing, "Loading…"),
                color_scheme="gray",
                id="support-missing",
            ),
        ),
    )


@rx.page(route="/admin/records/[record_id]", title="Learner record · Admin", on_load=AdminSupportState.load)
def admin_learner_record_page() -> rx.Component:
    return _page()


@rx.page(route="/admin/accounts/[account_id]", title="Learner account · Admin", on_load=AdminSupportState.load)
def admin_learner_account_page() -> rx.Component:
    return _page()
