"""Every action on a connection, clicked in chromium as people do: by mouse and by keyboard, on a
desktop (1280 px) and a phone (375 px), finding each control by its role and accessible name.

Delete and decline once did nothing in the browser (the dialog's trigger was wrapped in a tooltip
that took its click), while the service and forged-event tests stayed green; these journeys are
what would have noticed. Each test makes its own learner, documents and third party
(test_share_journey._make_people) so other journeys cannot change what it sees.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.models import Account, Connection
from portal_app.services.dates import day
from tests.e2e.conftest import sign_in
from tests.e2e.test_share_journey import PASSWORD, _make_people

pytestmark = pytest.mark.e2e

THIRD_PARTY = "Hana Recruiter"  # _make_people's third party, of Employer Ltd
MIN_TARGET = 24  # px, WCAG 2.5.8


def _connect(portal, people: dict[str, str], **values) -> int:
    """A connection between the journey's learner and third party, as a row in the database."""
    with Session(get_engine(portal.database_url), expire_on_commit=False) as db:
        learner = db.exec(select(Account).where(Account.email == people["learner"])).one()
        third_party = db.exec(select(Account).where(Account.email == people["third_party"])).one()
        defaults = {
            "initiated_by": "learner",
            "status": "active",
            "expires_at": utcnow() + timedelta(days=30),
            "third_party_name": THIRD_PARTY,
        }
        connection = Connection(
            learner_account_id=learner.id,
            third_party_account_id=third_party.id,
            third_party_email=third_party.email,
            learner_name=learner.full_name,
            learner_email=learner.email,
            **{**defaults, **values},
        )
        db.add(connection)
        db.commit()
        return connection.id or 0


def _status(portal, connection_id: int) -> str:
    with Session(get_engine(portal.database_url)) as db:
        return db.get(Connection, connection_id).status


def _signed_in(page: Page, portal, email: str, path: str) -> None:
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/(dashboard|third-party)/?$"))
    page.goto(portal.url(path))
    page.get_by_role("heading", name="Connections").wait_for()


def _readable_and_touchable(action: Locator, word: str) -> None:
    """The action shows its word (not only on hover) and is big enough to touch."""
    expect(action).to_be_visible()
    expect(action).to_contain_text(word)
    box = action.bounding_box()
    assert box and box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, box


def _open(page: Page, action: Locator, by: str, previous: Locator | None = None) -> None:
    """Mouse: click. Keyboard: Tab to it from the control before it, then Enter."""
    if by == "mouse":
        action.click()
        return
    if previous is not None:
        previous.focus()
        page.keyboard.press("Tab")
    else:
        action.focus()
    expect(action).to_be_focused()
    page.keyboard.press("Enter")


def _cancel(page: Page, dialog: Locator, by: str, cancel_label: str = "Cancel") -> None:
    if by == "mouse":
        dialog.get_by_role("button", name=cancel_label).click()
    else:
        page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def _confirm(page: Page, dialog: Locator, by: str, label: str) -> None:
    confirm = dialog.get_by_role("button", name=label, exact=True)
    if by == "mouse":
        confirm.click()
        return
    # The dialog opens on the safe answer; Tab moves to the confirming one.
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Tab")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")


