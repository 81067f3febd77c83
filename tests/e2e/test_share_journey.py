"""A learner shares documents, a third party accepts and views them, the learner sees who viewed
what, removes a document, and the third party can no longer see it.

The journey creates its own learner, record, documents and third party so other journeys
cannot change what it sees.
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.infra.security import hash_password
from portal_app.models import Account, Connection, Document, LearnerRecord
from portal_app.services.sharing import NOT_SHARED
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e
PASSWORD = "share-journey-2026"


def _make_people(database_url: str) -> dict[str, str]:
    tag = uuid.uuid4().hex[:8]
    engine = get_engine(database_url)
    with Session(engine, expire_on_commit=False) as db:
        record = LearnerRecord(
            candidate_number=f"77{tag[:6]}",
            first_name="Journey",
            last_name=f"Learner{tag}",
            last_name_key=f"learner{tag}",
            date_of_birth=date(1995, 5, 5),
        )
        db.add(record)
        db.flush()
        learner = Account(
            email=f"learner-{tag}@example.com",
            kind="learner",
            status="active",
            first_name="Journey",
            last_name=f"Learner{tag}",
            password_hash=hash_password(PASSWORD),
            learner_record_id=record.id,
            email_verified_at=utcnow(),
        )
        third_party = Account(
            email=f"hr-{tag}@employer.example",
            kind="third_party",
            status="active",
            first_name="Hana",
            last_name="Recruiter",
            organisation="Employer Ltd",
            password_hash=hash_password(PASSWORD),
            email_verified_at=utcnow(),
        )
        db.add(learner)
        db.add(third_party)
        refs = {"cert": f"{tag[:8].upper()}-01-CERT", "tran": f"{tag[:8].upper()}-01-TRAN"}
        for kind, key in (("certificate", "cert"), ("transcript", "tran")):
            db.add(
                Document(
                    reference=refs[key],
                    kind=kind,
                    learner_record_id=record.id,
                    qualification_number="603/9999/9",
                    qualification_title="Level 3 Journey Qualification",
                    issued_on=date(2025, 1, 10),
                    content={
                        "grade": "Merit",
                        "units": [{"code": "J1", "title": "Journeys", "grade": "Merit"}],
                    },
                )
            )
        db.commit()
    return {"learner": learner.email, "third_party": third_party.email, **refs}


def _wait_for_mail(portal, address: str):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        messages = portal.smtp.inbox.to(address)
        if messages:
            for part in messages[-1].walk():
                if part.get_content_type() == "text/plain":
                    return part.get_payload(decode=True).decode()
        time.sleep(0.3)
    raise AssertionError(f"no e-mail to {address}")


def _document(page, reference: str):
    """A document's checkbox on the Share Documents page, by its accessible name."""
    return page.get_by_role("checkbox", name=re.compile(re.escape(reference)))


