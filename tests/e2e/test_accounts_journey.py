"""Accounts in a real browser: register and verify from the e-mail, review by an administrator,
forgotten passwords, and messages beside the fields that are wrong."""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from portal_app.infra.db import get_engine
from portal_app.models import Account, Document, LearnerRecord
from portal_app.seed import DEMO_PASSWORD
from portal_app.services.names import name_key
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e
PASSWORD = "violet tractor mundane"


def _unique() -> str:
    return uuid.uuid4().hex[:8]


def _record_with_documents(
    portal, first: str, last: str, born: date, documents: int, email: str | None = None
) -> LearnerRecord:
    number = str(int(uuid.uuid4().hex[:7], 16))[:8].rjust(8, "0")
    with Session(get_engine(portal.database_url), expire_on_commit=False) as db:
        record = LearnerRecord(
            candidate_number=number,
            first_name=first,
            last_name=last,
            last_name_key=name_key(last),
            date_of_birth=born,
            email=email,
        )
        db.add(record)
        db.flush()
        for i in range(documents):
            db.add(
                Document(
                    reference=f"{number}-0{i}-E2EA",
                    kind="certificate",
                    learner_record_id=record.id,
                    qualification_number="603/0000/9",
                    qualification_title="Level 2 E2E Award",
                    issued_on=date(2024, 5, 1),
                )
            )
        db.commit()
        return record


