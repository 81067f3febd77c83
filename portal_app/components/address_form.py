"""An address form: every field labelled, its error beside it, a country list by name."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.forms import field
from portal_app.services.addresses import COUNTRIES


def address_form(
    errors: Any, country: Any, on_country: Any, on_submit: Any, on_cancel: Any, form_id: str = "address-form"
) -> rx.Component:
    def text(label: str, name: str, required: bool = False, auto: str = "", **props: Any) -> rx.Component:
        return field(
            label,
            rx.input(name=name, id=f"{form_id}-{name}", auto_complete=auto, **props),
            errors.get(name, ""),
            required=required,
        )

    return rx.form(
        rx.vstack(
            text("Full name", "full_name", True, "name", max_length=200),
            text("Address line 1", "line1", True, "address-line1", max_length=200),
            text("Address line 2", "line2", False, "address-line2", max_length=200),
            rx.box(
                text("Town or city", "city", True, "address-level2", max_length=100),
                text("County / region", "region", False, "address-level1", max_length=100),
                class_name="card-grid",
            ),
            rx.box(
                text("Postcode", "postcode", False, "postal-code", max_length=20),
                field(
                    "Country",
                    rx.select.root(
                        rx.select.trigger(id=f"{form_id}-country", width="100%"),
                        rx.select.content(
                            *[rx.select.item(name, value=code) for code, name in COUNTRIES.items()]
                        ),
                        value=country,
                        on_change=on_country,
                    ),
                    errors.get("country", ""),
                    required=True,
                ),
                class_name="card-grid",
            ),
            text("Phone", "phone", False, "tel", max_length=32, type="tel"),
            rx.hstack(
                rx.button("Save address", type="submit", id=f"{form_id}-save"),
                rx.button("Cancel", type="button", variant="soft", color_scheme="gray", on_click=on_cancel),
                spacing="3",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        id=form_id,
        width="100%",
    )
