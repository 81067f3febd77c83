"""An administrator's everyday actions not covered by the other staff journeys: reject a
registration, search records and the outbox, correct a document, follow an issue report to the
document and to its correction, cancel an order with a note, add and edit a delivery option.

(Refund, dispatch, issue, approve, revoke, tracking corrections and CSV imports, each with its
confirmation, are in tests/e2e/test_staff_journey.py.) Every test makes its own people and rows.
"""

from __future__ import annotations

import re
import time
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.models import IssueReport, Order, OrderLine
from portal_app.seed import DEMO_PASSWORD
from tests.e2e.conftest import RunningPortal, sign_in
from tests.e2e.test_support_journey import _screens
from tests.factories import make_account, make_record, make_signed_document
from tests.support.second_factor import DEMO_ADMIN

pytestmark = pytest.mark.e2e


def _at(page: Page, path: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(path) + r"/?(\?.*)?$"))


def _admin(page: Page, portal: RunningPortal) -> None:
    sign_in(page, portal, DEMO_ADMIN, DEMO_PASSWORD)
    _at(page, "/admin")


def _learner_with_certificate(portal: RunningPortal) -> dict:
    tag = uuid.uuid4().hex[:8]
    with Session(get_engine(portal.database_url), expire_on_commit=False) as db:
        record = make_record(db, candidate_number=f"A{tag}", first_name="Ada", last_name=f"Admin{tag}")
        learner = make_account(db, "learner", record=record, email=f"adm-{tag}@example.com",
                               first_name="Ada", last_name=f"Admin{tag}")  # fmt: skip
        document = make_signed_document(db, record, reference=f"{int(tag, 16) % 10**8:08d}-01-ADMN")
    return {"email": learner.email, "account": learner, "reference": document.reference, "document": document,
            "candidate": record.candidate_number}  # fmt: skip


def _mail(portal: RunningPortal, to: str, subject: str) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if any(subject in m["Subject"] for m in portal.smtp.inbox.to(to)):
            return
        time.sleep(0.3)
    raise AssertionError(f"no e-mail {subject!r} to {to}")


def test_reject_a_registration_with_a_reason(page, portal):
    email = f"reject-{uuid.uuid4().hex[:8]}@example.com"
    with Session(get_engine(portal.database_url)) as db:
        make_account(
            db, "learner", status="pending_review", email=email, first_name="Rita", last_name="Rejected"
        )
    _admin(page, portal)
    page.goto(portal.url("/admin/registrations"))
    card = page.locator(f'.review-item[data-email="{email}"]')
    card.get_by_role("button", name="Reject").click()
    expect(card.get_by_role("alert")).to_be_visible()  # a reason is needed: it is sent to them
    card.get_by_placeholder("Reason for rejecting (sent to the learner)").fill(
        "We could not find a learner record with these details."
    )
    card.get_by_role("button", name="Reject").click()
    expect(card).to_have_count(0)


def test_search_records_open_a_document_and_correct_it(page, portal):
    learner = _learner_with_certificate(portal)
    _admin(page, portal)
    page.goto(portal.url("/admin/records"))
    page.get_by_placeholder("Candidate number, name, e-mail or document reference").fill(learner["candidate"])
    page.get_by_role("button", name="Search").click()
    card = page.locator(".record-card").filter(has_text=learner["reference"])
    expect(card).to_have_count(1)
    card.get_by_role("link", name=learner["reference"]).click()
    _at(page, f"/documents/{learner['reference']}")

    page.go_back()
    card.get_by_role("button", name="Correct").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Qualification title").fill("Level 2 Corrected Qualification")
    dialog.get_by_label("What was corrected").fill("The qualification title was wrong.")
    dialog.get_by_role("button", name="Issue corrected version").click()
    expect(dialog).to_have_count(0)
    expect(card).to_contain_text("Level 2 Corrected Qualification")
    _mail(portal, learner["email"], "A document has been issued to you")


