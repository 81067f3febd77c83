"""Administrators: products and delivery prices."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.event import EventCallback

from portal_app.components.forms import field, form_error
from portal_app.components.page import portal_page
from portal_app.models.documents import DOCUMENT_KINDS
from portal_app.models.store import DELIVERY_ZONES
from portal_app.state.admin_catalogue import CatalogueRow, CatalogueState
from portal_app.state.base import ADMIN

ZONES_NOTE = (
    "Zones: UK (GB), EUROPE (European countries), WORLD (everywhere else). Prices in pounds and pence; orders "
    "keep the price they were placed at."
)


def _table(
    headers: list[str], rows: rx.Var, cells: Callable[[CatalogueRow], list], what: str
) -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in [*headers, ""]])),
            rx.table.body(
                rx.foreach(
                    rows,
                    lambda r: rx.table.row(
                        *[rx.table.cell(c) for c in cells(r)],
                        rx.table.cell(
                            rx.button(
                                "Edit", size="1", variant="soft", on_click=CatalogueState.edit(what, r.id)
                            )
                        ),
                    ),
                )
            ),
            width="100%",
        ),
        class_name="table-scroll",
    )


def _select(
    choices: tuple[str, ...], label: str, value: rx.Var, on_change: EventCallback[str], error: str
) -> rx.Component:
    return field(
        label,
        rx.select(list(choices), value=value, on_change=on_change),
        CatalogueState.errors.get(error, ""),
    )


def _editor() -> rx.Component:
    errors = CatalogueState.errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(
                    rx.cond(CatalogueState.editing == "product", "Product", "Delivery option"),
                    size="4",
                    as_="h2",
                ),
                field(
                    "Name",
                    rx.input(name="name", default_value=CatalogueState.draft.name, id="cat-name"),
                    errors.get("name", ""),
                ),
                field(
                    "Description",
                    rx.input(name="description", default_value=CatalogueState.draft.description),
                    "",
                ),
                field(
                    "Price (£)",
                    rx.input(
                        name="price",
                        default_value=CatalogueState.draft.pounds,
                        id="cat-price",
                        input_mode="decimal",
                    ),
                    errors.get("price", ""),
                ),  # fmt: skip
                rx.cond(
                    CatalogueState.editing == "product",
                    _select(
                        DOCUMENT_KINDS,
                        "Prints documents of kind",
                        CatalogueState.draft.kind,
                        CatalogueState.set_kind,
                        "document_kind",
                    ),
                    rx.hstack(
                        _select(
                            DELIVERY_ZONES, "Zone", CatalogueState.draft.zone, CatalogueState.set_zone, "zone"
                        ),
                        field(
                            "Sort order",
                            rx.input(name="sort_order", default_value=CatalogueState.draft.sort_order),
                            errors.get("sort_order", ""),
                        ),  # fmt: skip
                    ),
                ),
                rx.checkbox(
                    "Available to learners",
                    name="active",
                    default_checked=CatalogueState.draft.active,
                ),
                form_error(CatalogueState.problem),
                rx.hstack(
                    rx.button("Save", type="submit", id="cat-save"),
                    rx.button(
                        "Cancel",
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        on_click=CatalogueState.cancel,
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=CatalogueState.save,
            key=CatalogueState.form_key,
        ),
        max_width="520px",
        width="100%",
    )


def _yes_no(value: rx.Var) -> rx.Component:
    return rx.cond(value, "Yes", "No")


@portal_page("/admin/catalogue", title="Catalogue · Admin", kinds=ADMIN, on_load=CatalogueState.load)
def admin_catalogue_page() -> rx.Component:
    return rx.vstack(
        rx.heading("Catalogue", size="6", as_="h1"),
        rx.cond(CatalogueState.editing != "", _editor()),
        rx.hstack(
            rx.heading("Products", size="4", as_="h2"),
            rx.button("Add product", size="1", on_click=CatalogueState.edit("product", "")),
            align="center",
        ),
        _table(
            ["Name", "Prints", "Price", "Available"],
            CatalogueState.products,
            lambda r: [r.name, r.kind, r.price, _yes_no(r.active)],
            "product",
        ),
        rx.hstack(
            rx.heading("Delivery options", size="4", as_="h2"),
            rx.button("Add delivery option", size="1", on_click=CatalogueState.edit("delivery", "")),
            align="center",
        ),
        _table(
            ["Name", "Zone", "Price", "Order", "Available"],
            CatalogueState.options,
            lambda r: [r.name, r.zone, r.price, r.sort_order, _yes_no(r.active)],
            "delivery",
        ),
        rx.text(ZONES_NOTE, size="1", color_scheme="gray"),
        spacing="4",
        width="100%",
    )
