"""The orders table with search, a status filter and pages (learner's Orders tab and admin queue)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.links import link_button
from portal_app.components.table import Column, pager, search_form, table_of
from portal_app.services.orders import STATUS_LABELS


def _columns(href_prefix: str) -> list[Column]:
    return [
        Column(
            "Full name",
            lambda row: (
                row.full_name,
                rx.text(row.number, size="1", color_scheme="gray", class_name="order-number"),
            ),
        ),
        Column("Status", lambda row: status_badge(row.status, size="2")),
        Column("Delivery type", lambda row: row.delivery),
        Column("Total", lambda row: row.total),
        Column("Created by", lambda row: row.created_by),
        Column("Creation time", lambda row: row.created),
        Column("Created by user type", lambda row: row.created_kind),
        Column(
            "Actions",
            lambda row: link_button(
                rx.icon("eye", size=16),
                href=href_prefix + row.number,
                icon_only=True,
                variant="soft",
                aria_label="View order",
                title="View",
            ),
        ),
    ]


def orders_table(state: Any, href_prefix: str, none_yet: str) -> rx.Component:
    """`none_yet` is what an empty list says when nothing is searched or filtered."""
    return rx.vstack(
        rx.hstack(
            search_form(state.search, state.run_search, "Search orders", "orders-search"),
            rx.select.root(
                rx.select.trigger(id="orders-status", aria_label="Filter by status"),
                rx.select.content(
                    rx.select.item("All statuses", value="all"),
                    *[rx.select.item(label, value=key) for key, label in STATUS_LABELS.items()],
                ),
                value=state.status,
                on_change=state.filter_status,
            ),
            wrap="wrap",
            spacing="3",
            width="100%",
        ),
        rx.cond(
            state.rows.length() == 0,
            rx.text(
                rx.cond((state.search == "") & (state.status == "all"), none_yet, "No orders match."),
                color_scheme="gray",
                id="orders-none",
            ),
            rx.box(
                table_of(
                    _columns(href_prefix),
                    state.rows,
                    row_props=lambda row: {"class_name": "order-row", "data_number": row.number},
                    variant="ghost",
                ),
                class_name="table-scroll",
            ),
        ),
        pager(state),
        spacing="4",
        width="100%",
    )
