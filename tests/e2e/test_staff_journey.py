"""An administrator's irreversible actions, in chromium, each through the dialog that asks first.

Approve a registration; issue a document (going back once) and revoke it; import a documents CSV
twice (the second is refused line by line); dispatch an order with a checked tracking reference
(cancelling the first confirmation), correct the reference (the learner is told once) and refund.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.infra.security import hash_password
from portal_app.models import Account, Document, LearnerRecord, Order, OrderLine, Payment
from portal_app.services.names import name_key
from tests.e2e.conftest import sign_in
from tests.e2e.order_steps import dispatch, order_status

pytestmark = pytest.mark.e2e
ADMIN, ADMIN_PASSWORD = "admin@awarding.example", "portal-demo-2026"
PASSWORD = "a-staff-journey-passphrase"


def _record(db: Session, tag: str, last_name: str, email: str | None = None) -> LearnerRecord:
    record = LearnerRecord(
        candidate_number=f"H{tag}", first_name="Nia", last_name=last_name, last_name_key=name_key(last_name),
        date_of_birth=date(1998, 6, 12), email=email,
    )  # fmt: skip
    db.add(record)
    db.flush()
    return record


def _learner(database_url: str, status: str = "active", linked: bool = True) -> tuple[str, str, str]:
    """(e-mail, candidate number, last name) of a learner with a record of her own."""
    tag = uuid.uuid4().hex[:8]
    last_name, email = f"Okafor{tag}", f"staff-{tag}@example.com"
    with Session(get_engine(database_url)) as db:
        record = _record(db, tag, last_name, email)
        db.add(
            Account(
                email=email, kind="learner", status=status, first_name="Nia", last_name=last_name,
                password_hash=hash_password(PASSWORD), email_verified_at=utcnow(),
                learner_record_id=record.id if linked else None,
                # waiting since long ago, so she is on the first page of the oldest-first queue
                date_of_birth=date(1998, 12, 6), candidate_number=record.candidate_number,
                created_at=datetime(2020, 1, 1, tzinfo=UTC),
            )
        )  # fmt: skip
        db.commit()
    return email, f"H{tag}", last_name


def _mails(portal, to: str, subject_part: str) -> list[str]:
    return [
        next(p for p in m.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
        for m in portal.smtp.inbox.to(to)
        if subject_part in m["Subject"]
    ]


def _wait_for_mail(portal, to: str, subject_part: str, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := _mails(portal, to, subject_part):
            return found[0]
        time.sleep(0.3)
    raise AssertionError(f"no e-mail '{subject_part}' to {to}")


def _screen(page: Page, name: str) -> None:
    """A screenshot for people to look at, when PORTAL_SCREENS_DIR names a folder."""
    if folder := os.environ.get("PORTAL_SCREENS_DIR"):
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def _admin(page: Page, portal) -> None:
    sign_in(page, portal, ADMIN, ADMIN_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))


def test_administrator_approves_a_registration_after_confirming(page, portal):
    email, number, last_name = _learner(portal.database_url, status="pending_review", linked=False)
    _admin(page, portal)
    page.goto(portal.url("/admin/registrations"))
    card = page.locator(f'.review-item[data-email="{email}"]')
    card.get_by_role("button", name="Approve with this record").first.click()
    dialog = page.get_by_role("alertdialog", name=f"Approve Nia {last_name}?")
    expect(dialog).to_contain_text(f"candidate number {number}")
    _screen(page, "approve-registration")
    dialog.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved: the learner has been e-mailed.")).to_be_visible()
    expect(card).to_have_count(0)
    assert "approved" in _wait_for_mail(portal, email, "Your account is ready")


def _find_record(page: Page, portal, number: str):
    page.goto(portal.url("/admin/records"))
    page.get_by_placeholder("Candidate number, name, e-mail or document reference").fill(number)
    page.get_by_role("button", name="Search", exact=True).click()
    card = page.locator(".record-card").filter(has_text=number)
    expect(card).to_have_count(1)
    return card


def test_administrator_issues_a_document_after_checking_it_and_revokes_it(page, portal):
    email, number, last_name = _learner(portal.database_url)
    _admin(page, portal)
    card = _find_record(page, portal, number)
    card.get_by_role("button", name="Issue document").click()
    form = page.get_by_role("dialog", name=f"Issue a document to Nia {last_name}")
    form.get_by_label("Qualification number").fill("603/9999/1")
    form.get_by_label("Qualification title").fill("Level 2 Award in Staff Journeys")
    form.get_by_label("Issue date").fill("2024-11-13")
    form.get_by_role("button", name="Continue").click()

    # Asked first, naming the learner and the document; "Back" keeps what was typed
    question = page.get_by_role("dialog", name=f"Issue this certificate to Nia {last_name}?")
    expect(question).to_contain_text("Level 2 Award in Staff Journeys (603/9999/1)")
    expect(question).to_contain_text(f"is e-mailed at {email}")
    _screen(page, "issue-confirmation")
    question.get_by_role("button", name="Back").click()
    expect(form.get_by_label("Qualification title")).to_have_value("Level 2 Award in Staff Journeys")
    assert _mails(portal, email, "A document has been issued") == []
    form.get_by_role("button", name="Continue").click()
    question.get_by_role("button", name="Issue certificate").click()
    alert = page.get_by_role("alert").filter(has_text="Issued ")
    expect(alert).to_be_visible()
    reference = re.search(r"\d{8}-01-[A-Z0-9]{4}", alert.inner_text())[0]
    assert reference in _wait_for_mail(portal, email, "A document has been issued")

    # Revoke: the dialog names the learner and the document and says it cannot be undone
    row = card.get_by_role("row").filter(has_text=reference)
    row.get_by_role("button", name="Revoke").click()
    revoke = page.get_by_role("dialog", name=f"Revoke Nia {last_name}'s certificate {reference}?")
    expect(revoke).to_contain_text("This cannot be undone")
    _screen(page, "revoke-dialog")
    revoke.get_by_role("button", name="Revoke document").click()
    expect(revoke.get_by_text("Give the reason for revoking the document.")).to_be_visible()
    revoke.get_by_role("textbox", name="Reason").fill("Awarded to the wrong learner")
    revoke.get_by_role("button", name="Revoke document").click()
    expect(row).to_contain_text("Revoked")
    body = _wait_for_mail(portal, email, "has been revoked")
    assert reference in body and "Reason: Awarded to the wrong learner" in body


def test_importing_the_same_documents_csv_twice_is_refused_line_by_line(page, portal, tmp_path: Path):
    numbers = [_learner(portal.database_url)[1] for _ in range(2)]
    csv = tmp_path / "documents.csv"
    csv.write_text(
        "candidate_number,kind,qualification_number,qualification_title,issued_on\n"
        + "".join(f"{n},certificate,603/1111/2,Level 3 Import Journeys,2025-03-14\n" for n in numbers)
    )
    _admin(page, portal)
    page.goto(portal.url("/admin/records"))
    page.get_by_role("combobox", name="What to import").click()
    page.get_by_role("option", name="Documents").click()
    for attempt in range(2):
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="Choose CSV file").click()
        chooser.value.set_files(str(csv))
        expect(page.get_by_text("documents.csv", exact=True)).to_be_visible()
        page.get_by_role("button", name="Import", exact=True).click()
        if attempt == 0:
            expect(page.get_by_text("Imported 2 documents.").first).to_be_visible()
    expect(page.get_by_text("2 rows were rejected, so nothing was imported.")).to_be_visible()
    rejected = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Reason"))
    _screen(page, "import-refused")
    for line in ("2", "3"):
        expect(
            rejected.get_by_role("row").filter(has=page.get_by_role("cell", name=line, exact=True))
        ).to_contain_text("already holds this certificate")
    with Session(get_engine(portal.database_url)) as db:
        issued = db.exec(
            select(Document.id)
            .join(LearnerRecord, LearnerRecord.id == Document.learner_record_id)
            .where(col(LearnerRecord.candidate_number).in_(numbers))
        ).all()
    assert len(issued) == 2  # one each, not two each


def _paid_order(database_url: str, email: str) -> str:
    number = f"ORD-{uuid.uuid4().int % 10**8:08d}"
    address = {"full_name": "Nia Okafor", "line1": "1 High Street", "city": "Hertford", "postcode": "SG13 8AB",
               "country": "GB", "line2": "", "region": "", "phone": ""}  # fmt: skip
    with Session(get_engine(database_url)) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        order = Order(
            number=number, account_id=account.id or 0, status="paid", full_name="Nia Okafor",
            billing_address=address, delivery_address=address, delivery_option_name="Royal Mail Signed",
            delivery_pence=0, subtotal_pence=3050, total_pence=3050, created_by_name="Nia Okafor",
            created_by_kind="learner", payment_provider="test", paid_at=utcnow(),
        )  # fmt: skip
        db.add(order)
        db.flush()
        db.add(
            OrderLine(
                order_id=order.id or 0, product_name="Qualifications", document_reference="00000000-01-NONE",
                unit_price_pence=3050, quantity=1, line_total_pence=3050,
            )
        )  # fmt: skip
        db.add(Payment(order_id=order.id or 0, provider="test", event_id=f"test:{number}", amount_pence=3050))
        db.commit()
    return number


def test_administrator_dispatches_corrects_the_tracking_and_refunds_each_after_confirming(page, portal):
    email, _, _ = _learner(portal.database_url)
    number = _paid_order(portal.database_url, email)
    _admin(page, portal)
    page.goto(portal.url(f"/admin/orders/{number}"))
    page.get_by_role("button", name="Mark Processing").click()
    expect(order_status(page)).to_contain_text("Processing")

    # Dispatch asks first; Cancel changes nothing
    tracking = page.get_by_role("textbox", name="Tracking reference")
    tracking.fill("RM12345678GB")
    page.get_by_role("button", name="Mark Dispatched").click()
    question = page.get_by_role("alertdialog", name=f"Dispatch order {number} to Nia Okafor?")
    expect(question).to_contain_text("RM12345678GB")
    _screen(page, "dispatch-confirmation")
    question.get_by_role("button", name="Cancel").click()
    expect(question).to_have_count(0)
    expect(order_status(page)).to_contain_text("Processing")
    # A reference that is not Royal Mail's is refused next to the field
    dispatch(page, "RM12345678GB")
    expect(page.get_by_text("That is not a Royal Mail Signed reference.")).to_be_visible()
    dispatch(page, "rm 123456785 gb")
    expect(order_status(page)).to_contain_text("Dispatched")
    assert "RM123456785GB" in _wait_for_mail(portal, email, f"Order {number} dispatched")

    # Correct the tracking reference: the learner is told once, however often it is saved
    correction = page.get_by_role("textbox", name="Corrected tracking reference")
    expect(correction).to_have_value("RM123456785GB")
    correction.fill("RM987654321GB")
    page.get_by_role("button", name="Save corrected reference").click()
    expect(page.get_by_text("Tracking reference corrected to RM987654321GB")).to_be_visible()
    page.get_by_role("button", name="Save corrected reference").click()
    expect(
        page.get_by_text("The tracking reference is already RM987654321GB; nothing was sent.")
    ).to_be_visible()
    assert "RM987654321GB" in _wait_for_mail(portal, email, "corrected tracking reference")
    time.sleep(2)
    assert len(_mails(portal, email, "corrected tracking reference")) == 1

    # Refund asks first, naming the amount and the person
    page.get_by_role("textbox", name="Note").fill("Lost in the post; refunded as agreed.")
    page.get_by_role("button", name="Mark Refunded").click()
    refund = page.get_by_role("alertdialog", name="Refund £30.50 to Nia Okafor?")
    expect(refund).to_contain_text("This cannot be undone")
    page.set_viewport_size({"width": 375, "height": 800})
    _screen(page, "refund-confirmation-375")
    refund.get_by_role("button", name="Refund £30.50").click()
    expect(order_status(page)).to_contain_text("Refunded")
    assert "£30.50" in _wait_for_mail(portal, email, f"Order {number} refunded")
