"""The profile's address and e-mail forms in the browser: a refused address is said by its
fields (the first one gets focus), a saved one is listed and can be deleted, and a change of
e-mail address waits for the link sent to the new one."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_documents_journey import PASSWORD, _learner_with_documents

pytestmark = pytest.mark.e2e


def _profile_of(page, portal, email: str) -> None:
    sign_in(page, portal, email, PASSWORD)
    expect(page.get_by_role("button", name="Account menu")).to_be_visible()
    page.goto(portal.url("/profile"))


def test_keep_an_address_then_delete_it(page, portal):
    email, _ = _learner_with_documents(portal, "Addy", "Ress", ())
    _profile_of(page, portal, email)
    expect(page.get_by_label("First name")).to_have_value("Addy")
    page.get_by_role("tab", name="Addresses").click()
    page.get_by_role("button", name="Add an address").click()
    page.get_by_label("Full name").fill("Addy Ress")
    page.get_by_role("button", name="Save address").click()

    line1 = page.get_by_label("Address line 1")
    expect(page.get_by_role("alert").filter(has_text="Enter the first line of the address.")).to_be_visible()
    expect(line1).to_have_attribute("aria-invalid", "true")
    expect(line1).to_be_focused()
    line1.fill("1 Quarry Lane")
    page.get_by_label("Town or city").fill("Leeds")
    page.get_by_label("Postcode").fill("LS1 1AA")
    page.get_by_role("button", name="Save address").click()
    expect(page.get_by_text("Address saved.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"1 Quarry Lane.*Leeds"))).to_be_visible()

    page.get_by_role("button", name="Delete", exact=True).click()
    page.get_by_role("alertdialog", name="Delete this address?").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Address deleted.")).to_be_visible()
    expect(page.get_by_text("No addresses yet.")).to_be_visible()


def test_a_new_e_mail_address_waits_for_its_link(page, portal):
    email, _ = _learner_with_documents(portal, "Eve", "Mailer", ())
    _profile_of(page, portal, email)
    expect(page.get_by_label("First name")).to_have_value("Eve")
    page.get_by_role("tab", name="Password and e-mail").click()
    new_address = f"eve-{uuid.uuid4().hex[:6]}@example.com"
    page.get_by_label("New e-mail address").fill(new_address)
    page.get_by_role("textbox", name="Your password", exact=True).fill("not my password")
    page.get_by_role("button", name="Send confirmation link").click()
    expect(page.get_by_role("textbox", name="Your password", exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )

    page.get_by_role("textbox", name="Your password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Send confirmation link").click()
    expect(page.get_by_text(f"We have sent a link to {new_address}")).to_be_visible()
    expect(page.get_by_text(f"Your e-mail address now: {email}")).to_be_visible()
