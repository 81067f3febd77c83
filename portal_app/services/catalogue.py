"""Administrators manage products and delivery prices (integer pence, validated)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from portal_app.infra.settings import settings
from portal_app.models import Account, DeliveryOption, Product
from portal_app.models.documents import DOCUMENT_KINDS
from portal_app.models.store import DELIVERY_ZONES
from portal_app.services import audit
from portal_app.services.errors import NotFound, PermissionDenied, ValidationError
from portal_app.services.money import parse_money
from portal_app.services.text import clean


def _admin(actor: Account) -> None:
    if actor.kind != "admin":
        raise PermissionDenied()


def products(db: Session, actor: Account) -> list[Product]:
    _admin(actor)
    return list(db.exec(select(Product).order_by(col(Product.id)).limit(200)).all())


def delivery_options(db: Session, actor: Account) -> list[DeliveryOption]:
    _admin(actor)
    return list(
        db.exec(
            select(DeliveryOption)
            .order_by(col(DeliveryOption.zone), col(DeliveryOption.sort_order))
            .limit(200)
        ).all()
    )


def _common(name: str, description: str, price: str, errors: dict[str, str]) -> tuple[str, str, int]:
    name, description = clean(name, 200), clean(description, 500)
    if not name:
        errors["name"] = "Enter a name."
    pence = 0
    try:
        pence = parse_money(str(price))
    except ValidationError as error:
        errors.update(error.fields)
    return name, description, pence


def save_product(
    db: Session,
    actor: Account,
    *,
    name: str,
    price: str,
    document_kind: str,
    description: str = "",
    active: bool = True,
    product_id: int | None = None,
) -> Product:
    """Add a product, or change the one `product_id` names."""
    _admin(actor)
    errors: dict[str, str] = {}
    name, description, pence = _common(name, description, price, errors)
    kind = clean(document_kind, 16)
    if kind not in DOCUMENT_KINDS:
        errors["document_kind"] = "Choose the kind of document it prints."
    if errors:
        raise ValidationError(errors)
    product = _get(db, Product, product_id) if product_id else Product(name=name, price_pence=pence)
    product.name, product.description, product.document_kind = name, description, kind
    product.price_pence, product.active, product.currency = pence, bool(active), settings.currency
    db.add(product)
    db.flush()
    audit.record(db, actor, "catalogue.product", "product", product.id, f"{name} {pence}")
    return product


def save_delivery_option(
    db: Session,
    actor: Account,
    *,
    name: str,
    price: str,
    zone: str,
    description: str = "",
    sort_order: str = "0",
    active: bool = True,
    option_id: int | None = None,
) -> DeliveryOption:
    """Add a delivery option, or change the one `option_id` names."""
    _admin(actor)
    errors: dict[str, str] = {}
    name, description, pence = _common(name, description, price, errors)
    zone = clean(zone, 16).upper()
    if zone not in DELIVERY_ZONES:
        errors["zone"] = "Choose a zone."
    try:
        order = int(str(sort_order or "0"))
    except ValueError:
        order = 0
        errors["sort_order"] = "Enter a whole number."
    if errors:
        raise ValidationError(errors)
    option = (
        _get(db, DeliveryOption, option_id)
        if option_id
        else DeliveryOption(name=name, zone=zone, price_pence=pence)
    )
    option.name, option.description, option.zone = name, description, zone
    option.price_pence, option.active, option.currency = pence, bool(active), settings.currency
    option.sort_order = max(0, min(order, 1000))
    db.add(option)
    db.flush()
    audit.record(db, actor, "catalogue.delivery", "delivery_option", option.id, f"{name} {zone} {pence}")
    return option


def _get(db: Session, table: Any, row_id: object) -> Any:
    try:
        row = db.get(table, int(str(row_id)))
    except ValueError:
        row = None
    if row is None:
        raise NotFound()
    return row