def test_follow_an_issue_report_to_the_document_and_its_correction(page, portal):
    learner = _learner_with_certificate(portal)
    with Session(get_engine(portal.database_url)) as db:
        db.add(IssueReport(document_id=learner["document"].id, account_id=learner["account"].id,
                           description="My surname is spelt wrongly."))  # fmt: skip
        db.commit()
    _admin(page, portal)
    page.goto(portal.url("/admin/issues"))
    item = page.locator(f'.issue-item[data-reference="{learner["reference"]}"]')
    item.get_by_role("link", name=learner["reference"]).click()
    _at(page, f"/documents/{learner['reference']}")
    page.go_back()
    expect(item.locator(".issue-document")).to_contain_text("Valid")
    item.get_by_role("button", name="Answer").click()
    item.get_by_label("Answer to the learner").fill("Thank you: we are correcting your certificate.")
    item.get_by_role("button", name="Send answer").click()
    expect(item).to_have_count(0)  # answered: no longer open
    page.get_by_role("radio", name="Answered").click()
    expect(item.locator(".issue-answered")).to_contain_text(
        re.compile(rf"^Answered by {DEMO_ADMIN} on .+ UTC$")
    )

    # "Correct the document" opens the correction of that document, and the report links to it
    item.get_by_role("link", name="Correct the document").click()
    _at(page, "/admin/records")
    expect(page.locator(".record-card").filter(has_text=learner["reference"])).to_have_count(1)
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name=f"Correct {learner['reference']}")).to_be_visible()
    expect(dialog).to_contain_text("the report will link to the new version")
    dialog.get_by_role("textbox", name="What was corrected").fill("The surname was spelt wrongly.")
    dialog.get_by_role("button", name="Issue corrected version").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_text(re.compile(r"The issue report links to it\.$"))).to_be_visible()
    with Session(get_engine(portal.database_url)) as db:
        report = db.exec(select(IssueReport).where(IssueReport.document_id == learner["document"].id)).one()
        assert report.corrected_document_id is not None

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Issues").click()
    page.get_by_role("radio", name="Answered").click()
    expect(item.locator(".issue-document")).to_contain_text("Superseded")
    expect(item.get_by_role("link", name="Correct the document")).to_have_count(0)
    corrected = item.locator(".issue-document").get_by_role("link")
    expect(corrected).to_have_text(re.compile(r"-02-"))
    _screens(page, "admin-issue-corrected")
    corrected.click()
    expect(page).to_have_url(re.compile(r"/documents/\d{8}-02-ADMN/?$"))


def test_search_the_queue_and_cancel_an_order_with_a_note(page, portal):
    learner = _learner_with_certificate(portal)
    number = f"ORD-{uuid.uuid4().int % 10**8:08d}"
    address = {"full_name": "Ada Admin", "line1": "3 Queue Road", "line2": "", "city": "Bath", "region": "",
               "postcode": "BA1 1AA", "country": "GB", "phone": ""}  # fmt: skip
    with Session(get_engine(portal.database_url)) as db:
        order = Order(number=number, account_id=learner["account"].id, status="paid", full_name="Ada Admin",
                      billing_address=address, delivery_address=address, delivery_option_name="Royal Mail Signed",
                      delivery_pence=0, subtotal_pence=3050, total_pence=3050, created_by_name="Ada Admin",
                      created_by_kind="learner", paid_at=utcnow())  # fmt: skip
        db.add(order)
        db.flush()
        db.add(OrderLine(order_id=order.id or 0, product_name="Qualifications", document_id=learner["document"].id,
                         document_reference=learner["reference"], unit_price_pence=3050, quantity=1,
                         line_total_pence=3050))  # fmt: skip
        db.commit()
    _admin(page, portal)
    page.goto(portal.url("/admin/orders"))
    page.get_by_label("Search orders").fill(number)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("row").filter(has=page.get_by_role("link", name="View order"))).to_have_count(1)
    page.get_by_role("row").filter(has_text=number).get_by_role("link", name="View order").click()
    _at(page, f"/admin/orders/{number}")
    page.get_by_role("button", name="Mark Cancelled").click()  # asks first; without a note, refused
    page.get_by_role("alertdialog", name=f"Cancel order {number} for Ada Admin?").get_by_role(
        "button", name="Cancel the order"
    ).click()
    expect(page.get_by_text(re.compile("note", re.I)).first).to_be_visible()
    expect(page.get_by_role("status", name="Order status")).not_to_contain_text("Cancelled")
    page.get_by_label("Note").fill("Cancelled at the learner's request.")
    page.get_by_role("button", name="Mark Cancelled").click()
    page.get_by_role("alertdialog", name=f"Cancel order {number} for Ada Admin?").get_by_role(
        "button", name="Cancel the order"
    ).click()
    expect(page.get_by_role("status", name="Order status")).to_contain_text("Cancelled")
    page.get_by_role("link", name="Back to the order queue").click()
    _at(page, "/admin/orders")


