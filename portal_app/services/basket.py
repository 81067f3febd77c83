"""The basket page: lines with prices from the database, quantity changes and removal."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from portal_app.models import Account, BasketItem, Document, Product
from portal_app.services.errors import NotFound
from portal_app.services.store import parse_quantity, require_learner


@dataclass(frozen=True)
class BasketLine:
    item_id: int
    product_name: str
    document_id: int
    document_reference: str
    qualification_number: str
    qualification_title: str
    unit_price_pence: int
    quantity: int
    currency: str

    @property
    def line_total_pence(self) -> int:
        return self.unit_price_pence * self.quantity


def lines(db: Session, actor: Account) -> list[BasketLine]:
    """The actor's basket at today's prices (inactive products or invalid documents drop out)."""
    require_learner(actor)
    rows = db.exec(
        select(BasketItem, Product, Document)
        .join(Product, col(Product.id) == BasketItem.product_id)
        .join(Document, col(Document.id) == BasketItem.document_id)
        .where(BasketItem.account_id == actor.id)
        .where(col(Product.active).is_(True))
        .where(Document.status == "valid")
        .where(Document.learner_record_id == actor.learner_record_id)
        .order_by(col(BasketItem.id))
    ).all()
    return [
        BasketLine(
            item_id=item.id or 0,
            product_name=product.name,
            document_id=document.id or 0,
            document_reference=document.reference,
            qualification_number=document.qualification_number,
            qualification_title=document.qualification_title,
            unit_price_pence=product.price_pence,
            quantity=item.quantity,
            currency=product.currency,
        )
        for item, product, document in rows
    ]


def subtotal(basket: list[BasketLine]) -> int:
    return sum(line.line_total_pence for line in basket)


def _own_item(db: Session, actor: Account, item_id: object) -> BasketItem:
    require_learner(actor)
    try:
        item = db.get(BasketItem, int(str(item_id)))
    except ValueError:
        item = None
    if item is None or item.account_id != actor.id:
        raise NotFound("That item is no longer in your basket.")
    return item


def set_quantity(db: Session, actor: Account, item_id: object, quantity: object) -> None:
    item = _own_item(db, actor, item_id)
    item.quantity = parse_quantity(quantity)
    db.add(item)


def remove(db: Session, actor: Account, item_id: object) -> None:
    db.delete(_own_item(db, actor, item_id))
