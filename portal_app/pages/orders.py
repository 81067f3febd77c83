"""Orders tab: the learner's orders, searchable and filterable."""

from __future__ import annotations

import reflex as rx

from portal_app.components.layout import page_heading
from portal_app.components.orders_table import orders_table
from portal_app.components.page import portal_page
from portal_app.state.base import LEARNER
from portal_app.state.orders import OrdersState


@portal_page("/orders", title="Orders", kinds=LEARNER, on_load=OrdersState.load)
def orders_page() -> rx.Component:
    return rx.fragment(
        page_heading("Orders", "Shows a list of orders previously placed."),
        orders_table(OrdersState, "/orders/", "You have not placed any orders yet."),
    )
