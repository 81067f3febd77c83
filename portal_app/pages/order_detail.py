"""One of the learner's orders: what was ordered, its timeline, and the changes still allowed."""

from __future__ import annotations

import reflex as rx

from portal_app.components.links import link_button
from portal_app.components.order_changes import cancel_card, change_address_card
from portal_app.components.orders import order_body
from portal_app.components.page import portal_page
from portal_app.state.base import LEARNER
from portal_app.state.orders import OrderDetailState

ADDRESS_INTRO = (
    "Until we dispatch it, your order can go to another of your saved addresses in the same delivery "
    "zone (add one on your Profile page). Another zone has a different delivery price: cancel and order again."
)


def _thanks() -> rx.Component:
    """After paying: waiting for the provider's word, or paid."""
    return rx.fragment(
        rx.cond(
            OrderDetailState.just_paid & (OrderDetailState.status == "pending_payment"),
            rx.callout(
                "Thank you. We are waiting for the payment provider to confirm your payment; "
                "this page updates when it does.",
                icon="clock",
                color_scheme="amber",
                width="100%",
            ),
        ),
        rx.cond(
            OrderDetailState.just_paid & (OrderDetailState.status == "paid"),
            rx.callout(
                "Thank you: your order is paid. We have e-mailed you a confirmation.",
                icon="circle_check",
                color_scheme="green",
                width="100%",
            ),
        ),
    )


@portal_page("/orders/[order_number]", title="Order", kinds=LEARNER, on_load=OrderDetailState.load)
def order_detail_page() -> rx.Component:
    return rx.cond(
        OrderDetailState.found,
        rx.vstack(
            _thanks(),
            order_body(OrderDetailState),
            rx.cond(
                OrderDetailState.can_change,
                rx.box(
                    change_address_card(OrderDetailState, ADDRESS_INTRO),
                    cancel_card(OrderDetailState),
                    class_name="card-grid",
                ),
            ),
            rx.hstack(
                rx.cond(
                    OrderDetailState.status == "pending_payment",
                    rx.hstack(
                        rx.button("Pay now", on_click=OrderDetailState.pay_now, id="pay-now"),
                        rx.button("Check again", variant="soft", on_click=OrderDetailState.refresh),
                    ),
                ),
                link_button("All orders", href="/orders", variant="soft"),
                spacing="3",
            ),
            spacing="4",
            width="100%",
        ),
        rx.text("Loading…", color_scheme="gray"),
    )
