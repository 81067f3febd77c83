"""Administrators: the audit log, read-only: who did what, when, and from where; CSV by date."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field, form_error
from portal_app.components.page import portal_page
from portal_app.components.table import Column, data_table, filter_select, pager
from portal_app.services.audit_log import ACTION_KINDS
from portal_app.state.admin_audit import AdminAuditState
from portal_app.state.base import ADMIN

INTRO = (
    "Every administrative action and security event, newest first: who, what, when and from which address. "
    "Nothing here can be changed."
)
KIND_OPTIONS = [("all", "Every kind of action"), *[(key, label) for key, (label, _) in ACTION_KINDS.items()]]


COLUMNS = [
    Column("When", lambda row: row.when, {"white_space": "nowrap"}),
    Column(
        "Who",
        lambda row: (
            row.actor,
            rx.cond(row.actor_kind != "", rx.text(row.actor_kind, size="1", color_scheme="gray")),
        ),
    ),
    Column("What", lambda row: rx.code(row.action, variant="ghost")),
    Column("Subject", lambda row: row.subject),
    Column("Detail", lambda row: rx.text(row.detail, size="2", class_name="audit-detail")),
    Column("From", lambda row: rx.cond(row.client_address != "", row.client_address, "—")),
]


def _date(name: str, label: str, value: rx.Var) -> rx.Component:
    return field(
        label,
        rx.input(type="date", name=name, default_value=value, aria_label=label, id=f"audit-{name}"),
        AdminAuditState.errors.get(name, ""),
    )


def _text(name: str, label: str, value: rx.Var, accessible_name: str, placeholder: str) -> rx.Component:
    control = rx.input(
        name=name,
        default_value=value,
        aria_label=accessible_name,
        placeholder=placeholder,
        id=f"audit-{name}",
    )
    return field(label, control)


def _filters() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                _text(
                    "search",
                    "Search",
                    AdminAuditState.search,
                    "Search the audit log",
                    "Action, detail or address",
                ),
                _text("actor", "Actor's e-mail", AdminAuditState.actor, "Actor's e-mail", "admin@…"),
                _date("date_from", "From", AdminAuditState.date_from),
                _date("date_to", "To", AdminAuditState.date_to),
                columns=rx.breakpoints(initial="1", sm="2", md="4"),
                gap="12px",
                width="100%",
            ),
            form_error(AdminAuditState.problem),
            rx.flex(
                rx.button("Apply filters", type="submit"),
                rx.button(
                    "Clear",
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    on_click=AdminAuditState.clear,
                ),
                gap="8px",
            ),
            spacing="3",
            width="100%",
            class_name="audit-filters",
        ),
        on_submit=AdminAuditState.apply,
        key=AdminAuditState.search
        + AdminAuditState.actor
        + AdminAuditState.date_from
        + AdminAuditState.date_to,
        width="100%",
    )


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


@portal_page("/admin/audit", title="Audit log · Admin", kinds=ADMIN, on_load=AdminAuditState.load)
def admin_audit_page() -> rx.Component:
    return rx.vstack(
        rx.heading("Audit log", size="6", as_="h1"),
        rx.text(INTRO, color_scheme="gray"),
        _filters(),
        data_table(
            COLUMNS,
            AdminAuditState.rows,
            "No events match.",
            toolbar=[
                filter_select(KIND_OPTIONS, AdminAuditState.kind, AdminAuditState.filter_kind,
                              "Kind of action", "audit-kind"),
                rx.spacer(),
                _export(),
            ],
            footer=pager(AdminAuditState),
            id="audit-table",
            row_props=lambda row: {"class_name": "audit-row"},
        ),
        spacing="4",
        width="100%",
    )  # fmt: skip
