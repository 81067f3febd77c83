"""The learner's dashboard: documents, orders, connections and profile at a glance."""

from __future__ import annotations

import reflex as rx

from portal_app.components.layout import stat_card
from portal_app.components.page import portal_page
from portal_app.infra.settings import settings
from portal_app.state.base import LEARNER
from portal_app.state.dashboard import AdminTrendsState, DashboardState


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


def _chart_card(title: str, summary: rx.Component, chart: rx.Component, link: str, href: str) -> rx.Component:
    """A chart with a sentence of totals (what a screen reader reads) and the list it counts."""
    return rx.card(
        rx.vstack(
            rx.heading(title, size="3", as_="h3"),
            rx.text(summary, size="2", color_scheme="gray"),
            rx.box(chart, width="100%", aria_hidden="true"),
            rx.link(link, href=href, size="2"),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="trend-card",
    )


def _bars(data: rx.Var, series: list[tuple[str, object]], stacked: bool = False) -> rx.Component:
    return rx.recharts.bar_chart(
        *[
            rx.recharts.bar(
                data_key=key,
                name=name,
                fill=COLOURS[i],
                stack_id="all" if stacked else None,
                is_animation_active=False,
            )
            for i, (key, name) in enumerate(series)
        ],
        rx.recharts.x_axis(data_key="week", font_size=11),
        rx.recharts.y_axis(allow_decimals=False, width=40, font_size=11),
        rx.recharts.tooltip(),
        rx.recharts.legend(),
        data=data,
        width="100%",
        height=220,
        # The chart is a picture for sighted staff (aria-hidden; the sentence above it says the
        # totals): Recharts' keyboard layer would put a focus stop inside a hidden element.
        custom_attrs={"accessibilityLayer": False},
    )


def admin_trends() -> rx.Component:
    """Beside the queues: registrations, documents, shares and orders over the last 12 weeks."""
    t = AdminTrendsState.totals
    names = AdminTrendsState.delivery_names
    return rx.vstack(
        rx.heading("The last 12 weeks", size="5", as_="h2"),
        rx.box(
            _chart_card(
                "New registrations",
                rx.fragment(
                    t["matched"], " matched their learner record at once; ", t["reviewed"], " went to review."
                ),
                _bars(
                    AdminTrendsState.registrations,
                    [("matched", "Matched"), ("reviewed", "Sent to review")],
                    True,
                ),
                "Registrations to review",
                "/admin/registrations",
            ),
            _chart_card(
                "Documents issued and revoked",
                rx.fragment(t["issued"], " issued; ", t["revoked"], " revoked."),
                _bars(AdminTrendsState.documents, [("issued", "Issued"), ("revoked", "Revoked")]),
                "Learner records",
                "/admin/records",
            ),
            _chart_card(
                "Shares created and opened",
                rx.fragment(
                    t["created"], " connections created; their documents opened ", t["opened"], " times."
                ),
                _bars(
                    AdminTrendsState.shares,
                    [("created", "Connections created"), ("opened", "Documents opened")],
                ),
                "Connection events in the audit log",
                "/admin/audit?kind=connection",
            ),
            _chart_card(
                "Public verifications",
                rx.fragment(t["valid"], " checks found a valid document; ", t["other"],
                            " found it revoked, replaced or not at all."),
                _bars(AdminTrendsState.verifications, [("valid", "Valid"), ("other", "Revoked, replaced or not found")],
                      True),
                "The public verification page",
                "/verify",
            ),
            _chart_card(
                "Orders by delivery option",
                rx.fragment(t["orders"], " paid orders."),
                _bars(AdminTrendsState.orders, [(f"n{i}", names[i]) for i in range(4)], True),
                "Order queue",
                "/admin/orders",
            ),
            _chart_card(
                "Revenue by delivery option (£)",
                rx.fragment(t["revenue"], " taken, not counting refunded or cancelled orders."),
                _bars(AdminTrendsState.orders, [(f"r{i}", names[i]) for i in range(4)], True),
                "Order queue",
                "/admin/orders",
            ),
            class_name="trend-grid",
        ),
        spacing="3",
        width="100%",
        margin_top="24px",
        id="trends",
    )
