"""The basket: change quantities, remove lines, proceed to checkout."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.layout import page_heading
from portal_app.components.links import link_button
from portal_app.components.page import portal_page
from portal_app.components.store import summary_row
from portal_app.components.table import Column, row_action, table_of
from portal_app.state.base import LEARNER
from portal_app.state.basket import QUANTITIES, BasketRow, BasketState


def _item(line: ObjectVar[BasketRow]) -> rx.Component:
    return rx.vstack(
        rx.text(line.product, weight="bold"),
        rx.text(line.title, size="1", color_scheme="gray"),
        rx.text("Document: ", line.number, " · Reference: ", line.reference, size="1"),
        spacing="0",
    )


def _quantity(line: ObjectVar[BasketRow]) -> rx.Component:
    return rx.select.root(
        # the name goes on the trigger, the control a screen reader and voice control reach
        rx.select.trigger(aria_label="Quantity"),
        rx.select.content(*[rx.select.item(quantity, value=quantity) for quantity in QUANTITIES]),
        value=line.quantity,
        on_change=lambda q: BasketState.change_quantity(line.id, q),
        size="1",
    )


def _remove(line: ObjectVar[BasketRow]) -> rx.Component:
    # its name starts with the word it shows, then says what it removes
    return row_action(
        "trash_2",
        "Remove",
        f"Remove {line.product} of {line.reference} from the basket",
        color_scheme="red",
        on_click=BasketState.remove(line.id),
    )


COLUMNS = [
    Column("Item", _item),
    Column("Price", lambda line: line.unit),
    Column("Quantity", _quantity),
    Column("Total", lambda line: line.total),
    Column("", _remove),
]


def _lines() -> rx.Component:
    return rx.vstack(
        rx.box(
            table_of(
                COLUMNS,
                BasketState.lines,
                row_props=lambda line: {"class_name": "basket-line"},
                variant="ghost",
            ),
            class_name="table-scroll",
            width="100%",
        ),
        rx.card(
            rx.vstack(
                summary_row("Subtotal", BasketState.subtotal, strong=True, id_="basket-subtotal"),
                rx.text("Delivery is chosen at checkout.", size="1", color_scheme="gray"),
                link_button(
                    "Proceed to checkout", href="/checkout", size="3", width="100%", id="proceed-to-checkout"
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
        page_heading("Basket"),
        rx.cond(
            BasketState.lines.length() == 0,
            rx.vstack(
                rx.text("Your basket is empty.", id="basket-empty"),
                link_button("Go to the Store", href="/store", variant="soft"),
                spacing="3",
            ),
            _lines(),
        ),
    )
