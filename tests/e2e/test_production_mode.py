"""The production setup: PostgreSQL, Redis-held UI state, two backend workers behind one port."""

from __future__ import annotations

import re
import signal

import pytest
from playwright.sync_api import expect

from portal_app.portal_app import STATE_STORE_DOWN
from portal_app.seed import DEMO_PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def prod_page(browser, prod_portal):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def test_signed_in_across_workers_and_after_redis_loses_every_state(prod_page, prod_portal, prod_redis):
    page = prod_page
    sign_in(page, prod_portal, "claire.hammond@example.com", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    expect(page.get_by_text("You have 3 documents")).to_be_visible()

    # Several tabs: each opens its own websocket, which the two workers share between them.
    tabs = [page.context.new_page() for _ in range(3)]
    for tab in tabs:
        tab.goto(prod_portal.url("/dashboard/"))
        expect(tab.get_by_text("You have 1 active connection and")).to_be_visible()
        tab.close()

    # Redis restarted: every UI state is gone. The browser still holds its session cookie.
    prod_redis.client().flushdb()
    page.reload()
    expect(page.get_by_text("You have 3 documents")).to_be_visible()
    expect(page.get_by_role("button", name="Account menu")).to_contain_text("Claire Hammond")


def test_sign_in_share_and_add_to_basket_on_several_workers(prod_page, prod_portal):
    from sqlmodel import Session, select

    from portal_app.infra.db import get_engine
    from portal_app.models import Account, BasketItem, Connection, ConnectionDocument
    from tests.e2e.test_share_journey import PASSWORD, _make_people

    people = _make_people(prod_portal.database_url)
    page = prod_page
    sign_in(page, prod_portal, people["learner"], PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))

    page.goto(prod_portal.url("/connections"))
    # the page's own data has arrived (its load ran on some worker), so the websocket is up
    expect(page.get_by_text(re.compile(r"No connections here\.|page 1 of"))).to_be_visible()
    page.get_by_role("button", name="Add Connection").click()
    dialog = page.get_by_role("dialog", name="Add Connection")
    dialog.get_by_label("Name", exact=True).fill("Hana Recruiter")
    dialog.get_by_label("E-mail").fill(people["third_party"])
    dialog.get_by_role("button", name="Next: choose documents").click()
    page.wait_for_url(re.compile(r"/connections/share/?$"))  # the details wait in Redis-held state
    certificate = page.get_by_role("checkbox", name=re.compile(people["cert"]))
    certificate.click()
    expect(certificate).to_be_checked()
    page.get_by_role("button", name="Share Documents").click()
    expect(
        page.get_by_role("alert").filter(has_text="1 document shared with Hana Recruiter: the invitation")
    ).to_be_visible()

    page.goto(prod_portal.url(f"/store?document={people['cert']}"))
    page.get_by_role("button", name="Add to Basket").click()
    expect(page.get_by_role("link", name="Basket, 1 item")).to_be_visible()

    with Session(get_engine(prod_portal.database_url)) as db:
        learner = db.exec(select(Account).where(Account.email == people["learner"])).one()
        connection = db.exec(select(Connection).where(Connection.learner_account_id == learner.id)).one()
        shared = db.exec(
            select(ConnectionDocument).where(ConnectionDocument.connection_id == connection.id)
        ).all()
        basket = db.exec(select(BasketItem).where(BasketItem.account_id == learner.id)).all()
    assert connection.third_party_email == people["third_party"] and len(shared) == 1
    assert [item.quantity for item in basket] == [1]


def test_redis_stopped_users_are_told_and_after_its_restart_carry_on_signed_in(
    prod_page, prod_portal, prod_redis
):
    """Redis holds only UI state. While it is down (stopped politely or killed) the page says so
    in plain words; once it is back on the same port a reload finds the learner still signed in
    (the session cookie re-hydrates) with the basket intact (it lives in PostgreSQL)."""
    from tests.e2e.test_share_journey import PASSWORD, _make_people

    people = _make_people(prod_portal.database_url)
    page = prod_page
    sign_in(page, prod_portal, people["learner"], PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    page.goto(prod_portal.url(f"/store?document={people['cert']}"))
    page.get_by_role("button", name="Add to Basket").click()
    expect(page.get_by_role("link", name="Basket, 1 item")).to_be_visible()
    notice = page.get_by_role("alert").filter(has_text=STATE_STORE_DOWN)
    expect(notice).to_be_hidden()

    for stop in (signal.SIGTERM, signal.SIGKILL):
        log_lines = len(prod_portal.log_path.read_text().splitlines())
        prod_redis.stop(stop)
        try:
            page.get_by_role("link", name="Basket, 1 item").click()  # an action on the open page
            expect(notice).to_have_text(STATE_STORE_DOWN)
            page.reload()  # a fresh page load
            expect(notice).to_have_text(STATE_STORE_DOWN)
            assert "Traceback" not in page.content()
            # Each failed event is reported once, not retried in a loop while Redis is away.
            page.wait_for_timeout(1000)
            outage_log = prod_portal.log_path.read_text().splitlines()[log_lines:]
            assert sum("state store unreachable" in line for line in outage_log) < 20
        finally:
            prod_redis.start()
        page.reload()
        expect(page.get_by_role("button", name="Account menu")).to_contain_text("Journey Learner")
        expect(page.get_by_role("link", name="Basket, 1 item")).to_be_visible()
        lines = page.get_by_role("row").filter(has=page.get_by_role("button", name="Remove"))
        expect(lines).to_have_count(1)
        expect(lines).to_contain_text(people["cert"])
        expect(notice).to_be_hidden()
