"""Administrators: the order queue and one order's fulfilment."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.services import orders
from portal_app.services.errors import ValidationError
from portal_app.state.base import PortalState, guarded
from portal_app.state.orders import OrderDetailState, OrderListBase


class AdminOrdersState(OrderListBase, PortalState):
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
    tracking_input: str = ""
    note_input: str = ""

    @rx.var
    def next_steps(self) -> list[list[str]]:
        return [[s, orders.STATUS_LABELS[s]] for s in orders.NEXT.get(self.status, ())]

    @rx.event
    @guarded
    async def load(self) -> Any:
        self.tracking_error = self.note_error = self.tracking_input = self.note_input = ""
        return await self._load(("admin",))

    @rx.event
    def set_tracking_input(self, value: str) -> None:
        self.tracking_input = str(value)[:100]

    @rx.event
    def set_note_input(self, value: str) -> None:
        self.note_input = str(value)[:1000]

    @rx.event
    @guarded
    async def move(self, to_status: str) -> None:
        self.tracking_error = self.note_error = ""
        to_status = str(to_status)[:16]
        try:
            await self._call(orders.advance, self.number, to_status, self.tracking_input, self.note_input)
        except ValidationError as error:
            self.tracking_error = error.fields.get("tracking", "")
            self.note_error = error.fields.get("note", "")
            return
        self._show(await self._call(orders.order_detail, self.number))
        self.tracking_input = self.note_input = ""
        self._alert(f"Order {self.number} is now {orders.STATUS_LABELS[to_status].lower()}.", "success")
