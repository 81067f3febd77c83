"""Pieces both sides' Connections pages share: the status filter of their tables."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.table import filter_select

STATUS_OPTIONS = {
    "active": [("all", "All statuses"), ("active", "Active"), ("pending", "Pending")],
    "inactive": [
        ("all", "All statuses"),
        ("expired", "Expired"),
        ("declined", "Declined"),
        ("revoked", "Deleted"),
    ],
}


def status_filter(state: Any) -> rx.Component:
    """The Status select of a state mixing in `state.connections.ConnectionListState`: its
    choices follow the tab (an inactive connection is expired, declined or deleted)."""
    return rx.cond(
        state.tab == "active",
        filter_select(
            STATUS_OPTIONS["active"], state.status_filter, state.set_status_filter, "Status", "status-filter"
        ),
        filter_select(
            STATUS_OPTIONS["inactive"],
            state.status_filter,
            state.set_status_filter,
            "Status",
            "status-filter",
        ),
    )
