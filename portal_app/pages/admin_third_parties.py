"""Administrators: third-party organisations and their accounts, each leading to its connections."""

from __future__ import annotations

import reflex as rx

from portal_app.components.layout import page_shell
from portal_app.components.table import data_table, filter_select, pager, row_action, status_badge
from portal_app.services.third_parties import ThirdPartyRow
from portal_app.state.admin_third_parties import AdminThirdPartiesState

HEADERS = ["Organisation", "Account", "Status", "Joined", "Connections", ""]
STATUS_OPTIONS = [
    ("all", "Every status"),
    ("active", "Active"),
    ("unverified", "Unverified"),
    ("suspended", "Suspended"),
]


def _row(row: ThirdPartyRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.organisation, weight="medium")),
        rx.table.cell(rx.text(row.name), rx.text(row.email, size="1", color_scheme="gray")),
        rx.table.cell(status_badge(row.status)),
        rx.table.cell(row.joined_on, white_space="nowrap"),
        rx.table.cell(row.live_connections.to_string() + " live of " + row.all_connections.to_string()),
        rx.table.cell(
            row_action(
                "link",
                "Connections",
                "Connections of " + row.name,
                href="/admin/connections?third_party=" + row.id.to_string(),
            )
        ),
        class_name="third-party-row",
    )


def _search() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                name="search",
                placeholder="Organisation, name or e-mail",
                default_value=AdminThirdPartiesState.search,
                aria_label="Search third parties",
                id="third-parties-search",
            ),
            rx.button("Search", type="submit", variant="soft"),
            spacing="2",
        ),
        on_submit=AdminThirdPartiesState.run_search,
        key=AdminThirdPartiesState.search,
    )


@rx.page(route="/admin/third-parties", title="Third parties · Admin", on_load=AdminThirdPartiesState.load)
def admin_third_parties_page() -> rx.Component:
    return page_shell(
        data_table(
            HEADERS,
            AdminThirdPartiesState.rows,
            _row,
            "No third parties match.",
            toolbar=[
                _search(),
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
        ),
        title="Third parties",
        intro="Employers, universities and auditors with a portal account, by organisation as they gave "
        "it when they registered. Live connections are pending or active and not yet expired.",
    )
