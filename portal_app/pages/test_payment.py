"""TEST MODE: our stand-in for the payment provider's card page."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field, form_error
from portal_app.components.page import portal_page
from portal_app.components.store import test_mode_banner
from portal_app.state.base import LEARNER
from portal_app.state.orders import TestPaymentState


def _card_fields() -> rx.Component:
    return rx.fragment(
        field(
            "Card number",
            rx.input(
                name="card_number",
                id="card-number",
                auto_complete="off",
                input_mode="numeric",
                placeholder="4242 4242 4242 4242",
            ),
            TestPaymentState.errors.get("card_number", ""),
        ),
        rx.hstack(
            field(
                "Expiry (MM/YY)",
                rx.input(name="expiry", id="card-expiry", placeholder="12/30"),
                TestPaymentState.errors.get("expiry", ""),
            ),
            field(
                "CVC",
                rx.input(name="cvc", id="card-cvc", placeholder="123", input_mode="numeric"),
                TestPaymentState.errors.get("cvc", ""),
            ),
            width="100%",
        ),
    )


@portal_page(
    "/pay/test/[order_number]", title="TEST MODE payment", kinds=LEARNER, on_load=TestPaymentState.load
)
def test_payment_page() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.badge("TEST MODE", color_scheme="amber", size="3", variant="solid"),
                rx.heading("Pay ", TestPaymentState.total, size="6", as_="h1"),
                rx.text("Order ", TestPaymentState.number, color_scheme="gray"),
                test_mode_banner(),
                rx.cond(
                    TestPaymentState.status != "pending_payment",
                    rx.callout("This order does not need paying.", icon="info", width="100%"),
                ),
                _card_fields(),
                form_error(TestPaymentState.problem),
                rx.button("Pay (TEST MODE)", type="submit", size="3", width="100%", id="test-pay"),
                rx.link("Cancel and return to the order", href="/orders/" + TestPaymentState.number),
                spacing="3",
                width="100%",
            ),
            on_submit=TestPaymentState.submit,
        ),
        class_name="auth-card",
    )
