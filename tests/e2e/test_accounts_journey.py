"""Accounts in a real browser: register and verify from the e-mail, review by an administrator,
forgotten passwords, and messages beside the fields that are wrong."""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import date

import pytest
from playwright.sync_api import WebSocketRoute, expect
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


def _field(page, label: str):
    """A text field by its accessible name (a required field's label also shows an aria-hidden "*")."""
    return page.get_by_role("textbox", name=label, exact=True)


def _next(page) -> None:
    page.get_by_role("button", name="Next", exact=True).click()


def _register(page, portal, email: str, first: str, last: str, born: date, number: str) -> None:
    page.goto(portal.url("/register"))
    _field(page, "E-mail").fill(email)
    _field(page, "Password").fill(PASSWORD)
    _field(page, "Confirm password").fill(PASSWORD)
    _next(page)
    _field(page, "First name").fill(first)
    _field(page, "Last name").fill(last)
    _field(page, "Day").fill(str(born.day))
    _field(page, "Month").fill(str(born.month))
    _field(page, "Year").fill(str(born.year))
    _field(page, "Candidate number").fill(number)
    _next(page)
    expect(
        page.get_by_role("definition").filter(has_text=born.strftime("%d/%m/%Y"))
    ).to_be_visible()  # summary
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()


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
    row = card.get_by_role("row").filter(has_text=record.candidate_number)
    row.get_by_role("button", name="Approve with this record").click()
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
    previous = ""  # the address this tab last asked for: its state outlives navigation
    for address in (f"nobody.{_unique()}@example.com", email):  # the same answer for both
        page.goto(portal.url("/forgot-password"))
        # wait until the page load has reset the form and the tab's state has arrived (the field
        # then shows the address asked for last)
        sent = page.get_by_text("If an account uses that address, we have e-mailed it a link")
        expect(sent).to_have_count(0)
        expect(page.get_by_label("E-mail")).to_have_value(previous)
        page.get_by_label("E-mail").fill(address)
        page.get_by_role("button", name="Send me a link").click()
        expect(sent).to_be_visible()
        previous = address
    page.goto(_link(_mail(portal, email, "Reset your password"), "/reset-password"))
    _field(page, "New password").fill("password123456")
    _field(page, "Confirm new password").fill("password123456")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("alert").filter(has_text="too common")).to_be_visible()
    _field(page, "New password").fill("a fresh start at last")
    _field(page, "Confirm new password").fill("a fresh start at last")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()
    _mail(portal, email, "Your password has been changed")
    sign_in(page, portal, email, "a fresh start at last")
    page.wait_for_url(re.compile(r"/dashboard/?$"))


class HeldSocket:
    """The page's websocket to the portal, with what the portal sends held back until `release`."""

    def __init__(self) -> None:
        self.page_side: WebSocketRoute | None = None  # once the page has opened it
        self.held: list[str | bytes] = []
        self.holding = True

    def route(self, page_side: WebSocketRoute) -> None:
        self.page_side = page_side
        page_side.connect_to_server().on_message(self._from_server)  # the page's own messages pass

    def _from_server(self, message: str | bytes) -> None:
        if self.holding:
            self.held.append(message)
        elif self.page_side is not None:
            self.page_side.send(message)

    def release(self) -> None:
        """Send what was held, in order, and let the rest through."""
        self.holding = False
        if self.page_side is not None:  # nothing is held before the page opens it
            for message in self.held:
                self.page_side.send(message)
        self.held.clear()


def test_forgot_password_keeps_an_address_typed_before_the_tabs_state_arrives(page, portal):
    email = f"quick.{_unique()}@example.com"
    with Session(get_engine(portal.database_url)) as db:
        db.add(Account(email=email, kind="learner", status="active", first_name="Quinn", last_name="Quick"))
        db.commit()
    # The sign-in page remembers an address for "Forgot your password?" (it prefills the field).
    prefill = f"nobody.{_unique()}@example.com"
    page.goto(portal.url("/signin"))
    page.get_by_label("E-mail").fill(prefill)
    page.get_by_role("link", name="Forgot your password?").click()
    field = page.get_by_label("E-mail")
    expect(field).to_have_value(prefill)

    # Load the page again, holding back what the server sends until the user has typed: the
    # tab's state (with that prefill) arrives after the typing, as on a slow connection.
    socket = HeldSocket()
    page.route_web_socket(re.compile(r"/_event"), socket.route)
    page.goto(portal.url("/forgot-password"))
    field.fill(email)
    socket.release()
    expect(field).to_have_js_property("defaultValue", prefill)  # the state has arrived
    expect(field).to_have_value(email)  # and what was typed is still there
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("If an account uses that address, we have e-mailed it a link")).to_be_visible()
    _mail(portal, email, "Reset your password")


