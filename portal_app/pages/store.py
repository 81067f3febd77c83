"""Store tab: printed duplicates of the learner's own documents."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.forms import field, form_error, form_notice
from portal_app.components.page import portal_page
from portal_app.components.store import accuracy_notice, summary_row
from portal_app.models.store import MAX_QUANTITY
from portal_app.state.base import LEARNER
from portal_app.state.store import ProductCard, StoreState

INTRO = "Order official printed duplicates of your documents. Select the product and the document to print."


def _product_card(product: ObjectVar[ProductCard]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("printer", size=20), rx.heading(product.name, size="4", as_="h2"), align="center"
            ),
            rx.text(product.description, size="2", color_scheme="gray"),
            rx.text(product.price, weight="bold"),
            rx.button(
                rx.cond(StoreState.product_id == product.id, "Selected", "Select"),
                variant=rx.cond(StoreState.product_id == product.id, "solid", "soft"),
                on_click=StoreState.choose_product(product.id),
                aria_pressed=rx.cond(StoreState.product_id == product.id, "true", "false"),
            ),
            spacing="2",
            align="start",
        ),
        width="100%",
    )


def _order_form() -> rx.Component:
    return rx.card(
        rx.vstack(
            field(
                "Document",
                rx.select.root(
                    rx.select.trigger(
                        placeholder="Choose one of your documents",
                        id="store-document",
                        width="100%",
                        aria_label="Document",
                    ),
                    rx.select.content(
                        rx.foreach(
                            StoreState.product_documents,
                            lambda d: rx.select.item(d.label, value=d.reference),
                        )
                    ),
                    value=StoreState.document_reference,
                    on_change=StoreState.choose_document,
                ),
                StoreState.errors.get("document", ""),
                hint="Only your valid documents of the kind this product prints are listed.",
                required=True,
            ),
            rx.cond(
                StoreState.errors.contains("product"),
                rx.text(StoreState.errors["product"], color="var(--red-11)", role="alert"),
            ),
            field(
                "Quantity",
                rx.input(
                    type="number",
                    min=1,
                    max=MAX_QUANTITY,
                    value=StoreState.quantity,
                    on_change=StoreState.set_quantity,
                    id="store-quantity",
                    width="120px",
                ),
                StoreState.errors.get("quantity", ""),
                hint=f"1 to {MAX_QUANTITY} copies.",
            ),
            rx.divider(),
            summary_row("Price", StoreState.unit_price),
            summary_row("Quantity", StoreState.quantity),
            summary_row("Total", StoreState.total, strong=True, id_="store-total"),
            rx.button("Add to Basket", on_click=StoreState.add, id="add-to-basket", size="3", width="100%"),
            form_notice(StoreState.notice),
            form_error(StoreState.problem),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@portal_page("/store", title="Store", kinds=LEARNER, on_load=StoreState.load)
def store_page() -> rx.Component:
    return rx.vstack(
        rx.heading("Store", size="6", as_="h1"),
        rx.text(INTRO, color_scheme="gray"),
        accuracy_notice(),
        rx.cond(
            StoreState.products.length() == 0,
            rx.text("Printed documents are not available to order at the moment."),
            rx.box(
                rx.vstack(rx.foreach(StoreState.products, _product_card), width="100%", spacing="3"),
                _order_form(),
                class_name="card-grid",
            ),
        ),
        rx.cond(
            (StoreState.documents.length() == 0) & (StoreState.products.length() > 0),
            rx.text("You have no valid documents to order yet.", color_scheme="gray"),
        ),
        spacing="4",
        width="100%",
    )
