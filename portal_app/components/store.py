"""Pieces shared by the store, basket, checkout and order pages."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.infra.settings import settings


def test_mode_banner() -> rx.Component:
    return rx.callout(
        "TEST MODE: no real payment is taken. Pay with the test card 4242 4242 4242 4242 "
        "(any future expiry, any CVC); 4000 0000 0000 0002 is declined.",
        icon="flask_conical",
        color_scheme="amber",
        id="test-mode-banner",
        width="100%",
    )


def accuracy_notice() -> rx.Component:
    return rx.callout(
        "When ordering documents, please make sure all information on your document is accurate before "
        f"finalising your order. Questions? Contact {settings.orders_email}.",
        icon="info",
        color_scheme="blue",
        width="100%",
    )


def summary_row(label: Any, value: Any, strong: bool = False, id_: str = "") -> rx.Component:
    """A label and its amount, grouped under the label's name ("Total") for screen readers and tests."""
    return rx.hstack(
        rx.text(label, weight="bold" if strong else "regular"),
        rx.spacer(),
        rx.text(value, weight="bold" if strong else "regular", id=id_ or None),
        width="100%",
        role="group",
        aria_label=label,
    )
