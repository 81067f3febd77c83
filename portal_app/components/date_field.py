"""A date typed day first (dd/mm/yyyy), the portal's one way of writing dates.

A native `<input type="date">` follows the browser's language, so an American browser shows
12/31/2026 and a British reader misreads it. This input reads the same everywhere; the server
parses it with `services.dates.parse_day` (which also accepts ISO 2026-12-31).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

DAY_FORMAT = "dd/mm/yyyy"


def day_input(label: str, id_: str, name: str = "", value: Any = None, on_change: Any = None) -> rx.Component:
    """A text input for a date; `label` is its accessible name (the field's visible label)."""
    props: dict[str, Any] = {"name": name} if name else {}
    if value is not None:
        props["value"] = value
    if on_change is not None:
        props["on_change"] = on_change
    return rx.input(
        rx.input.slot(rx.icon("calendar", size=16)),
        id=id_,
        type="text",
        input_mode="numeric",
        placeholder=DAY_FORMAT,
        max_length=10,
        auto_complete="off",
        aria_label=f"{label} ({DAY_FORMAT})",
        **props,
    )
