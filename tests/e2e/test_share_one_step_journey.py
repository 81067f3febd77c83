"""Issue 16, parts 2 and 3 in chromium, by role and accessible name, at 1280 and 375 px.

Part 2: nothing is saved or sent until Share Documents (Cancel leaves nothing behind; no
documents is refused next to the list), and the invitation names the documents and the date.
Part 3: the third party opens a shared certificate; the learner gets one e-mail, sees "Viewed"
with the time in the table and on the dashboard, and turns the e-mails off in the profile.
Screenshots go to var/screens/sharing (or $PORTAL_SCREENS_DIR) for people to look at.
"""

from __future__ import annotations

import os
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.models import Account, Connection, ConnectionDocument, Document
from tests.e2e.conftest import WIDTHS, sign_in
from tests.e2e.test_share_journey import PASSWORD, _make_people, _wait_for_mail

pytestmark = pytest.mark.e2e

SCREENS = (
    Path(os.environ.get("PORTAL_SCREENS_DIR") or Path(__file__).resolve().parents[2] / "var" / "screens")
    / "sharing"
)


def _shot(page: Page, name: str) -> None:
    if SCREENS.parent.exists():
        SCREENS.mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else 0
        page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)


def _connections_of(portal, learner_email: str) -> list[Connection]:
    with Session(get_engine(portal.database_url)) as db:
        learner = db.exec(select(Account).where(Account.email == learner_email)).one()
        return db.exec(select(Connection).where(Connection.learner_account_id == learner.id)).all()


def _fill_details(page: Page, people: dict[str, str], until: str) -> None:
    page.get_by_role("button", name="Add Connection").click()
    dialog = page.get_by_role("dialog", name="Add Connection")
    dialog.get_by_label("Name", exact=True).fill("Hana Recruiter")
    dialog.get_by_label("E-mail").fill(people["third_party"])
    dialog.get_by_label("Expiry date").fill(until)
    dialog.get_by_label("Message").fill("For the workshop job")
    return dialog


def _signed_in(page: Page, portal, email: str) -> None:
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/(dashboard|third-party)/?$"))


def test_nothing_is_saved_or_sent_until_share_documents(screen, portal):
    people = _make_people(portal.database_url)
    until = utcnow().date() + timedelta(days=30)
    in_words = f"{until.day} {until.strftime('%B %Y')}"
    _signed_in(screen, portal, people["learner"])
    screen.goto(portal.url("/connections"))
    screen.get_by_role("heading", name="Connections").wait_for()

    # Details, then documents: the details step saves and sends nothing, and Cancel leaves nothing.
    dialog = _fill_details(screen, people, until.isoformat())
    _shot(screen, "1-details")
    dialog.get_by_role("button", name="Next: choose documents").click()
    screen.wait_for_url(re.compile(r"/connections/share/?$"))
    screen.get_by_role("heading", name="Share Documents").wait_for()
    expect(screen.get_by_text("Nothing is saved or sent until you click Share Documents")).to_be_visible()
    expect(screen.get_by_text(f"They can see them until {in_words}.", exact=False)).to_be_visible()
    _shot(screen, "2-choose")
    assert _connections_of(portal, people["learner"]) == []
    screen.get_by_role("button", name="Cancel").click()
    screen.wait_for_url(re.compile(r"/connections/?$"))
    expect(screen.get_by_text("No connections here.")).to_be_visible()
    assert _connections_of(portal, people["learner"]) == []
    assert portal.smtp.inbox.to(people["third_party"]) == []

    # No documents chosen: refused next to the list, still nothing saved.
    _fill_details(screen, people, until.isoformat()).get_by_role(
        "button", name="Next: choose documents"
    ).click()
    screen.wait_for_url(re.compile(r"/connections/share/?$"))
    screen.get_by_role("button", name="Share Documents").click()
    records = screen.get_by_role("group", name="Records")
    expect(records.get_by_role("alert")).to_have_text("Choose at least one document to share.")
    _shot(screen, "3-no-documents")
    assert _connections_of(portal, people["learner"]) == []

    # The certificate: one connection with one document, and an invitation that names it.
    screen.get_by_role("checkbox", name=re.compile(people["cert"])).click()
    screen.get_by_role("button", name="Share Documents").click()
    screen.wait_for_url(re.compile(r"/connections/?$"))
    expect(
        screen.get_by_role("alert").filter(
            has_text="1 document shared with Hana Recruiter: the invitation is on its way."
        )
    ).to_be_visible()
    row = screen.get_by_role("row").filter(has_text=people["third_party"])
    expect(row).to_contain_text("Pending")
    _shot(screen, "4-shared")
    [connection] = _connections_of(portal, people["learner"])
    with Session(get_engine(portal.database_url)) as db:
        shared = db.exec(
            select(Document.reference)
            .join(ConnectionDocument, ConnectionDocument.document_id == Document.id)
            .where(ConnectionDocument.connection_id == connection.id)
        ).all()
    assert shared == [people["cert"]]
    invitation = " ".join(_wait_for_mail(portal, people["third_party"]).split())
    assert people["cert"] in invitation and people["tran"] not in invitation
    assert (
        f"You can see these documents until {in_words}; the certificates themselves do not expire."
        in invitation
    )
    assert len(portal.smtp.inbox.to(people["third_party"])) == 1


