"""Basket page: lines at today's prices, quantity changes and removal."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from portal_app.models import Account
from portal_app.models.store import MAX_QUANTITY
from portal_app.services import basket, basket_summary
from portal_app.services.money import format_money
from portal_app.state.base import PortalState, portal_event

QUANTITIES = [str(n) for n in range(1, MAX_QUANTITY + 1)]


@dataclass(frozen=True)
class BasketRow:
    """A basket line as the basket and the checkout summary show it (money already formatted)."""

    id: int
    product: str
    title: str
    number: str
    reference: str
    unit: str
    quantity: str
    total: str


def line_rows(lines: list[basket.BasketLine]) -> list[BasketRow]:
    return [
        BasketRow(
            id=line.item_id,
            product=line.product_name,
            title=line.qualification_title,
            number=line.qualification_number,
            reference=line.document_reference,
            unit=format_money(line.unit_price_pence, line.currency),
            quantity=str(line.quantity),
            total=format_money(line.line_total_pence, line.currency),
        )
        for line in lines
    ]


def _view(db: Session, actor: Account) -> tuple[list[basket.BasketLine], int]:
    return basket.lines(db, actor), basket_summary.count(db, actor)


class BasketState(PortalState):
    lines: list[BasketRow] = []
    subtotal: str = ""

    def _show(self, view: tuple[list[basket.BasketLine], int]) -> None:
        lines, count = view
        self.lines = line_rows(lines)
        self.subtotal = format_money(basket.subtotal(lines), lines[0].currency if lines else "GBP")
        self.basket_count = count

    @portal_event
    async def load(self) -> None:
        self._show(await self._open_page(_view))

    @portal_event
    async def change_quantity(self, item_id: int, quantity: str) -> None:
        await self._call(basket.set_quantity, item_id, quantity)
        self._show(await self._call(_view))

    @portal_event
    async def remove(self, item_id: int) -> None:
        await self._call(basket.remove, item_id)
        self._show(await self._call(_view))
        self._alert("Removed from your basket.", "success")
