"""Demo mode in the browser (issue 19): the component gallery shows every shared component in its
states and they work; administrators see "Reset demo data", which asks first; a learner's
hand-made reset event is refused on the server.

The confirmed reset itself runs in tests/test_demo_reset.py: here it would empty the database
every other browser test of this session is using.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, func, select

from portal_app.infra.db import get_engine
from portal_app.models import Account, AuthSession
from portal_app.seed import DEMO_PASSWORD
from tests.e2e.conftest import sign_in
from tests.support.reflex_client import ReflexClient, run, state_path
from tests.support.second_factor import DEMO_ADMIN

pytestmark = pytest.mark.e2e

BASE = "portal_app.state.base.PortalState"
DEMO_RESET = state_path(BASE, "portal_app.state.demo.DemoResetState")


def test_the_gallery_shows_each_shared_component_in_its_states(page, portal):
    page.goto(portal.url("/dev/components"))
    expect(page.get_by_role("heading", name="Component gallery", level=1)).to_be_visible()
    for section in (
        "Status badges",
        "Data table",
        "Pager",
        "Form fields",
        "Dialogs",
        "Alerts",
        "Official documents",
    ):
        expect(page.get_by_role("heading", name=section, level=2)).to_be_visible()
    statuses = page.get_by_role("group", name="Every status (components/badges.py)", exact=True)
    for label in (
        "Valid",
        "Superseded",
        "Pending review",
        "Awaiting payment",
        "Dispatched",
        "Refunded",
        "unknown",
    ):
        expect(statuses.get_by_text(label, exact=True)).to_be_visible()

    empty = page.get_by_role("group", name="Empty", exact=True)
    expect(empty.get_by_text("No connections yet.")).to_be_visible()

    paged = page.get_by_role("group", name="Paged", exact=True)
    expect(paged.get_by_text("12 connections · page 1 of 3")).to_be_visible()
    paged.get_by_role("button", name="Next").click()
    expect(paged.get_by_text("12 connections · page 2 of 3")).to_be_visible()
    expect(paged.get_by_role("cell", name="Jo Bloggs", exact=True)).to_be_visible()

    searched = page.get_by_role("group", name="Searched", exact=True)
    searched.get_by_role("textbox", name="Search").fill("priya")
    expect(searched.get_by_role("cell", name="Priya Patel (2)", exact=True)).to_be_visible()
    expect(searched.get_by_role("cell", name="Ted Trew", exact=True)).to_have_count(0)

    phone = page.get_by_role("group", name="Stacked at phone width (375 px)", exact=True)
    expect(phone.get_by_text("Ted Trew", exact=True)).to_be_visible()
    expect(phone.locator("thead")).to_be_hidden()  # each cell shows its column's name instead
    assert phone.locator("table").bounding_box()["width"] <= 375


def test_the_gallery_documents_dialogs_and_alerts(page, portal):
    page.goto(portal.url("/dev/components"))
    expect(
        page.get_by_role("group", name="Badge", exact=True).get_by_role(
            "img", name="Badge: High-Voltage Technician"
        )
    ).to_be_visible()
    expect(
        page.get_by_role("group", name="Transcript", exact=True).get_by_role(
            "cell", name="HEV303", exact=True
        )
    ).to_be_visible()
    expect(
        page.get_by_role("group", name="Revoked", exact=True).get_by_text("This document has been revoked")
    ).to_be_visible()
    expect(
        page.get_by_role("group", name="Superseded", exact=True).get_by_role(
            "link", name="View the current version"
        )
    ).to_be_visible()
    expect(
        page.get_by_role("group", name="Failed integrity check", exact=True).get_by_text(
            "failed its integrity check"
        )
    ).to_be_visible()
    expect(page.get_by_role("group", name="With an error", exact=True).get_by_role("alert")).to_have_text(
        "Enter an e-mail address like name@example.com."
    )

    page.get_by_role("group", name="Triggers", exact=True).get_by_role(
        "button", name="Delete the connection with Ted Trew"
    ).click()
    dialog = page.get_by_role("alertdialog", name="Delete this connection?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()

    page.get_by_role("button", name="Show the page alert (done)").click()
    expect(
        page.get_by_role("alert").filter(has_text="Your connection with Ted Trew was deleted.")
    ).to_be_visible()


def test_an_administrator_sees_reset_demo_data_which_asks_first(page, portal):
    sign_in(page, portal, DEMO_ADMIN, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    page.get_by_role("button", name="Reset demo data").click()
    dialog = page.get_by_role("alertdialog", name="Reset demo data?")
    expect(dialog).to_contain_text("every demo account goes back to the README's story")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Demo data reset")).to_have_count(0)


def _sessions(url: str) -> int:
    with Session(get_engine(url)) as db:
        return db.exec(select(func.count()).select_from(AuthSession)).one()


def test_a_learner_cannot_reset_the_demo_data(portal):
    async def attack() -> ReflexClient:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        assert await client.sign_in("sarah.yeoman@example.com", DEMO_PASSWORD)
        await client.call(DEMO_RESET + ".reset_demo", {}, done=(DEMO_RESET, "problem"))
        await client.close()
        return client

    client = run(attack())
    assert client.value(DEMO_RESET, "problem") == "You do not have access to that."
    assert _sessions(portal.database_url) > 0  # a reset would have signed everyone out
    with Session(get_engine(portal.database_url)) as db:
        sarah = db.exec(select(Account).where(Account.email == "sarah.yeoman@example.com")).one()
        assert db.exec(select(AuthSession).where(AuthSession.account_id == sarah.id)).first() is not None
