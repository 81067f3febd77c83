"""Administrators manage products and delivery prices."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from portal_app.models import Account
from portal_app.services import catalogue
from portal_app.services.errors import ValidationError
from portal_app.services.money import format_money
from portal_app.state.base import PortalState, guarded


def _both(db: Session, actor: Account) -> tuple[list, list]:
    return catalogue.products(db, actor), catalogue.delivery_options(db, actor)


def _pounds(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"


class CatalogueState(PortalState):
    products: list[dict[str, str]] = []
    options: list[dict[str, str]] = []
    editing: str = ""  # "", "product" or "delivery"
    editing_id: str = ""
    form_key: int = 0
    values: dict[str, str] = {}
    errors: dict[str, str] = {}

    def _show(self, data: tuple[list, list]) -> None:
        products, options = data
        self.products = [
            {"id": str(p.id), "name": p.name, "description": p.description, "kind": p.document_kind,
             "price": format_money(p.price_pence, p.currency), "pounds": _pounds(p.price_pence),
             "active": "Yes" if p.active else "No"}
            for p in products
        ]  # fmt: skip
        self.options = [
            {"id": str(o.id), "name": o.name, "description": o.description, "zone": o.zone,
             "price": format_money(o.price_pence, o.currency), "pounds": _pounds(o.price_pence),
             "sort_order": str(o.sort_order), "active": "Yes" if o.active else "No"}
            for o in options
        ]  # fmt: skip

    @rx.event
    @guarded
    async def load(self) -> Any:
        self.editing = ""
        redirect, data = await self._load_page(("admin",), _both)
        if redirect or data is None:
            return redirect
        self._show(data)
        return None

    @rx.event
    def edit(self, what: str, row_id: str) -> None:
        rows = self.products if what == "product" else self.options
        row = next((r for r in rows if r["id"] == row_id), None)
        self.editing = "product" if what == "product" else "delivery"
        self.editing_id = row["id"] if row else ""
        defaults = {"name": "", "description": "", "pounds": "", "kind": "certificate", "zone": "UK",
                    "sort_order": "0", "active": "Yes"}  # fmt: skip
        self.values = {**defaults, **(row or {})}
        self.errors = {}
        self.form_key += 1

    @rx.event
    def cancel(self) -> None:
        self.editing = ""

    @rx.event
    def set_value(self, name: str, value: str) -> None:
        self.values = {**self.values, name: str(value)[:40]}

    @rx.event
    @guarded
    async def save(self, form: dict[str, Any]) -> Any:
        data = {k: str(v)[:2000] for k, v in form.items()}
        data["active"] = "on" if form.get("active") else "off"
        data["document_kind"] = self.values.get("kind", "")
        data["zone"] = self.values.get("zone", "")
        save = catalogue.save_product if self.editing == "product" else catalogue.save_delivery_option
        try:
            await self._call(save, data, self.editing_id or None)
        except ValidationError as error:
            self.errors = error.fields
            return None
        self.editing = ""
        self._show(await self._call(_both))
        self._alert("Saved. New prices apply to baskets and checkouts from now on.", "success")
        return None
