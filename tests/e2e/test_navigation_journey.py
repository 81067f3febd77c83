"""Getting around as each kind of user: the top bar, the tabs, the dashboard and overview cards and
the links between pages each lead where they say.

Demo accounts, only reading; the third party with an offer is a fresh one.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from portal_app.infra.db import get_engine
from portal_app.infra.settings import settings
from portal_app.seed import DEMO_PASSWORD
from tests.e2e.conftest import RunningPortal, sign_in
from tests.factories import PASSWORD, make_account, make_connection, make_learner
from tests.support.second_factor import DEMO_ADMIN

pytestmark = pytest.mark.e2e
CLAIRE = "claire.hammond@example.com"
TED = "ted.trew@fleetmotors.example"


def _at(page: Page, path: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(path) + r"/?(\?.*)?$"))


def _top_bar(page: Page):
    return page.get_by_role("banner")  # the page's <header>


def _main(page: Page):
    return page.get_by_role("main")


def _signed_in(page: Page, portal: RunningPortal, email: str, home: str) -> None:
    sign_in(page, portal, email, DEMO_PASSWORD)
    _at(page, home)


def test_a_visitor_finds_sign_in_register_and_verify_from_every_page(page, portal):
    page.goto(portal.url("/"))
    _main(page).get_by_role("link", name="Verify a document").click()
    _at(page, "/verify")
    page.get_by_role("link", name=re.compile("Achievement Portal")).click()  # the brand goes home
    _at(page, "/")
    _main(page).get_by_role("link", name="Register").click()
    _at(page, "/register")
    _main(page).get_by_role("link", name="Sign in").click()  # "Already registered? Sign in"
    _at(page, "/signin")
    _main(page).get_by_role("link", name="Register").click()
    _at(page, "/register")
    _top_bar(page).get_by_role("link", name="Sign in").click()
    _at(page, "/signin")
    page.get_by_role("link", name="Forgot your password?").click()
    _at(page, "/forgot-password")
    page.get_by_role("link", name="Back to sign in").click()
    _at(page, "/signin")
    _top_bar(page).get_by_role("link", name="Register").click()
    _at(page, "/register")
    footer = page.get_by_role("contentinfo")
    expect(footer).to_contain_text(settings.support_email)  # "Support": on every page
    expect(footer).to_contain_text(settings.support_phone)
    footer.get_by_role("link", name="Verify a document").click()
    _at(page, "/verify")
    page.get_by_label("Document reference").fill("00000000-01-NONE")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()

    page.goto(portal.url("/"))
    _main(page).get_by_role("link", name="Sign in").click()
    _at(page, "/signin")

    # Links that have expired point somewhere useful.
    page.goto(portal.url("/reset-password"))
    page.get_by_role("link", name="Ask for a new link").click()
    _at(page, "/forgot-password")
    page.goto(portal.url("/verify-email"))
    _main(page).get_by_role("link", name="Sign in").click()
    _at(page, "/signin")


def test_a_learner_moves_by_tabs_dashboard_cards_and_the_account_menu(page, portal):
    _signed_in(page, portal, CLAIRE, "/dashboard")
    tabs = page.get_by_role("navigation", name="Main")
    for tab, path in (("Documents", "/documents"), ("Store", "/store"), ("Orders", "/orders"),
                      ("Connections", "/connections"), ("Dashboard", "/dashboard")):  # fmt: skip
        tabs.get_by_role("link", name=tab, exact=True).click()
        _at(page, path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    cards = {
        "Documents": "/documents",
        "Orders": "/orders",
        "Connections": "/connections",
        "Profile": "/profile",
    }
    for heading, path in cards.items():
        page.goto(portal.url("/dashboard"))
        card = page.locator(".rt-Card").filter(has=page.get_by_role("heading", name=heading, exact=True))
        card.get_by_role("link").click()  # View, Orders, Manage, Manage
        _at(page, path)

    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Profile").click()
    _at(page, "/profile")
    page.get_by_role("link", name=re.compile("Achievement Portal")).click()
    _at(page, "/dashboard")  # home for a signed-in learner


def test_a_third_party_moves_between_learners_connections_and_a_shared_document(page, portal):
    _signed_in(page, portal, TED, "/third-party")
    tabs = page.get_by_role("navigation", name="Main")
    tabs.get_by_role("link", name="Connections", exact=True).click()
    _at(page, "/third-party/connections")
    _main(page).get_by_role("link", name=re.compile(r"^Documents shared by ")).first.click()
    _at(page, "/third-party")
    tabs.get_by_role("link", name="Connections", exact=True).click()
    tabs.get_by_role("link", name="Learners", exact=True).click()
    _at(page, "/third-party")
    page.get_by_role("link", name="View").first.click()
    _at(page, "/third-party/document")
    page.get_by_role("link", name="← Learners").click()
    _at(page, "/third-party")


def test_a_third_party_with_an_offer_goes_from_the_notice_to_answer_it(page, portal):
    tag = uuid.uuid4().hex[:8]
    with Session(get_engine(portal.database_url), expire_on_commit=False) as db:
        learner = make_learner(db, email=f"offer-{tag}@example.com", first_name="Otto", last_name="Offer")
        third_party = make_account(db, "third_party", email=f"hr-{tag}@employer.example", first_name="Nina",
                                   last_name="Notice", organisation="Notice Ltd")  # fmt: skip
        make_connection(db, learner, third_party, status="pending")
    sign_in(page, portal, third_party.email, PASSWORD)
    _at(page, "/third-party")
    page.get_by_role("link", name="Answer on your Connections page").click()
    _at(page, "/third-party/connections")
    expect(page.get_by_role("row").filter(has_text="Otto Offer")).to_contain_text("Pending")


def test_an_administrator_moves_by_tabs_and_the_overview_figures(page, portal):
    _signed_in(page, portal, DEMO_ADMIN, "/admin")
    tabs = page.get_by_role("navigation", name="Main")
    for tab, path in (("Registrations", "/admin/registrations"), ("Records", "/admin/records"),
                      ("Third parties", "/admin/third-parties"), ("Connections", "/admin/connections"),
                      ("Issues", "/admin/issues"), ("Orders", "/admin/orders"), ("Catalogue", "/admin/catalogue"),
                      ("Outbox", "/admin/outbox"), ("Overview", "/admin")):  # fmt: skip
        tabs.get_by_role("link", name=tab, exact=True).click()
        _at(page, path)

    figures = {
        "registrations? to review": "/admin/registrations",
        "requests? to delete an account": "/admin/registrations",
        "registrations? waiting for e-mail confirmation": "/admin/outbox",
        "open issue reports?": "/admin/issues",
        "orders? to fulfil": "/admin/orders",
        "e-mails? not sent yet": "/admin/outbox",
        "active learner accounts?": "/admin/records",
        "active third-party accounts?": "/admin/third-parties",
    }
    for figure, path in figures.items():
        page.goto(portal.url("/admin"))
        page.get_by_role("link", name=re.compile(rf"^\d+ {figure}$")).click()
        _at(page, path)


PHONE = {"width": 375, "height": 812}


def _every_tab_on_the_screen(page: Page) -> None:
    """Each tab, the main navigation's and the page's own, lies inside the phone's screen (none
    hidden past its right edge), and the page does not scroll sideways."""
    tabs = page.get_by_role("navigation", name="Main").get_by_role("link").all()
    tabs += _main(page).get_by_role("tab").all()
    for tab in tabs:
        box = tab.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
            f"{page.url}: the tab {tab.inner_text()!r} lies outside the screen ({box})"
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
        f"{page.url} scrolls sideways"
    )


# How the current tab says so: a link of the main navigation, or a tab of the page's own.
CURRENT = {"link": ("aria-current", "page"), "tab": ("aria-selected", "true")}


@pytest.mark.parametrize(
    ("email", "home", "pages"),
    [
        (
            CLAIRE,
            "/dashboard",
            [("/connections", "link", "Connections"), ("/profile", "tab", "Personal details")],
        ),
        (TED, "/third-party", [("/third-party/connections", "link", "Connections")]),
        (
            DEMO_ADMIN,
            "/admin",
            [("/admin/audit", "link", "Audit log"), ("/admin/connections", "link", "Connections")],
        ),
    ],
)
def test_on_a_phone_every_tab_shows_without_scrolling_sideways(page, portal, email, home, pages):
    page.set_viewport_size(PHONE)
    _signed_in(page, portal, email, home)
    for path, role, name in pages:
        page.goto(portal.url(path))
        scope = page.get_by_role("navigation", name="Main") if role == "link" else _main(page)
        attribute, value = CURRENT[role]
        expect(scope.get_by_role(role, name=name, exact=True)).to_have_attribute(attribute, value)  # loaded
        _every_tab_on_the_screen(page)
