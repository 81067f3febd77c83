"""Visual regression of the main pages (issue 19): each page's main content at 1280 and 375 px,
with the demo data, compared with the committed baselines in tests/e2e/baselines/
(tests/support/screenshots.py; accept a change on purpose with `make accept-screenshots`).

The demo data is reset first (`cli reset-demo`), so the journeys that ran before in the same
session leave nothing behind. What still changes from day to day or run to run is pinned (dates,
times and the portal's address read as fixed text) or masked (the QR code that holds the address,
the overview's charts and their totals). One browser context per kind of account signs in once
and is resized for each width.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, sign_in
from tests.support.journey_controls import RECORDER
from tests.support.screenshots import compare

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 375)
PASSWORD = "portal-demo-2026"
# Text that changes from day to day or run to run is pinned before the screenshot, so the
# layout around it stays as the page lays it out: every date and time (the demo story is seeded
# relative to today; the portal's one date formatter writes 13/11/2024, 13/11/2024 07:06 UTC and
# "13 November 2024") and the portal's address (a free port each test session).
PIN_TEXT = r"""main => {
    const months = "January|February|March|April|May|June|July|August|September|October|November|December";
    const pins = [
        [/\d{2}\/\d{2}\/\d{4}/g, "01/01/2000"],
        [/\d{2}:\d{2} UTC/g, "00:00 UTC"],
        [new RegExp(`\\d{1,2} (${months}) \\d{4}`, "g"), "1 January 2000"],
        [/localhost:\d+/g, "localhost:3000"],
    ];
    const texts = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        const pinned = pins.reduce((text, [pattern, fixed]) => text.replace(pattern, fixed), node.nodeValue);
        if (pinned !== node.nodeValue) node.nodeValue = pinned;
    }
}"""
# Pictures of what changes are masked: the QR code holds the portal's address.
QR_CODE = "QR code of the verification address"


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    ready: str  # text that shows once the page's data has arrived


@pytest.fixture(scope="module")
def demo_story(portal) -> None:
    """The demo accounts as the README tells them, whatever earlier tests clicked."""
    RECORDER.remember_people(portal.database_url)  # the journeys' people, for the control check
    env = dict(
        os.environ, DATABASE_URL=portal.database_url, PORTAL_SEED_DEMO="true", PORTAL_BASE_URL=portal.base_url
    )
    done = subprocess.run(
        [sys.executable, "-m", "portal_app.cli", "reset-demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def signed_in(browser, portal, demo_story) -> Iterator:
    contexts = []

    def open_as(email: str | None):
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, device_scale_factor=1)
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        if email:
            sign_in(page, portal, email, PASSWORD)
            page.wait_for_url(re.compile(r"/(dashboard|third-party|admin)/?$"))
        return page

    yield open_as
    for context in contexts:
        context.close()


def _look(page, portal, shots: list[Shot], mask_more=()) -> list[str]:
    problems = []
    for shot in shots:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(portal.url(shot.path))
            expect(page.get_by_role("heading", level=1).first).to_be_visible()
            expect(page.get_by_text(shot.ready).first).to_be_visible()
            page.evaluate("document.fonts.ready")
            page.wait_for_function("[...document.images].every(image => image.complete)")
            main = page.get_by_role("main")
            main.evaluate(PIN_TEXT)
            masks = [page.get_by_role("img", name=QR_CODE), *(page.locator(css) for css in mask_more)]
            png = main.screenshot(animations="disabled", caret="hide", mask=masks, mask_color="#888")
            problems.append(compare(f"page-{shot.name}-{width}.png", png))
    return [problem for problem in problems if problem]


def test_the_public_pages_look_as_accepted(signed_in, portal):
    page = signed_in(None)
    shots = [
        Shot("home", "/", "Verify a document"),
        Shot("sign-in", "/signin", "Forgot your password?"),
        Shot("register", "/register", "Register"),
    ]
    problems = _look(page, portal, shots)
    assert not problems, "\n".join(problems)


def test_a_learners_pages_look_as_accepted(signed_in, portal):
    page = signed_in("claire.hammond@example.com")
    shots = [
        Shot("dashboard", "/dashboard", "Ted Trew"),
        Shot("documents", "/documents", "29567186-01-PJPC"),
        Shot("document", "/documents/29567186-01-PJPC", "29567186-01-PJPC"),
        Shot("connections", "/connections", "Ted Trew"),
    ]
    problems = _look(page, portal, shots)
    assert not problems, "\n".join(problems)


def test_the_store_pages_look_as_accepted(signed_in, portal):
    page = signed_in("sarah.yeoman@example.com")
    page.goto(portal.url("/store?document=42121928-01-5KNO"))
    expect(page.get_by_role("combobox", name="Document")).to_contain_text("42121928-01-5KNO")
    page.get_by_role("button", name="Add to basket").click()
    expect(page.get_by_role("link", name=re.compile("Basket"))).to_contain_text("1")
    shots = [
        Shot("store", "/store", "Add to Basket"),
        Shot("basket", "/basket", "Proceed to checkout"),
        Shot("checkout", "/checkout", "Summary"),
        Shot("orders", "/orders", "ORD-100001"),
    ]
    problems = _look(page, portal, shots)
    assert not problems, "\n".join(problems)


def test_a_third_partys_learners_look_as_accepted(signed_in, portal):
    page = signed_in("ted.trew@fleetmotors.example")
    problems = _look(page, portal, [Shot("third-party-learners", "/third-party", "Claire Hammond")])
    assert not problems, "\n".join(problems)


def test_the_admin_overview_looks_as_accepted(signed_in, portal):
    page = signed_in("admin@awarding.example")
    shots = [Shot("admin-overview", "/admin", "The last 12 weeks")]
    problems = _look(page, portal, shots, mask_more=(".recharts-wrapper", ".trend-card p"))
    assert not problems, "\n".join(problems)
