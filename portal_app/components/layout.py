"""The app shell: top bar with branding, navigation by account kind, basket and user menu."""

from __future__ import annotations

import reflex as rx

from portal_app.components.links import link_button
from portal_app.infra.settings import settings
from portal_app.state.base import PortalEvents, PortalState

LEARNER_TABS = [
    ("Dashboard", "/dashboard"),
    ("Documents", "/documents"),
    ("Store", "/store"),
    ("Orders", "/orders"),
    ("Connections", "/connections"),
]
THIRD_PARTY_TABS = [("Learners", "/third-party"), ("Connections", "/third-party/connections")]
ADMIN_TABS = [
    ("Overview", "/admin"),
    ("Registrations", "/admin/registrations"),
    ("Records", "/admin/records"),
    ("Third parties", "/admin/third-parties"),
    ("Connections", "/admin/connections"),
    ("Issues", "/admin/issues"),
    ("Orders", "/admin/orders"),
    ("Catalogue", "/admin/catalogue"),
    ("Outbox", "/admin/outbox"),
    ("Audit log", "/admin/audit"),
]


def brand() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.image(src=settings.org_logo, alt=f"{settings.org_name} logo", width="36px", height="36px"),
            rx.vstack(
                rx.text(settings.org_name, weight="bold", size="3", class_name="brand-name"),
                rx.text("Achievement Portal", size="1", color_scheme="gray"),
                spacing="0",
            ),
            align="center",
            spacing="2",
        ),
        href="/",
        underline="none",
        color="inherit",
    )


def _tabs(tabs: list[tuple[str, str]]) -> rx.Component:
    current = PortalState.router.url.path
    return rx.hstack(
        *[
            rx.link(
                label,
                href=href,
                class_name="nav-tab",
                data_active=rx.cond((current == href) | (current == href + "/"), "true", "false"),
                aria_current=rx.cond((current == href) | (current == href + "/"), "page", "false"),
                underline="none",
            )
            for label, href in tabs
        ],
        spacing="1",
        class_name="nav-tabs",
    )


def navigation() -> rx.Component:
    """The account's sections: a row of tabs that wraps onto a second line on a narrow phone, so
    every section, the current one too, shows without scrolling sideways."""
    return rx.el.nav(
        rx.match(
            PortalState.account_kind,
            ("learner", _tabs(LEARNER_TABS)),
            ("third_party", _tabs(THIRD_PARTY_TABS)),
            ("admin", _tabs(ADMIN_TABS)),
            rx.fragment(),
        ),
        aria_label="Main",
    )


def _basket_name(count: rx.Var) -> rx.Var:
    """The link's name says what the red count shows, which its aria-label would otherwise hide."""
    return rx.cond(count == 0, "Basket", rx.cond(count == 1, "Basket, 1 item", f"Basket, {count} items"))


def basket_button() -> rx.Component:
    return rx.cond(
        PortalState.account_kind == "learner",
        rx.link(
            rx.box(
                rx.icon("shopping_basket", size=22),
                rx.cond(
                    PortalState.basket_count > 0,
                    rx.badge(
                        PortalState.basket_count,
                        color_scheme="red",
                        variant="solid",
                        radius="full",
                        class_name="basket-count",
                    ),
                    rx.fragment(),
                ),
                position="relative",
                padding="6px",
            ),
            href="/basket",
            aria_label=_basket_name(PortalState.basket_count),
            id="basket-link",
            color="inherit",
        ),
        rx.fragment(),
    )


def user_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.text("Hi, ", PortalState.display_name, class_name="hide-narrow", size="2"),
                rx.avatar(fallback=PortalState.initials, size="2", radius="full"),
                variant="ghost",
                id="user-menu",
                aria_label="Account menu",
            )
        ),
        rx.menu.content(
            rx.menu.item("Profile", on_click=rx.redirect("/profile")),
            rx.menu.separator(),
            rx.menu.item("Sign out", on_click=PortalEvents.sign_out, id="sign-out"),
        ),
    )


