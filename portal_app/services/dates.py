"""How dates and times read everywhere in the portal: 13/11/2024, and 29/11/2026 07:06 UTC.

Times are stored in UTC and shown in UTC, said so, because learners and third parties read them
from anywhere in the world.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def day(value: date | datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def moment(value: datetime | None) -> str:
    if value is None:
        return ""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%d/%m/%Y %H:%M UTC")


def day_in_words(value: date | datetime | None) -> str:
    """30 December 2026: for sentences in e-mail, where 30/12/2026 could be read either way."""
    return f"{value.day} {value.strftime('%B %Y')}" if value else ""
