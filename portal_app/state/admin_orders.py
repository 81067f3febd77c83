"""Administrators: the order queue and one order's fulfilment."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.services import orders
from portal_app.services.errors import ValidationError
from portal_app.state.base import guarded
from portal_app.state.orders import OrderDetailState, OrderListBase


class AdminOrdersState(OrderListBase):
    _everyone: bool = True

    @rx.event
    @guarded
    async def load(self) -> Any:
        redirect, result = await self._load_page(("admin",), orders.list_orders, self.search,
                                                 "" if self.status == "all" else self.status, self.page, True)  # fmt: skip
        if redirect or result is None:
            return redirect
        self._show(result)
        return None


class AdminOrderState(OrderDetailState):
    tracking_error: str = ""
    note_error: str = ""

    @rx.var
    def next_steps(self) -> list[list[str]]:
        return [[s, orders.STATUS_LABELS[s]] for s in orders.NEXT.get(self.status, ())]

    @rx.event
    @guarded
    async def load(self) -> Any:
        self.tracking_error = self.note_error = ""
        return await self._load(("admin",))

    @rx.event
    @guarded
    async def move(self, form: dict[str, Any]) -> Any:
        self.tracking_error = self.note_error = ""
        to_status = str(form.get("to_status", ""))[:16]
        try:
            await self._call(
                orders.advance,
                self.number,
                to_status,
                str(form.get("tracking", "")),
                str(form.get("note", "")),
            )
        except ValidationError as error:
            self.tracking_error = error.fields.get("tracking", "")
            self.note_error = error.fields.get("note", "")
            return None
        self._show(await self._call(orders.order_detail, self.number))
        return rx.toast.success(f"Order {self.number} is now {orders.STATUS_LABELS[to_status].lower()}.")
