"""Pieces shared by the document pages: the amber "Report issue" button."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.links import link_button


def report_button(href: Any, **props: Any) -> rx.Component:
    """The yellow Report button the guidance tells learners to look for."""
    return link_button(
        rx.icon("flag", size=14),
        "Report Issue",
        href=href,
        color_scheme="amber",
        variant="solid",
        size="1",
        class_name="report-button",
        **props,
    )
