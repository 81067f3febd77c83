"""A postal address form (profile and checkout): named inputs, each message beside its field.

`values` and `errors` are dict vars of the caller's state keyed by the fields of
`services.addresses.FIELDS`; `on_submit` receives the form data.
"""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from portal_app.components.forms import field
from portal_app.services.countries import COUNTRIES


class AddressForm(TypedDict):
    """What the address form submits (the fields of `services.addresses.FIELDS`)."""

    full_name: str
    line1: str
    line2: str
    city: str
    region: str
    postcode: str
    country: str
    phone: str


_COUNTRY_OPTIONS = sorted(COUNTRIES.items(), key=lambda item: item[1])


def country_select(value: Any, name: str = "country", id_: str = "address-country") -> rx.Component:
    return rx.el.select(
        rx.el.option("Choose a country", value=""),
        *[rx.el.option(label, value=code) for code, label in _COUNTRY_OPTIONS],
        name=name,
        id=id_,
        default_value=value,
        class_name="native-select",
        auto_complete="country",
    )


def address_form(
    values: Any,
    errors: Any,
    on_submit: Any,
    submit_label: str = "Save address",
    on_cancel: Any = None,
    key: Any = None,
    prefix: str = "address",
    extra: rx.Component | None = None,
) -> rx.Component:
    """`extra` (optional) goes just above the buttons, inside the form, e.g. checkout's role choice."""

    def text(
        name: str, label: str, required: bool = False, autocomplete: str = "", **props: Any
    ) -> rx.Component:
        return field(
            label,
            rx.input(
                name=name,
                id=f"{prefix}-{name}",
                default_value=values[name].to(str),
                auto_complete=autocomplete,
                size="3",
                **props,
            ),
            errors.get(name, ""),
            required=required,
        )

    buttons = [rx.button(submit_label, type="submit", size="3", id=f"{prefix}-save")]
    if on_cancel is not None:
        buttons.insert(0, rx.button("Cancel", type="button", variant="soft", size="3", on_click=on_cancel))
    return rx.form(
        rx.vstack(
            text("full_name", "Full name", True, "name"),
            text("line1", "Address line 1", True, "address-line1"),
            text("line2", "Address line 2", False, "address-line2"),
            rx.grid(
                text("city", "Town or city", True, "address-level2"),
                text("region", "County, state or region", False, "address-level1"),
                field(
                    rx.text.span(
                        "Postcode",
                        rx.text.span(
                            " *",
                            color="var(--red-10)",
                            class_name="required-in-uk",
                            custom_attrs={"aria-hidden": "true"},
                        ),
                    ),
                    rx.input(
                        name="postcode",
                        id=f"{prefix}-postcode",
                        default_value=values["postcode"].to(str),
                        auto_complete="postal-code",
                        size="3",
                    ),
                    errors.get("postcode", ""),
                    hint="Required for UK addresses",
                ),
                columns=rx.breakpoints(initial="1", sm="3"),
                spacing="3",
                width="100%",
            ),
            field(
                "Country",
                country_select(values["country"].to(str), id_=f"{prefix}-country"),
                errors.get("country", ""),
                required=True,
            ),
            text("phone", "Phone (optional)", False, "tel", type="tel"),
            extra if extra is not None else rx.fragment(),
            rx.hstack(*buttons, justify="end", width="100%", spacing="3"),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        no_validate=True,
        key=key,
        width="100%",
    )
