"""An order's timeline, and the changes allowed before dispatch (shared by learner and staff pages)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.forms import field
from portal_app.components.table import confirm_dialog


def order_timeline(state: Any) -> rx.Component:
    """Placed, paid, dispatched, cancelled, refunds: oldest first, as an ordered list."""
    return rx.card(
        rx.vstack(
            rx.heading("Timeline", size="4", as_="h2", id="timeline-heading"),
            rx.el.ol(
                rx.foreach(
                    state.timeline,
                    lambda e: rx.el.li(
                        rx.text(rx.text.strong(e.what), " · ", e.when, size="2"),
                        rx.cond(e.detail != "", rx.text(e.detail, size="2", color_scheme="gray")),
                        class_name="timeline-item",
                        style={"marginBottom": "8px"},
                    ),
                ),
                aria_labelledby="timeline-heading",
                style={"paddingLeft": "20px", "margin": "0"},
            ),
            rx.cond(state.refunded != "", rx.text("Refunded so far: ", state.refunded, size="2")),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def change_address_card(state: Any, intro: str) -> rx.Component:
    """Another saved address of the learner, in the same delivery zone; asks first."""
    return rx.card(
        rx.vstack(
            rx.heading("Change the delivery address", size="4", as_="h2"),
            rx.text(intro, size="2", color_scheme="gray"),
            field(
                "New delivery address",
                rx.select.root(
                    rx.select.trigger(
                        placeholder="Choose a saved address",
                        id="new-delivery-address",
                        aria_label="New delivery address",
                        width="100%",
                    ),  # fmt: skip
                    rx.select.content(
                        rx.foreach(state.addresses, lambda a: rx.select.item(a.label, value=a.id))
                    ),
                    value=state.chosen_address,
                    on_change=state.choose_address,
                ),
                state.errors.get("delivery_address", ""),
            ),
            confirm_dialog(
                rx.button(
                    "Send it to this address",
                    type="button",
                    variant="soft",
                    disabled=state.chosen_address == "",
                ),
                "Send order " + state.number + " to this address?",
                state.chosen_address_label,
                "Change the address",
                state.change_address,
            ),
            spacing="3",
            width="100%",
            align="start",
        ),
        width="100%",
    )


def cancel_card(state: Any) -> rx.Component:
    """The learner cancels an order not yet dispatched; a paid one is refunded in full."""
    refund = rx.cond(
        state.paid, " What you paid (" + state.left_to_refund + ") is refunded to your card.", ""
    )
    return rx.card(
        rx.vstack(
            rx.heading("Cancel this order", size="4", as_="h2"),
            rx.text("You can cancel until we dispatch it.", refund, size="2", color_scheme="gray"),
            confirm_dialog(
                rx.button("Cancel this order", type="button", color_scheme="red", variant="soft"),
                "Cancel order " + state.number + "?",
                rx.text("The order will not be printed or sent.", refund, " This cannot be undone."),
                "Cancel the order",
                state.cancel_order,
                cancel_label="Keep the order",
            ),
            spacing="3",
            width="100%",
            align="start",
        ),
        width="100%",
    )


def refund_card(state: Any) -> rx.Component:
    """Administrators: part or all of what is left, in pounds; the note is the learner's reason."""
    return rx.card(
        rx.vstack(
            rx.heading("Refund", size="4", as_="h2"),
            rx.text(
                "Left to refund: ",
                state.left_to_refund,
                ". The money goes back through the provider "
                "that took it; the learner is e-mailed when it confirms.",
                size="2",
                color_scheme="gray",
            ),  # fmt: skip
            field(
                "Amount to refund (£)",
                rx.input(
                    value=state.refund_input,
                    on_change=state.set_refund_input,
                    id="refund-amount",
                    input_mode="decimal",
                    placeholder="10.00",
                    max_length=20,
                ),  # fmt: skip
                state.errors.get("amount", ""),
            ),
            field(
                "Reason for the refund (shown to the learner)",
                rx.text_area(
                    value=state.note_input, on_change=state.set_note_input, id="refund-note", max_length=1000
                ),
                state.errors.get("note", ""),
            ),
            confirm_dialog(
                rx.button("Refund", type="button", color_scheme="red", variant="soft"),
                state.refund_question,
                "The money goes back to the card that paid. This cannot be undone.",
                "Refund now",
                state.refund,
            ),
            spacing="3",
            width="100%",
            align="start",
        ),
        width="100%",
    )
