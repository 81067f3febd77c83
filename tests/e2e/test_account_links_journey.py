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
from playwright.sync_api import Page, expect
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


def test_a_third_party_registers_confirms_and_signs_in(page, portal):
    email = f"hr-{uuid.uuid4().hex[:8]}@recruiter.example"
    page.goto(portal.url("/register"))
    page.get_by_role("radio", name=re.compile("third party")).click()
    page.locator("#reg-email").fill(email)  # the step's fields are tested by id in test_accounts_journey
    page.locator("#reg-password").fill(NEW_PASSWORD)
    page.locator("#reg-confirm").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Next").click()
    page.locator("#reg-first-name").fill("Rhea")  # labels are not tied to fields yet (forms.field)
    page.locator("#reg-last-name").fill("Recruiter")
    page.locator("#reg-organisation").fill("Recruiter Ltd")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#reg-summary")).to_contain_text("Recruiter Ltd")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#reg-sent")).to_be_visible()
    expect(page.locator(".page-content")).to_contain_text(email)

    page.goto(_link(portal, email, "Confirm your e-mail", "/verify-email"))
    expect(page.get_by_text("Your account is ready")).to_be_visible()
    page.locator(".page-content").get_by_role("link", name="Sign in").click()
    _at(page, "/signin")
    sign_in(page, portal, email, NEW_PASSWORD)
    _at(page, "/third-party")


def test_a_learner_who_lost_the_confirmation_e_mail_asks_for_a_new_link(page, portal):
    email = f"lost-{uuid.uuid4().hex[:8]}@example.com"
    with Session(get_engine(portal.database_url)) as db:
        make_account(db, "learner", status="unverified", email=email, first_name="Lou", last_name="Lost")
    page.goto(portal.url("/verify-email?token=no-such-token"))
    page.locator("#resend-email").fill(email)
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
    expect(page.locator("#enrol-qr")).to_be_visible()
    secret = page.locator("#enrol-secret").inner_text().replace(" ", "")
    page.locator("#code").fill(pyotp.TOTP(secret).at(utcnow()))
    page.get_by_role("button", name="Continue").click()
    _at(page, "/admin")


def test_a_learner_who_sees_no_documents_is_told_why_and_whom_to_contact(page, portal):
    email = f"empty-{uuid.uuid4().hex[:8]}@example.com"
    with Session(get_engine(portal.database_url)) as db:
        make_account(db, "learner", email=email, first_name="Emma", last_name="Empty")
    sign_in(page, portal, email, PASSWORD)
    _at(page, "/dashboard")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Documents").click()
    notice = page.locator("#no-record")  # no learner record linked: the guidance's two reasons
    expect(notice).to_contain_text("We cannot show you any documents yet.")
    expect(notice).to_contain_text(settings.support_email)