def top_bar() -> rx.Component:
    return rx.box(
        rx.hstack(
            brand(),
            rx.spacer(),
            rx.cond(
                PortalState.signed_in,
                rx.hstack(basket_button(), user_menu(), align="center", spacing="3"),
                rx.hstack(
                    link_button("Sign in", href="/signin", variant="soft"),
                    link_button("Register", href="/register"),
                    spacing="2",
                ),
            ),
            align="center",
            width="100%",
        ),
        rx.cond(PortalState.signed_in, navigation()),
        class_name="top-bar",
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.text(
            f"{settings.org_name} · Help: {settings.support_email} · {settings.support_phone} · ",
            rx.link("Verify a document", href="/verify"),
            " · ",
            rx.link("Accessibility", href="/accessibility"),
            size="1",
            color_scheme="gray",
        ),
        class_name="footer",
    )


MAIN_CONTENT_ID = "main-content"


def skip_link() -> rx.Component:
    """The first thing a keyboard reaches: straight past the top bar to the page's content."""
    # Focus moves by Reflex's own set_focus (no script the CSP would refuse): following the bare
    # fragment makes the router re-render, which drops the focus back to the top of the page.
    return rx.el.a(
        "Skip to main content",
        href=f"#{MAIN_CONTENT_ID}",
        class_name="skip-link",
        on_click=[rx.prevent_default, rx.set_focus(MAIN_CONTENT_ID)],
    )


def page_alert() -> rx.Component:
    """The page-wide message set by `PortalState._alert` (errors from handlers, confirmations)."""
    return rx.cond(
        PortalState.alert_message != "",
        rx.callout.root(
            # two static icons: a dynamic icon name would pull every Lucide icon into the bundle
            rx.callout.icon(
                rx.cond(PortalState.alert_kind == "error", rx.icon("triangle_alert"), rx.icon("circle_check"))
            ),
            rx.callout.text(
                rx.hstack(
                    rx.text(PortalState.alert_message),
                    rx.icon_button(
                        rx.icon("x", size=14),
                        variant="ghost",
                        size="1",
                        on_click=PortalEvents.dismiss_alert,
                        aria_label="Dismiss",
                    ),
                    justify="between",
                    align="center",
                    width="100%",
                )
            ),
            color_scheme=rx.cond(PortalState.alert_kind == "error", "red", "green"),
            role="alert",
            id="page-alert",
            margin_bottom="16px",
            width="100%",
        ),
        rx.fragment(),
    )


SERVICE_NOTICE_ID = "service-notice"


def service_notice() -> rx.Component:
    """Empty (and hidden) unless the backend exception handler fills it with `rx.set_value`: a
    client-side event that needs no UI state, so it still reaches the page when Redis is down."""
    return rx.el.output(id=SERVICE_NOTICE_ID, role="alert", class_name="service-notice")


def leaving_page() -> rx.Component:
    """Load `PortalState.leaving_to` as a whole page. Its response sets or clears the HttpOnly
    session cookie, which a client-side route change never reaches; a refresh needs no script."""
    return rx.cond(
        PortalState.leaving_to != "",
        rx.fragment(
            rx.el.meta(http_equiv="refresh", content="0;url=" + PortalState.leaving_to),
            # Where a browser does not follow refreshes (an accessibility setting), a plain link.
            rx.text("One moment… ", rx.el.a("Continue", href=PortalState.leaving_to), role="status"),
        ),
    )


def page_heading(title: str, intro: str = "") -> rx.Component:
    """A page's h1 and, if given, the short grey explanation under it."""
    heading = rx.heading(title, size="6", as_="h1", margin_bottom="8px")
    if not intro:
        return heading
    return rx.fragment(heading, rx.text(intro, color_scheme="gray", margin_bottom="16px"))


def page_shell(*children: rx.Component) -> rx.Component:
    """Every page: top bar, the page alert, the content (which opens with its `page_heading`)
    and a footer."""
    return rx.box(
        leaving_page(),
        rx.el.header(skip_link(), top_bar()),
        rx.el.main(
            service_notice(),
            page_alert(),
            *children,
            id=MAIN_CONTENT_ID,
            tab_index=-1,
            class_name="page-content",
        ),
        footer(),
        class_name="app",
    )


def stat_card(title: str, text: rx.Component | str, action: str, href: str, icon: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon(icon, size=20), rx.heading(title, size="4", as_="h2"), align="center"),
            rx.text(text, color_scheme="gray", size="2") if isinstance(text, str) else text,
            link_button(action, href=href, variant="soft"),
            spacing="3",
            align="start",
        ),
        width="100%",
    )
