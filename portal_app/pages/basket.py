"""The basket: change quantities, remove lines, proceed to checkout."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.page import portal_page
from portal_app.components.store import summary_row
from portal_app.state.base import LEARNER
from portal_app.state.basket import QUANTITIES, BasketRow, BasketState


def _line(line: ObjectVar[BasketRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(line.product, weight="bold"),
                rx.text(line.title, size="1", color_scheme="gray"),
                rx.text("Document: ", line.number, " · Reference: ", line.reference, size="1"),
                spacing="0",
            )
        ),
        rx.table.cell(line.unit),
        rx.table.cell(
            rx.select(
                QUANTITIES,
                value=line.quantity,
                on_change=lambda q: BasketState.change_quantity(line.id, q),
                size="1",
                custom_attrs={"aria-label": "Quantity"},  # rx.select gives aria_label to its root, not the trigger
            )
        ),
        rx.table.cell(line.total),
        rx.table.cell(
            rx.icon_button(
                rx.icon("trash_2", size=16),
                variant="ghost",
                color_scheme="red",
                on_click=BasketState.remove(line.id),
                aria_label="Remove",
                title="Remove",
            )
        ),
        class_name="basket-line",
    )


def _lines() -> rx.Component:
    return rx.vstack(
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[rx.table.column_header_cell(h) for h in ("Item", "Price", "Quantity", "Total", "")]
                    )
                ),
                rx.table.body(rx.foreach(BasketState.lines, _line)),
                width="100%",
            ),
            class_name="table-scroll",
        ),
        rx.card(
            rx.vstack(
                summary_row("Subtotal", BasketState.subtotal, strong=True, id_="basket-subtotal"),
                rx.text("Delivery is chosen at checkout.", size="1", color_scheme="gray"),
                rx.link(
                    rx.button("Proceed to checkout", size="3", width="100%", id="proceed-to-checkout"),
                    href="/checkout",
                    width="100%",
                ),
                width="100%",
            ),
            max_width="360px",
            width="100%",
            margin_left="auto",
        ),
        spacing="4",
        width="100%",
    )


@portal_page("/basket", title="Basket", kinds=LEARNER, on_load=BasketState.load)
def basket_page() -> rx.Component:
    return rx.fragment(
        rx.heading("Basket", size="6", as_="h1", margin_bottom="8px"),
        rx.cond(
            BasketState.lines.length() == 0,
            rx.vstack(
                rx.text("Your basket is empty.", id="basket-empty"),
                rx.link(rx.button("Go to the Store", variant="soft"), href="/store"),
                spacing="3",
            ),
            _lines(),
        ),
    )
