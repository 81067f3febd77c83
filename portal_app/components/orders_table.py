"""The orders table with search, a status filter and pages (learner's Orders tab and admin queue)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.table import labelled, pager
from portal_app.services.orders import STATUS_LABELS

HEADERS = (
    "Full name", "Status", "Delivery type", "Total", "Created by", "Creation time", "Created by user type", "Actions",
)  # fmt: skip


def _row(row: rx.Var, href_prefix: str) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            row.full_name, rx.text(row.number, size="1", color_scheme="gray", class_name="order-number")
        ),
        rx.table.cell(status_badge(row.status, size="2")),
        rx.table.cell(row.delivery),
        rx.table.cell(row.total),
        rx.table.cell(row.created_by),
        rx.table.cell(row.created),
        rx.table.cell(row.created_kind),
        rx.table.cell(
            rx.link(
                rx.icon_button(
                    rx.icon("eye", size=16), variant="soft", aria_label="View order", title="View"
                ),
                href=href_prefix + row.number,
            )
        ),
        class_name="order-row",
        data_number=row.number,
    )


def orders_table(state: Any, href_prefix: str, none_yet: str) -> rx.Component:
    """`none_yet` is what an empty list says when nothing is searched or filtered."""
    return rx.vstack(
        rx.hstack(
            rx.form(
                rx.hstack(
                    rx.input(
                        rx.input.slot(rx.icon("search", size=16)),
                        name="search",
                        placeholder="Search for any term",
                        default_value=state.search,
                        id="orders-search",
                        aria_label="Search orders",
                    ),
                    rx.button("Search", type="submit", variant="soft"),
                    spacing="2",
                ),
                on_submit=state.run_search,
                width="auto",
            ),
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
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in HEADERS])),
                    rx.table.body(
                        rx.foreach(state.rows, lambda r: labelled(_row(r, href_prefix), list(HEADERS)))
                    ),
                    width="100%",
                    class_name="stack-on-phone",
                ),
                class_name="table-scroll",
            ),
        ),
        pager(state),
        spacing="4",
        width="100%",
    )