@pytest.mark.parametrize("by", ["mouse", "keyboard"])
def test_the_learner_deletes_a_connection_after_confirming(screen, portal, by):
    people = _make_people(portal.database_url)
    connection = _connect(portal, people)
    _signed_in(screen, portal, people["learner"], "/connections")
    row = screen.get_by_role("row").filter(has_text=people["third_party"])
    delete = screen.get_by_role("button", name=f"Delete the connection with {THIRD_PARTY}")
    _readable_and_touchable(delete, "Delete")
    who_viewed = screen.get_by_role("button", name=f"Who viewed documents shared with {THIRD_PARTY}")

    # Cancel (or Escape) keeps it.
    _open(screen, delete, by, previous=who_viewed)
    dialog = screen.get_by_role("alertdialog", name=f"Delete the connection with {THIRD_PARTY}?")
    expect(dialog).to_contain_text("will lose access to your documents at once")
    _cancel(screen, dialog, by)
    expect(row).to_be_visible()
    assert _status(portal, connection) == "active"

    _open(screen, delete, by, previous=who_viewed)
    _confirm(screen, dialog, by, "Delete")
    expect(screen.get_by_role("alert")).to_contain_text("The connection was deleted")
    expect(row).to_have_count(0)
    assert _status(portal, connection) == "revoked"
    screen.get_by_role("tab", name="Inactive").click()
    expect(row.get_by_text("Revoked")).to_be_visible()


@pytest.mark.parametrize("by", ["mouse", "keyboard"])
def test_the_learner_sees_who_asks_and_declines_after_confirming(screen, portal, by):
    people = _make_people(portal.database_url)
    request = _connect(
        portal, people, initiated_by="third_party", status="pending", message="For the workshop job"
    )
    _signed_in(screen, portal, people["learner"], "/connections")
    row = screen.get_by_role("row").filter(has_text=people["third_party"])
    expect(row).to_contain_text("Employer Ltd")
    expect(row).to_contain_text("For the workshop job")
    decline = screen.get_by_role("button", name=f"Decline the request from {THIRD_PARTY}")
    accept = screen.get_by_role("link", name=f"Accept the request from {THIRD_PARTY}")
    _readable_and_touchable(decline, "Decline")
    _readable_and_touchable(accept, "Accept")

    _open(screen, decline, by, previous=accept)
    dialog = screen.get_by_role("alertdialog", name=f"Decline {THIRD_PARTY}'s request?")
    expect(dialog).to_contain_text("Organisation: Employer Ltd")
    expect(dialog).to_contain_text("Their message: For the workshop job")
    _cancel(screen, dialog, by)
    expect(row).to_be_visible()
    assert _status(portal, request) == "pending"

    _open(screen, decline, by, previous=accept)
    _confirm(screen, dialog, by, "Decline")
    expect(screen.get_by_role("alert")).to_contain_text("The request was declined.")
    expect(row).to_have_count(0)
    assert _status(portal, request) == "declined"


def test_the_learner_accepts_a_request_knowing_who_asks(screen, portal):
    people = _make_people(portal.database_url)
    request = _connect(
        portal, people, initiated_by="third_party", status="pending", message="For the workshop job"
    )
    _signed_in(screen, portal, people["learner"], "/connections")
    screen.get_by_role("link", name=f"Accept the request from {THIRD_PARTY}").click()
    screen.wait_for_url(re.compile(r"/connections/share"))
    expect(screen.get_by_text("Sharing documents accepts this connection request.")).to_be_visible()
    expect(screen.get_by_text("Organisation: Employer Ltd")).to_be_visible()
    expect(screen.get_by_text("Their message: For the workshop job")).to_be_visible()
    screen.get_by_role("checkbox", name=re.compile(people["cert"])).click()
    screen.get_by_role("button", name="Share Documents").click()
    expect(screen.get_by_role("alert")).to_contain_text(f"You accepted {THIRD_PARTY}'s request")
    assert _status(portal, request) == "active"


