"""Postal addresses in a learner's profile, used at checkout for billing and delivery."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, col, select

from portal_app.models import Account, Address, id_of
from portal_app.services import countries
from portal_app.services.errors import NotFound, ValidationError
from portal_app.services.text import clean

COUNTRIES = countries.COUNTRIES
FIELDS = ("full_name", "line1", "line2", "city", "region", "postcode", "country", "phone")
LIMITS = {
    "full_name": 200,
    "line1": 200,
    "line2": 200,
    "city": 100,
    "region": 100,
    "postcode": 20,
    "phone": 32,
}
MAX_ADDRESSES = 20


def list_addresses(db: Session, actor: Account) -> list[Address]:
    return list(
        db.exec(
            select(Address)
            .where(Address.account_id == actor.id)
            .order_by(col(Address.id))
            .limit(MAX_ADDRESSES)
        ).all()
    )


def own_address(db: Session, actor: Account, address_id: object) -> Address:
    try:
        address = db.get(Address, int(str(address_id)))
    except ValueError:
        address = None
    if address is None or address.account_id != actor.id:
        raise NotFound("That address could not be found.")
    return address


_UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
PHONE = re.compile(r"^\+?[0-9 ()\-]{6,32}$")


def validate(form: dict[str, Any]) -> dict[str, str]:
    """Cleaned values of an address form, or ValidationError with a message per field."""
    values = {name: clean(form.get(name, ""), LIMITS.get(name, 2)) for name in FIELDS}
    values["country"] = values["country"].upper()
    values["postcode"] = values["postcode"].upper()
    errors: dict[str, str] = {}
    if not values["full_name"]:
        errors["full_name"] = "Enter the name of the person at this address."
    if not values["line1"]:
        errors["line1"] = "Enter the first line of the address."
    if not values["city"]:
        errors["city"] = "Enter the town or city."
    if values["country"] not in COUNTRIES:
        errors["country"] = "Choose a country."
    elif values["country"] == "GB" and not _UK_POSTCODE.match(values["postcode"]):
        errors["postcode"] = "Enter a UK postcode, like SW1A 1AA."
    if values["phone"] and not PHONE.match(values["phone"]):
        errors["phone"] = "Enter a phone number using digits, spaces and an optional leading +."
    if errors:
        raise ValidationError(errors)
    return values


def save_address(db: Session, actor: Account, address_id: object | None, form: dict[str, Any]) -> Address:
    """Add an address to the actor's profile (no id) or change one of theirs."""
    values = validate(form)
    if address_id:
        address = own_address(db, actor, address_id)
    else:
        if len(list_addresses(db, actor)) >= MAX_ADDRESSES:
            raise ValidationError(
                message=f"You can keep up to {MAX_ADDRESSES} addresses. Delete one you no longer use."
            )
        fields: dict[str, Any] = dict(values)
        address = Address(account_id=id_of(actor), **fields)
    for key, value in values.items():
        setattr(address, key, value)
    db.add(address)
    db.flush()
    return address


def create_address(db: Session, actor: Account, *, form: dict[str, Any]) -> Address:
    return save_address(db, actor, None, form)


def delete_address(db: Session, actor: Account, address_id: object) -> None:
    db.delete(own_address(db, actor, address_id))


def snapshot(address: Address) -> dict[str, str]:
    """The address as an order keeps it, unaffected by later profile edits."""
    return {name: str(getattr(address, name) or "") for name in FIELDS}


def one_line(values: dict[str, Any]) -> str:
    country = COUNTRIES.get(str(values.get("country", "")), str(values.get("country", "")))
    parts = [values.get(k, "") for k in ("full_name", "line1", "line2", "city", "region", "postcode")]
    return ", ".join(str(p) for p in [*parts, country] if p)