def test_bad_input_shows_beside_each_field_and_back_and_forward_keep_what_was_typed(page, portal):
    page.goto(portal.url("/register"))
    _field(page, "E-mail").fill("not-an-address")
    _field(page, "Password").fill("short")
    _next(page)
    errors = page.get_by_role("alert")
    expect(errors.filter(has_text="valid e-mail")).to_be_visible()
    expect(errors.filter(has_text="at least 12")).to_be_visible()
    expect(_field(page, "E-mail")).to_have_value("not-an-address")

    email = f"keep.{_unique()}@example.com"
    _field(page, "E-mail").fill(email)
    _field(page, "Password").fill(PASSWORD)
    _field(page, "Confirm password").fill(PASSWORD + "!")
    _next(page)
    expect(errors.filter(has_text="do not match")).to_be_visible()
    _field(page, "Confirm password").fill(PASSWORD)
    _next(page)

    _field(page, "First name").fill("Keep")
    _field(page, "Day").fill("31")
    _field(page, "Month").fill("02")
    _field(page, "Year").fill("1990")
    _field(page, "Phone (optional)").fill("phone me")
    _next(page)
    expect(errors.filter(has_text="last name")).to_be_visible()
    for message in ("does not exist", "candidate number", "phone number"):
        expect(errors.filter(has_text=message)).to_be_visible()
    expect(_field(page, "First name")).to_have_value("Keep")
    expect(_field(page, "Day")).to_have_value("31")

    _field(page, "Last name").fill("Typed")
    page.get_by_role("button", name="Back", exact=True).click()
    expect(_field(page, "E-mail")).to_have_value(email)
    _next(page)  # the password is kept on the server
    expect(_field(page, "First name")).to_have_value("Keep")
    expect(_field(page, "Last name")).to_have_value("Typed")
    expect(_field(page, "Phone (optional)")).to_have_value("phone me")


def test_the_date_of_birth_can_be_picked_from_decades_to_days(page, portal):
    page.goto(portal.url("/register"))
    _field(page, "E-mail").fill(f"pick.{_unique()}@example.com")
    _field(page, "Password").fill(PASSWORD)
    _field(page, "Confirm password").fill(PASSWORD)
    _next(page)
    _field(page, "Year").fill("2001")
    page.get_by_role(
        "button", name="Pick the date from a calendar"
    ).click()  # a year typed: the months of 2001
    page.get_by_role("button", name="2001", exact=True).click()  # the heading zooms out: the 2000s
    page.get_by_role("button", name="Previous").click()  # the 1990s
    page.get_by_role("button", name="1994", exact=True).click()
    page.get_by_role("button", name="Mar", exact=True).click()
    page.get_by_role("button", name="1994-03-12").click()
    expect(_field(page, "Day")).to_have_value("12")
    expect(_field(page, "Month")).to_have_value("03")
    expect(_field(page, "Year")).to_have_value("1994")


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
    expect(page.get_by_text("does NOT change your learner record")).to_be_visible()
    expect(_field(page, "First name")).to_have_value("Pat")  # loaded: a fill before then is overwritten
    _field(page, "First name").fill("")
    _field(page, "Phone").fill("07700 900999")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("alert").filter(has_text="first name")).to_be_visible()
    expect(_field(page, "Phone")).to_have_value("07700 900999")

    page.get_by_role("tab", name="Addresses").click()
    page.get_by_role("button", name="Add an address").click()
    _field(page, "Full name").fill("Pat Profile")
    _field(page, "Address line 1").fill("1 Test Street")
    _field(page, "Postcode").fill("SW1A 1AA")
    page.get_by_role("button", name="Save address").click()
    expect(page.get_by_role("alert").filter(has_text="town or city")).to_be_visible()
    expect(_field(page, "Address line 1")).to_have_value("1 Test Street")
    _field(page, "Town or city").fill("London")
    page.get_by_role("button", name="Save address").click()
    page.locator(".address-card").filter(
        has_text="1 Test Street, London, SW1A 1AA, United Kingdom"
    ).wait_for()

    page.get_by_role("tab", name="Password and e-mail").click()
    new_password = "an even better passphrase"
    _field(page, "Current password").fill("not my password at all")
    _field(page, "New password").fill(new_password)
    _field(page, "Confirm new password").fill(new_password)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert").filter(has_text="current password is not correct")).to_be_visible()
    _field(page, "Current password").fill(PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed")).to_be_visible()
    other.goto(portal.url("/dashboard"))  # the other browser was signed out
    other.wait_for_url(re.compile(r"/signin"))
    other.context.close()

    new_email = f"moved.{_unique()}@example.com"
    _field(page, "New e-mail address").fill(new_email)
    _field(page, "Your password").fill(new_password)
    page.get_by_role("button", name="Send confirmation link").click()
    expect(page.get_by_text(f"We have sent a link to {new_email}.")).to_be_visible()
    page.goto(_link(_mail(portal, new_email, "Confirm your new e-mail"), "/verify-email"))
    page.get_by_text("Your new e-mail address is confirmed").wait_for()

    page.goto(portal.url("/profile"))
    page.get_by_role("tab", name="Your data").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["account"]["email"] == new_email
    assert [a["city"] for a in exported["addresses"]] == ["London"]
    assert "password_hash" not in exported["account"]
    page.get_by_role("button", name="Ask to delete my account").click()
    page.get_by_role("alertdialog", name="Delete your account?").get_by_role(
        "button", name="Yes, ask to delete it"
    ).click()
    expect(page.get_by_text("You have asked us to delete your account.")).to_be_visible()

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
