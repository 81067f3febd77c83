"""Orders tab (search, filter, pages), an order's detail, and the TEST MODE card page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

import reflex as rx

from portal_app.models import Order
from portal_app.services import order_changes, orders, payments
from portal_app.services.addresses import one_line
from portal_app.services.dates import moment
from portal_app.services.errors import DomainError, ValidationError
from portal_app.services.money import format_money
from portal_app.services.paging import Page
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.checkout import AddressChoice
from portal_app.state.forms import FormState
from portal_app.state.paging import PagedList

T = TypeVar("T")


@dataclass(frozen=True)
class OrderRow:
    """An order in a list (the learner's Orders tab, the administrators' queue)."""

    number: str
    full_name: str
    status: str
    status_label: str
    delivery: str
    total: str
    created_by: str
    created: str
    created_kind: str


@dataclass(frozen=True)
class OrderLineRow:
    """A line of an order, as printed (money already formatted)."""

    product: str
    number: str
    reference: str
    name: str
    unit: str
    quantity: str
    total: str


@dataclass(frozen=True)
class PaymentRow:
    """A payment or refund taken for an order."""

    kind: str
    provider: str
    amount: str
    when: str


@dataclass(frozen=True)
class TimelineRow:
    what: str
    detail: str
    when: str


class OrderSearchForm(TypedDict):
    search: str


class TestCardForm(TypedDict):
    card_number: str
    expiry: str
    cvc: str


def order_row(order: Order) -> OrderRow:
    return OrderRow(
        number=order.number,
        full_name=order.full_name,
        status=order.status,
        status_label=orders.STATUS_LABELS.get(order.status, order.status),
        delivery=order.delivery_option_name,
        total=format_money(order.total_pence, order.currency),
        created_by=order.created_by_name,
        created=moment(order.created_at),
        created_kind=orders.KIND_LABELS.get(order.created_by_kind, order.created_by_kind),
    )


def number_from_path(path: str) -> str:
    return (path or "").rstrip("/").rsplit("/", 1)[-1][:32]


class OrderListBase(PagedList, mixin=True):
    """A searchable, filterable, paginated list of orders (the learner's own or everyone's)."""

    _noun: str = "order"
    rows: list[OrderRow] = []
    search: str = ""
    status: str = "all"
    _everyone: bool = False

    if TYPE_CHECKING:  # PortalState's, which every order list mixes in after this

        async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...

    async def _reload(self) -> None:
        status = "" if self.status == "all" else self.status
        self._show(await self._call(orders.list_orders, self.search, status, self.page, self._everyone))

    def _show(self, result: Page[Order]) -> None:
        self.rows = [order_row(o) for o in self._paged(result)]

    @portal_event
    async def run_search(self, form: OrderSearchForm) -> None:
        self.search = form["search"][:100]
        self.page = 1
        await self._reload()

    @portal_event
    async def filter_status(self, status: str) -> None:
        self.status = status if status in orders.STATUS_LABELS else "all"
        self.page = 1
        await self._reload()


class OrdersState(OrderListBase, PortalState):
    @portal_event
    async def load(self) -> None:
        self.search, self.status = "", "all"
        self._show(await self._open_page(orders.list_orders, "", "", 1))


class OrderDetailState(FormState, PortalState):
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
    lines: list[OrderLineRow] = []
    subtotal: str = ""
    delivery_price: str = ""
    total: str = ""
    payments: list[PaymentRow] = []
    timeline: list[TimelineRow] = []
    can_change: bool = False
    paid: bool = False
    can_refund: bool = False
    refunded: str = ""
    left_to_refund: str = ""
    addresses: list[AddressChoice] = []
    chosen_address: str = ""
    just_paid: bool = False
    found: bool = False

    def _field_id(self, name: str) -> str:
        return "new-delivery-address" if name == "delivery_address" else ""

    def _show_problem(self, error: DomainError) -> Any:
        """A wrong new address is shown by its field; anything else (the order is not found, or
        is too far along to change) is the page's message, as on every page without a form."""
        if isinstance(error, ValidationError):
            return super()._show_problem(error)
        return PortalState._show_problem(self, error)

    @rx.var
    def chosen_address_label(self) -> str:
        return next((a.label for a in self.addresses if a.id == self.chosen_address), "")

    def _show(self, detail: orders.OrderDetail) -> None:
        o = detail.order
        row = order_row(o)
        self.number, self.status, self.status_label = o.number, o.status, row.status_label
        self.full_name, self.created = o.full_name, row.created
        self.billing, self.delivery_address = one_line(o.billing_address), one_line(o.delivery_address)
        self.delivery_option, self.tracking, self.note = (
            o.delivery_option_name,
            o.tracking_reference or "",
            o.status_note or "",
        )
        self.lines = [
            OrderLineRow(
                product=ln.product_name, number=ln.qualification_number, reference=ln.document_reference,
                name=ln.learner_name, unit=format_money(ln.unit_price_pence, o.currency),
                quantity=str(ln.quantity), total=format_money(ln.line_total_pence, o.currency),
            )
            for ln in detail.lines
        ]  # fmt: skip
        self.subtotal = format_money(o.subtotal_pence, o.currency)
        self.delivery_price = format_money(o.delivery_pence, o.currency)
        self.total = row.total
        self.payments = [
            PaymentRow(
                kind=p.kind.title(), provider="TEST MODE" if p.provider == "test" else p.provider.title(),
                amount=format_money(p.amount_pence, p.currency), when=moment(p.created_at),
            )
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

    async def _load(self) -> None:
        """Open the order named in the address (who may: the page's `kinds`, then the service)."""
        self.found = False
        self.errors = {}
        number = number_from_path(self.router.url.path)
        self.just_paid = self.router.url.query_parameters.get("paid") == "1"
        self._show(await self._open_page(orders.order_detail, number))

    @portal_event
    async def load(self) -> None:
        await self._load()

    @portal_event
    async def refresh(self) -> None:
        self._show(await self._call(orders.order_detail, self.number))

    @event
    def choose_address(self, value: str) -> None:
        self.chosen_address = str(value)[:20]
        self.errors = {}

    @portal_event
    async def cancel_order(self) -> None:
        """The learner cancels their own order (no reason asked); staff use AdminOrderState.move."""
        await self._call(order_changes.cancel, self.number)
        self._show(await self._call(orders.order_detail, self.number))
        self._alert(f"Order {self.number} is cancelled. We have e-mailed you.", "success")

    @portal_event
    async def change_address(self) -> None:
        self.errors = {}
        await self._call(order_changes.change_delivery_address, self.number, self.chosen_address)
        self._show(await self._call(orders.order_detail, self.number))
        self._alert(f"Order {self.number} will be delivered to {self.delivery_address}.", "success")

    @portal_event
    async def pay_now(self) -> Any:
        return rx.redirect(await self._call(payments.start_payment, self.number))


class TestPaymentState(FormState, PortalState):
    """TEST MODE: our stand-in for the provider's card page."""

    number: str = ""
    total: str = ""
    status: str = ""

    def _field_id(self, name: str) -> str:
        return {"card_number": "card-number", "expiry": "card-expiry", "cvc": "card-cvc"}.get(name, "")

    @portal_event
    async def load(self) -> None:
        self.errors = {}
        detail = await self._open_page(orders.order_detail, number_from_path(self.router.url.path))
        self.number, self.status = detail.order.number, detail.order.status
        self.total = format_money(detail.order.total_pence, detail.order.currency)

    @portal_event
    async def submit(self, form: TestCardForm) -> Any:
        self.errors = {}
        await self._call(payments.pay_with_test_card, number=self.number, card=form)
        return rx.redirect(f"/orders/{self.number}?paid=1")