def _mail(portal, to: str, subject: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in portal.smtp.inbox.to(to):
            if subject in message["Subject"]:
                return message
        time.sleep(0.5)
    raise AssertionError(
        f"no e-mail to {to} about {subject!r}; got {[m['Subject'] for m in portal.smtp.inbox.to(to)]}"
    )


def _text(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def _link(message, path: str) -> str:
    match = re.search(r"https?://\S+" + re.escape(path) + r"\?\S+", _text(message))
    assert match, _text(message)
    assert any(p.get_content_type() == "text/html" for p in message.walk())
    return match.group(0)


def _register(page, portal, email: str, first: str, last: str, born: date, number: str) -> None:
    page.goto(portal.url("/register"))
    page.wait_for_selector("#reg-email")
    page.fill("#reg-email", email)
    page.fill("#reg-password", PASSWORD)
    page.fill("#reg-confirm", PASSWORD)
    page.click("#reg-next")
    page.wait_for_selector("#reg-first-name")
    page.fill("#reg-first-name", first)
    page.fill("#reg-last-name", last)
    page.fill("#dob-day", str(born.day))
    page.fill("#dob-month", str(born.month))
    page.fill("#dob-year", str(born.year))
    page.fill("#reg-candidate-number", number)
    page.click("#reg-next")
    page.wait_for_selector("#reg-summary")
    assert born.strftime("%d/%m/%Y") in page.inner_text("#reg-summary")
    page.click("#reg-create")
    page.wait_for_selector("#reg-sent")


def test_register_verify_from_the_email_and_see_my_documents(page, portal):
    last = f"Okafor{_unique()}"
    email = f"ada.{_unique()}@example.com"  # the address the learner record holds: approved at once
    record = _record_with_documents(portal, "Ada", last, date(1996, 4, 9), documents=2, email=email)
    _register(page, portal, email, "Ada", last.upper(), date(1996, 4, 9), record.candidate_number)
    assert email in page.inner_text("body")
    link = _link(_mail(portal, email, "Confirm your e-mail"), "/verify-email")
    page.goto(link)
    page.get_by_text("Your account is ready").wait_for()
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    page.get_by_text("You have 2 documents").wait_for()
    _mail(portal, email, "Your account is ready")
    page.goto(link)  # a second click finds a used link
    page.get_by_text("expired or has already been used").wait_for()


def test_a_mismatch_waits_for_an_administrator_who_approves_it(page, portal, browser):
    last = f"Whitlock{_unique()}"
    record = _record_with_documents(portal, "Daniel", last, date(2000, 2, 29), documents=1)
    email = f"dan.{_unique()}@example.com"
    _register(page, portal, email, "Dan", last, date(2000, 2, 29), record.candidate_number)
    page.goto(_link(_mail(portal, email, "Confirm your e-mail"), "/verify-email"))
    page.get_by_text("we are checking your details").wait_for()
    _mail(portal, email, "will be checked")

    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(admin, portal, "admin@awarding.example", DEMO_PASSWORD)
    admin.wait_for_url(re.compile(r"/admin/?$"))
    admin.goto(portal.url("/admin/registrations"))
    card = admin.locator(f'.review-item[data-email="{email}"]')
    card.wait_for()
    row = card.locator("tr", has_text=record.candidate_number)
    row.locator(".approve-record").click()
    admin.get_by_role("alertdialog").get_by_role("button", name="Approve", exact=True).click()  # asks first
    card.wait_for(state="detached")
    admin.context.close()

    _mail(portal, email, "Your account is ready")
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    page.get_by_text("You have 1 document.").wait_for()
    assert page.get_by_text("a member of staff is checking it").count() == 0


def test_forgot_password_end_to_end_for_an_account_from_the_old_portal(page, portal):
    email = f"legacy.{_unique()}@example.com"
    with Session(get_engine(portal.database_url)) as db:
        db.add(Account(email=email, kind="learner", status="active", first_name="Lena", last_name="Old"))
        db.commit()
    for address in (f"nobody.{_unique()}@example.com", email):  # the same answer for both
        page.goto(portal.url("/forgot-password"))
        # the tab's state outlives navigation: wait until the page load has reset the form
        page.wait_for_selector("#forgot-sent", state="detached")
        page.wait_for_selector("#forgot-email")
        page.fill("#forgot-email", address)
        page.click("#forgot-send")
        page.wait_for_selector("#forgot-sent")
    page.goto(_link(_mail(portal, email, "Reset your password"), "/reset-password"))
    page.wait_for_selector("#reset-password")
    page.fill("#reset-password", "password123456")
    page.fill("#reset-confirm", "password123456")
    page.click("#reset-save")
    page.locator(".field-error").filter(has_text="too common").wait_for()
    page.fill("#reset-password", "a fresh start at last")
    page.fill("#reset-confirm", "a fresh start at last")
    page.click("#reset-save")
    page.wait_for_selector("#reset-done")
    _mail(portal, email, "Your password has been changed")
    sign_in(page, portal, email, "a fresh start at last")
    page.wait_for_url(re.compile(r"/dashboard/?$"))


def test_bad_input_shows_beside_each_field_and_back_and_forward_keep_what_was_typed(page, portal):
    page.goto(portal.url("/register"))
    page.wait_for_selector("#reg-email")
    page.fill("#reg-email", "not-an-address")
    page.fill("#reg-password", "short")
    page.click("#reg-next")
    errors = page.locator(".field-error")
    errors.filter(has_text="valid e-mail").wait_for()
    errors.filter(has_text="at least 12").wait_for()
    assert page.input_value("#reg-email") == "not-an-address"

    email = f"keep.{_unique()}@example.com"
    page.fill("#reg-email", email)
    page.fill("#reg-password", PASSWORD)
    page.fill("#reg-confirm", PASSWORD + "!")
    page.click("#reg-next")
    errors.filter(has_text="do not match").wait_for()
    page.fill("#reg-confirm", PASSWORD)
    page.click("#reg-next")

    page.wait_for_selector("#reg-first-name")
    page.fill("#reg-first-name", "Keep")
    page.fill("#dob-day", "31")
    page.fill("#dob-month", "02")
    page.fill("#dob-year", "1990")
    page.fill("#reg-phone", "phone me")
    page.click("#reg-next")
    errors.filter(has_text="last name").wait_for()
    for message in ("does not exist", "candidate number", "phone number"):
        errors.filter(has_text=message).wait_for()
    assert page.input_value("#reg-first-name") == "Keep"
    assert page.input_value("#dob-day") == "31"

    page.fill("#reg-last-name", "Typed")
    page.click("#reg-back")
    page.wait_for_selector("#reg-email")
    assert page.input_value("#reg-email") == email
    page.click("#reg-next")  # the password is kept on the server
    page.wait_for_selector("#reg-first-name")
    assert page.input_value("#reg-first-name") == "Keep"
    assert page.input_value("#reg-last-name") == "Typed"
    assert page.input_value("#reg-phone") == "phone me"


def test_the_date_of_birth_can_be_picked_from_decades_to_days(page, portal):
    page.goto(portal.url("/register"))
    page.wait_for_selector("#reg-email")
    page.fill("#reg-email", f"pick.{_unique()}@example.com")
    page.fill("#reg-password", PASSWORD)
    page.fill("#reg-confirm", PASSWORD)
    page.click("#reg-next")
    page.wait_for_selector("#dob-year")
    page.fill("#dob-year", "2001")
    page.click("#dob-calendar")  # a year typed: the months of 2001
    page.click("#dob-zoom")  # the 2000s
    page.get_by_role("button", name="Previous").click()  # the 1990s
    page.get_by_role("button", name="1994", exact=True).click()
    page.get_by_role("button", name="Mar", exact=True).click()
    page.get_by_role("button", name="1994-03-12").click()
    expect(page.locator("#dob-day")).to_have_value("12")
    expect(page.locator("#dob-month")).to_have_value("03")
    expect(page.locator("#dob-year")).to_have_value("1994")


def test_profile_details_addresses_password_email_and_deletion(page, portal, browser):
    from portal_app.infra.security import hash_password

    email = f"prof.{_unique()}@example.com"
    with Session(get_engine(portal.database_url)) as db:
        db.add(
            Account(
                email=email,
                kind="learner",
                status="active",
                first_name="Pat",
                last_name="Profile",
                password_hash=hash_password(PASSWORD),
            )
        )
        db.commit()
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(other, portal, email, PASSWORD)
    other.wait_for_url(re.compile(r"/dashboard/?$"))
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))

    page.goto(portal.url("/profile"))
    page.wait_for_selector("#record-note")
    assert "does NOT change your learner record" in page.inner_text("#record-note")
    page.fill("#profile-first-name", "")
    page.fill("#profile-phone", "07700 900999")
    page.click("#profile-save-details")
    page.locator(".field-error").filter(has_text="first name").wait_for()
    assert page.input_value("#profile-phone") == "07700 900999"

    page.click("#tab-addresses")
    page.click("#add-address")
    page.fill("#address-full_name", "Pat Profile")
    page.fill("#address-line1", "1 Test Street")
    page.fill("#address-postcode", "SW1A 1AA")
    page.click("#address-save")
    page.locator(".field-error").filter(has_text="town or city").wait_for()
    assert page.input_value("#address-line1") == "1 Test Street"
    page.fill("#address-city", "London")
    page.click("#address-save")
    page.locator(".address-card").filter(
        has_text="1 Test Street, London, SW1A 1AA, United Kingdom"
    ).wait_for()

    page.click("#tab-security")
    new_password = "an even better passphrase"
    page.fill("#profile-current", "not my password at all")
    page.fill("#profile-new", new_password)
    page.fill("#profile-confirm", new_password)
    page.click("#profile-change-password")
    page.locator(".field-error").filter(has_text="current password is not correct").wait_for()
    page.fill("#profile-current", PASSWORD)
    page.click("#profile-change-password")
    page.locator("#profile-message").get_by_text("Password changed").wait_for()
    other.goto(portal.url("/dashboard"))  # the other browser was signed out
    other.wait_for_url(re.compile(r"/signin"))
    other.context.close()

    new_email = f"moved.{_unique()}@example.com"
    page.fill("#profile-new-email", new_email)
    page.fill("#profile-email-password", new_password)
    page.click("#profile-change-email")
    page.wait_for_selector("#email-change-sent")
    page.goto(_link(_mail(portal, new_email, "Confirm your new e-mail"), "/verify-email"))
    page.get_by_text("Your new e-mail address is confirmed").wait_for()

    page.goto(portal.url("/profile"))
    page.click("#tab-data")
    with page.expect_download() as download:
        page.click("#export-data")
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["account"]["email"] == new_email
    assert [a["city"] for a in exported["addresses"]] == ["London"]
    assert "password_hash" not in exported["account"]
    page.click("#request-deletion")
    page.click("#confirm-deletion")
    page.wait_for_selector("#deletion-requested")

    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(admin, portal, "admin@awarding.example", DEMO_PASSWORD)
    admin.wait_for_url(re.compile(r"/admin/?$"))
    admin.goto(portal.url("/admin/registrations"))
    request = admin.locator(".rt-Card", has_text=new_email)
    request.get_by_role("button", name="Delete account").click()
    admin.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    request.wait_for(state="detached")
    admin.context.close()
    _mail(portal, new_email, "Your account has been deleted")
    sign_in(page, portal, new_email, new_password)
    page.get_by_role("alert").filter(has_text="incorrect").wait_for()
