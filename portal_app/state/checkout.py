"""Checkout: billing and delivery addresses (or a new one), delivery option, summary, pay."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.infra.settings import settings
from portal_app.services import addresses, checkout, payments
from portal_app.services.errors import DomainError, ValidationError
from portal_app.services.money import format_money
from portal_app.state.base import PortalState, guarded
from portal_app.state.basket import line_rows

ADDRESS_FIELDS = addresses.FIELDS


def _ticked(value: object) -> bool:
    """A checkbox's form value: "on" (native) or true (Radix) when ticked."""
    return value is True or str(value).lower() in ("on", "true", "1")


class CheckoutState(PortalState):
    addresses: list[dict[str, str]] = []
    billing_id: str = ""
    delivery_id: str = ""
    options: list[dict[str, str]] = []
    option_id: str = ""
    lines: list[dict[str, str]] = []
    subtotal: str = ""
    delivery_price: str = ""
    total: str = ""
    test_mode: bool = settings.payments_test_mode
    billing_error: str = ""
    delivery_error: str = ""
    option_error: str = ""
    paying: bool = False
    # the "add an address" form
    adding_for: str = ""  # "", "billing" or "delivery"
    address_errors: dict[str, str] = {}
    address_values: dict[str, str] = {}
    new_for_delivery: bool = False
    new_for_billing: bool = False

    @rx.var
    def billing_label(self) -> str:
        return next((a["label"] for a in self.addresses if a["id"] == self.billing_id), "")

    @rx.var
    def delivery_label(self) -> str:
        return next((a["label"] for a in self.addresses if a["id"] == self.delivery_id), "")

    def _show(self, data: checkout.CheckoutView) -> None:
        self.addresses = [{"id": str(i), "label": label, "country": c} for i, label, c in data.addresses]
        self.billing_id = str(data.billing_address_id or "")
        self.delivery_id = str(data.delivery_address_id or "")
        self.options = [
            {
                "id": str(o.id),
                "name": o.name,
                "description": o.description,
                "price": format_money(o.price_pence, o.currency),
            }
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

    @rx.event
    @guarded
    async def load(self) -> Any:
        self.billing_id = self.delivery_id = self.option_id = ""
        self.adding_for = ""
        self.paying = False
        redirect, data = await self._load_page(("learner",), checkout.view, None, None, None, True)
        if redirect or data is None:
            return redirect
        self._show(data)
        if not self.lines:
            return rx.redirect("/basket")
        return None

    @rx.event
    @guarded
    async def choose_billing(self, address_id: str) -> None:
        self.billing_id = str(address_id)[:12]
        self.billing_error = ""
        await self._refresh()

    @rx.event
    @guarded
    async def choose_delivery(self, address_id: str) -> None:
        self.delivery_id = str(address_id)[:12]
        self.option_id = ""
        self.delivery_error = self.option_error = ""
        await self._refresh()

    @rx.event
    @guarded
    async def choose_option(self, option_id: str) -> None:
        self.option_id = str(option_id)[:12]
        self.option_error = ""
        await self._refresh()

    @rx.event
    def open_address_form(self, purpose: str) -> None:
        self.adding_for = "delivery" if purpose == "delivery" else "billing"
        self.address_errors = {}
        self.address_values = {name: "" for name in ADDRESS_FIELDS} | {"country": "GB"}
        # The role whose "Add" was clicked is ticked; the other only when it has no address yet.
        other_empty = not (self.billing_id if purpose == "delivery" else self.delivery_id)
        self.new_for_delivery = purpose == "delivery" or other_empty
        self.new_for_billing = purpose != "delivery" or other_empty

    @rx.event
    def close_address_form(self) -> None:
        self.adding_for = ""

    @rx.event
    @guarded
    async def save_address(self, form: dict[str, Any]) -> Any:
        values = {name: str(form.get(name, "")) for name in ADDRESS_FIELDS}
        self.address_values = values
        self.new_for_delivery = _ticked(form.get("use_for_delivery"))
        self.new_for_billing = _ticked(form.get("use_for_billing"))
        if not (self.new_for_delivery or self.new_for_billing):
            self.address_errors = {"roles": "Choose what this address is for: delivery, billing or both."}
            return None
        try:
            address = await self._call(addresses.create_address, values)
        except ValidationError as error:
            self.address_errors = error.fields
            return None
        new_id = str(address.id)
        self.adding_for, self.address_errors = "", {}
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
        return None

    @rx.event
    @guarded
    async def pay(self) -> Any:
        self.billing_error = "" if self.billing_id else "Choose or add a billing address."
        self.delivery_error = "" if self.delivery_id else "Choose or add a delivery address."
        self.option_error = "" if self.option_id else "Choose a delivery option."
        if self.billing_error or self.delivery_error or self.option_error:
            return None
        self.paying = True
        try:
            order = await self._call(checkout.place_order, self.billing_id, self.delivery_id, self.option_id)
        except ValidationError as error:
            self.paying = False
            self.billing_error = error.fields.get("billing", "")
            self.delivery_error = error.fields.get("delivery_address", "")
            self.option_error = error.fields.get("delivery", "")
            return None
        finally:
            self.paying = False
        self.basket_count = 0
        try:
            url = await self._call(payments.start_payment, order.number)
        except DomainError:
            return rx.redirect(f"/orders/{order.number}")  # pending: "Pay now" is offered there
        return rx.redirect(url)
