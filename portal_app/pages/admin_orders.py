"""Administrators: the order queue, and the finance export."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field, form_error
from portal_app.components.layout import page_heading
from portal_app.components.orders_table import orders_table
from portal_app.components.page import portal_page
from portal_app.state.admin_orders import AdminOrdersState
from portal_app.state.base import ADMIN

INTRO = "Paid orders wait here for printing and dispatch. Filter by status; open an order to move it on."


def _finance_export() -> rx.Component:
    """Orders and refunds for a date range as CSV, to match against the provider's reports."""
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Finance export", size="4", as_="h2"),
                rx.text(
                    "Orders placed and refunds made between two dates (UTC), as CSV: amounts in pence and "
                    "pounds, currency, VAT where configured, and the payment provider's ids.",
                    size="2",
                    color_scheme="gray",
                ),  # fmt: skip
                rx.hstack(
                    field(
                        "From",
                        rx.input(name="start", id="export-start", type="date"),
                        AdminOrdersState.errors.get("start", ""),
                    ),
                    field(
                        "To",
                        rx.input(name="end", id="export-end", type="date"),
                        AdminOrdersState.errors.get("end", ""),
                    ),
                    wrap="wrap",
                    spacing="3",
                ),
                form_error(AdminOrdersState.problem),
                rx.button("Download CSV", type="submit", variant="soft"),
                spacing="3",
                align="start",
            ),
            on_submit=AdminOrdersState.export_finance,
            no_validate=True,
        ),
        width="100%",
        margin_top="16px",
    )


@portal_page("/admin/orders", title="Orders · Admin", kinds=ADMIN, on_load=AdminOrdersState.load)
def admin_orders_page() -> rx.Component:
    return rx.fragment(
        page_heading("Orders", INTRO),
        orders_table(AdminOrdersState, "/admin/orders/", "No orders yet."),
        _finance_export(),
    )