def test_the_learner_extends_an_expired_connection_edits_it_and_checks_who_viewed(screen, portal):
    """The guidance's "extend a connection that has expired" (clock icon), then "edit permissions"."""
    people = _make_people(portal.database_url)
    _connect(portal, people, expires_at=utcnow() - timedelta(days=2))
    _signed_in(screen, portal, people["learner"], "/connections")
    row = screen.get_by_role("row").filter(has_text=people["third_party"])
    screen.get_by_role("tab", name="Inactive").click()
    expect(row.get_by_text("Expired")).to_be_visible()

    extend = screen.get_by_role("button", name=f"Extend the connection with {THIRD_PARTY}")
    _readable_and_touchable(extend, "Extend")
    extend.click()
    dialog = screen.get_by_role("dialog", name="Extend connection")
    later = utcnow().date() + timedelta(days=90)
    dialog.get_by_label("New expiry date").fill(later.isoformat())
    dialog.get_by_role("button", name="Save").click()
    expect(screen.get_by_role("alert")).to_contain_text(f"The connection with {THIRD_PARTY} was extended.")
    expect(row).to_have_count(0)  # no longer on the Inactive tab
    screen.get_by_role("tab", name="Active", exact=True).click()
    expect(row.get_by_text("Active", exact=True)).to_be_visible()
    expect(row).to_contain_text(day(later))

    who_viewed = screen.get_by_role("button", name=f"Who viewed documents shared with {THIRD_PARTY}")
    _readable_and_touchable(who_viewed, "Who viewed")
    who_viewed.click()
    log = screen.get_by_role("dialog", name="Who viewed your documents")
    expect(log).to_contain_text("No views yet.")
    log.get_by_role("button", name="Close").click()
    expect(log).to_be_hidden()

    edit = screen.get_by_role("link", name=f"Edit documents shared with {THIRD_PARTY}")
    _readable_and_touchable(edit, "Edit documents")
    edit.click()
    screen.wait_for_url(re.compile(r"/connections/share"))
    screen.get_by_role("checkbox", name=re.compile(people["tran"])).click()
    screen.get_by_role("button", name="Share Documents").click()
    expect(screen.get_by_role("alert")).to_contain_text(f"1 document shared with {THIRD_PARTY}.")


def test_adding_a_second_connection_to_the_same_third_party_joins_the_first(page, portal):
    people = _make_people(portal.database_url)
    connection = _connect(portal, people)
    _signed_in(page, portal, people["learner"], "/connections")
    page.get_by_role("button", name="Add Connection").click()
    dialog = page.get_by_role("dialog", name="Add Connection")
    dialog.get_by_label("Name", exact=True).fill(THIRD_PARTY)
    dialog.get_by_label("E-mail").fill(people["third_party"])
    dialog.get_by_role("button", name="Next: choose documents").click()
    page.wait_for_url(re.compile(r"/connections/share/?$"))
    expect(
        page.get_by_role("alert").filter(has_text="the documents you choose are added to it")
    ).to_be_visible()
    page.get_by_role("checkbox", name=re.compile(people["tran"])).click()
    page.get_by_role("button", name="Share Documents").click()
    page.wait_for_url(re.compile(r"/connections/?$"))
    expect(page.get_by_role("alert").filter(has_text="so no second one was made")).to_be_visible()
    with Session(get_engine(portal.database_url)) as db:
        mine = db.exec(select(Connection).where(Connection.third_party_email == people["third_party"])).all()
    assert [c.id for c in mine] == [connection]


@pytest.mark.parametrize("by", ["mouse", "keyboard"])
def test_the_third_party_declines_an_offer_after_confirming(screen, portal, by):
    people = _make_people(portal.database_url)
    offer = _connect(portal, people, status="pending")
    _signed_in(screen, portal, people["third_party"], "/third-party/connections")
    row = screen.get_by_role("row").filter(has_text=people["learner"])
    decline = row.get_by_role("button", name=re.compile(r"^Decline the connection from "))
    accept = row.get_by_role("button", name=re.compile(r"^Accept the connection from "))
    _readable_and_touchable(decline, "Decline")
    _readable_and_touchable(accept, "Accept")

    _open(screen, decline, by, previous=accept)
    dialog = screen.get_by_role("alertdialog", name=re.compile(r"^Decline the connection from "))
    _cancel(screen, dialog, by)
    assert _status(portal, offer) == "pending"

    _open(screen, decline, by, previous=accept)
    _confirm(screen, dialog, by, "Decline")
    expect(screen.get_by_role("alert")).to_contain_text("Connection declined.")
    assert _status(portal, offer) == "declined"


