"""The small things a learner and an employer meet (issue 12): one report per double click or
resubmit, dates that read day first whatever the browser's language, a verification result with
its own address, empty states that say what to do, and the address bar and top bar telling the
truth after sign-in.

Each test makes its own learner (tests/e2e/test_documents_journey._learner_with_documents) or uses
demo accounts read-only, so other journeys cannot disturb them.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.infra.settings import settings
from portal_app.models import Account, Connection, Document, IssueReport
from portal_app.seed import DEMO_PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.test_documents_journey import PASSWORD, _learner_with_documents, _new_page

pytestmark = pytest.mark.e2e
SCREENS = (
    Path(os.environ.get("PORTAL_SCREENS_DIR") or Path(__file__).resolve().parents[2] / "var" / "screens")
    / "learner"
)


def _signed_in(browser, portal, email: str, password: str = PASSWORD, **options):
    context, page = _new_page(browser, **options)
    sign_in(page, portal, email, password)
    expect(page.get_by_role("button", name="Account menu")).to_be_visible()
    return context, page


def _reports_on(portal, reference: str) -> int:
    with Session(get_engine(portal.database_url)) as db:
        return len(
            db.exec(
                select(IssueReport)
                .join(Document, col(Document.id) == IssueReport.document_id)
                .where(Document.reference == reference)
            ).all()
        )


def test_a_double_click_or_a_resubmit_files_one_report_and_a_different_one_is_added(browser, portal):
    email, (reference,) = _learner_with_documents(portal, "Double", "Clicker", ("valid",))
    context, page = _signed_in(browser, portal, email)
    page.goto(portal.url(f"/documents/{reference}"))
    text = "My first name is misspelt; it should read Double."

    page.get_by_role("button", name="Report Issue").click()
    page.get_by_label("What is wrong?").fill(text)
    page.get_by_role("button", name="Send report").dblclick()
    expect(page.get_by_role("alert").filter(has_text="your report has been sent")).to_be_visible()
    page.get_by_role("button", name="Report Issue").click()  # the same report again
    page.get_by_label("What is wrong?").fill(text)
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.reload()
    expect(page.get_by_text(text)).to_have_count(1)
    assert _reports_on(portal, reference) == 1

    page.get_by_role("button", name="Report Issue").click()
    page.get_by_label("What is wrong?").fill("The grade should read Merit, not Pass.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("dialog")).to_be_hidden()  # filed: the typed text alone would match at once
    expect(page.get_by_text("The grade should read Merit, not Pass.")).to_have_count(1)
    assert _reports_on(portal, reference) == 2
    context.close()


def test_a_learner_without_documents_yet_reads_when_they_come_and_whom_to_contact(browser, portal):
    email, _ = _learner_with_documents(portal, "Empty", "Handed", ())
    context, page = _signed_in(browser, portal, email)
    page.goto(portal.url("/documents"))
    expect(page.get_by_text("No documents have been issued to you yet.")).to_be_visible()
    notice = page.get_by_text(re.compile("wrong type of account"))
    expect(notice).to_contain_text(settings.support_email)
    expect(notice).to_contain_text(settings.support_phone)
    context.close()


def _verify_screens(page, reference: str, width: int) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.screenshot(path=str(SCREENS / f"verify-result-{width}.png"), full_page=True)


def test_a_verification_result_has_its_own_address_with_dates_in_words(browser, portal):
    _, (reference,) = _learner_with_documents(portal, "Verity", "Address", ("valid",))
    context, page = _new_page(browser)
    page.goto(portal.url("/verify"))
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"verify-search-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Document reference").fill(reference.lower())
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/verify/{reference}/?$"))
    expect(page.get_by_role("heading", name="Valid")).to_be_visible()
    expect(page.get_by_text("3 February 2025")).to_be_visible()  # issued_on, in words
    for width in (1280, 375):
        _verify_screens(page, reference, width)

    forwarded, other = _new_page(browser)  # the address, bookmarked or forwarded
    other.goto(portal.url(f"/verify/{reference}"))
    expect(other.get_by_role("heading", name="Valid")).to_be_visible()
    expect(other.get_by_label("Document reference")).to_have_value(reference)
    other.get_by_label("Document reference").fill("00000000-01-NONE")
    other.get_by_role("button", name="Verify", exact=True).click()
    expect(other).to_have_url(re.compile(r"/verify/00000000-01-NONE/?$"))
    expect(other.get_by_role("heading", name="Not found")).to_be_visible()
    forwarded.close()
    context.close()

    with urllib.request.urlopen(portal.url(f"/api/verify/{reference}"), timeout=10) as response:  # noqa: S310
        assert json.load(response)["issued_on"] == "2025-02-03"  # machines keep ISO


def test_after_sign_in_the_address_bar_shows_the_page_and_back_does_not_bounce(browser, portal):
    email, _ = _learner_with_documents(portal, "Address", "Bar", ("valid",))
    context, page = _new_page(browser)
    page.goto(portal.url("/documents"))
    expect(page).to_have_url(re.compile(r"/signin\?next=/documents$"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(re.compile(r"/documents/?$"))
    expect(page.get_by_role("heading", name="Documents")).to_be_visible()
    page.go_back()  # the sign-in page was replaced: no bounce through /signin to the dashboard
    page.wait_for_timeout(3000)  # a bounce would take one round trip to the server
    assert page.evaluate("location.pathname").rstrip("/") == "/documents"
    expect(page.get_by_role("heading", name="Documents")).to_be_visible()
    context.close()


def test_the_top_bar_shows_who_is_signed_in_on_not_shared_with_you(browser, portal):
    with Session(get_engine(portal.database_url)) as db:
        ted = db.exec(select(Account).where(Account.email == "ted.trew@fleetmotors.example")).one()
        connection = db.exec(select(Connection).where(Connection.third_party_account_id == ted.id)).first()
    context, page = _signed_in(browser, portal, "ted.trew@fleetmotors.example", DEMO_PASSWORD)
    fresh = context.new_page()  # a new tab, as when a link to the document is opened
    fresh.goto(portal.url(f"/third-party/document?connection={connection.id}&reference=07171402-01-P6NA"))
    expect(fresh.get_by_role("alert").filter(has_text="not shared with you")).to_be_visible()
    expect(fresh.get_by_role("button", name="Account menu")).to_be_visible()
    expect(fresh.get_by_role("link", name="Sign in")).to_have_count(0)
    another = context.new_page()  # a page outside the signed-in area, in a new tab
    another.goto(portal.url("/forgot-password"))
    expect(another.get_by_role("button", name="Account menu")).to_be_visible()
    context.close()


def test_forgot_password_keeps_the_email_typed_on_the_sign_in_page(page, portal):
    page.goto(portal.url("/signin"))
    page.get_by_label("E-mail").fill("someone.forgetful@example.com")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page).to_have_url(re.compile(r"/forgot-password/?$"))
    expect(page.get_by_label("E-mail")).to_have_value("someone.forgetful@example.com")


def test_the_date_of_birth_calendar_opens_on_a_plausible_decade(page, portal):
    page.goto(portal.url("/register"))
    page.get_by_role("textbox", name="E-mail", exact=True).fill(f"decade.{uuid.uuid4().hex[:6]}@example.com")
    page.get_by_role("textbox", name="Password", exact=True).fill("violet tractor mundane")
    page.get_by_role("textbox", name="Confirm password", exact=True).fill("violet tractor mundane")
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("button", name="Pick the date from a calendar").click()
    start = (utcnow().year - 30) // 10 * 10
    expect(page.get_by_role("button", name=f"{start} \u2013 {start + 9}")).to_be_visible()
    expect(page.get_by_text("January 2001")).to_have_count(0)
    page.get_by_role("button", name=str(start + 4), exact=True).click()
    page.get_by_role("button", name="Jul", exact=True).click()
    page.get_by_role("button", name=f"{start + 4}-07-21").click()
    expect(page.get_by_label("Day", exact=True)).to_have_value("21")
    expect(page.get_by_label("Year", exact=True)).to_have_value(str(start + 4))


def test_expiry_dates_read_day_first_in_an_american_browser(browser, portal):
    email, references = _learner_with_documents(portal, "Locale", "Learner", ("valid",))
    context, page = _signed_in(browser, portal, email, locale="en-US", timezone_id="America/New_York")
    page.goto(portal.url("/connections"))
    page.get_by_role("button", name="Add Connection").click()
    expiry = page.get_by_label("Expiry date")
    expect(expiry).to_have_attribute("placeholder", "dd/mm/yyyy")
    chosen = utcnow().date() + timedelta(days=45)
    page.get_by_role("textbox", name="Name", exact=True).fill("Una Employer")
    page.get_by_role("textbox", name="E-mail", exact=True).fill(f"una.{uuid.uuid4().hex[:6]}@example.org")
    expiry.fill(chosen.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Next: choose documents").click()
    page.get_by_role("checkbox", name=re.compile(references[0])).click()
    page.get_by_role("button", name="Share Documents").click()
    page.wait_for_url(re.compile(r"/connections/?$"))
    row = page.get_by_role("row").filter(has_text="Una Employer")
    expect(row).to_contain_text(chosen.strftime("%d/%m/%Y"))

    row.get_by_role("button", name="Extend the connection with Una Employer").click()
    new_date = page.get_by_label("New expiry date")
    expect(new_date).to_have_value(chosen.strftime("%d/%m/%Y"))
    later = chosen + timedelta(days=10)
    new_date.fill(later.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(row).to_contain_text(later.strftime("%d/%m/%Y"))
    context.close()


def test_profile_slips_current_password_website_example_postcode_and_saved_message(browser, portal):
    email, _ = _learner_with_documents(portal, "Pro", "Filer", ())
    context, page = _signed_in(browser, portal, email)
    page.goto(portal.url("/profile"))
    expect(page.get_by_label("First name")).to_have_value("Pro")  # loaded: what is typed now stays
    page.get_by_label("Website or other social link").fill("not a website")
    page.get_by_role("button", name="Save details").click()
    website_error = page.get_by_role("alert").filter(has_text="Enter a web address like")
    expect(website_error).to_contain_text("https://www.your-name.com")
    expect(website_error).not_to_contain_text("linkedin")
    page.get_by_label("Website or other social link").fill("www.pro-filer.example.com")
    page.get_by_role("button", name="Save details").click()
    saved = page.get_by_text("Your details have been saved.")
    expect(saved).to_be_visible()

    page.get_by_role("tab", name="Addresses").click()
    expect(saved).to_have_count(0)
    page.get_by_role("button", name="Add an address").click()
    postcode_label = page.locator("label[for='address-postcode']")
    expect(postcode_label).to_have_text("Postcode *", use_inner_text=True)  # the UK is chosen
    page.get_by_label("Country").select_option("IN")
    expect(postcode_label).to_have_text("Postcode", use_inner_text=True)

    page.get_by_role("tab", name="Password and e-mail").click()
    page.get_by_label("New password", exact=True).fill("a brand new passphrase")
    page.get_by_label("Confirm new password").fill("a brand new passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert").filter(has_text="Enter your current password")).to_be_visible()
    context.close()
