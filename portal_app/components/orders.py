"""An order as both the learner and administrators see it (pages/order_detail.py, admin_orders)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.badges import status_badge
from portal_app.components.order_changes import order_timeline
from portal_app.components.store import summary_row

if TYPE_CHECKING:  # annotations only: the rows the order pages' states hold
    from portal_app.state.orders import OrderLineRow, PaymentRow


def _addresses(state: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text("Billing address", weight="bold"),
            rx.text(state.billing, size="2"),
            rx.text("Delivery address", weight="bold"),
            rx.text(state.delivery_address, size="2"),
            rx.text("Delivery", weight="bold"),
            rx.text(state.delivery_option, size="2"),
            rx.cond(state.tracking != "", rx.text("Tracking reference: ", state.tracking, size="2")),
            rx.cond(state.note != "", rx.text("Note: ", state.note, size="2")),
            spacing="1",
        ),
    )


def _line(line: ObjectVar[OrderLineRow]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(line.product, weight="bold"),
            rx.text("Document: ", line.number, " · Reference: ", line.reference, size="1"),
            rx.text("Name: ", line.name, size="1"),
            spacing="0",
        ),
        rx.spacer(),
        rx.text(line.unit, " × ", line.quantity, " = ", line.total),
        width="100%",
    )


def _payment(payment: ObjectVar[PaymentRow]) -> rx.Component:
    return rx.text(
        payment.kind,
        " ",
        payment.amount,
        " (",
        payment.provider,
        ") ",
        payment.when,
        size="1",
        color_scheme="gray",
    )


def order_body(state: Any) -> rx.Component:
    """Heading and status, addresses, lines and totals, payments, and the timeline."""
    return rx.vstack(
        rx.hstack(
            rx.heading("Order ", state.number, size="6", as_="h1", id="order-number"),
            rx.box(
                status_badge(state.status, size="2"),
                id="order-status",
                role="status",  # announced when an action changes it; found by this name
                aria_label="Order status",
            ),
            align="center",
            spacing="3",
        ),
        rx.text("Placed ", state.created, " by ", state.full_name, color_scheme="gray"),
        rx.box(
            _addresses(state),
            rx.card(
                rx.vstack(
                    rx.foreach(state.lines, _line),
                    rx.divider(),
                    summary_row("Subtotal", state.subtotal),
                    summary_row("Delivery", state.delivery_price),
                    summary_row("Total", state.total, strong=True, id_="order-total"),
                    rx.foreach(state.payments, _payment),
                    width="100%",
                ),
            ),
            class_name="card-grid",
        ),
        order_timeline(state),
        spacing="4",
        width="100%",
    )
