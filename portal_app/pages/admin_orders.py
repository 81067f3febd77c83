"""Administrators: the order queue and fulfilment of one order."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field
from portal_app.components.layout import page_shell
from portal_app.components.orders_table import orders_table
from portal_app.pages.orders import order_body
from portal_app.state.admin_orders import AdminOrdersState, AdminOrderState


@rx.page(route="/admin/orders", title="Orders · Admin", on_load=AdminOrdersState.load)
def admin_orders_page() -> rx.Component:
    return page_shell(
        orders_table(AdminOrdersState, "/admin/orders/", "No orders yet."),
        title="Orders",
        intro="Paid orders wait here for printing and dispatch. Filter by status; open an order to move it on.",
    )


def _actions() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Move this order on", size="4", as_="h2"),
            rx.text(
                "Processing → Dispatched e-mails the learner the tracking reference. Cancelling a paid "
                "order or refunding it returns the money through the provider that took it.",
                size="2",
                color_scheme="gray",
            ),
            field(
                "Tracking reference (for dispatch)",
                rx.input(
                    value=AdminOrderState.tracking_input,
                    on_change=AdminOrderState.set_tracking_input,
                    id="tracking",
                    max_length=100,
                ),
                AdminOrderState.tracking_error,
            ),
            field(
                "Note (required to cancel or refund; shown to the learner)",
                rx.text_area(
                    value=AdminOrderState.note_input,
                    on_change=AdminOrderState.set_note_input,
                    id="status-note",
                    max_length=1000,
                ),
                AdminOrderState.note_error,
            ),
            rx.hstack(
                rx.foreach(
                    AdminOrderState.next_steps,
                    lambda step: rx.button(
                        "Mark ",
                        step[1],
                        type="button",
                        on_click=AdminOrderState.move(step[0]),
                        id="to-" + step[0],
                        color_scheme=rx.cond(
                            (step[0] == "cancelled") | (step[0] == "refunded"), "red", "indigo"
                        ),
                        variant=rx.cond((step[0] == "cancelled") | (step[0] == "refunded"), "soft", "solid"),
                    ),
                ),
                wrap="wrap",
                spacing="2",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@rx.page(route="/admin/orders/[order_number]", title="Order · Admin", on_load=AdminOrderState.load)
def admin_order_page() -> rx.Component:
    return page_shell(
        rx.cond(
            AdminOrderState.found,
            rx.vstack(
                order_body(AdminOrderState),
                rx.cond(AdminOrderState.next_steps.length() > 0, _actions(), rx.fragment()),
                rx.link("Back to the order queue", href="/admin/orders"),
                spacing="4",
                width="100%",
            ),
            rx.text("Loading…", color_scheme="gray"),
        ),
    )
