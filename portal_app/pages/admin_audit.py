"""Administrators: the audit log, read-only: who did what, when, and from where; CSV by date."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field
from portal_app.components.layout import page_shell
from portal_app.components.table import data_table, filter_select, pager
from portal_app.services.audit_log import ACTION_KINDS, AuditRow
from portal_app.state.admin_audit import AdminAuditState

HEADERS = ["When", "Who", "What", "Subject", "Detail", "From"]
KIND_OPTIONS = [("all", "Every kind of action"), *[(key, label) for key, (label, _) in ACTION_KINDS.items()]]


def _row(row: AuditRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.when, white_space="nowrap"),
        rx.table.cell(
            row.actor, rx.cond(row.actor_kind != "", rx.text(row.actor_kind, size="1", color_scheme="gray"))
        ),
        rx.table.cell(rx.code(row.action, variant="ghost")),
        rx.table.cell(row.subject),
        rx.table.cell(rx.text(row.detail, size="2", class_name="audit-detail")),
        rx.table.cell(rx.cond(row.client_address != "", row.client_address, "—")),
        class_name="audit-row",
    )


def _date(name: str, label: str, value: rx.Var) -> rx.Component:
    return field(
        label,
        rx.input(type="date", name=name, default_value=value, aria_label=label, id=f"audit-{name}"),
        AdminAuditState.errors.get(name, ""),
    )


def _filters() -> rx.Component:
    s = AdminAuditState
    return rx.form(
        rx.vstack(
            rx.grid(
                field("Search", rx.input(name="search", default_value=s.search, aria_label="Search the audit log",
                                         placeholder="Action, detail or address", id="audit-search")),
                field("Actor's e-mail", rx.input(name="actor", default_value=s.actor, aria_label="Actor's e-mail",
                                                 placeholder="admin@…", id="audit-actor")),
                _date("date_from", "From", s.date_from),
                _date("date_to", "To", s.date_to),
                columns=rx.breakpoints(initial="1", sm="2", md="4"),
                gap="12px",
                width="100%",
            ),
            rx.flex(
                rx.button("Apply filters", type="submit"),
                rx.button("Clear", type="button", variant="soft", color_scheme="gray", on_click=s.clear),
                gap="8px",
            ),
            spacing="3",
            width="100%",
            class_name="audit-filters",
        ),
        on_submit=s.apply,
        key=s.search + s.actor + s.date_from + s.date_to,
        width="100%",
    )  # fmt: skip


def _export() -> rx.Component:
    return rx.cond(
        AdminAuditState.can_export,
        rx.button(
            # the router must not treat the CSV route as one of its pages (reloadDocument)
            rx.el.a(
                rx.icon("download", size=14, aria_hidden="true"),
                "Download these days as CSV",
                href=AdminAuditState.export_href,
                download=True,
                id="audit-export",
                custom_attrs={"reloadDocument": True},
            ),
            as_child=True,
            variant="soft",
        ),
        rx.text(
            "To download the log as CSV, choose a From and a To date and apply them.",
            size="2",
            color_scheme="gray",
        ),
    )


@rx.page(route="/admin/audit", title="Audit log · Admin", on_load=AdminAuditState.load)
def admin_audit_page() -> rx.Component:
    return page_shell(
        rx.vstack(
            _filters(),
            data_table(
                HEADERS,
                AdminAuditState.rows,
                _row,
                "No events match.",
                toolbar=[
                    filter_select(KIND_OPTIONS, AdminAuditState.kind, AdminAuditState.filter_kind,
                                  "Kind of action", "audit-kind"),
                    rx.spacer(),
                    _export(),
                ],
                footer=pager(AdminAuditState),
                id="audit-table",
            ),
            spacing="4",
            width="100%",
        ),
        title="Audit log",
        intro="Every administrative action and security event, newest first: who, what, when and from "
        "which address. Nothing here can be changed.",
    )  # fmt: skip
