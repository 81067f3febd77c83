"""Password rules (OWASP ASVS 2.1): long enough, any Unicode, no composition rules, not common.

Length is counted in characters after NFKC normalisation (what `infra.security` hashes), so a
passphrase of emoji or accented letters is judged like any other. Nothing is truncated:
`infra.security` pre-hashes, so all 1024 characters count.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 1024
_LIST = Path(__file__).with_name("data") / "common_passwords.txt"


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    lines = _LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def problem(password: str, email: str = "", names: tuple[str, ...] = ()) -> str:
    """The reason a new password is refused, or "" if it is acceptable."""
    normalised = unicodedata.normalize("NFKC", password)
    if len(normalised) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters. A few ordinary words with spaces work well."
    if len(normalised) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    folded = _fold(password)
    squeezed = "".join(folded.split())
    if folded in _common() or squeezed in _common():
        return "This password is too common and easy to guess. Choose something less predictable."
    if len(set(squeezed)) <= 2:
        return "This password repeats the same characters. Choose something less predictable."
    local = _fold(email.split("@", 1)[0]) if email else ""
    if len(local) >= 3 and local in folded:
        return "Do not use your e-mail address in your password."
    rest = squeezed
    for name in names:
        key = "".join(_fold(name).split())
        if len(key) >= 3:
            rest = rest.replace(key, "")
    if rest != squeezed and len(rest) < 8:
        return "Do not base your password on your name."
    return ""


def check_new(
    password: str, confirm: str, email: str = "", names: tuple[str, ...] = (), field: str = "password"
) -> dict[str, str]:
    """Per-field messages for a new password and its confirmation (empty dict when fine)."""
    errors: dict[str, str] = {}
    reason = problem(password, email, names) if password else "Choose a password."
    if reason:
        errors[field] = reason
    elif confirm != password:
        errors["confirm"] = "The two passwords do not match."
    return errors
