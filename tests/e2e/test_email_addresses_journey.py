"""One person, two e-mail addresses, in a real browser: add a college address with the password,
confirm it from the e-mail, sign in with it, make it primary, and remove the old one."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from portal_app.infra.db import get_engine
from tests.e2e.axe_scan import axe
from tests.e2e.conftest import RunningPortal, sign_in
from tests.factories import PASSWORD, make_learner

pytestmark = pytest.mark.e2e


def _mail(portal: RunningPortal, to: str, subject: str):
    """The e-mail to `to` about `subject`, waiting for it (the outbox sends it from another process)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for message in portal.smtp.inbox.to(to):
            if subject in message["Subject"]:
                return message
        time.sleep(0.3)
    raise AssertionError(f"no e-mail {subject!r} to {to}: {[m['Subject'] for m in portal.smtp.inbox.to(to)]}")


def _link(portal: RunningPortal, to: str, subject: str) -> str:
    for part in _mail(portal, to, subject).walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
            return re.search(r"https?://\S+/verify-email\?add=\S+", text).group(0)
    raise AssertionError("no text part")


def _field(page: Page, label: str):
    return page.get_by_role("textbox", name=label, exact=True)


def _password(page: Page, label: str):
    return page.get_by_label(label, exact=True)


def _addresses_tab(page: Page, portal: RunningPortal) -> None:
    page.goto(portal.url("/profile"))
    page.get_by_role("tab", name="Password and e-mail").click()
    expect(page.get_by_role("heading", name="E-mail addresses")).to_be_visible()


def test_a_learner_adds_a_college_address_signs_in_with_it_and_drops_the_old_one(browser, page, portal):
    tag = uuid.uuid4().hex[:8]
    home, college = f"tom-{tag}@home.example", f"tom-{tag}@college.example"
    with Session(get_engine(portal.database_url), expire_on_commit=False) as db:
        make_learner(db, email=home, first_name="Tom", last_name="Twoaddress")
    sign_in(page, portal, home, PASSWORD)
    page.wait_for_url(lambda url: "/signin" not in url)
    _addresses_tab(page, portal)
    addresses = page.get_by_role("list", name="Your e-mail addresses")

    _field(page, "E-mail address to add").fill(college)
    _password(page, "Your password, to add it").fill("not my password")
    page.get_by_role("button", name="Add address", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Your password is not correct")).to_be_visible()
    _password(page, "Your password, to add it").fill(PASSWORD)
    page.get_by_role("button", name="Add address", exact=True).click()
    expect(page.get_by_text(f"We have sent a link to {college}.")).to_be_visible()
    waiting = addresses.get_by_role("listitem").filter(has_text=college)
    expect(waiting).to_contain_text("Waiting")
    expect(page.get_by_role("button", name=f"Make {college} primary")).to_have_count(0)  # not proven yet
    for width, height in ((1280, 900), (375, 800)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"var/screens/email-addresses-waiting-{width}.png", full_page=True)
        assert axe(page, f"profile e-mail addresses at {width}px") == []
    page.set_viewport_size({"width": 1280, "height": 900})
    _mail(portal, home, "An e-mail address is being added to your account")  # the primary is told

    page.goto(_link(portal, college, "Confirm the e-mail address you added"))
    expect(page.get_by_role("heading", name="Your extra e-mail address is confirmed")).to_be_visible()

    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(other, portal, college, PASSWORD)  # the new address signs in to the same account
    other.wait_for_url(lambda url: "/signin" not in url)
    expect(other.get_by_text("Hi, Tom Twoaddress")).to_be_visible()  # the same account
    other.context.close()

    _addresses_tab(page, portal)
    expect(addresses.get_by_role("listitem").filter(has_text=college)).to_contain_text("Verified")
    page.get_by_role("button", name=f"Make {college} primary").click()
    expect(page.get_by_text(f"{college} now receives your e-mail.")).to_be_visible()
    expect(addresses.get_by_role("listitem").first).to_contain_text(college)
    expect(addresses.get_by_role("listitem").first).to_contain_text("Receives your e-mail")
    for width, height in ((1280, 900), (375, 800)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"var/screens/email-addresses-primary-{width}.png", full_page=True)
        assert axe(page, f"profile e-mail addresses at {width}px") == []
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name=f"Remove {home}").click()
    page.get_by_role("button", name="Keep it", exact=True).click()
    expect(page.get_by_role("heading", name=f"Remove {home}?")).to_have_count(0)
    page.get_by_role("button", name=f"Remove {home}").click()
    page.get_by_role("button", name="Remove address").click()
    expect(page.get_by_role("alert").filter(has_text="Enter your password")).to_be_visible()
    _password(page, "Your password, to remove it").fill(PASSWORD)
    page.get_by_role("button", name="Remove address").click()
    expect(page.get_by_text(f"{home} has been removed from your account.")).to_be_visible()
    expect(addresses.get_by_role("listitem")).to_have_count(1)
    expect(addresses).not_to_contain_text(home)
    _mail(portal, home, "An e-mail address was removed from your account")  # and the removed one
