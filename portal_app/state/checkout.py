"""Checkout: billing and delivery addresses (or a new one), delivery option, summary, pay."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

import reflex as rx

from portal_app.infra.settings import settings
from portal_app.services import addresses, checkout, payments
from portal_app.services.errors import DomainError, ValidationError
from portal_app.services.money import format_money
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.basket import BasketRow, line_rows
from portal_app.state.forms import FormState

ADDRESS_FIELDS = addresses.FIELDS
# The choices Pay needs, keyed as services.checkout.place_order names them, and their controls.
PAY_FIELDS = {
    "billing": "billing-address",
    "delivery_address": "delivery-address",
    "delivery": "delivery-options",
}


@dataclass(frozen=True)
class AddressChoice:
    """One of the learner's saved addresses, on one line."""

    id: str
    label: str


@dataclass(frozen=True)
class DeliveryRow:
    """A delivery option for the chosen address (price already formatted)."""

    id: str
    name: str
    description: str
    price: str


class NewAddressForm(TypedDict, total=False):
    """The "add a new address" form: the address, and which roles it fills (ticked: "on")."""

    full_name: str
    line1: str
    line2: str
    city: str
    region: str
    postcode: str
    country: str
    phone: str
    use_for_delivery: str | bool
    use_for_billing: str | bool


def _ticked(value: object) -> bool:
    """A checkbox's form value: "on" (native) or true (Radix) when ticked."""
    return value is True or str(value).lower() in ("on", "true", "1")


class CheckoutState(FormState, PortalState):
    addresses: list[AddressChoice] = []
    billing_id: str = ""
    delivery_id: str = ""
    options: list[DeliveryRow] = []
    option_id: str = ""
    lines: list[BasketRow] = []
    subtotal: str = ""
    delivery_price: str = ""
    total: str = ""
    test_mode: bool = settings.payments_test_mode
    paying: bool = False
    # the "add an address" form
    adding_for: str = ""  # "", "billing" or "delivery"
    address_values: dict[str, str] = {}
    new_for_delivery: bool = False
    new_for_billing: bool = False

    def _field_id(self, name: str) -> str:
        if name in PAY_FIELDS:
            return PAY_FIELDS[name]
        if not self.adding_for:
            return ""
        return f"{self.adding_for}-new-{'for-delivery' if name == 'roles' else name}"

    def _forget_errors(self, *names: str) -> None:
        self.errors = {k: v for k, v in self.errors.items() if k not in names}

    @rx.var
    def billing_label(self) -> str:
        return next((a.label for a in self.addresses if a.id == self.billing_id), "")

    @rx.var
    def delivery_label(self) -> str:
        return next((a.label for a in self.addresses if a.id == self.delivery_id), "")

    def _show(self, data: checkout.CheckoutView) -> None:
        self.addresses = [AddressChoice(str(i), label) for i, label, _country in data.addresses]
        self.billing_id = str(data.billing_address_id or "")
        self.delivery_id = str(data.delivery_address_id or "")
        self.options = [
            DeliveryRow(str(o.id), o.name, o.description, format_money(o.price_pence, o.currency))
            for o in data.options
        ]
        self.option_id = str(data.option_id or "")
        s = data.summary
        self.lines = line_rows(s.lines)
        self.subtotal = format_money(s.subtotal_pence, s.currency)
        self.delivery_price = (
            format_money(s.delivery_pence, s.currency) if s.delivery else "Choose a delivery option"
        )
        self.total = format_money(s.total_pence, s.currency)

    async def _refresh(self) -> None:
        self._show(await self._call(checkout.view, self.delivery_id, self.option_id, self.billing_id))

    @portal_event
    async def load(self) -> Any:
        self.billing_id = self.delivery_id = self.option_id = ""
        self.adding_for = ""
        self.paying = False
        self.errors = {}
        self._show(await self._open_page(checkout.view, None, None, None, True))
        if not self.lines:
            return rx.redirect("/basket")
        return None

    @portal_event
    async def choose_billing(self, address_id: str) -> None:
        self.billing_id = str(address_id)[:12]
        self._forget_errors("billing")
        await self._refresh()

    @portal_event
    async def choose_delivery(self, address_id: str) -> None:
        self.delivery_id = str(address_id)[:12]
        self.option_id = ""
        self._forget_errors("delivery_address", "delivery")
        await self._refresh()

    @portal_event
    async def choose_option(self, option_id: str) -> None:
        self.option_id = str(option_id)[:12]
        self._forget_errors("delivery")
        await self._refresh()

    @event
    def open_address_form(self, purpose: str) -> None:
        self.adding_for = "delivery" if purpose == "delivery" else "billing"
        self.errors = {k: v for k, v in self.errors.items() if k in PAY_FIELDS}
        self.address_values = {name: "" for name in ADDRESS_FIELDS} | {"country": "GB"}
        # The role whose "Add" was clicked is ticked; the other only when it has no address yet.
        other_empty = not (self.billing_id if purpose == "delivery" else self.delivery_id)
        self.new_for_delivery = purpose == "delivery" or other_empty
        self.new_for_billing = purpose != "delivery" or other_empty

    @event
    def close_address_form(self) -> None:
        self.adding_for = ""

    @portal_event
    async def save_address(self, form: NewAddressForm) -> None:
        values = {name: str(value) for name, value in form.items() if name in ADDRESS_FIELDS}
        self.address_values = values
        self.new_for_delivery = _ticked(form.get("use_for_delivery"))
        self.new_for_billing = _ticked(form.get("use_for_billing"))
        if not (self.new_for_delivery or self.new_for_billing):
            raise ValidationError.single(
                "roles", "Choose what this address is for: delivery, billing or both."
            )
        address = await self._call(addresses.create_address, form=values)
        new_id = str(address.id)
        self.adding_for, self.errors = "", {}
        if self.new_for_billing:
            self.billing_id = new_id
        if self.new_for_delivery:
            self.delivery_id = new_id
            self.option_id = ""
        await self._refresh()
        used = " and ".join(
            r for r, on in (("delivery", self.new_for_delivery), ("billing", self.new_for_billing)) if on
        )
        self._alert(f"Address saved to your profile and used for {used}.", "success")

    @portal_event
    async def pay(self) -> Any:
        missing = {
            "billing": "" if self.billing_id else "Choose or add a billing address.",
            "delivery_address": "" if self.delivery_id else "Choose or add a delivery address.",
            "delivery": "" if self.option_id else "Choose a delivery option.",
        }
        self.errors = {}
        if any(missing.values()):
            raise ValidationError({name: message for name, message in missing.items() if message})
        self.paying = True
        try:
            order = await self._call(checkout.place_order, self.billing_id, self.delivery_id, self.option_id)
        finally:
            self.paying = False
        self.basket_count = 0
        try:
            url = await self._call(payments.start_payment, order.number)
        except DomainError:
            return rx.redirect(f"/orders/{order.number}")  # pending: "Pay now" is offered there
        return rx.redirect(url)
