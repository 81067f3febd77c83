"""A learner orders a printed certificate for delivery abroad and pays in TEST MODE.

Store -> basket (count in the top bar) -> checkout with a new address in India -> the worldwide
courier priced from the database -> the TEST MODE card page (a declined card, then 4242) ->
the order is listed as Paid and the confirmation e-mail arrives.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.infra.security import hash_password
from portal_app.models import Account, Document, LearnerRecord
from portal_app.services.names import name_key
from tests.e2e.conftest import sign_in
from tests.e2e.order_steps import dispatch, order_status

pytestmark = pytest.mark.e2e
PASSWORD = "a-store-journey-passphrase"
# where the checkout screenshots go (looked at by people; a temporary folder unless set)
SCREENS_ENV = "PORTAL_SCREENS_DIR"


def _learner_with_certificate(database_url: str) -> tuple[str, str]:
    tag = uuid.uuid4().hex[:8]
    email = f"store-{tag}@example.com"
    reference = f"{int(tag, 16) % 10**8:08d}-01-SHOP"
    with Session(get_engine(database_url)) as db:
        record = LearnerRecord(
            candidate_number=f"S{tag}",
            first_name="Rohan",
            last_name="Mehta",
            last_name_key=name_key("Mehta"),
            date_of_birth=date(1996, 4, 2),
            email=email,
        )
        db.add(record)
        db.flush()
        db.add(
            Account(
                email=email, kind="learner", status="active", first_name="Rohan", last_name="Mehta",
                password_hash=hash_password(PASSWORD), learner_record_id=record.id, email_verified_at=utcnow(),
            )
        )  # fmt: skip
        db.add(
            Document(
                reference=reference, kind="certificate", learner_record_id=record.id or 0,
                qualification_number="603/4182/8", qualification_title="Level 3 Award in Vehicle Repair",
                issued_on=date(2024, 11, 13), content={"grade": "Pass", "units": []},
            )
        )  # fmt: skip
        db.commit()
    return email, reference


def _wait_for_mail(portal, to: str, subject_part: str, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in portal.smtp.inbox.to(to):
            if subject_part in message["Subject"]:
                plain = next(p for p in message.walk() if p.get_content_type() == "text/plain")
                return plain.get_payload(decode=True).decode()
        time.sleep(0.3)
    raise AssertionError(f"no e-mail '{subject_part}' to {to}")


def _new_address_in_india(page: Page) -> None:
    """The open new-address form filled in (required fields show an aria-hidden "*" in their label)."""
    for label, value in (
        ("Full name", "Rohan Mehta"),
        ("Address line 1", "14 MG Road"),
        ("Town or city", "Bengaluru"),
        ("Postcode", "560001"),
    ):
        page.get_by_role("textbox", name=label, exact=True).fill(value)
    page.get_by_role("combobox", name="Country", exact=True).select_option("IN")


def test_order_a_printed_certificate_abroad_and_pay_in_test_mode(page, portal):
    email, reference = _learner_with_certificate(portal.database_url)
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))

    # Store, preselected from the document's Order button link
    page.goto(portal.url(f"/store?document={reference}"))
    expect(page.get_by_role("combobox", name="Document")).to_contain_text(reference)
    quantity = page.get_by_role("spinbutton", name="Quantity")
    quantity.fill("25")
    page.get_by_role("button", name="Add to Basket").click()
    page.get_by_text("Enter a quantity from 1 to 20.").wait_for()
    quantity.fill("2")
    expect(page.get_by_role("group", name="Total", exact=True)).to_contain_text("£61.00")
    page.get_by_role("button", name="Add to Basket").click()
    expect(page.get_by_role("link", name="Basket, 2 items")).to_be_visible()

    # Basket: change the quantity to 1, then proceed
    page.get_by_role("link", name="Basket, 2 items").click()
    page.get_by_role("combobox", name="Quantity").click()
    page.get_by_role("option", name="1", exact=True).click()
    expect(page.get_by_role("group", name="Subtotal", exact=True)).to_contain_text("£30.50")
    page.get_by_role("link", name="Proceed to checkout").click()

    # Checkout with a new address in India: only the worldwide courier is offered
    page.get_by_role("button", name="Add a new address for delivery").click()
    _new_address_in_india(page)
    page.get_by_role("button", name="Save address").click()
    expect(page.get_by_role("radio", name=re.compile("International Courier - Worldwide"))).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile("Royal Mail"))).to_have_count(0)
    expect(page.get_by_role("group", name="Total", exact=True)).to_contain_text("£42.75")
    expect(page.get_by_text("TEST MODE: no real payment is taken.")).to_be_visible()
    page.get_by_role("button", name="Pay (TEST MODE)").click()

    # TEST MODE card page: declined card first, then the paying test card
    page.wait_for_url(re.compile(r"/pay/test/ORD-\d+/?$"))
    number = re.search(r"ORD-\d+", page.url)[0]
    expect(page.get_by_text("TEST MODE").first).to_be_visible()
    page.get_by_label("Card number").fill("4000 0000 0000 0002")
    page.get_by_label("Expiry (MM/YY)").fill("12/39")
    page.get_by_label("CVC").fill("123")
    page.get_by_role("button", name="Pay (TEST MODE)").click()
    page.get_by_text("Your card was declined").wait_for()
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Pay (TEST MODE)").click()
    page.wait_for_url(re.compile(rf"/orders/{number}"))
    expect(order_status(page)).to_contain_text("Paid")
    expect(page.get_by_role("group", name="Total", exact=True)).to_contain_text("£42.75")

    # Orders tab lists it as Paid; the basket is empty; the confirmation e-mail arrived
    page.goto(portal.url("/orders"))
    row = page.get_by_role("row").filter(has_text=number)
    row.wait_for()
    text = row.inner_text()
    assert "Paid" in text and "International Courier - Worldwide" in text and "£42.75" in text
    assert "Rohan Mehta" in text and "Learner" in text
    expect(page.get_by_role("link", name="Basket", exact=True)).to_be_visible()  # no count: empty
    body = _wait_for_mail(portal, email, f"Order {number} confirmed")
    assert "£42.75" in body and reference in body


def _paid_order_for(database_url: str, email: str, reference: str) -> str:
    from sqlmodel import select

    from portal_app.models import Order, OrderLine

    number = f"ORD-{uuid.uuid4().int % 10**8:08d}"
    address = {"full_name": "Rohan Mehta", "line1": "1 High Street", "city": "Hertford", "postcode": "SG13 8AB",
               "country": "GB", "line2": "", "region": "", "phone": ""}  # fmt: skip
    with Session(get_engine(database_url)) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        document = db.exec(select(Document).where(Document.reference == reference)).one()
        order = Order(
            number=number, account_id=account.id or 0, status="paid", full_name="Rohan Mehta",
            billing_address=address, delivery_address=address, delivery_option_name="Royal Mail Signed",
            delivery_pence=0, subtotal_pence=3050, total_pence=3050, created_by_name="Rohan Mehta",
            created_by_kind="learner", payment_provider="test", paid_at=utcnow(),
        )  # fmt: skip
        db.add(order)
        db.flush()
        db.add(
            OrderLine(
                order_id=order.id or 0, product_name="Qualifications", document_id=document.id,
                document_reference=reference, unit_price_pence=3050, quantity=1, line_total_pence=3050,
            )
        )  # fmt: skip
        db.commit()
    return number


def test_administrator_processes_and_dispatches_an_order_and_the_learner_is_told(page, portal):
    email, reference = _learner_with_certificate(portal.database_url)
    number = _paid_order_for(portal.database_url, email, reference)
    sign_in(page, portal, "admin@awarding.example", "portal-demo-2026")
    page.wait_for_url(re.compile(r"/admin/?$"))
    page.goto(portal.url("/admin/orders"))
    page.get_by_label("Search orders").fill(number)
    page.keyboard.press("Enter")
    page.get_by_role("row").filter(has_text=number).get_by_role("link").click()
    expect(page.get_by_role("button", name="Mark Processing")).to_be_visible()
    expect(page.get_by_role("button", name="Mark Dispatched")).to_have_count(0)  # paid cannot skip processing
    page.get_by_role("button", name="Mark Processing").click()
    expect(order_status(page)).to_contain_text("Processing")
    dispatch(page, "")
    page.get_by_text("Enter the tracking reference.").wait_for()
    dispatch(page, "RM123456785GB")
    expect(order_status(page)).to_contain_text("Dispatched")
    expect(page.get_by_role("button", name="Mark Processing")).to_have_count(0)  # never back
    body = _wait_for_mail(portal, email, f"Order {number} dispatched")
    assert "RM123456785GB" in body


def _saved_addresses_and_a_last_order(database_url: str, email: str) -> None:
    """Two saved addresses in England; the last order was billed to one and delivered to the other."""
    from sqlmodel import select

    from portal_app.models import Address, Order
    from portal_app.services.addresses import snapshot

    with Session(get_engine(database_url)) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        home = Address(account_id=account.id or 0, full_name="Rohan Mehta", line1="1 High Street",
                       city="Hertford", postcode="SG13 8AB", country="GB")  # fmt: skip
        work = Address(account_id=account.id or 0, full_name="Rohan Mehta", line1="Unit 4, Mill Lane",
                       city="Leeds", postcode="LS1 4AB", country="GB")  # fmt: skip
        db.add_all([home, work])
        db.flush()
        db.add(
            Order(
                number=f"ORD-{uuid.uuid4().int % 10**8:08d}", account_id=account.id or 0, status="paid",
                full_name="Rohan Mehta", billing_address=snapshot(home), delivery_address=snapshot(work),
                delivery_option_name="Royal Mail Signed", delivery_pence=0, subtotal_pence=3050,
                total_pence=3050, created_by_name="Rohan Mehta", created_by_kind="learner", paid_at=utcnow(),
            )
        )  # fmt: skip
        db.commit()


def test_checkout_keeps_billing_where_it_was_when_a_delivery_address_is_added(page, portal, tmp_path):
    email, reference = _learner_with_certificate(portal.database_url)
    _saved_addresses_and_a_last_order(portal.database_url, email)
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    page.goto(portal.url(f"/store?document={reference}"))
    page.get_by_role("button", name="Add to basket").click()
    expect(page.get_by_role("link", name="Basket, 1 item")).to_be_visible()
    page.goto(portal.url("/checkout"))

    # Each role starts at the address the last order used for it
    billing = page.get_by_role("combobox", name="Billing address")
    delivery = page.get_by_role("combobox", name="Delivery address")
    expect(billing).to_contain_text("1 High Street, Hertford")
    expect(delivery).to_contain_text("Unit 4, Mill Lane, Leeds")
    expect(page.get_by_role("group", name="Total", exact=True)).to_contain_text("£30.50")
    screens = Path(os.environ.get(SCREENS_ENV) or tmp_path)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screens / f"checkout-two-addresses-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # A new address asks which role(s) it fills: the one whose button was clicked
    page.get_by_role("button", name="Add a new address for billing").click()
    expect(page.get_by_role("checkbox", name="Billing")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Delivery")).not_to_be_checked()
    page.get_by_role("button", name="Cancel", exact=True).click()
    page.get_by_role("button", name="Add a new address for delivery").click()
    expect(page.get_by_role("checkbox", name="Delivery")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Billing")).not_to_be_checked()
    page.get_by_role("checkbox", name="Delivery").click()
    _new_address_in_india(page)
    page.get_by_role("button", name="Save address").click()
    expect(page.get_by_text("Choose what this address is for: delivery, billing or both.")).to_be_visible()
    page.get_by_role("checkbox", name="Delivery").click()
    page.get_by_role("button", name="Save address").click()
    expect(delivery).to_contain_text("14 MG Road, Bengaluru")
    expect(billing).to_contain_text("1 High Street, Hertford")  # untouched
    page.get_by_text("International Courier - Worldwide").click()
    expect(page.get_by_role("group", name="Total", exact=True)).to_contain_text("£42.75")
    page.get_by_role("button", name="Pay (TEST MODE)").click()
    page.wait_for_url(re.compile(r"/pay/test/ORD-\d+/?$"))
    number = re.search(r"ORD-\d+", page.url)[0]

    from sqlmodel import select

    from portal_app.models import Order

    with Session(get_engine(portal.database_url)) as db:
        order = db.exec(select(Order).where(Order.number == number)).one()
    assert (order.billing_address["city"], order.delivery_address["city"]) == ("Hertford", "Bengaluru")


def test_administrator_adds_a_product_with_a_validated_price(page, portal):
    name = f"Framed certificate {uuid.uuid4().hex[:6]}"
    sign_in(page, portal, "admin@awarding.example", "portal-demo-2026")
    page.wait_for_url(re.compile(r"/admin/?$"))
    page.goto(portal.url("/admin/catalogue"))
    page.get_by_role("button", name="Add product").click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Price (£)").fill("forty")
    page.get_by_label("Available to learners").uncheck()  # hidden from learners' Store while we test
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Enter an amount like 30.50").wait_for()
    expect(page.get_by_label("Name", exact=True)).to_have_value(name)  # what was typed is kept
    page.get_by_label("Price (£)").fill("45")
    page.get_by_role("button", name="Save", exact=True).click()
    row = page.get_by_role("row").filter(has_text=name)
    row.wait_for()
    assert "£45.00" in row.inner_text() and "No" in row.inner_text()