def test_share_accept_view_log_and_remove(page, portal, browser):
    people = _make_people(portal.database_url)

    # The learner adds a connection and chooses the documents.
    sign_in(page, portal, people["learner"], PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    page.goto(portal.url("/connections"))
    page.get_by_role("button", name="Add Connection").click()
    add = page.get_by_role("dialog", name="Add Connection")
    add.get_by_label("Name", exact=True).fill("Hana Recruiter")
    add.get_by_label("E-mail").fill("not an e-mail")
    add.get_by_role("button", name="Next: choose documents").click()
    page.get_by_text("Enter a valid e-mail address.").wait_for()
    expect(add.get_by_label("Name", exact=True)).to_have_value("Hana Recruiter")
    add.get_by_label("E-mail").fill(people["third_party"])
    add.get_by_label("Message").fill("For the workshop job")
    add.get_by_role("button", name="Next: choose documents").click()
    page.wait_for_url(re.compile(r"/connections/share/?$"))
    page.get_by_text("603/9999/9 - Level 3 Journey Qualification").wait_for()
    _document(page, people["cert"]).click()
    _document(page, people["tran"]).click()
    expect(_document(page, people["cert"])).to_be_checked()
    expect(_document(page, people["tran"])).to_be_checked()
    page.get_by_role("button", name="Share Documents").click()
    page.wait_for_url(re.compile(r"/connections/?$"))
    expect(
        page.get_by_role("alert").filter(has_text="2 documents shared with Hana Recruiter: the invitation")
    ).to_be_visible()
    row = page.get_by_role("row").filter(has_text=people["third_party"])
    row.wait_for()
    assert "Pending" in row.inner_text() and "\t2\t" in row.inner_text().replace("\n", "\t") + "\t"

    invitation = _wait_for_mail(portal, people["third_party"])
    assert "/signin?next=/third-party/connections" in invitation

    # The third party accepts and views the certificate.
    tp_context = browser.new_context(viewport={"width": 1280, "height": 900})
    tp_context.set_default_timeout(20_000)
    tp = tp_context.new_page()
    csp: list[str] = []
    tp.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(tp, portal, people["third_party"], PASSWORD)
    tp.wait_for_url(re.compile(r"/third-party/?$"))
    expect(tp.get_by_text("You have 1 pending connection.")).to_be_visible()
    tp.goto(portal.url("/third-party/connections"))
    tp_row = tp.get_by_role("row").filter(has_text=people["learner"])
    tp_row.get_by_role("button", name=re.compile(r"^Accept the connection from ")).click()
    tp_row.get_by_text("Active").wait_for()
    tp.goto(portal.url("/third-party"))
    shared = tp.get_by_role("row").filter(has_text=people["tran"])
    shared.wait_for()
    shared.get_by_role("link", name=re.compile(r"^View ")).click()
    tp.wait_for_url(re.compile(r"/third-party/document"))
    expect(tp.get_by_text("this document is valid")).to_be_visible()
    expect(tp.get_by_role("definition").filter(has_text=people["tran"])).to_have_text(
        people["tran"]
    )  # "Reference"
    # the transcript's units, in the same table as on the learner's own document page
    units = tp.get_by_role("table").filter(has=tp.get_by_role("columnheader", name="Unit"))
    expect(units.get_by_role("row").filter(has_text="Journeys")).to_contain_text("Merit")

    # The learner sees who viewed what, then removes the transcript.
    page.reload()
    row = page.get_by_role("row").filter(has_text=people["third_party"])
    row.get_by_text("Active").wait_for()
    row.get_by_role("button", name="Who viewed documents shared with Hana Recruiter").click()
    log = page.get_by_role("dialog", name="Who viewed your documents")
    log.get_by_text(people["tran"]).wait_for()
    assert "Hana Recruiter" in log.inner_text()
    page.keyboard.press("Escape")
    row.get_by_role("link", name="Edit documents shared with Hana Recruiter").click()
    page.wait_for_url(re.compile(r"/connections/share"))
    expect(_document(page, people["tran"])).to_be_checked()
    _document(page, people["tran"]).click()
    expect(_document(page, people["tran"])).not_to_be_checked()
    page.get_by_role("button", name="Share Documents").click()
    page.wait_for_url(re.compile(r"/connections/?$"))
    expect(page.get_by_role("alert").filter(has_text="1 document shared")).to_be_visible()

    # The third party no longer sees it, not even by its old address.
    tp.reload()
    expect(tp.get_by_role("alert").filter(has_text=NOT_SHARED)).to_be_visible()
    tp.goto(portal.url("/third-party"))
    # (the list from the earlier visit may show until the page's load answers, so wait for it)
    expect(tp.get_by_role("row").filter(has_text=people["tran"])).to_have_count(0)
    expect(tp.get_by_role("row").filter(has_text=people["cert"])).to_have_count(1)
    tp_context.close()
    assert not csp, csp[:2]

    # The learner's tab is stale: the connection ends meanwhile, and saving says so on the page.
    page.get_by_role("link", name="Edit documents shared with Hana Recruiter").click()
    expect(_document(page, people["cert"])).to_be_checked()
    with Session(get_engine(portal.database_url)) as db:
        connection = db.exec(
            select(Connection).where(Connection.third_party_email == people["third_party"])
        ).one()
        assert connection.status == "active"
        connection.status = "revoked"
        db.add(connection)
        db.commit()
    page.get_by_role("button", name="Share Documents").click()
    page.get_by_role("alert").filter(has_text="This connection has ended").wait_for()


def test_third_party_requests_and_the_learner_accepts_choosing_documents(page, portal, browser):
    people = _make_people(portal.database_url)
    with Session(get_engine(portal.database_url)) as db:
        account = db.exec(select(Account).where(Account.email == people["learner"])).one()
        number = db.get(LearnerRecord, account.learner_record_id).candidate_number

    # The third party asks by candidate number; the answer does not reveal whether it matched.
    sign_in(page, portal, people["third_party"], PASSWORD)
    page.wait_for_url(re.compile(r"/third-party/?$"))
    page.goto(portal.url("/third-party/connections"))
    page.get_by_role("button", name="Request Connection").click()
    ask = page.get_by_role("dialog", name="Request a connection")
    ask.get_by_role("button", name="Send request").click()
    page.get_by_text("Enter the learner's name, or their candidate number.").wait_for()
    ask.get_by_label("Or candidate number").fill(number)
    ask.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("alert").filter(has_text="Request sent.")).to_be_visible()
    mine = page.get_by_role("row").filter(has_text=f"Candidate number {number}")
    expect(mine).to_contain_text("Waiting for the learner")
    expect(mine).not_to_contain_text("Journey")  # the learner's name stays hidden until they accept
    request = _wait_for_mail(portal, people["learner"])
    assert "/connections" in request

    # The learner accepts by choosing what to share.
    learner_context = browser.new_context(viewport={"width": 1280, "height": 900})
    learner_context.set_default_timeout(20_000)
    learner = learner_context.new_page()
    csp: list[str] = []
    learner.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(learner, portal, people["learner"], PASSWORD)
    learner.wait_for_url(re.compile(r"/dashboard/?$"))
    learner.goto(portal.url("/connections"))
    row = learner.get_by_role("row").filter(has_text=people["third_party"])
    assert "Third party" in row.inner_text()
    row.get_by_role("link", name="Accept the request from Hana Recruiter").click()
    learner.wait_for_url(re.compile(r"/connections/share"))
    learner.get_by_text("Sharing documents accepts this connection request.").wait_for()
    expect(learner.get_by_text("Organisation: Employer Ltd")).to_be_visible()
    _document(learner, people["cert"]).click()
    expect(_document(learner, people["cert"])).to_be_checked()
    learner.get_by_role("button", name="Share Documents").click()
    expect(learner.get_by_role("alert").filter(has_text="You accepted")).to_be_visible()
    learner_context.close()
    assert not csp, csp[:2]

    # The third party now sees the certificate, and only that, and the learner's own name.
    page.goto(portal.url("/third-party/connections"))
    expect(page.get_by_role("row").filter(has_text=people["learner"])).to_contain_text("Journey Learner")
    page.goto(portal.url("/third-party"))
    expect(page.get_by_role("row").filter(has_text=people["cert"])).to_have_count(1)
    expect(page.get_by_role("row").filter(has_text=people["tran"])).to_have_count(0)
