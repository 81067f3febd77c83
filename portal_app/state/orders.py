"""Orders tab (search, filter, pages), an order's detail, and the TEST MODE card page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from portal_app.infra.settings import settings
from portal_app.models import Order
from portal_app.services import order_changes, orders, payments
from portal_app.services.addresses import one_line
from portal_app.services.dates import moment
from portal_app.services.errors import ValidationError
from portal_app.services.money import format_money
from portal_app.services.paging import Page
from portal_app.state.base import PortalState, guarded
from portal_app.state.paging import PagedList


def order_row(order: Order) -> dict[str, str]:
    return {
        "number": order.number,
        "full_name": order.full_name,
        "status": order.status,
        "status_label": orders.STATUS_LABELS.get(order.status, order.status),
        "delivery": order.delivery_option_name,
        "total": format_money(order.total_pence, order.currency),
        "created_by": order.created_by_name,
        "created": moment(order.created_at),
        "created_kind": orders.KIND_LABELS.get(order.created_by_kind, order.created_by_kind),
    }


def number_from_path(path: str) -> str:
    return (path or "").rstrip("/").rsplit("/", 1)[-1][:32]


class OrderListBase(PagedList, mixin=True):
    """A searchable, filterable, paginated list of orders (the learner's own or everyone's)."""

    _noun: str = "order"
    rows: list[dict[str, str]] = []
    search: str = ""
    status: str = "all"
    _everyone: bool = False

    async def _reload(self) -> None:
        status = "" if self.status == "all" else self.status
        self._show(await self._call(orders.list_orders, self.search, status, self.page, self._everyone))

    def _show(self, result: Page[Order]) -> None:
        self.rows = [order_row(o) for o in self._paged(result)]

    @rx.event
    @guarded
    async def run_search(self, form: dict[str, Any]) -> None:
        self.search = str(form.get("search", ""))[:100]
        self.page = 1
        await self._reload()

    @rx.event
    @guarded
    async def filter_status(self, status: str) -> None:
        self.status = status if status in orders.STATUS_LABELS else "all"
        self.page = 1
        await self._reload()


class OrdersState(OrderListBase, PortalState):
    @rx.event
    @guarded
    async def load(self) -> Any:
        self.search, self.status = "", "all"
        redirect, result = await self._load_page(("learner",), orders.list_orders, "", "", 1)
        if redirect or result is None:
            return redirect
        self._show(result)
        return None


@dataclass
class TimelineRow:
    what: str = ""
    detail: str = ""
    when: str = ""


@dataclass
class AddressChoice:
    id: str = ""
    label: str = ""


class OrderDetailState(PortalState):
    number: str = ""
    status: str = ""
    status_label: str = ""
    full_name: str = ""
    created: str = ""
    billing: str = ""
    delivery_address: str = ""
    delivery_option: str = ""
    tracking: str = ""
    note: str = ""
    lines: list[dict[str, str]] = []
    subtotal: str = ""
    delivery_price: str = ""
    total: str = ""
    payments: list[dict[str, str]] = []
    timeline: list[TimelineRow] = []
    can_change: bool = False
    paid: bool = False
    can_refund: bool = False
    refunded: str = ""
    left_to_refund: str = ""
    addresses: list[AddressChoice] = []
    chosen_address: str = ""
    address_error: str = ""
    just_paid: bool = False
    found: bool = False

    @rx.var
    def chosen_address_label(self) -> str:
        return next((a.label for a in self.addresses if a.id == self.chosen_address), "")

    def _show(self, detail: orders.OrderDetail) -> None:
        o = detail.order
        row = order_row(o)
        self.number, self.status, self.status_label = o.number, o.status, row["status_label"]
        self.full_name, self.created = o.full_name, row["created"]
        self.billing, self.delivery_address = one_line(o.billing_address), one_line(o.delivery_address)
        self.delivery_option, self.tracking, self.note = (
            o.delivery_option_name,
            o.tracking_reference or "",
            o.status_note or "",
        )
        self.lines = [
            {"product": ln.product_name, "number": ln.qualification_number, "reference": ln.document_reference,
             "name": ln.learner_name, "unit": format_money(ln.unit_price_pence, o.currency),
             "quantity": str(ln.quantity), "total": format_money(ln.line_total_pence, o.currency)}
            for ln in detail.lines
        ]  # fmt: skip
        self.subtotal = format_money(o.subtotal_pence, o.currency)
        self.delivery_price = format_money(o.delivery_pence, o.currency)
        self.total = row["total"]
        self.payments = [
            {"kind": p.kind.title(), "provider": "TEST MODE" if p.provider == "test" else p.provider.title(),
             "amount": format_money(p.amount_pence, p.currency), "when": moment(p.created_at)}
            for p in detail.payments
        ]  # fmt: skip
        self.timeline = [
            TimelineRow(e.what, e.detail, e.when) for e in order_changes.timeline(o, detail.refunds)
        ]
        self.can_change = o.status in order_changes.BEFORE_DISPATCH
        self.paid = o.paid_at is not None
        self.refunded = format_money(o.refunded_pence, o.currency) if o.refunded_pence else ""
        self.left_to_refund = format_money(detail.left_to_refund, o.currency)
        self.can_refund = detail.left_to_refund > 0
        self.addresses = [AddressChoice(str(i), label) for i, label in detail.addresses]
        if self.chosen_address not in {a.id for a in self.addresses}:
            self.chosen_address = ""
        self.found = True

    async def _load(self, kinds: tuple[str, ...]) -> Any:
        self.found = False
        number = number_from_path(self.router.url.path)
        self.just_paid = self.router.url.query_parameters.get("paid") == "1"
        redirect, detail = await self._load_page(kinds, orders.order_detail, number)
        if redirect or detail is None:
            return redirect
        self._show(detail)
        return None

    @rx.event
    @guarded
    async def load(self) -> Any:
        return await self._load(("learner",))

    @rx.event
    @guarded
    async def refresh(self) -> None:
        self._show(await self._call(orders.order_detail, self.number))

    @rx.event
    def choose_address(self, value: str) -> None:
        self.chosen_address = str(value)[:20]
        self.address_error = ""

    @rx.event
    @guarded
    async def cancel_order(self) -> None:
        """The learner cancels their own order (no reason asked); staff use AdminOrderState.move."""
        await self._call(order_changes.cancel, self.number)
        self._show(await self._call(orders.order_detail, self.number))
        self._alert(f"Order {self.number} is cancelled. We have e-mailed you.", "success")

    @rx.event
    @guarded
    async def change_address(self) -> None:
        self.address_error = ""
        try:
            await self._call(order_changes.change_delivery_address, self.number, self.chosen_address)
        except ValidationError as error:
            self.address_error = error.fields.get("delivery_address", str(error))
            return
        self._show(await self._call(orders.order_detail, self.number))
        self._alert(f"Order {self.number} will be delivered to {self.delivery_address}.", "success")

    @rx.event
    @guarded
    async def pay_now(self) -> Any:
        return rx.redirect(await self._call(payments.start_payment, self.number))


class TestPaymentState(PortalState):
    """TEST MODE: our stand-in for the provider's card page."""

    number: str = ""
    total: str = ""
    status: str = ""
    card_error: str = ""
    expiry_error: str = ""
    cvc_error: str = ""
    enabled: bool = settings.payments_test_mode
    busy: bool = False

    @rx.event
    @guarded
    async def load(self) -> Any:
        self.card_error = self.expiry_error = self.cvc_error = ""
        redirect, detail = await self._load_page(
            ("learner",), orders.order_detail, number_from_path(self.router.url.path)
        )
        if redirect or detail is None:
            return redirect
        self.number, self.status = detail.order.number, detail.order.status
        self.total = format_money(detail.order.total_pence, detail.order.currency)
        return None

    @rx.event
    @guarded
    async def submit(self, form: dict[str, Any]) -> Any:
        self.card_error = self.expiry_error = self.cvc_error = ""
        card = {k: str(form.get(k, ""))[:32] for k in ("card_number", "expiry", "cvc")}
        try:
            await self._call(payments.pay_with_test_card, self.number, card)
        except ValidationError as error:
            self.card_error = error.fields.get("card_number", "")
            self.expiry_error = error.fields.get("expiry", "")
            self.cvc_error = error.fields.get("cvc", "")
            return None
        return rx.redirect(f"/orders/{self.number}?paid=1")
