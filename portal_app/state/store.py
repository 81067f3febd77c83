"""Store tab: choose a product, one of your documents and a quantity; add to the basket."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from portal_app.models import Account
from portal_app.models.store import MAX_QUANTITY
from portal_app.services import basket_summary, store
from portal_app.services.errors import ValidationError
from portal_app.services.money import format_money
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.forms import FormState


@dataclass(frozen=True)
class ProductCard:
    """A product as the store shows it (price already formatted)."""

    id: str
    name: str
    description: str
    kind: str
    price: str
    pence: int
    currency: str


def _catalogue(db: Session, actor: Account) -> tuple[list[store.ProductView], list[store.DocumentChoice]]:
    return store.list_products(db, actor), store.orderable_documents(db, actor)


def _add_and_count(db: Session, actor: Account, *, product_id: str, reference: str, quantity: str) -> int:
    """Add to the basket, then read the new count, in one thread hop and, on PostgreSQL, one
    transaction. SQLite's write lock is the whole database: there the line is committed before
    counting, so that the lock is held no longer than for the write itself (with the count
    inside, 50 sessions got "database is locked")."""
    store.add_to_basket(db, actor, product_id, reference, quantity)
    if db.get_bind().dialect.name == "sqlite":
        db.commit()
    return basket_summary.count(db, actor)


class StoreState(FormState, PortalState):
    products: list[ProductCard] = []
    documents: list[store.DocumentChoice] = []
    product_id: str = ""
    document_reference: str = ""
    quantity: str = "1"
    unit_price_pence: int = 0
    currency: str = "GBP"

    def _field_id(self, name: str) -> str:
        return f"store-{name}"

    @rx.var
    def product_documents(self) -> list[store.DocumentChoice]:
        kind = next((p.kind for p in self.products if p.id == self.product_id), "")
        return [d for d in self.documents if d.kind == kind]

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

    @portal_event
    async def load(self) -> None:
        products, documents = await self._open_page(_catalogue)
        self.products = [
            ProductCard(
                id=str(p.id), name=p.name, description=p.description, kind=p.document_kind,
                price=format_money(p.price_pence, p.currency), pence=p.price_pence, currency=p.currency,
            )
            for p in products
        ]  # fmt: skip
        self.documents = documents
        self.errors = {}
        self.quantity = "1"
        wanted = self.router.url.query_parameters.get("document", "")
        chosen = next((d for d in self.documents if d.reference == wanted), None)
        kind = chosen.kind if chosen else (self.products[0].kind if self.products else "")
        first = next((p for p in self.products if p.kind == kind), None)
        self._choose_product(first.id if first else "")
        if chosen and first:
            self.document_reference = chosen.reference

    def _choose_product(self, product_id: str) -> None:
        product = next((p for p in self.products if p.id == product_id), None)
        self.product_id = product.id if product else ""
        self.unit_price_pence = product.pence if product else 0
        self.currency = product.currency if product else "GBP"
        options = self.product_documents
        self.document_reference = options[0].reference if len(options) == 1 else ""

    @event
    def choose_product(self, product_id: str) -> None:
        self._choose_product(str(product_id))
        self.errors = {}

    @event
    def choose_document(self, reference: str) -> None:
        self.document_reference = str(reference)[:32]
        self.errors = {}

    @event
    def set_quantity(self, value: str) -> None:
        self.quantity = str(value)[:4]
        self.errors = {}

    @portal_event
    async def add(self) -> None:
        self.errors = {}
        if not self.document_reference:
            raise ValidationError.single("document", "Choose the document to print.")
        self.basket_count = await self._call(
            _add_and_count,
            product_id=self.product_id,
            reference=self.document_reference,
            quantity=self.quantity,
        )
        self.quantity = "1"
        self._note("Added to your basket.")
