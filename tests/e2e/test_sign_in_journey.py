"""A demo learner signs in, sees the dashboard, and signs out; bad credentials get one message."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal_app.seed import DEMO_PASSWORD
from portal_app.services.auth import SIGN_IN_FAILED
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_demo_learner_signs_in_and_sees_the_dashboard(page, portal):
    page.goto(portal.url("/dashboard"))
    page.wait_for_url("**/signin?next=/dashboard")
    page.fill("#email", "claire.hammond@example.com")
    page.fill("#password", DEMO_PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    assert "Welcome to the" in page.inner_text("#welcome")
    expect(page.locator("#documents-summary")).to_contain_text("You have 3 documents")
    expect(page.locator("#connections-summary")).to_contain_text("1 active connections and 0 pending")
    page.click("#user-menu")
    page.click("#sign-out")
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
    assert page.input_value("#email") == email
    assert "Traceback" not in page.content()
