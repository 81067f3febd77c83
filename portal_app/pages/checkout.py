"""Checkout: addresses, delivery by destination, the order summary and payment."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.address_form import address_form
from portal_app.components.forms import field, form_error
from portal_app.components.layout import page_heading
from portal_app.components.page import portal_page
from portal_app.components.store import accuracy_notice, summary_row, test_mode_banner
from portal_app.state.base import LEARNER
from portal_app.state.checkout import AddressChoice, CheckoutState, DeliveryRow


def _roles(purpose: str) -> rx.Component:
    """Which role(s) a new address fills: the learner says so; nothing else changes."""
    return rx.el.fieldset(
        rx.el.legend(rx.text("Use this address for", size="2", weight="medium")),
        rx.flex(
            rx.checkbox(
                "Delivery", name="use_for_delivery", default_checked=CheckoutState.new_for_delivery,
                id=f"{purpose}-new-for-delivery",
            ),
            rx.checkbox(
                "Billing", name="use_for_billing", default_checked=CheckoutState.new_for_billing,
                id=f"{purpose}-new-for-billing",
            ),
            gap="16px",
            wrap="wrap",
        ),
        rx.cond(
            CheckoutState.errors.contains("roles"),
            rx.text(CheckoutState.errors["roles"], size="1", color="var(--red-11)", role="alert"),
        ),
        class_name="address-roles",
        border="none",
        padding="0",
        margin="0",
    )  # fmt: skip


def _address_option(address: ObjectVar[AddressChoice]) -> rx.Component:
    return rx.select.item(address.label, value=address.id)


def _address_picker(purpose: str, label: str, value: rx.Var, on_change, error: rx.Var) -> rx.Component:  # noqa: ANN001
    chosen = CheckoutState.billing_label if purpose == "billing" else CheckoutState.delivery_label
    return rx.card(
        rx.vstack(
            rx.heading(label, size="4", as_="h2"),
            field(
                label,
                rx.select.root(
                    rx.select.trigger(
                        placeholder="Choose an address",
                        id=f"{purpose}-address",
                        width="100%",
                        aria_label=label,
                    ),
                    rx.select.content(rx.foreach(CheckoutState.addresses, _address_option)),
                    value=value,
                    on_change=on_change,
                ),
                error,
            ),
            # a phone cuts the chosen address short in the select: show it whole
            rx.cond(
                chosen != "",
                rx.text(
                    chosen,
                    size="2",
                    display=rx.breakpoints(initial="block", sm="none"),
                    id=f"{purpose}-chosen",
                ),
            ),
            rx.cond(
                CheckoutState.adding_for == purpose,
                address_form(
                    CheckoutState.address_values,
                    CheckoutState.errors,
                    CheckoutState.save_address,
                    on_cancel=CheckoutState.close_address_form,
                    prefix=f"{purpose}-new",
                    extra=_roles(purpose),
                ),
                rx.button(
                    rx.icon("plus", size=16),
                    "Add a new address",
                    variant="soft",
                    on_click=CheckoutState.open_address_form(purpose),
                    id=f"add-{purpose}-address",
                    aria_label=f"Add a new address for {purpose}",  # billing's and delivery's told apart
                ),
            ),
            spacing="3",
            width="100%",
            align="stretch",
        ),
        width="100%",
    )


def _option(option: ObjectVar[DeliveryRow]) -> rx.Component:
    return rx.text(
        rx.hstack(
            rx.radio_group.item(value=option.id),
            rx.vstack(
                rx.text(option.name, " ", rx.text.strong(option.price)),
                rx.text(option.description, size="1", color_scheme="gray"),
                spacing="0",
            ),
            align="start",
        ),
        as_="label",
        class_name="delivery-option",
    )


def _delivery() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Delivery", size="4", as_="h2"),
            rx.cond(
                CheckoutState.delivery_id == "",
                rx.text("Choose a delivery address to see the delivery options.", color_scheme="gray"),
                rx.cond(
                    CheckoutState.options.length() == 0,
                    rx.text(
                        "We cannot deliver to that country at the moment. Please contact us.",
                        color_scheme="gray",
                    ),
                    rx.radio_group.root(
                        rx.vstack(
                            rx.foreach(CheckoutState.options, _option),
                            spacing="3",
                        ),
                        value=CheckoutState.option_id,
                        on_change=CheckoutState.choose_option,
                        id="delivery-options",
                    ),
                ),
            ),
            rx.cond(
                CheckoutState.errors.contains("delivery"),
                rx.text(CheckoutState.errors["delivery"], color="var(--red-11)", size="1", role="alert"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _summary() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Summary", size="4", as_="h2"),
            rx.foreach(
                CheckoutState.lines,
                lambda ln: rx.hstack(
                    rx.vstack(
                        rx.text(ln.product, weight="bold"),
                        rx.text("Document: ", ln.number, size="1"),
                        rx.text("Reference: ", ln.reference, size="1"),
                        spacing="0",
                    ),
                    rx.spacer(),
                    rx.text("× ", ln.quantity),
                    rx.text(ln.total, min_width="72px", text_align="right"),
                    width="100%",
                ),
            ),
            rx.divider(),
            summary_row("Subtotal", CheckoutState.subtotal),
            summary_row("Delivery", CheckoutState.delivery_price, id_="checkout-delivery"),
            summary_row("Total", CheckoutState.total, strong=True, id_="checkout-total"),
            rx.cond(CheckoutState.test_mode, test_mode_banner()),
            rx.button(
                rx.cond(CheckoutState.test_mode, "Pay (TEST MODE)", "Pay by card"),
                size="3",
                width="100%",
                on_click=CheckoutState.pay,
                loading=CheckoutState.paying,
                id="pay",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@portal_page("/checkout", title="Checkout", kinds=LEARNER, on_load=CheckoutState.load)
def checkout_page() -> rx.Component:
    return rx.fragment(
        page_heading("Checkout"),
        rx.vstack(
            accuracy_notice(),
            rx.text(
                "To process your order, enter your delivery and billing details, select a delivery option and pay. "
                "Once paid, we will process your order and send it to you as soon as possible.",
                color_scheme="gray",
            ),
            form_error(CheckoutState.problem),
            rx.box(
                rx.vstack(
                    _address_picker(
                        "billing",
                        "Billing address",
                        CheckoutState.billing_id,
                        CheckoutState.choose_billing,
                        CheckoutState.errors.get("billing", ""),
                    ),
                    _address_picker(
                        "delivery",
                        "Delivery address",
                        CheckoutState.delivery_id,
                        CheckoutState.choose_delivery,
                        CheckoutState.errors.get("delivery_address", ""),
                    ),
                    _delivery(),
                    spacing="4",
                    width="100%",
                ),
                _summary(),
                class_name="checkout-grid",
            ),
            spacing="4",
            width="100%",
        ),
    )
