"""Cleaning free text from forms before it is validated or stored.

PostgreSQL refuses NUL characters and nobody means to type control characters, so they are
removed here, once, for every text input; Unicode is normalised to NFC.
"""

from __future__ import annotations

import unicodedata

_KEEP_MULTILINE = {"\n", "\t"}


def clean(value: object, max_length: int | None = None, multiline: bool = False) -> str:
    """A str with control characters removed, NFC-normalised and stripped (then cut to max_length)."""
    text = unicodedata.normalize(
        "NFC", value if isinstance(value, str) else ("" if value is None else str(value))
    )
    text = "".join(
        c
        for c in text
        if not (unicodedata.category(c) in ("Cc", "Cs") and not (multiline and c in _KEEP_MULTILINE))
    )
    text = text.replace("\r\n", "\n").strip()
    return text[:max_length] if max_length is not None else text


def counted(count: int | str, noun: str, plural: str = "") -> str:
    """A figure and its noun, agreeing: 1 document, 3 documents, 1,000+ connections."""
    figure = f"{count:,}" if isinstance(count, int) else count
    return f"{figure} {noun if figure == '1' else (plural or noun + 's')}"
