"""Normalising names for matching registrations to learner records."""

from __future__ import annotations

import re
import unicodedata


def name_key(name: str) -> str:
    """Case-, accent-, space- and punctuation-insensitive form of a name ("O'Neil-Smith" -> "oneilsmith")."""
    decomposed = unicodedata.normalize("NFKD", name).casefold()
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\w]|_", "", without_marks)
