"""The Store tab: products a learner can order, for which of their documents, into the basket.

Everything the browser sends (product, document reference, quantity) is looked up and checked
here; prices always come from the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, BasketItem, Document, Product, table_of
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


# Built once: add to basket is among the busiest writes on results day (docs/PERFORMANCE.md).
_document = table_of(Document).c
_ORDERABLE = sa.select(_document.id, _document.learner_record_id, _document.status, _document.kind).where(
    _document.reference == sa.bindparam("reference")
)
_line = table_of(BasketItem)


@cache
def _top_up(dialect: str) -> Any:
    """Insert a line, or add to the one there, in one statement: a read then a write lost
    updates when several tabs added at once on SQLite (whose reads are outside the write's
    transaction). The line never passes MAX_QUANTITY: then nothing is written or returned."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(_line).values(
        account_id=sa.bindparam("account_id"),
        product_id=sa.bindparam("product_id"),
        document_id=sa.bindparam("document_id"),
        quantity=sa.bindparam("amount"),
        created_at=sa.bindparam("now"),
    )
    return stmt.on_conflict_do_update(
        index_elements=[_line.c.account_id, _line.c.product_id, _line.c.document_id],
        set_={"quantity": _line.c.quantity + stmt.excluded.quantity},
        where=_line.c.quantity + stmt.excluded.quantity <= MAX_QUANTITY,
    ).returning(_line.c.quantity)


_LINE_QUANTITY = sa.select(_line.c.quantity).where(
    _line.c.account_id == sa.bindparam("account_id"),
    _line.c.product_id == sa.bindparam("product_id"),
    _line.c.document_id == sa.bindparam("document_id"),
)


def own_valid_document(db: Session, actor: Account, reference: str, kind: str | None = None) -> int:
    """The id of the actor's own valid document `reference` (of `kind`, if given)."""
    record_id = require_learner(actor)
    document = db.execute(_ORDERABLE, {"reference": str(reference or "")[:32]}).first()
    if document is None or document.learner_record_id != record_id:
        raise ValidationError.single("document", "Choose one of your documents.")
    if document.status != "valid":
        raise ValidationError.single("document", "Only valid documents can be ordered.")
    if kind is not None and document.kind != kind:
        raise ValidationError.single("document", f"This product prints {kind}s: choose a {kind}.")
    return int(document.id)


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
) -> int:
    """Add (or top up) a basket line; the quantity of a line never passes MAX_QUANTITY.
    Returns the line's new quantity."""
    amount = parse_quantity(quantity)
    product = active_product(db, product_id)
    document_id = own_valid_document(db, actor, document_reference, product.document_kind)
    line = {"account_id": actor.id, "product_id": product.id, "document_id": document_id}
    new_quantity = db.execute(
        _top_up(db.get_bind().dialect.name), {**line, "amount": amount, "now": utcnow()}
    ).scalar()
    if new_quantity is None:  # the line is there, and this would take it past the limit
        held = db.execute(_LINE_QUANTITY, line).scalar_one()
        raise ValidationError.single(
            "quantity", f"Your basket already has {held} of these; at most {MAX_QUANTITY} per document."
        )
    return int(new_quantity)
