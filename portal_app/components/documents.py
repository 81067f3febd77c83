"""Pieces shared by the document pages: the amber "Report issue" button."""

from __future__ import annotations

from typing import Any

import reflex as rx


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