def _active_share(portal, people: dict[str, str]) -> int:
    with Session(get_engine(portal.database_url), expire_on_commit=False) as db:
        learner = db.exec(select(Account).where(Account.email == people["learner"])).one()
        third_party = db.exec(select(Account).where(Account.email == people["third_party"])).one()
        connection = Connection(
            learner_account_id=learner.id,
            third_party_account_id=third_party.id,
            third_party_name="Hana Recruiter",
            third_party_email=third_party.email,
            learner_name=learner.full_name,
            learner_email=learner.email,
            initiated_by="learner",
            status="active",
            expires_at=utcnow() + timedelta(days=30),
        )
        db.add(connection)
        db.flush()
        for reference in (people["cert"], people["tran"]):
            document = db.exec(select(Document).where(Document.reference == reference)).one()
            db.add(ConnectionDocument(connection_id=connection.id, document_id=document.id))
        db.commit()
        return connection.id or 0


def _mails_to(portal, address: str, subject: str) -> int:
    return sum(1 for m in portal.smtp.inbox.to(address) if m["Subject"] == subject)


def test_the_learner_knows_when_a_share_is_opened(page, portal, browser):
    people = _make_people(portal.database_url)
    connection = _active_share(portal, people)
    subject = "Hana Recruiter of Employer Ltd viewed your certificate"

    # The third party opens the certificate twice and the transcript once: one e-mail.
    tp_context = browser.new_context(viewport={"width": 1280, "height": 900})
    tp_context.set_default_timeout(20_000)
    tp = tp_context.new_page()
    _signed_in(tp, portal, people["third_party"])
    for reference in (people["cert"], people["cert"], people["tran"]):
        tp.goto(portal.url(f"/third-party/document?connection={connection}&reference={reference}"))
        expect(tp.get_by_role("definition").filter(has_text=reference)).to_have_text(reference)  # "Reference"
    tp_context.close()
    notice = " ".join(_wait_for_mail(portal, people["learner"]).split())
    assert f"Hana Recruiter of Employer Ltd ({people['third_party']}) viewed your certificate" in notice
    time.sleep(1)
    assert _mails_to(portal, people["learner"], subject) == 1
    assert len(portal.smtp.inbox.to(people["learner"])) == 1

    # The dashboard and the connections table show "viewed" with the time.
    _signed_in(page, portal, people["learner"])
    expect(page.get_by_text(re.compile(r"Last viewed by Hana Recruiter on \d\d/"))).to_be_visible()
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        _shot(page, "5-dashboard-viewed")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(portal.url("/connections"))
    row = page.get_by_role("row").filter(has_text=people["third_party"])
    expect(row.get_by_text(re.compile(r"^Viewed \d\d/\d\d/\d{4} \d\d:\d\d UTC$"))).to_be_visible()
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        _shot(page, "6-connections-viewed")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The learner turns the e-mails off in the profile.
    page.goto(portal.url("/profile"))
    page.get_by_role("tab", name="Your data").click()
    choice = page.get_by_role("checkbox", name=re.compile(r"^E-mail me when a third party first opens"))
    expect(choice).to_be_checked()
    choice.click()
    expect(
        page.get_by_text("We will no longer e-mail you when your shared documents are viewed.")
    ).to_be_visible()
    expect(choice).not_to_be_checked()
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        _shot(page, "7-profile-notices-off")
    with Session(get_engine(portal.database_url)) as db:
        assert (
            db.exec(select(Account.notify_on_view).where(Account.email == people["learner"])).one() is False
        )
