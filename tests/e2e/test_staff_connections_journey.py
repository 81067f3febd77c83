"""Staff, in chromium: from the overview's third-party figure to the organisations and their
accounts, to one third party's connections, and ending a connection after a dialog that names
both parties and asks why; both are e-mailed and the ending is in the audit log.

Screenshots at 1280 and 375 px go to PORTAL_SCREENS_DIR when it names a folder.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.models import Account, AuditEvent, Connection, LearnerRecord, OutboundEmail
from portal_app.services.names import name_key
from portal_app.services.third_parties import PAGE_SIZE
from tests.e2e.conftest import sign_in
from tests.e2e.test_support_journey import ADMIN_PASSWORD, _screens
from tests.support.second_factor import DEMO_ADMIN

pytestmark = pytest.mark.e2e


def _world(database_url: str) -> tuple[str, str, int]:
    """Lena Linkwell shares with Tom Tally of a new organisation, which has PAGE_SIZE colleagues
    in organisations of the same tag (so a search for the tag has two pages)."""
    tag = uuid.uuid4().hex[:6]
    now = utcnow()
    with Session(get_engine(database_url), expire_on_commit=False) as db:
        record = LearnerRecord(candidate_number=f"L{tag}", first_name="Lena", last_name="Linkwell",
                               last_name_key=name_key("Linkwell"), date_of_birth=date(1991, 3, 4))  # fmt: skip
        db.add(record)
        db.flush()
        lena = Account(email=f"lena-{tag}@example.com", kind="learner", status="active", first_name="Lena",
                       last_name="Linkwell", learner_record_id=record.id, email_verified_at=now)  # fmt: skip
        tom = Account(email=f"tom-{tag}@tally.example", kind="third_party", status="active", first_name="Tom",
                      last_name="Tally", organisation=f"Acme {tag} Ltd", email_verified_at=now)  # fmt: skip
        db.add_all([lena, tom])
        for n in range(PAGE_SIZE):
            db.add(Account(email=f"staff{n}-{tag}@bulk.example", kind="third_party", status="active",
                           first_name="Bulk", last_name=f"Checker{n}", organisation=f"Bulk {tag} {n:02d}",
                           email_verified_at=now))  # fmt: skip
        db.flush()
        connection = Connection(learner_account_id=lena.id, learner_name="Lena Linkwell", learner_email=lena.email,
                                third_party_account_id=tom.id, third_party_name="Tom Tally",
                                third_party_email=tom.email, initiated_by="learner", status="active",
                                accepted_at=now, expires_at=now + timedelta(days=20))  # fmt: skip
        # Tom's own request by candidate number alone, which reached nobody: staff see what he typed
        request = Connection(learner_candidate_number=f"9{int(tag, 16) % 10**7:07d}", third_party_account_id=tom.id,
                             third_party_name="Tom Tally", third_party_email=tom.email, initiated_by="third_party",
                             status="pending", expires_at=now + timedelta(days=30))  # fmt: skip
        db.add_all([connection, request])
        db.commit()
        return tag, tom.email, connection.id or 0


def test_staff_find_a_third_party_and_end_its_connection(page, portal):
    tag, tom_email, connection_id = _world(portal.database_url)
    sign_in(page, portal, DEMO_ADMIN, ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))

    page.get_by_role("link", name=re.compile(r"active third-party accounts?$")).click()
    expect(page.get_by_role("heading", name="Third parties", level=1)).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Third parties · Admin"))
    page.get_by_label("Search third parties").fill(tag)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text(f"{PAGE_SIZE + 1} third-party accounts · page 1 of 2")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("page 2 of 2")).to_be_visible()
    page.get_by_role("button", name="Previous").click()
    page.get_by_role("combobox", name="Account status").click()
    page.get_by_role("option", name="Active").click()
    tom = page.locator(".third-party-row").filter(has_text="Tom Tally")
    expect(tom).to_contain_text(f"Acme {tag} Ltd")
    expect(tom).to_contain_text("2 live of 2")
    _screens(page, "admin-third-parties")

    tom.get_by_role("link", name="Connections of Tom Tally").click()
    expect(page.get_by_role("heading", name="Connections", level=1)).to_be_visible()
    expect(page.get_by_text(f"Tom Tally (Acme {tag} Ltd)")).to_be_visible()
    rows = page.locator(".staff-connection-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Lena Linkwell")).to_contain_text("Active")
    request = rows.filter(has_text="Candidate number 9")
    expect(request).to_contain_text("Pending")
    expect(request).to_contain_text("Third party")  # started by
    dialog = page.get_by_role("dialog")
    request.get_by_role(
        "button", name=re.compile(r"^End the connection between Candidate number 9\d+ and Tom Tally$")
    ).click()
    expect(
        dialog.get_by_role(
            "heading",
            name=re.compile(r"^End the connection between Candidate number 9\d+ and Tom Tally \(Acme"),
        )
    ).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(request).to_contain_text("Pending")  # cancelling ends nothing
    page.get_by_role("button", name="Show every third party").click()
    expect(rows.filter(has_text="Lena Linkwell")).to_have_count(1)
    expect(page.get_by_role("button", name="Next")).to_be_enabled()  # the demo's twelve weeks of shares
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text(re.compile(r"connections · page 2"))).to_be_visible()
    page.get_by_role("button", name="Previous").click()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Third parties").click()
    expect(page.get_by_role("heading", name="Third parties", level=1)).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Connections").click()
    expect(page.get_by_role("heading", name="Connections", level=1)).to_be_visible()
    page.get_by_label("Search connections").fill("Linkwell")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("combobox", name="Connection status").click()
    page.get_by_role("option", name="Active").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Active")
    _screens(page, "admin-connections")

    end = page.get_by_role("button", name="End the connection between Lena Linkwell and Tom Tally")
    end.click()
    question = f"End the connection between Lena Linkwell and Tom Tally (Acme {tag} Ltd)?"
    expect(dialog.get_by_role("heading", name=question)).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    end.click()
    dialog.get_by_role("button", name="End the connection").click()
    expect(dialog.get_by_text("Say why (the learner and the third party are told).")).to_be_visible()
    dialog.get_by_label("Reason (sent to both)").fill("Tally Ltd asked us to close its accounts.")
    _screens(page, "admin-end-connection")
    dialog.get_by_role("button", name="End the connection").click()
    expect(dialog).to_be_hidden()
    expect(
        page.get_by_text(re.compile(r"^Ended the connection between Lena Linkwell and Tom Tally"))
    ).to_be_visible()
    expect(rows).to_have_count(0)  # no longer active
    page.get_by_role("combobox", name="Connection status").click()
    page.get_by_role("option", name="Revoked").click()
    expect(rows.first).to_contain_text("Revoked")
    expect(rows.first.get_by_role("button", name=re.compile("^End"))).to_have_count(0)

    with Session(get_engine(portal.database_url)) as db:
        assert db.get(Connection, connection_id).status == "revoked"
        told = db.exec(select(OutboundEmail).where(OutboundEmail.kind == "connection_ended")).all()
        lena = db.exec(select(Account).where(Account.email == f"lena-{tag}@example.com")).one()
        assert {m.to_address for m in told} >= {lena.email, tom_email}
        assert all("Tally Ltd asked us to close its accounts." in m.text_body for m in told)
        event = db.exec(select(AuditEvent).where(AuditEvent.action == "connection.ended_by_staff",
                                                  AuditEvent.subject_id == connection_id)).one()  # fmt: skip
        assert "Lena Linkwell and Tom Tally" in event.detail
