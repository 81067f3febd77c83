"""The Store tab: products a learner can order, for which of their documents, into the basket.

Everything the browser sends (product, document reference, quantity) is looked up and checked
here; prices always come from the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from portal_app.models import Account, BasketItem, Document, Product
from portal_app.models.store import MAX_QUANTITY
from portal_app.services.errors import NotFound, PermissionDenied, ValidationError


@dataclass(frozen=True)
class ProductView:
    id: int
    name: str
    description: str
    document_kind: str
    price_pence: int
    currency: str


@dataclass(frozen=True)
class DocumentChoice:
    reference: str
    kind: str
    label: str


def require_learner(actor: Account) -> int:
    """The actor's learner record id; only active, matched learners may shop."""
    if actor.kind != "learner" or actor.status != "active":
        raise PermissionDenied()
    if actor.learner_record_id is None:
        raise PermissionDenied("Your account is not yet linked to a learner record.")
    return actor.learner_record_id


def list_products(db: Session, actor: Account) -> list[ProductView]:
    require_learner(actor)
    rows = db.exec(select(Product).where(col(Product.active).is_(True)).order_by(col(Product.id))).all()
    return [
        ProductView(p.id or 0, p.name, p.description, p.document_kind, p.price_pence, p.currency)
        for p in rows
    ]


def orderable_documents(db: Session, actor: Account) -> list[DocumentChoice]:
    """The learner's valid documents (any kind a product may print)."""
    record_id = require_learner(actor)
    rows = db.exec(
        select(Document)
        .where(Document.learner_record_id == record_id)
        .where(Document.status == "valid")
        .order_by(col(Document.issued_on).desc(), col(Document.id))
        .limit(200)
    ).all()
    return [
        DocumentChoice(
            d.reference, d.kind, f"{d.qualification_number} · {d.reference} · {d.qualification_title}"
        )
        for d in rows
    ]


def own_valid_document(db: Session, actor: Account, reference: str, kind: str | None = None) -> Document:
    record_id = require_learner(actor)
    document = db.exec(select(Document).where(Document.reference == str(reference or "")[:32])).first()
    if document is None or document.learner_record_id != record_id:
        raise ValidationError.single("document", "Choose one of your documents.")
    if document.status != "valid":
        raise ValidationError.single("document", "Only valid documents can be ordered.")
    if kind is not None and document.kind != kind:
        raise ValidationError.single("document", f"This product prints {kind}s: choose a {kind}.")
    return document


def active_product(db: Session, product_id: object) -> Product:
    try:
        pid = int(str(product_id))
    except ValueError:
        raise ValidationError.single("product", "Choose a product.") from None
    product = db.get(Product, pid)
    if product is None or not product.active:
        raise NotFound("That product is not available.")
    return product


def parse_quantity(value: object) -> int:
    try:
        quantity = int(str(value).strip())
    except ValueError:
        quantity = 0
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError.single("quantity", f"Enter a quantity from 1 to {MAX_QUANTITY}.")
    return quantity


def add_to_basket(
    db: Session, actor: Account, product_id: object, document_reference: str, quantity: object
) -> BasketItem:
    """Add (or top up) a basket line; the quantity of a line never passes MAX_QUANTITY."""
    amount = parse_quantity(quantity)
    product = active_product(db, product_id)
    document = own_valid_document(db, actor, document_reference, product.document_kind)
    item = db.exec(
        select(BasketItem)
        .where(BasketItem.account_id == actor.id)
        .where(BasketItem.product_id == product.id)
        .where(BasketItem.document_id == document.id)
        .with_for_update()
    ).first()
    if item is None:
        item = BasketItem(account_id=actor.id or 0, product_id=product.id or 0, document_id=document.id or 0)
        item.quantity = amount
    else:
        if item.quantity + amount > MAX_QUANTITY:
            raise ValidationError.single(
                "quantity",
                f"Your basket already has {item.quantity} of these; at most {MAX_QUANTITY} per document.",
            )
        item.quantity += amount
    db.add(item)
    db.flush()
    return item
