"""WCAG 2.2 AA in the browser: axe-core finds nothing on any page, and the keyboard alone works.

The scan covers every route the app registers (tests/e2e/axe_scan.py), as a visitor, two
learners, a third party and an administrator, at 1280 and 375 px, with each page's dialogs
open in turn. A finding that truly comes from inside Reflex or Radix and cannot be fixed from
our side goes in ALLOWED with its reason (and in the statement's known exceptions); today there
is none.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.axe_scan import Violation, by_rule, registered_routes, scan_everything

pytestmark = pytest.mark.e2e

# (rule, a piece of the selector, why it cannot be fixed from our side)
ALLOWED: list[tuple[str, str, str]] = []


def _allowed(v: Violation) -> bool:
    return any(v.rule == rule and piece in v.target for rule, piece, _why in ALLOWED)


def test_every_page_and_dialog_passes_axe_at_desktop_and_phone_width(browser, portal):
    found = [v for v in scan_everything(browser, portal.base_url, portal.database_url) if not _allowed(v)]
    summary = ", ".join(f"{rule} ({impact}) x{n}" for (rule, impact), n in by_rule(found).most_common())
    assert not found, f"{len(found)} WCAG A/AA violations: {summary}\n" + "\n".join(map(str, found[:40]))


def test_the_scan_reaches_every_registered_page():
    routes = registered_routes()
    assert "/accessibility" in routes and "/signin" in routes and "/admin/orders/[order_number]" in routes


def test_the_statement_is_linked_from_every_page_footer(page, portal):
    page.goto(portal.url("/verify"))
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility").click()
    expect(page.get_by_role("heading", name="Accessibility statement", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Feedback and contact information")).to_be_visible()
    expect(page).to_have_title("Accessibility statement · Northfield Awarding Body Achievement Portal")


def test_a_keyboard_user_skips_the_top_bar_to_the_content(page, portal):
    page.goto(portal.url("/verify"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    # the next Tab goes on from the content, past the top bar's links and menu
    page.keyboard.press("Tab")
    focused_in_main = "document.activeElement.closest('main') !== null"
    assert page.evaluate(focused_in_main), page.evaluate("document.activeElement.outerHTML.slice(0, 200)")


def test_every_page_says_its_language(page, portal):
    for path in ("/", "/signin", "/verify", "/accessibility"):
        page.goto(portal.url(path))
        assert page.locator("html").get_attribute("lang") == "en", path