def test_search_the_outbox(page, portal):
    learner = _learner_with_certificate(portal)
    with Session(get_engine(portal.database_url)) as db:
        from portal_app.services import mail

        mail.queue(db, learner["email"], "Outbox search check", ["Hello from the outbox journey."])
        db.commit()
    _admin(page, portal)
    page.goto(portal.url("/admin/outbox"))
    page.get_by_label("Recipient contains").fill(learner["email"])
    page.get_by_role("button", name="Search").click()
    row = page.get_by_role("row").filter(has_text="Outbox search check")
    row.get_by_role("button", name="Open").click()
    expect(page.get_by_text("Hello from the outbox journey.")).to_be_visible()


def test_add_and_edit_a_delivery_option(page, portal):
    name = f"Collect in person {uuid.uuid4().hex[:6]}"
    _admin(page, portal)
    page.goto(portal.url("/admin/catalogue"))
    page.get_by_role("button", name="Add delivery option").click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Price (£)").fill("0")
    page.get_by_label("Available to learners").uncheck()  # not offered at checkout while we test
    page.get_by_role("button", name="Save").click()
    row = page.get_by_role("row").filter(has_text=name)
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Edit").click()
    page.get_by_label("Price (£)").fill("2.50")
    page.get_by_role("button", name="Save").click()
    expect(row).to_contain_text("£2.50")
    with Session(get_engine(portal.database_url)) as db:
        from portal_app.models import DeliveryOption

        option = db.exec(select(DeliveryOption).where(DeliveryOption.name == name)).one()
        assert option.price_pence == 250 and not option.active


def test_page_through_long_lists_of_records_and_e_mails(page, portal):
    tag = uuid.uuid4().hex[:6]
    with Session(get_engine(portal.database_url)) as db:
        from portal_app.services import mail

        for n in range(21):  # one more than a page holds
            make_record(db, candidate_number=f"P{tag}{n:02d}", first_name="Page", last_name=f"Zzpager{tag}")
            mail.queue(db, f"pager-{tag}-{n}@example.com", "Paging check", ["One of many."])
        db.commit()
    _admin(page, portal)
    summary = page.locator(".page-summary")
    page.goto(portal.url("/admin/records"))
    page.get_by_placeholder("Candidate number, name, e-mail or document reference").fill(f"Zzpager{tag}")
    page.get_by_role("button", name="Search").click()
    expect(summary).to_contain_text("page 1 of 2")
    page.get_by_role("button", name="Next").click()
    expect(summary).to_contain_text("page 2 of 2")
    expect(page.get_by_role("button", name="Next")).to_be_disabled()
    page.get_by_role("button", name="Previous").click()
    expect(summary).to_contain_text("page 1 of 2")

    page.goto(portal.url("/admin/outbox"))
    page.get_by_placeholder("Recipient contains…").fill(f"pager-{tag}")
    page.get_by_role("button", name="Search").click()
    expect(summary).to_contain_text("page 1 of 2")
    page.get_by_role("button", name="Next").click()
    expect(summary).to_contain_text("page 2 of 2")
    page.get_by_role("button", name="Previous").click()
    expect(summary).to_contain_text("page 1 of 2")

    learner = _learner_with_certificate(portal)
    address = {"full_name": f"Zzpager{tag}", "line1": "1 Page Row", "line2": "", "city": "Hull", "region": "",
               "postcode": "HU1 1AA", "country": "GB", "phone": ""}  # fmt: skip
    with Session(get_engine(portal.database_url)) as db:
        for _ in range(11):  # one more than the queue's page holds
            db.add(Order(number=f"ORD-{uuid.uuid4().int % 10**8:08d}", account_id=learner["account"].id,
                         status="paid", full_name=f"Zzpager{tag}", billing_address=address,
                         delivery_address=address, delivery_option_name="Royal Mail Signed", delivery_pence=0,
                         subtotal_pence=3050, total_pence=3050, created_by_name=f"Zzpager{tag}",
                         created_by_kind="learner", paid_at=utcnow()))  # fmt: skip
        db.commit()
    page.goto(portal.url("/admin/orders"))
    page.get_by_label("Search orders").fill(f"Zzpager{tag}")
    page.get_by_role("button", name="Search").click()
    expect(summary).to_contain_text("page 1 of 2")
    page.get_by_role("button", name="Next").click()
    expect(summary).to_contain_text("page 2 of 2")
    expect(page.get_by_role("row").filter(has=page.get_by_role("link", name="View order"))).to_have_count(1)
    page.get_by_role("button", name="Previous").click()
    expect(summary).to_contain_text("page 1 of 2")
