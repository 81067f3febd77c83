"""A demo learner signs in, sees the dashboard, and signs out; bad credentials get one message;
an administrator also needs a code from their authenticator app."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal_app.seed import DEMO_PASSWORD
from portal_app.services.auth import SIGN_IN_FAILED
from tests.e2e.conftest import sign_in
from tests.support.second_factor import DEMO_ADMIN, demo_admin_code

pytestmark = pytest.mark.e2e


def test_demo_learner_signs_in_and_sees_the_dashboard(page, portal):
    page.goto(portal.url("/dashboard"))
    page.wait_for_url("**/signin?next=/dashboard")
    page.get_by_label("E-mail").fill("claire.hammond@example.com")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()  # not the top bar's
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome to the")
    expect(page.get_by_text("You have 3 documents")).to_be_visible()
    expect(page.get_by_text("You have 1 active connection and 0 pending connections.")).to_be_visible()
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signin/?$"))
    page.goto(portal.url("/dashboard"))
    page.wait_for_url("**/signin?next=/dashboard")


@pytest.mark.parametrize(
    "email,password",
    [
        ("claire.hammond@example.com", "not-the-password-123"),
        ("nobody-here@example.com", "not-the-password-123"),
        ("graham.oakes@example.com", "legacy-account-without-password"),
    ],
)
def test_bad_sign_in_shows_one_message_and_keeps_the_email(page, portal, email, password):
    sign_in(page, portal, email, password)
    alert = page.get_by_role("alert").filter(has_text="incorrect")
    alert.wait_for()
    assert SIGN_IN_FAILED in alert.inner_text()
    expect(page.get_by_label("E-mail")).to_have_value(email)
    assert "Traceback" not in page.content()


def test_an_administrator_also_types_a_code_from_their_app(page, portal):
    page.goto(portal.url("/admin/orders"))
    page.wait_for_url("**/signin?next=/admin/orders")
    page.get_by_label("E-mail").fill(DEMO_ADMIN)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()  # not the top bar's
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_label("Code").fill("000000" if demo_admin_code() != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert").filter(has_text="That code is not right")).to_be_visible()
    page.goto(portal.url("/admin"))  # still signed out: the password alone opened nothing
    page.wait_for_url("**/signin?next=/admin")
    page.get_by_label("E-mail").fill(DEMO_ADMIN)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()  # not the top bar's
    page.get_by_label("Code").fill(demo_admin_code(portal.database_url))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/admin/?$"))
    page.get_by_text(re.compile(r"registrations? to review")).wait_for()
