"""Pieces both sides' Connections pages share: the status filter of their tables."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.table import filter_select, list_tabs

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


def connections_top(action: rx.Component, intro: str) -> rx.Component:
    """Both sides' Connections pages open the same way: the heading with the page's one action
    (Add Connection, Request Connection) beside it, then what the page is for."""
    return rx.fragment(
        rx.flex(
            rx.heading("Connections", size="6", as_="h1"),
            action,
            justify="between",
            align="center",
            wrap="wrap",
            gap="8px",
            width="100%",
        ),
        rx.text(intro, color_scheme="gray", size="2"),
    )


def active_and_inactive(state: Any, table: rx.Component) -> rx.Component:
    """The Active and Inactive tabs over a connection table (state mixes in ConnectionListState)."""
    return list_tabs([("active", "Active"), ("inactive", "Inactive")], state.tab, state.set_tab, table)
