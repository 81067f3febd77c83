"""Account actions the other account journeys leave out: a third party registers, a learner asks
for a new confirmation link, a new administrator sets up their authenticator app (or goes back to
sign in as someone else), and a learner whose account shows no documents is told the guidance's two reasons and whom to contact.
"""

from __future__ import annotations

import re
import time
import uuid

import pyotp
import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.infra.settings import settings
from tests.e2e.conftest import RunningPortal, sign_in
from tests.factories import PASSWORD, make_account

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "violet tractor mundane"


def _at(page: Page, path: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(path) + r"/?(\?.*)?$"))


def _link(portal: RunningPortal, to: str, subject: str, path: str) -> str:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for message in portal.smtp.inbox.to(to):
            if subject in message["Subject"]:
                for part in message.walk():
                    if part.get_content_type() == "text/plain":
                        text = part.get_payload(decode=True).decode()
                        return re.search(r"https?://\S+" + re.escape(path) + r"\?\S+", text).group(0)
        time.sleep(0.3)
    raise AssertionError(f"no e-mail {subject!r} to {to}")


def _field(page: Page, label: str) -> Locator:
    """A form field by its accessible name (a required field's label also shows an aria-hidden "*")."""
    return page.get_by_role("textbox", name=label, exact=True)


def test_a_third_party_registers_confirms_and_signs_in(page, portal):
    email = f"hr-{uuid.uuid4().hex[:8]}@recruiter.example"
    page.goto(portal.url("/register"))
    page.get_by_role("radio", name=re.compile("third party")).click()
    _field(page, "E-mail").fill(email)
    _field(page, "Password").fill(NEW_PASSWORD)
    _field(page, "Confirm password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Next").click()
    _field(page, "First name").fill("Rhea")
    _field(page, "Last name").fill("Recruiter")
    _field(page, "Organisation").fill("Recruiter Ltd")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("definition").filter(has_text="Recruiter Ltd")).to_be_visible()  # the summary
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(email)

    page.goto(_link(portal, email, "Confirm your e-mail", "/verify-email"))
    expect(page.get_by_text("Your account is ready")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    _at(page, "/signin")
    sign_in(page, portal, email, NEW_PASSWORD)
    _at(page, "/third-party")


def test_a_learner_who_lost_the_confirmation_e_mail_asks_for_a_new_link(page, portal):
    email = f"lost-{uuid.uuid4().hex[:8]}@example.com"
    with Session(get_engine(portal.database_url)) as db:
        make_account(db, "learner", status="unverified", email=email, first_name="Lou", last_name="Lost")
    page.goto(portal.url("/verify-email?token=no-such-token"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Send a new link").click()
    expect(page.get_by_text("a new link is on its way")).to_be_visible()
    page.goto(_link(portal, email, "Confirm your e-mail", "/verify-email"))
    outcome = re.compile(r"^(Your account is ready|E-mail confirmed: we are checking your details)$")
    expect(page.get_by_role("heading", name=outcome)).to_be_visible()  # not the last link's "expired"


def test_a_new_administrator_sets_up_their_app_or_signs_in_as_someone_else(page, portal):
    email = f"staff-{uuid.uuid4().hex[:8]}@awarding.example"
    with Session(get_engine(portal.database_url)) as db:
        make_account(db, "admin", email=email, first_name="Sam", last_name="Staff")
    sign_in(page, portal, email, PASSWORD)
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    page.get_by_role("link", name="Sign in as someone else").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    sign_in(page, portal, email, PASSWORD)
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    key = page.get_by_text("Can't scan? Type this key instead:").inner_text()
    secret = key.split(":", 1)[1].replace(" ", "")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).at(utcnow()))
    page.get_by_role("button", name="Continue").click()
    _at(page, "/admin")


def test_a_learner_who_sees_no_documents_is_told_why_and_whom_to_contact(page, portal):
    email = f"empty-{uuid.uuid4().hex[:8]}@example.com"
    with Session(get_engine(portal.database_url)) as db:
        make_account(db, "learner", email=email, first_name="Emma", last_name="Empty")
    sign_in(page, portal, email, PASSWORD)
    _at(page, "/dashboard")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Documents").click()
    notice = page.get_by_text(
        re.compile(r"^We cannot show you any documents yet\. This can be for one of two reasons")
    )
    expect(notice).to_contain_text(settings.support_email)
