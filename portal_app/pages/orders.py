"""Orders tab, an order's detail, and the TEST MODE payment page."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field
from portal_app.components.layout import page_shell
from portal_app.components.order_changes import cancel_card, change_address_card, order_timeline
from portal_app.components.orders_table import orders_table
from portal_app.components.store import status_badge, summary_row, test_mode_banner
from portal_app.state.orders import OrderDetailState, OrdersState, TestPaymentState


@rx.page(route="/orders", title="Orders", on_load=OrdersState.load)
def orders_page() -> rx.Component:
    return page_shell(
        orders_table(OrdersState, "/orders/", "You have not placed any orders yet."),
        title="Orders",
        intro="Shows a list of orders previously placed.",
    )


def order_body(state: type[OrderDetailState]) -> rx.Component:
    """The order as both the learner and administrators see it."""
    return rx.vstack(
        rx.hstack(
            rx.heading("Order ", state.number, size="6", as_="h1", id="order-number"),
            rx.box(
                status_badge(state.status, state.status_label),
                id="order-status",
                role="status",  # announced when an action changes it; found by this name
                aria_label="Order status",
            ),
            align="center",
            spacing="3",
        ),
        rx.text("Placed ", state.created, " by ", state.full_name, color_scheme="gray"),
        rx.box(
            rx.card(
                rx.vstack(
                    rx.text("Billing address", weight="bold"),
                    rx.text(state.billing, size="2"),
                    rx.text("Delivery address", weight="bold"),
                    rx.text(state.delivery_address, size="2"),
                    rx.text("Delivery", weight="bold"),
                    rx.text(state.delivery_option, size="2"),
                    rx.cond(
                        state.tracking != "",
                        rx.text("Tracking reference: ", state.tracking, size="2"),
                        rx.fragment(),
                    ),
                    rx.cond(state.note != "", rx.text("Note: ", state.note, size="2"), rx.fragment()),
                    spacing="1",
                ),
            ),
            rx.card(
                rx.vstack(
                    rx.foreach(
                        state.lines,
                        lambda ln: rx.hstack(
                            rx.vstack(
                                rx.text(ln["product"], weight="bold"),
                                rx.text(
                                    "Document: ", ln["number"], " · Reference: ", ln["reference"], size="1"
                                ),
                                rx.text("Name: ", ln["name"], size="1"),
                                spacing="0",
                            ),
                            rx.spacer(),
                            rx.text(ln["unit"], " × ", ln["quantity"], " = ", ln["total"]),
                            width="100%",
                        ),
                    ),
                    rx.divider(),
                    summary_row("Subtotal", state.subtotal),
                    summary_row("Delivery", state.delivery_price),
                    summary_row("Total", state.total, strong=True, id_="order-total"),
                    rx.foreach(
                        state.payments,
                        lambda p: rx.text(
                            p["kind"],
                            " ",
                            p["amount"],
                            " (",
                            p["provider"],
                            ") ",
                            p["when"],
                            size="1",
                            color_scheme="gray",
                        ),
                    ),
                    width="100%",
                ),
            ),
            class_name="card-grid",
        ),
        order_timeline(state),
        spacing="4",
        width="100%",
    )


ADDRESS_INTRO = (
    "Until we dispatch it, your order can go to another of your saved addresses in the same delivery "
    "zone (add one on your Profile page). Another zone has a different delivery price: cancel and order again."
)


@rx.page(route="/orders/[order_number]", title="Order", on_load=OrderDetailState.load)
def order_detail_page() -> rx.Component:
    return page_shell(
        rx.cond(
            OrderDetailState.found,
            rx.vstack(
                rx.cond(
                    OrderDetailState.just_paid & (OrderDetailState.status == "pending_payment"),
                    rx.callout(
                        "Thank you. We are waiting for the payment provider to confirm your payment; "
                        "this page updates when it does.",
                        icon="clock",
                        color_scheme="amber",
                        width="100%",
                    ),
                    rx.fragment(),
                ),
                rx.cond(
                    OrderDetailState.just_paid & (OrderDetailState.status == "paid"),
                    rx.callout(
                        "Thank you: your order is paid. We have e-mailed you a confirmation.",
                        icon="circle_check",
                        color_scheme="green",
                        width="100%",
                    ),  # fmt: skip
                    rx.fragment(),
                ),
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
                        rx.fragment(),
                    ),
                    rx.link(rx.button("All orders", variant="soft"), href="/orders"),
                    spacing="3",
                ),
                spacing="4",
                width="100%",
            ),
            rx.text("Loading…", color_scheme="gray"),
        ),
    )


@rx.page(route="/pay/test/[order_number]", title="TEST MODE payment", on_load=TestPaymentState.load)
def test_payment_page() -> rx.Component:
    return page_shell(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.badge("TEST MODE", color_scheme="amber", size="3", variant="solid"),
                    rx.heading("Pay ", TestPaymentState.total, size="6", as_="h1"),
                    rx.text("Order ", TestPaymentState.number, color_scheme="gray"),
                    test_mode_banner(),
                    rx.cond(
                        TestPaymentState.status != "pending_payment",
                        rx.callout("This order does not need paying.", icon="info", width="100%"),
                        rx.fragment(),
                    ),
                    field(
                        "Card number",
                        rx.input(
                            name="card_number",
                            id="card-number",
                            auto_complete="off",
                            input_mode="numeric",
                            placeholder="4242 4242 4242 4242",
                        ),
                        TestPaymentState.card_error,
                    ),  # fmt: skip
                    rx.hstack(
                        field(
                            "Expiry (MM/YY)",
                            rx.input(name="expiry", id="card-expiry", placeholder="12/30"),
                            TestPaymentState.expiry_error,
                        ),  # fmt: skip
                        field(
                            "CVC",
                            rx.input(name="cvc", id="card-cvc", placeholder="123", input_mode="numeric"),
                            TestPaymentState.cvc_error,
                        ),  # fmt: skip
                        width="100%",
                    ),
                    rx.button("Pay (TEST MODE)", type="submit", size="3", width="100%", id="test-pay"),
                    rx.link("Cancel and return to the order", href="/orders/" + TestPaymentState.number),
                    spacing="3",
                    width="100%",
                ),
                on_submit=TestPaymentState.submit,
            ),
            class_name="auth-card",
        ),
    )
