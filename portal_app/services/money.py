"""The one money formatter and parser: integer minor units (pence) in, text out and back."""

from __future__ import annotations

import re

from portal_app.services.errors import ValidationError

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
_AMOUNT = re.compile(r"^\d{1,6}(\.\d{1,2})?$")


def format_money(pence: int, currency: str = "GBP") -> str:
    """3050, "GBP" -> "£30.50"; unknown currencies get their ISO code ("30.50 CHF")."""
    sign = "-" if pence < 0 else ""
    whole, minor = divmod(abs(int(pence)), 100)
    amount = f"{whole:,}.{minor:02d}"
    symbol = SYMBOLS.get(currency.upper())
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency.upper()}"


def parse_money(text: str, field: str = "price") -> int:
    """ "30.50" or "£30.5" -> 3050 pence, exactly (no floats); a ValidationError otherwise."""
    cleaned = str(text or "").strip().lstrip("£€$").replace(",", "").strip()
    if not _AMOUNT.match(cleaned):
        raise ValidationError.single(field, "Enter an amount like 30.50 (no more than 999999.99).")
    whole, _, minor = cleaned.partition(".")
    return int(whole) * 100 + int((minor + "00")[:2])
