"""The production setup: PostgreSQL, Redis-held UI state, two backend workers behind one port."""

from __future__ import annotations

import re

import pytest
import redis
from playwright.sync_api import expect

from portal_app.seed import DEMO_PASSWORD
from tests.e2e.conftest import PROD_REDIS_URL, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def prod_page(browser, prod_portal):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def test_signed_in_across_workers_and_after_redis_loses_every_state(prod_page, prod_portal):
    page = prod_page
    sign_in(page, prod_portal, "claire.hammond@example.com", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    expect(page.locator("#documents-summary")).to_contain_text("You have 3 documents")

    # Several tabs: each opens its own websocket, which the two workers share between them.
    tabs = [page.context.new_page() for _ in range(3)]
    for tab in tabs:
        tab.goto(prod_portal.url("/dashboard/"))
        expect(tab.locator("#connections-summary")).to_contain_text("1 active connections")
        tab.close()

    # Redis restarted: every UI state is gone. The browser still holds its session cookie.
    redis.Redis.from_url(PROD_REDIS_URL).flushdb()
    page.reload()
    expect(page.locator("#documents-summary")).to_contain_text("You have 3 documents")
    expect(page.locator("#user-menu")).to_contain_text("Claire Hammond")
