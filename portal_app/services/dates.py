"""How dates and times read everywhere in the portal: 13/11/2024 in tables and forms,
"13 November 2024" in sentences, and 29/11/2026 07:06 UTC for moments.

Times are stored in UTC and shown in UTC, said so, because learners and third parties read them
from anywhere in the world. Machine-readable output (JSON, signed documents) keeps ISO 8601.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_TYPED_DAY = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")


def day(value: date | datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def day_in_words(value: date | datetime | str | None) -> str:
    """ "13 November 2024", for sentences and for people outside the portal; accepts ISO text."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return ""
    return f"{value.day} {value:%B %Y}" if value else ""


def moment(value: datetime | None) -> str:
    if value is None:
        return ""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%d/%m/%Y %H:%M UTC")


def parse_day(text: str) -> date:
    """A date typed as 31/12/2026 (also 31-12-2026, 31.12.2026) or ISO 2026-12-31; ValueError
    otherwise. Day first, whatever the browser's locale: the portal's one way of writing dates."""
    text = text.strip()
    typed = _TYPED_DAY.match(text)
    if typed:
        d, m, y = (int(part) for part in typed.groups())
        return date(y, m, d)
    return date.fromisoformat(text)
