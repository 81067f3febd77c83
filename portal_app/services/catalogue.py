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


def _common(form: dict[str, Any], errors: dict[str, str]) -> tuple[str, str, int, bool]:
    name = clean(form.get("name"), 200)
    description = clean(form.get("description"), 500)
    if not name:
        errors["name"] = "Enter a name."
    price = 0
    try:
        price = parse_money(str(form.get("price", "")))
    except ValidationError as error:
        errors.update(error.fields)
    active = str(form.get("active", "on")).lower() in ("on", "true", "1", "yes")
    return name, description, price, active


def save_product(db: Session, actor: Account, form: dict[str, Any], product_id: object = None) -> Product:
    _admin(actor)
    errors: dict[str, str] = {}
    name, description, price, active = _common(form, errors)
    kind = clean(form.get("document_kind"), 16)
    if kind not in DOCUMENT_KINDS:
        errors["document_kind"] = "Choose the kind of document it prints."
    if errors:
        raise ValidationError(errors)
    product = _get(db, Product, product_id) if product_id else Product(name=name, price_pence=price)
    product.name, product.description, product.document_kind = name, description, kind
    product.price_pence, product.active, product.currency = price, active, settings.currency
    db.add(product)
    db.flush()
    audit.record(db, actor, "catalogue.product", "product", product.id, f"{name} {price}")
    return product


def save_delivery_option(
    db: Session, actor: Account, form: dict[str, Any], option_id: object = None
) -> DeliveryOption:
    _admin(actor)
    errors: dict[str, str] = {}
    name, description, price, active = _common(form, errors)
    zone = clean(form.get("zone"), 16).upper()
    if zone not in DELIVERY_ZONES:
        errors["zone"] = "Choose a zone."
    try:
        sort_order = int(str(form.get("sort_order", "0") or "0"))
    except ValueError:
        sort_order = 0
        errors["sort_order"] = "Enter a whole number."
    if errors:
        raise ValidationError(errors)
    option = (
        _get(db, DeliveryOption, option_id)
        if option_id
        else DeliveryOption(name=name, zone=zone, price_pence=price)
    )
    option.name, option.description, option.zone = name, description, zone
    option.price_pence, option.active, option.currency = price, active, settings.currency
    option.sort_order = max(0, min(sort_order, 1000))
    db.add(option)
    db.flush()
    audit.record(db, actor, "catalogue.delivery", "delivery_option", option.id, f"{name} {zone} {price}")
    return option


def _get(db: Session, table: Any, row_id: object) -> Any:
    try:
        row = db.get(table, int(str(row_id)))
    except ValueError:
        row = None
    if row is None:
        raise NotFound()
    return row
