"""Administrators: the overview (what needs attention, and twelve weeks of trends)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.admin_trends import admin_trends
from portal_app.components.forms import form_error, form_notice
from portal_app.components.layout import page_heading
from portal_app.components.page import portal_page
from portal_app.components.table import confirm_dialog
from portal_app.infra.settings import settings
from portal_app.state.admin_accounts import AdminOverviewState
from portal_app.state.base import ADMIN
from portal_app.state.dashboard import AdminTrendsState
from portal_app.state.demo import DemoResetState

# (what it counts: "singular|plural", the figure, the list it leads to, icon)
COUNTS = [
    ("registration to review|registrations to review", "pending_registrations", "/admin/registrations", "user-check"),
    ("request to delete an account|requests to delete an account", "deletion_requests", "/admin/registrations",
     "user-x"),
    ("registration waiting for e-mail confirmation|registrations waiting for e-mail confirmation",
     "unverified_accounts", "/admin/outbox", "mail-question"),
    ("open issue report|open issue reports", "open_issues", "/admin/issues", "message-circle-warning"),
    ("order to fulfil|orders to fulfil", "orders_to_fulfil", "/admin/orders", "package"),
    ("e-mail not sent yet|e-mails not sent yet", "unsent_emails", "/admin/outbox", "mail"),
    ("active learner account|active learner accounts", "learners", "/admin/records", "graduation-cap"),
    ("active third-party account|active third-party accounts", "third_parties", "/admin/third-parties", "building-2"),
]  # fmt: skip


def _count_card(label: str, key: str, href: str, icon: str) -> rx.Component:
    """A figure and what it counts; `label` is "singular|plural" where the noun must agree."""
    one, _, many = label.partition("|")
    count = getattr(AdminOverviewState.figures, key)
    return rx.link(
        rx.card(
            rx.hstack(
                rx.icon(icon, size=22),
                rx.vstack(
                    rx.text(count, size="6", weight="bold", id=f"count-{key.replace('_', '-')}"),
                    rx.text(rx.cond(count == "1", one, many or one), size="2", color_scheme="gray"),
                    spacing="0",
                ),
                align="center",
                spacing="3",
            ),
            width="100%",
        ),
        href=href,
        underline="none",
        color="inherit",
    )


def _demo_reset() -> rx.Component:
    """Demo mode only (PORTAL_SEED_DEMO=true): back to the README's story after a rehearsal."""
    return rx.card(
        rx.vstack(
            rx.heading("Demo data", size="4", as_="h2"),
            rx.text(
                "After a rehearsal, put every demo account back as the README describes.",
                size="2",
                color_scheme="gray",
            ),
            form_notice(DemoResetState.notice),
            form_error(DemoResetState.problem),
            confirm_dialog(
                rx.button(
                    rx.icon("rotate-ccw", size=16), "Reset demo data", variant="soft", color_scheme="red"
                ),
                "Reset demo data?",
                "Everything done since the demo data was seeded is deleted (connections, baskets, orders, "
                "reports, registrations, e-mails) and every demo account goes back to the README's story. "
                "Everyone else is signed out.",
                "Reset demo data",
                DemoResetState.reset_demo,
            ),
            spacing="3",
            align="start",
        ),
        margin_top="24px",
    )


@portal_page(
    "/admin", title="Overview · Admin", kinds=ADMIN, on_load=[AdminOverviewState.load, AdminTrendsState.load]
)
def admin_overview_page() -> rx.Component:
    return rx.fragment(
        page_heading("Overview", "What needs attention."),
        rx.box(*[_count_card(*count) for count in COUNTS], class_name="card-grid"),
        _demo_reset() if settings.seed_demo_data else rx.fragment(),
        admin_trends(),
    )
