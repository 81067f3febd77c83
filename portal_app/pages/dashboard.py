"""The learner's dashboard: documents, orders, connections and profile at a glance."""

from __future__ import annotations

import reflex as rx

from portal_app.components.layout import stat_card
from portal_app.components.page import portal_page
from portal_app.infra.settings import settings
from portal_app.state.base import LEARNER
from portal_app.state.dashboard import DashboardState


def _pending_review_notice() -> rx.Component:
    return rx.cond(
        DashboardState.account_status == "pending_review",
        rx.callout(
            "Your registration did not match our records exactly, so a member of staff is checking it. "
            "We will e-mail you when your documents are available.",
            icon="clock",
            color_scheme="amber",
            width="100%",
        ),
    )


def _noun(count: rx.Var, one: str, many: str) -> rx.Component:
    return rx.cond(count == 1, one, many)


@portal_page("/dashboard", title="Dashboard", kinds=LEARNER, on_load=DashboardState.load)
def dashboard_page() -> rx.Component:
    return rx.vstack(
        rx.heading(
            f"Welcome to the {settings.org_name} Achievement Portal", size="6", as_="h1", id="welcome"
        ),
        _pending_review_notice(),
        rx.box(
            stat_card(
                "Documents",
                rx.text(
                    "You have ",
                    rx.text.strong(DashboardState.documents),
                    _noun(DashboardState.documents, " document", " documents"),
                    ". View and share documents and badges; order official printed documents.",
                    size="2",
                    color_scheme="gray",
                    id="documents-summary",
                ),
                "View",
                "/documents",
                "file-badge",
            ),
            stat_card(
                "Orders",
                rx.text(
                    "View previously placed orders (",
                    DashboardState.orders,
                    ").",
                    size="2",
                    color_scheme="gray",
                ),
                "Orders",
                "/orders",
                "package",
            ),
            stat_card(
                "Connections",
                rx.text(
                    "You have ",
                    DashboardState.active_connections,
                    _noun(DashboardState.active_connections, " active connection", " active connections"),
                    " and ",
                    DashboardState.pending_connections,
                    _noun(
                        DashboardState.pending_connections,
                        " pending connection.",
                        " pending connections.",
                    ),
                    rx.cond(
                        DashboardState.last_viewed != "",
                        rx.text.span(
                            " Last viewed by ",
                            rx.text.strong(DashboardState.last_viewer),
                            " on ",
                            DashboardState.last_viewed,
                            ".",
                            id="last-viewed",
                        ),
                    ),
                    size="2",
                    color_scheme="gray",
                    id="connections-summary",
                ),
                "Manage",
                "/connections",
                "share-2",
            ),
            stat_card(
                "Profile",
                "Manage your personal details, social media and addresses.",
                "Manage",
                "/profile",
                "user",
            ),
            class_name="card-grid",
        ),
        spacing="5",
        width="100%",
    )


# --- The administrators' overview: twelve weeks of trends (the page itself: pages/admin_accounts) ---

# Radix indigo 9, amber 9, teal 9 and gray 8 as plain colours (SVG fills: not every scale is loaded)
COLOURS = ["#3e63dd", "#ffc53d", "#12a594", "#8d8d8d"]
