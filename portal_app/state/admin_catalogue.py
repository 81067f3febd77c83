"""Administrators manage products and delivery prices."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NotRequired, TypedDict

from sqlmodel import Session

from portal_app.models import Account, DeliveryOption, Product
from portal_app.services import catalogue
from portal_app.services.money import format_money
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.forms import FormState


@dataclass(frozen=True)
class CatalogueRow:
    """A product or a delivery option as the tables show it (prices formatted)."""

    id: str = ""
    name: str = ""
    description: str = ""
    price: str = ""
    pounds: str = ""  # the price as the editor's field shows it: 12.50
    active: bool = True
    kind: str = "certificate"  # products: the kind of document it prints
    zone: str = "UK"  # delivery options
    sort_order: str = "0"


class CatalogueForm(TypedDict):
    name: str
    description: str
    price: str
    active: bool
    sort_order: NotRequired[str]  # delivery options only


def _both(db: Session, actor: Account) -> tuple[list[Product], list[DeliveryOption]]:
    return catalogue.products(db, actor), catalogue.delivery_options(db, actor)


def _pounds(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"


def _product_row(p: Product) -> CatalogueRow:
    return CatalogueRow(
        id=str(p.id), name=p.name, description=p.description, price=format_money(p.price_pence, p.currency),
        pounds=_pounds(p.price_pence), active=p.active, kind=p.document_kind,
    )  # fmt: skip


def _option_row(o: DeliveryOption) -> CatalogueRow:
    return CatalogueRow(
        id=str(o.id), name=o.name, description=o.description, price=format_money(o.price_pence, o.currency),
        pounds=_pounds(o.price_pence), active=o.active, zone=o.zone, sort_order=str(o.sort_order),
    )  # fmt: skip


class CatalogueState(FormState, PortalState):
    products: list[CatalogueRow] = []
    options: list[CatalogueRow] = []
    editing: str = ""  # "", "product" or "delivery"
    form_key: int = 0
    draft: CatalogueRow = CatalogueRow()  # what the editor starts from (a new row is blank)

    def _field_id(self, name: str) -> str:
        return {"name": "cat-name", "price": "cat-price"}.get(name, "")

    def _show(self, data: tuple[list[Product], list[DeliveryOption]]) -> None:
        products, options = data
        self.products = [_product_row(p) for p in products]
        self.options = [_option_row(o) for o in options]

    @portal_event
    async def load(self) -> None:
        self.editing = ""
        self._show(await self._open_page(_both))

    @event
    def edit(self, what: str, row_id: str) -> None:
        rows = self.products if what == "product" else self.options
        self.editing = "product" if what == "product" else "delivery"
        self.draft = next((r for r in rows if r.id == row_id), CatalogueRow())
        self.errors = {}
        self.form_key += 1

    @event
    def cancel(self) -> None:
        self.editing = ""

    @event
    def set_kind(self, value: str) -> None:
        self.draft = replace(self.draft, kind=str(value)[:40])

    @event
    def set_zone(self, value: str) -> None:
        self.draft = replace(self.draft, zone=str(value)[:40])

    @portal_event
    async def save(self, form: CatalogueForm) -> None:
        self.errors = {}
        common = {"name": form["name"][:2000], "description": form["description"][:2000],
                  "price": form["price"][:2000], "active": bool(form["active"])}  # fmt: skip
        row_id = int(self.draft.id) if self.draft.id else None
        if self.editing == "product":
            await self._call(
                catalogue.save_product, **common, document_kind=self.draft.kind, product_id=row_id
            )
        else:
            await self._call(
                catalogue.save_delivery_option, **common, zone=self.draft.zone,
                sort_order=form.get("sort_order", "0")[:2000], option_id=row_id,
            )  # fmt: skip
        self.editing = ""
        self._show(await self._call(_both))
        self._alert("Saved. New prices apply to baskets and checkouts from now on.", "success")
