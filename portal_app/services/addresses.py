"""Postal addresses in a learner's profile, used at checkout for billing and delivery."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from portal_app.models import Account, Address
from portal_app.services.errors import NotFound, PermissionDenied, ValidationError
from portal_app.services.text import clean

# ISO 3166-1 alpha-2 codes offered in address forms (the delivery zone follows from the code).
COUNTRIES: dict[str, str] = {
    "GB": "United Kingdom", "IE": "Ireland", "FR": "France", "DE": "Germany", "ES": "Spain",
    "PT": "Portugal", "IT": "Italy", "NL": "Netherlands", "BE": "Belgium", "LU": "Luxembourg",
    "DK": "Denmark", "SE": "Sweden", "NO": "Norway", "FI": "Finland", "IS": "Iceland",
    "PL": "Poland", "CZ": "Czechia", "SK": "Slovakia", "AT": "Austria", "CH": "Switzerland",
    "HU": "Hungary", "RO": "Romania", "BG": "Bulgaria", "GR": "Greece", "HR": "Croatia",
    "SI": "Slovenia", "EE": "Estonia", "LV": "Latvia", "LT": "Lithuania", "MT": "Malta",
    "CY": "Cyprus", "US": "United States", "CA": "Canada", "AU": "Australia",
    "NZ": "New Zealand", "IN": "India", "PK": "Pakistan", "BD": "Bangladesh", "LK": "Sri Lanka",
    "CN": "China", "HK": "Hong Kong", "SG": "Singapore", "MY": "Malaysia", "JP": "Japan",
    "AE": "United Arab Emirates", "SA": "Saudi Arabia", "QA": "Qatar", "NG": "Nigeria",
    "GH": "Ghana", "KE": "Kenya", "ZA": "South Africa", "EG": "Egypt", "BR": "Brazil",
    "MX": "Mexico", "JM": "Jamaica", "TR": "Turkey",
}  # fmt: skip
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


def _learner(actor: Account) -> None:
    if actor.kind != "learner":
        raise PermissionDenied()


def list_addresses(db: Session, actor: Account) -> list[Address]:
    _learner(actor)
    return list(
        db.exec(
            select(Address)
            .where(Address.account_id == actor.id)
            .order_by(col(Address.id))
            .limit(MAX_ADDRESSES)
        ).all()
    )


def own_address(db: Session, actor: Account, address_id: object) -> Address:
    _learner(actor)
    try:
        address = db.get(Address, int(str(address_id)))
    except ValueError:
        address = None
    if address is None or address.account_id != actor.id:
        raise NotFound("That address could not be found.")
    return address


def validate(form: dict[str, Any]) -> dict[str, str]:
    values = {name: clean(form.get(name, ""), LIMITS.get(name, 2)) for name in FIELDS}
    values["country"] = values["country"].upper()
    errors: dict[str, str] = {}
    if not values["full_name"]:
        errors["full_name"] = "Enter the name of the person at this address."
    if not values["line1"]:
        errors["line1"] = "Enter the first line of the address."
    if not values["city"]:
        errors["city"] = "Enter the town or city."
    if values["country"] not in COUNTRIES:
        errors["country"] = "Choose a country."
    if values["country"] == "GB" and not values["postcode"]:
        errors["postcode"] = "Enter the postcode."
    if errors:
        raise ValidationError(errors)
    return values


def create_address(db: Session, actor: Account, form: dict[str, Any]) -> Address:
    _learner(actor)
    values = validate(form)
    if len(list_addresses(db, actor)) >= MAX_ADDRESSES:
        raise ValidationError(message=f"You can keep up to {MAX_ADDRESSES} addresses.")
    address = Address(account_id=actor.id or 0, **values)
    db.add(address)
    db.flush()
    return address


def snapshot(address: Address) -> dict[str, str]:
    """The address as an order keeps it, unaffected by later profile edits."""
    return {name: str(getattr(address, name) or "") for name in FIELDS}


def one_line(values: dict[str, Any]) -> str:
    country = COUNTRIES.get(str(values.get("country", "")), str(values.get("country", "")))
    parts = [values.get(k, "") for k in ("full_name", "line1", "line2", "city", "region", "postcode")]
    return ", ".join(str(p) for p in [*parts, country] if p)