def test_the_third_party_accepts_an_offer_and_opens_the_documents(screen, portal):
    people = _make_people(portal.database_url)
    offer = _connect(portal, people, status="pending")
    _signed_in(screen, portal, people["third_party"], "/third-party/connections")
    row = screen.get_by_role("row").filter(has_text=people["learner"])
    row.get_by_role("button", name=re.compile(r"^Accept the connection from ")).click()
    expect(screen.get_by_role("alert")).to_contain_text("Connection accepted.")
    assert _status(portal, offer) == "active"
    documents = row.get_by_role("link", name=re.compile(r"^Documents shared by "))
    _readable_and_touchable(documents, "Documents")
    documents.click()
    screen.wait_for_url(re.compile(r"/third-party/?$"))
    screen.get_by_role("heading", name="Learners").wait_for()


def test_the_third_party_withdraws_a_request_made_by_the_learner_s_name(page, portal):
    people = _make_people(portal.database_url)
    name, email = "Nell Nomatch", f"nell-{uuid.uuid4().hex[:8]}@example.com"  # matches no learner
    _signed_in(page, portal, people["third_party"], "/third-party/connections")
    page.get_by_role("button", name="Request Connection").click()
    dialog = page.get_by_role("dialog", name="Request a connection")
    dialog.get_by_label("Learner's name").fill(name)
    dialog.get_by_label("Learner's e-mail").fill(email)
    dialog.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("alert")).to_contain_text("Request sent.")
    withdraw = page.get_by_role("button", name=f"Withdraw the request to {name}")
    withdraw.click()
    confirm = page.get_by_role("alertdialog", name=f"Withdraw your request to {name}?")
    confirm.get_by_role("button", name="Withdraw", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Your request was withdrawn.")
    expect(withdraw).to_have_count(0)


@pytest.mark.parametrize("by", ["mouse", "keyboard"])
def test_the_third_party_asks_sees_only_what_they_typed_and_withdraws(screen, portal, by):
    people = _make_people(portal.database_url)
    number = f"99{uuid.uuid4().int % 10**6:06d}"  # matches no learner
    _signed_in(screen, portal, people["third_party"], "/third-party/connections")
    screen.get_by_role("button", name="Request Connection").click()
    dialog = screen.get_by_role("dialog", name="Request a connection")
    dialog.get_by_label("Or candidate number").fill(number)
    dialog.get_by_label("Message").fill("For the workshop job")
    dialog.get_by_role("button", name="Send request").click()
    expect(screen.get_by_role("alert")).to_contain_text("Request sent.")
    row = screen.get_by_role("row").filter(has_text=f"Candidate number {number}")
    expect(row).to_contain_text("Waiting for the learner")
    expect(row).to_contain_text("Pending")

    withdraw = row.get_by_role("button", name=f"Withdraw the request to Candidate number {number}")
    _readable_and_touchable(withdraw, "Withdraw")
    _open(screen, withdraw, by)
    confirm = screen.get_by_role("alertdialog", name=f"Withdraw your request to Candidate number {number}?")
    _cancel(screen, confirm, by, cancel_label="Keep it")
    expect(row).to_be_visible()

    _open(screen, withdraw, by)
    if by == "mouse":
        confirm.get_by_role("button", name="Withdraw", exact=True).click()
    else:
        expect(confirm.get_by_role("button", name="Keep it")).to_be_focused()
        screen.keyboard.press("Tab")
        screen.keyboard.press("Enter")
    expect(screen.get_by_role("alert")).to_contain_text("Your request was withdrawn.")
    expect(row).to_have_count(0)
    screen.get_by_role("tab", name="Inactive").click()
    expect(screen.get_by_role("row").filter(has_text=f"Candidate number {number}")).to_be_visible()
