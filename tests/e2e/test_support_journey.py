"""Support staff, in chromium: open a learner's record page from the records list, see her
documents, connections (with the third party's views), orders and e-mails; find that look in
the audit log, filtered by kind, and download the day's log as CSV.

Screenshots at 1280 and 375 px go to PORTAL_SCREENS_DIR when it names a folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.models import Account
from tests.e2e.conftest import sign_in
from tests.support.second_factor import DEMO_ADMIN

pytestmark = pytest.mark.e2e
ADMIN_PASSWORD = "portal-demo-2026"


def _screens(page: Page, name: str) -> None:
    """The page at 1280 and at 375 px wide, for people to look at."""
    folder = os.environ.get("PORTAL_SCREENS_DIR")
    if not folder:
        return
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(500)  # charts redraw at the new width
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _table(page: Page, column: str) -> Locator:
    """The table with this column, as a person tells the page's tables apart."""
    return page.get_by_role("table").filter(has=page.get_by_role("columnheader", name=column, exact=True))


def test_support_looks_up_a_learner_and_the_look_is_in_the_audit_log(page, portal):
    sign_in(page, portal, DEMO_ADMIN, ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))

    page.goto(portal.url("/admin/records"))
    page.get_by_placeholder("Candidate number, name, e-mail or document reference").fill("00021124")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Open the record of Claire Hammond").click()

    expect(page.get_by_role("heading", name="Claire Hammond", level=1)).to_be_visible()
    expect(page.get_by_text("claire.hammond@example.com · Active")).to_be_visible()
    documents = _table(page, "Qualification")
    expect(documents).to_contain_text("29567186-01-PJPC")
    connections = _table(page, "Third party")
    expect(connections.get_by_role("row").filter(has_text="Ted Trew").first).to_contain_text("view")
    expect(page.get_by_role("heading", name=re.compile(r"^E-mails sent"))).to_be_visible()
    _screens(page, "support-view")

    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log", level=1)).to_be_visible()
    page.get_by_role("combobox", name="Kind of action").click()
    page.get_by_role("option", name="Support views and exports").click()
    look = page.locator(".audit-row").filter(has_text="support.viewed").first
    expect(look).to_contain_text("Claire Hammond")
    expect(look).to_contain_text(DEMO_ADMIN)
    expect(look).to_contain_text("127.0.0.1")

    today = utcnow().date().isoformat()
    page.get_by_label("From", exact=True).fill(today)
    page.get_by_label("To", exact=True).fill(today)
    page.get_by_role("button", name="Apply filters").click()
    expect(look).to_be_visible()
    _screens(page, "audit-log")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these days as CSV").click()
    body = Path(download.value.path()).read_text()
    assert body.startswith("time_utc,actor_email,")
    assert "support.viewed" in body and DEMO_ADMIN in body


def test_support_goes_from_a_learner_to_their_orders_by_record_and_by_account(page, portal):
    sign_in(page, portal, DEMO_ADMIN, ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    page.goto(portal.url("/admin/records"))
    page.get_by_placeholder("Candidate number, name, e-mail or document reference").fill("00034561")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Open the record of Sarah Yeoman").click()
    expect(page.get_by_role("heading", name="Sarah Yeoman", level=1)).to_be_visible()
    page.get_by_role("link", name="ORD-100001", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/orders/ORD-100001/?$"))
    page.go_back()
    page.get_by_role("link", name="Back to learner records").click()
    page.wait_for_url(re.compile(r"/admin/records/?$"))

    # The same view by account (for an account with no learner record yet): typed, not linked.
    with Session(get_engine(portal.database_url)) as db:
        sarah = db.exec(select(Account).where(Account.email == "sarah.yeoman@example.com")).one()
    page.goto(portal.url(f"/admin/accounts/{sarah.id}"))
    expect(page.get_by_role("heading", name="Sarah Yeoman", level=1)).to_be_visible()
    page.get_by_role("link", name="ORD-100002", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/orders/ORD-100002/?$"))
    page.go_back()
    page.get_by_role("link", name="Back to learner records").click()
    page.wait_for_url(re.compile(r"/admin/records/?$"))


def test_a_wrong_date_range_is_a_message_next_to_the_field(page, portal):
    sign_in(page, portal, DEMO_ADMIN, ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    page.goto(portal.url("/admin/audit"))
    page.get_by_label("From", exact=True).fill("2026-11-20")
    page.get_by_label("To", exact=True).fill("2026-11-10")
    page.get_by_role("button", name="Apply filters").click()
    expect(
        page.get_by_role("alert").filter(has_text="The end date must be on or after the start date.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Download these days as CSV")).to_have_count(0)


def test_the_overview_charts_twelve_weeks_and_links_to_the_lists(page, portal):
    sign_in(page, portal, DEMO_ADMIN, ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    expect(page.get_by_role("heading", name="The last 12 weeks")).to_be_visible()
    registrations = page.locator(".trend-card").filter(
        has=page.get_by_role("heading", name="New registrations")
    )
    expect(registrations).to_contain_text(re.compile(r"[1-9]\d* matched their learner record at once"))
    expect(registrations.locator(".recharts-bar-rectangle").first).to_be_visible()
    revenue = page.locator(".trend-card").filter(
        has=page.get_by_role("heading", name="Revenue by delivery option (£)")
    )
    expect(revenue).to_contain_text(re.compile(r"£[\d,]+\.\d\d taken"))
    checks = page.locator(".trend-card").filter(has=page.get_by_role("heading", name="Public verifications"))
    expect(checks).to_contain_text(re.compile(r"[1-9][\d,]* checks found a valid document"))
    _screens(page, "overview")
    revenue.get_by_role("link", name="Order queue").click()
    page.wait_for_url(re.compile(r"/admin/orders/?$"))
    page.goto(portal.url("/admin"))
    page.get_by_role("link", name="Connection events in the audit log").click()
    expect(page.get_by_role("combobox", name="Kind of action")).to_have_text("Connections")
    expect(page.locator(".audit-row").first).to_contain_text("connection.")


def test_the_overviews_other_lists_the_audit_pages_and_the_finance_csv(page, portal):
    sign_in(page, portal, DEMO_ADMIN, ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    for link, address in (
        ("Registrations to review", r"/admin/registrations/?$"),
        ("Learner records", r"/admin/records/?$"),
        ("The public verification page", r"/verify/?$"),
    ):
        page.goto(portal.url("/admin"))
        page.get_by_role("link", name=link, exact=True).click()
        page.wait_for_url(re.compile(address))
    page.goto(portal.url("/admin/audit"))
    summary = page.locator(".page-summary")
    expect(summary).to_contain_text("page 1 of")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(summary).to_contain_text("page 2 of")
    page.get_by_role("button", name="Clear", exact=True).click()
    expect(summary).to_contain_text("page 1 of")
    page.goto(portal.url("/admin/orders"))
    page.get_by_label("From", exact=True).fill("2026-01-01")
    page.get_by_label("To", exact=True).fill("2026-12-31")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV", exact=True).click()
    assert download.value.suggested_filename.endswith(".csv")
