"""Administrators: third-party organisations and their accounts, each leading to its connections."""

from __future__ import annotations

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.layout import page_heading
from portal_app.components.page import portal_page
from portal_app.components.table import Column, data_table, filter_select, pager, row_action, search_form
from portal_app.state.admin_third_parties import AdminThirdPartiesState
from portal_app.state.base import ADMIN

STATUS_OPTIONS = [
    ("all", "Every status"),
    ("active", "Active"),
    ("unverified", "Unverified"),
    ("suspended", "Suspended"),
]


COLUMNS = [
    Column("Organisation", lambda row: rx.text(row.organisation, weight="medium")),
    Column("Account", lambda row: (rx.text(row.name), rx.text(row.email, size="1", color_scheme="gray"))),
    Column("Status", lambda row: status_badge(row.status)),
    Column("Joined", lambda row: row.joined_on, {"white_space": "nowrap"}),
    Column(
        "Connections",
        lambda row: row.live_connections.to_string() + " live of " + row.all_connections.to_string(),
    ),
    Column(
        "",
        lambda row: row_action(
            "link",
            "Connections",
            "Connections of " + row.name,
            href="/admin/connections?third_party=" + row.id.to_string(),
        ),
    ),
]
INTRO = (
    "Employers, universities and auditors with a portal account, by organisation as they gave it when they "
    "registered. Live connections are pending or active and not yet expired."
)


@portal_page(
    "/admin/third-parties", title="Third parties · Admin", kinds=ADMIN, on_load=AdminThirdPartiesState.load
)
def admin_third_parties_page() -> rx.Component:
    return rx.fragment(
        page_heading("Third parties", INTRO),
        data_table(
            COLUMNS,
            AdminThirdPartiesState.rows,
            "No third parties match.",
            toolbar=[
                search_form(
                    AdminThirdPartiesState.search,
                    AdminThirdPartiesState.run_search,
                    "Search third parties",
                    "third-parties-search",
                    "Organisation, name or e-mail",
                    reset=True,
                ),
                filter_select(
                    STATUS_OPTIONS,
                    AdminThirdPartiesState.status,
                    AdminThirdPartiesState.filter_status,
                    "Account status",
                    "third-parties-status",
                ),
            ],
            footer=pager(AdminThirdPartiesState),
            id="third-parties-table",
            row_props=lambda row: {"class_name": "third-party-row"},
        ),
    )
