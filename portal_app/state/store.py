"""Store tab: choose a product, one of your documents and a quantity; add to the basket."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from portal_app.models import Account
from portal_app.models.store import MAX_QUANTITY
from portal_app.services import basket_summary, store
from portal_app.services.errors import ValidationError
from portal_app.services.money import format_money
from portal_app.state.base import PortalState, guarded


def _catalogue(db: Session, actor: Account) -> tuple[list[store.ProductView], list[store.DocumentChoice]]:
    return store.list_products(db, actor), store.orderable_documents(db, actor)


def _add_and_count(db: Session, actor: Account, product_id: str, reference: str, quantity: str) -> int:
    """Add to the basket, then read the new count, in one thread hop. The line is committed
    before counting, so the write lock (SQLite's is the whole database) is held no longer than
    for the write itself."""
    store.add_to_basket(db, actor, product_id, reference, quantity)
    db.commit()
    return basket_summary.count(db, actor)


class StoreState(PortalState):
    products: list[dict[str, str]] = []
    documents: list[dict[str, str]] = []
    product_id: str = ""
    document_reference: str = ""
    quantity: str = "1"
    unit_price_pence: int = 0
    currency: str = "GBP"
    product_error: str = ""
    document_error: str = ""
    quantity_error: str = ""

    @rx.var
    def product_documents(self) -> list[dict[str, str]]:
        kind = next((p["kind"] for p in self.products if p["id"] == self.product_id), "")
        return [d for d in self.documents if d["kind"] == kind]

    @rx.var
    def unit_price(self) -> str:
        return format_money(self.unit_price_pence, self.currency)

    @rx.var
    def total(self) -> str:
        try:
            quantity = int(self.quantity)
        except ValueError:
            quantity = 0
        if not 1 <= quantity <= MAX_QUANTITY:
            return "-"
        return format_money(self.unit_price_pence * quantity, self.currency)

    @rx.event
    @guarded
    async def load(self) -> Any:
        redirect, data = await self._load_page(("learner",), _catalogue)
        if redirect or data is None:
            return redirect
        products, documents = data
        self.products = [
            {"id": str(p.id), "name": p.name, "description": p.description, "kind": p.document_kind,
             "price": format_money(p.price_pence, p.currency), "pence": str(p.price_pence), "currency": p.currency}
            for p in products
        ]  # fmt: skip
        self.documents = [{"reference": d.reference, "kind": d.kind, "label": d.label} for d in documents]
        self.product_error = self.document_error = self.quantity_error = ""
        self.quantity = "1"
        wanted = self.router.url.query_parameters.get("document", "")
        chosen = next((d for d in self.documents if d["reference"] == wanted), None)
        kind = chosen["kind"] if chosen else (self.products[0]["kind"] if self.products else "")
        first = next((p for p in self.products if p["kind"] == kind), None)
        self._choose_product(first["id"] if first else "")
        if chosen and first:
            self.document_reference = chosen["reference"]
        return None

    def _choose_product(self, product_id: str) -> None:
        product = next((p for p in self.products if p["id"] == product_id), None)
        self.product_id = product["id"] if product else ""
        self.unit_price_pence = int(product["pence"]) if product else 0
        self.currency = product["currency"] if product else "GBP"
        options = self.product_documents
        self.document_reference = options[0]["reference"] if len(options) == 1 else ""

    @rx.event
    def choose_product(self, product_id: str) -> None:
        self._choose_product(str(product_id))
        self.product_error = self.document_error = ""

    @rx.event
    def choose_document(self, reference: str) -> None:
        self.document_reference = str(reference)[:32]
        self.document_error = ""

    @rx.event
    def set_quantity(self, value: str) -> None:
        self.quantity = str(value)[:4]
        self.quantity_error = ""

    @rx.event
    @guarded
    async def add(self) -> Any:
        self.product_error = self.document_error = self.quantity_error = ""
        if not self.document_reference:
            self.document_error = "Choose the document to print."
            return None
        try:
            count = await self._call(_add_and_count, self.product_id, self.document_reference, self.quantity)
        except ValidationError as error:
            self.product_error = error.fields.get("product", "")
            self.document_error = error.fields.get("document", "")
            self.quantity_error = error.fields.get("quantity", "")
            return None
        self.basket_count = count
        self.quantity = "1"
        self._alert("Added to your basket.", "success")
        return None
