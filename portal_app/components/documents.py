"""Pieces shared by the document pages: status badges and the amber "Report issue" button."""

from __future__ import annotations

from typing import Any

import reflex as rx

STATUS_COLOURS = {
    "valid": "green",
    "revoked": "red",
    "superseded": "gray",
    "open": "amber",
    "answered": "blue",
}


def status_badge(status: Any) -> rx.Component:
    return rx.badge(
        status.to(str).capitalize(),  # type: ignore[attr-defined]
        color_scheme=rx.match(status, *[(k, v) for k, v in STATUS_COLOURS.items()], "gray"),
        variant="soft",
        class_name="status-badge",
    )


def report_button(href: Any, **props: Any) -> rx.Component:
    """The yellow Report button the guidance tells learners to look for."""
    return rx.link(
        rx.button(
            rx.icon("flag", size=14),
            "Report Issue",
            color_scheme="amber",
            variant="solid",
            size="1",
            class_name="report-button",
        ),
        href=href,
        **props,
    )
