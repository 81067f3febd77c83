"""Administrators: products and delivery prices."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field
from portal_app.components.layout import page_shell
from portal_app.models.documents import DOCUMENT_KINDS
from portal_app.models.store import DELIVERY_ZONES
from portal_app.state.admin_catalogue import CatalogueState


def _table(headers: list[str], rows: rx.Var, cells, what: str) -> rx.Component:  # noqa: ANN001
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in [*headers, ""]])),
            rx.table.body(
                rx.foreach(
                    rows,
                    lambda r: rx.table.row(
                        *[rx.table.cell(r[c]) for c in cells],
                        rx.table.cell(
                            rx.button(
                                "Edit", size="1", variant="soft", on_click=CatalogueState.edit(what, r["id"])
                            )
                        ),
                    ),
                )
            ),
            width="100%",
        ),
        class_name="table-scroll",
    )


def _select(name: str, choices: tuple[str, ...], label: str) -> rx.Component:
    return field(
        label,
        rx.select(
            list(choices),
            value=CatalogueState.values[name],
            on_change=lambda v: CatalogueState.set_value(name, v),
        ),
        CatalogueState.errors.get("document_kind" if name == "kind" else name, ""),
    )


def _editor() -> rx.Component:
    e = CatalogueState.errors
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
                    rx.input(name="name", default_value=CatalogueState.values["name"], id="cat-name"),
                    e.get("name", ""),
                ),
                field(
                    "Description",
                    rx.input(name="description", default_value=CatalogueState.values["description"]),
                    "",
                ),
                field(
                    "Price (£)",
                    rx.input(
                        name="price",
                        default_value=CatalogueState.values["pounds"],
                        id="cat-price",
                        input_mode="decimal",
                    ),
                    e.get("price", ""),
                ),  # fmt: skip
                rx.cond(
                    CatalogueState.editing == "product",
                    _select("kind", DOCUMENT_KINDS, "Prints documents of kind"),
                    rx.hstack(
                        _select("zone", DELIVERY_ZONES, "Zone"),
                        field(
                            "Sort order",
                            rx.input(name="sort_order", default_value=CatalogueState.values["sort_order"]),
                            e.get("sort_order", ""),
                        ),  # fmt: skip
                    ),
                ),
                rx.checkbox(
                    "Available to learners",
                    name="active",
                    default_checked=CatalogueState.values["active"] == "Yes",
                ),
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


@rx.page(route="/admin/catalogue", title="Catalogue · Admin", on_load=CatalogueState.load)
def admin_catalogue_page() -> rx.Component:
    return page_shell(
        rx.vstack(
            rx.cond(CatalogueState.editing != "", _editor(), rx.fragment()),
            rx.hstack(
                rx.heading("Products", size="4", as_="h2"),
                rx.button("Add product", size="1", on_click=CatalogueState.edit("product", "")),
                align="center",
            ),
            _table(
                ["Name", "Prints", "Price", "Available"],
                CatalogueState.products,
                ["name", "kind", "price", "active"],
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
                ["name", "zone", "price", "sort_order", "active"],
                "delivery",
            ),
            rx.text(
                "Zones: UK (GB), EUROPE (European countries), WORLD (everywhere else). Prices in pounds and "
                "pence; orders keep the price they were placed at.",
                size="1",
                color_scheme="gray",
            ),  # fmt: skip
            spacing="4",
            width="100%",
        ),
        title="Catalogue",
    )
