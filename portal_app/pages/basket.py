"""The basket: change quantities, remove lines, proceed to checkout."""

from __future__ import annotations

import reflex as rx

from portal_app.components.layout import page_shell
from portal_app.components.store import summary_row
from portal_app.state.basket import QUANTITIES, BasketState


def _line(line: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(line["product"], weight="bold"),
                rx.text(line["title"], size="1", color_scheme="gray"),
                rx.text("Document: ", line["number"], " · Reference: ", line["reference"], size="1"),
                spacing="0",
            )
        ),
        rx.table.cell(line["unit"]),
        rx.table.cell(
            rx.select.root(
                # the name goes on the trigger, the control a screen reader and voice control reach
                rx.select.trigger(aria_label="Quantity"),
                rx.select.content(*[rx.select.item(quantity, value=quantity) for quantity in QUANTITIES]),
                value=line["quantity"],
                on_change=lambda q: BasketState.change_quantity(line["id"], q),
                size="1",
            )
        ),
        rx.table.cell(line["total"]),
        rx.table.cell(
            rx.icon_button(
                rx.icon("trash_2", size=16),
                variant="ghost",
                color_scheme="red",
                on_click=BasketState.remove(line["id"]),
                aria_label="Remove",
                title="Remove",
            )
        ),
        class_name="basket-line",
    )


@rx.page(route="/basket", title="Basket", on_load=BasketState.load)
def basket_page() -> rx.Component:
    return page_shell(
        rx.cond(
            BasketState.lines.length() == 0,
            rx.vstack(
                rx.text("Your basket is empty.", id="basket-empty"),
                rx.link(rx.button("Go to the Store", variant="soft"), href="/store"),
                spacing="3",
            ),
            rx.vstack(
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(h)
                                    for h in ("Item", "Price", "Quantity", "Total", "")
                                ]
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
                            rx.button(
                                "Proceed to checkout", size="3", width="100%", id="proceed-to-checkout"
                            ),
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
            ),
        ),
        title="Basket",
    )
