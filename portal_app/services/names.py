"""Names: normalised for matching registrations to learner records, and checked at input."""

from __future__ import annotations

import re
import unicodedata


def name_key(name: str) -> str:
    """Case-, accent-, space- and punctuation-insensitive form of a name ("O'Neil-Smith" -> "oneilsmith")."""
    decomposed = unicodedata.normalize("NFKD", name).casefold()
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\w]|_", "", without_marks)


_NOT_IN_A_NAME = {"Cc", "Cs", "Zl", "Zp"}


def one_line_problem(value: str, label: str) -> str:
    """Why `value` cannot be a name ("" when it can). A name is one line of text: a line
    separator in it would end up in an e-mail's Subject header and break the message."""
    if any(unicodedata.category(c) in _NOT_IN_A_NAME for c in value.strip()):
        return f"Type {label} on one line, without line breaks or control characters."
    return ""
