"""Administrators: one order's fulfilment (move it on, correct the tracking, change the address, refund)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.forms import field
from portal_app.components.order_changes import change_address_card, refund_card
from portal_app.components.orders import order_body
from portal_app.components.page import portal_page
from portal_app.components.table import confirm_dialog
from portal_app.state.admin_orders import AdminOrderState, OrderStep
from portal_app.state.base import ADMIN


def _step_button(step: OrderStep, **props: Any) -> rx.Component:
    ending = (step.status == "cancelled") | (step.status == "refunded")
    return rx.button(
        "Mark ",
        step.label,
        type="button",
        id="to-" + step.status,
        color_scheme=rx.cond(ending, "red", "indigo"),
        variant=rx.cond(ending, "soft", "solid"),
        **props,
    )


def _step(step: OrderStep) -> rx.Component:
    """Moving on; dispatch, refund and cancel ask first, naming the person and the amount."""
    return rx.cond(
        step.confirm,
        confirm_dialog(
            _step_button(step),
            step.question,
            step.consequence,
            step.confirm_label,
            AdminOrderState.move(step.status),
        ),
        _step_button(step, on_click=AdminOrderState.move(step.status)),
    )


def _actions() -> rx.Component:
    shows_tracking = AdminOrderState.status == "processing"
    return rx.card(
        rx.vstack(
            rx.heading("Move this order on", size="4", as_="h2"),
            rx.text(
                "Processing → Dispatched e-mails the learner the tracking reference. Cancelling a paid "
                "order or refunding it returns the money through the provider that took it. Each of "
                "these asks you first.",
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                shows_tracking,
                field(
                    "Tracking reference (for dispatch)",
                    rx.input(
                        value=AdminOrderState.tracking_input,
                        on_change=AdminOrderState.set_tracking_input,
                        id="tracking",
                        max_length=100,
                        aria_label="Tracking reference",
                    ),
                    AdminOrderState.errors.get("tracking", ""),
                ),
            ),
            field(
                "Note (required to cancel or refund; shown to the learner)",
                rx.text_area(
                    value=AdminOrderState.note_input,
                    on_change=AdminOrderState.set_note_input,
                    id="status-note",
                    max_length=1000,
                    aria_label="Note",
                ),
                AdminOrderState.errors.get("note", ""),
            ),
            rx.hstack(rx.foreach(AdminOrderState.next_steps, _step), wrap="wrap", spacing="2"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _tracking_correction() -> rx.Component:
    """After dispatch: a wrong tracking reference is corrected, and the learner told once."""
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Correct the tracking reference", size="4", as_="h2"),
                rx.text(
                    "The learner is e-mailed the corrected reference once; saving the same reference "
                    "again sends nothing.",
                    size="2",
                    color_scheme="gray",
                ),
                field(
                    "Corrected tracking reference",
                    rx.input(
                        name="tracking",
                        id="tracking-correction",
                        max_length=100,
                        aria_label="Corrected tracking reference",
                        key=AdminOrderState.tracking,
                        default_value=AdminOrderState.tracking,
                    ),
                    AdminOrderState.errors.get("correction", ""),
                ),
                rx.button("Save corrected reference", type="submit", id="save-tracking"),
                spacing="3",
                width="100%",
                align="start",
            ),
            on_submit=AdminOrderState.correct_tracking,
            no_validate=True,
        ),
        width="100%",
    )


@portal_page("/admin/orders/[order_number]", title="Order · Admin", kinds=ADMIN, on_load=AdminOrderState.load)
def admin_order_page() -> rx.Component:
    return rx.fragment(
        rx.cond(
            AdminOrderState.found,
            rx.vstack(
                order_body(AdminOrderState),
                rx.cond(AdminOrderState.status == "dispatched", _tracking_correction()),
                rx.cond(AdminOrderState.next_steps.length() > 0, _actions()),
                rx.box(
                    rx.cond(
                        AdminOrderState.can_change,
                        change_address_card(
                            AdminOrderState,
                            "Another of the learner's saved addresses in the same "
                            "delivery zone; the learner is e-mailed.",
                        ),  # fmt: skip
                    ),
                    rx.cond(AdminOrderState.can_refund, refund_card(AdminOrderState)),
                    class_name="card-grid",
                ),
                rx.link("Back to the order queue", href="/admin/orders"),
                spacing="4",
                width="100%",
            ),
            rx.text("Loading…", color_scheme="gray"),
        ),
    )
