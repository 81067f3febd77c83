"""Administrators: the order queue and one order's fulfilment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

import reflex as rx

from portal_app.services import finance, order_changes, orders
from portal_app.services.errors import ValidationError
from portal_app.services.money import format_money
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.forms import FormState
from portal_app.state.orders import OrderDetailState, OrderListBase


class FinanceExportForm(TypedDict):
    start: str
    end: str


class AdminOrdersState(OrderListBase, FormState, PortalState):
    _everyone: bool = True

    def _field_id(self, name: str) -> str:
        return f"export-{name}"

    @portal_event
    async def export_finance(self, form: FinanceExportForm) -> Any:
        """The CSV is built on the server for administrators only (services.finance checks)."""
        self.errors = {}
        start, end = form["start"][:10], form["end"][:10]
        data = await self._call(finance.export_csv, start=start, end=end)
        return rx.download(
            data=data, filename=f"orders-and-refunds-{start}-to-{end}.csv", mime_type="text/csv"
        )

    @portal_event
    async def load(self) -> None:
        status = "" if self.status == "all" else self.status
        self._show(await self._open_page(orders.list_orders, self.search, status, self.page, True))


@dataclass
class OrderStep:
    """A status the order may move to, and the question asked first when it cannot be undone."""

    status: str = ""
    label: str = ""
    confirm: bool = False
    question: str = ""
    consequence: str = ""
    confirm_label: str = ""


# the controls of the admin's order page (pages/admin_order.py, components/order_changes.py)
ADMIN_FIELD_IDS = {
    "tracking": "tracking",
    "note": "status-note",
    "amount": "refund-amount",
    "correction": "tracking-correction",
}


class CorrectionForm(TypedDict):
    tracking: str


class AdminOrderState(OrderDetailState):
    """The learner's order detail, plus what staff do to it. Field errors (FormState, through
    OrderDetailState): "tracking" and "note" for a move, "amount" and "note" for a refund,
    "correction" for a corrected tracking reference."""

    tracking_input: str = ""
    note_input: str = ""
    refund_input: str = ""

    def _field_id(self, name: str) -> str:
        return ADMIN_FIELD_IDS.get(name) or super()._field_id(name)

    @rx.var
    def refund_question(self) -> str:
        amount = self.refund_input.strip().lstrip("£") or "0.00"
        return f"Refund £{amount} to {self.full_name}?"

    @event
    def set_refund_input(self, value: str) -> None:
        self.refund_input = str(value)[:20]
        self.errors = {k: v for k, v in self.errors.items() if k != "amount"}

    @portal_event
    async def refund(self) -> None:
        """Part or all of what is left, typed in pounds; confirmed by the provider's webhook."""
        self.errors = {}
        made = await self._call(order_changes.refund, self.number, self.refund_input, self.note_input)
        self._show(await self._call(orders.order_detail, self.number))
        money = format_money(made.amount_pence, made.currency)
        self.refund_input = self.note_input = ""
        if made.status == "succeeded":
            self._alert(f"{money} refunded; {self.full_name} has been e-mailed.", "success")
        else:
            self._alert(
                f"{money} asked of the payment provider; {self.full_name} is e-mailed when it confirms.",
                "success",
            )

    @rx.var
    def next_steps(self) -> list[OrderStep]:
        return [self._step(s) for s in orders.NEXT.get(self.status, ())]

    def _step(self, status: str) -> OrderStep:
        label = orders.STATUS_LABELS[status]
        who, number, money = self.full_name, self.number, self.total
        paid = self.status != "pending_payment"
        if status == "dispatched":
            tracking = self.tracking_input.strip() or "(none entered)"
            return OrderStep(status, label, True, f"Dispatch order {number} to {who}?",
                             f"{who} is e-mailed now with the tracking reference {tracking}. "
                             "A dispatched order cannot go back to processing.", "Dispatch and e-mail")  # fmt: skip
        if status == "refunded":
            return OrderStep(status, label, True, f"Refund {money} to {who}?",
                             f"{money} for order {number} goes back through the provider that took it, and "
                             f"{who} is e-mailed the note. This cannot be undone.", f"Refund {money}")  # fmt: skip
        if status == "cancelled":
            returned = f" and {money} is refunded to them" if paid else ""
            return OrderStep(status, label, True, f"Cancel order {number} for {who}?",
                             f"{who} is e-mailed the note{returned}. This cannot be undone.", "Cancel the order")  # fmt: skip
        return OrderStep(status, label)

    @portal_event
    async def load(self) -> None:
        self.errors = {}
        self.tracking_input = self.note_input = self.refund_input = ""
        await self._load()

    @event
    def set_tracking_input(self, value: str) -> None:
        self.tracking_input = str(value)[:100]

    @event
    def set_note_input(self, value: str) -> None:
        self.note_input = str(value)[:1000]

    @portal_event
    async def move(self, to_status: str) -> None:
        self.errors = {}
        to_status = str(to_status)[:16]
        await self._call(orders.advance, self.number, to_status, self.tracking_input, self.note_input)
        self._show(await self._call(orders.order_detail, self.number))
        self.tracking_input = self.note_input = ""
        self._alert(f"Order {self.number} is now {orders.STATUS_LABELS[to_status].lower()}.", "success")

    @portal_event
    async def correct_tracking(self, form: CorrectionForm) -> None:
        self.errors = {}
        before = self.tracking
        try:
            await self._call(orders.correct_tracking, self.number, form["tracking"][:200])
        except ValidationError as error:
            raise ValidationError.single("correction", error.fields.get("tracking", str(error))) from error
        self._show(await self._call(orders.order_detail, self.number))
        if self.tracking == before:
            self._alert(f"The tracking reference is already {before}; nothing was sent.", "success")
        else:
            self._alert(
                f"Tracking reference corrected to {self.tracking}; {self.full_name} has been e-mailed.",
                "success",
            )
