"""A learner's links and buttons between documents, the Store, the basket, orders and sharing, each
in the browser: Order and Report Issue from the documents list, the verification link on a
document, choosing a product, removing from the basket, searching orders, paying later, and
leaving the share page without saving.

Each test makes its own learner (tests/factories.py) so other journeys cannot disturb it.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.models import IssueReport, Order, OrderLine, Product
from tests.e2e.conftest import RunningPortal, sign_in
from tests.factories import PASSWORD, make_account, make_connection, make_record, make_signed_document

pytestmark = pytest.mark.e2e


def _at(page: Page, path: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(path) + r"/?(\?.*)?$"))


def _learner(portal: RunningPortal, *, orders: tuple[str, ...] = (), report: bool = False) -> dict:
    """A learner with one signed certificate, and orders of the given statuses for it."""
    tag = uuid.uuid4().hex[:8]
    with Session(get_engine(portal.database_url), expire_on_commit=False) as db:
        record = make_record(db, candidate_number=f"L{tag}", first_name="Lina", last_name="Links")
        learner = make_account(db, "learner", record=record, email=f"links-{tag}@example.com",
                               first_name="Lina", last_name="Links")  # fmt: skip
        document = make_signed_document(db, record, reference=f"{int(tag, 16) % 10**8:08d}-01-LINK")
        if report:
            db.add(IssueReport(document_id=document.id or 0, account_id=learner.id or 0,
                               description="The award date on this certificate is wrong."))  # fmt: skip
        product = db.exec(select(Product).where(Product.name == "Qualifications")).one()
        numbers = []
        for status in orders:
            address = {"full_name": "Lina Links", "line1": "2 Link Lane", "line2": "", "city": "York",
                       "region": "", "postcode": "YO1 7HH", "country": "GB", "phone": ""}  # fmt: skip
            order = Order(number=f"ORD-{uuid.uuid4().int % 10**8:08d}", account_id=learner.id or 0, status=status,
                          full_name="Lina Links", billing_address=address, delivery_address=address,
                          delivery_option_name="Royal Mail Signed", delivery_pence=0, subtotal_pence=3050,
                          total_pence=3050, created_by_name="Lina Links", created_by_kind="learner",
                          paid_at=utcnow() if status == "paid" else None)  # fmt: skip
            db.add(order)
            db.flush()
            db.add(OrderLine(order_id=order.id or 0, product_name=product.name, document_id=document.id,
                             document_reference=document.reference, unit_price_pence=3050, quantity=1,
                             line_total_pence=3050))  # fmt: skip
            numbers.append(order.number)
        db.commit()
    return {"email": learner.email, "reference": document.reference, "orders": numbers, "account": learner}


def _signed_in(page: Page, portal: RunningPortal, email: str) -> None:
    sign_in(page, portal, email, PASSWORD)
    _at(page, "/dashboard")


def test_from_the_documents_list_order_report_and_open_my_report(page, portal):
    learner = _learner(portal, report=True)
    reference = learner["reference"]
    _signed_in(page, portal, learner["email"])
    page.goto(portal.url("/documents"))
    row = page.get_by_role("row").filter(has_text=reference)
    row.get_by_role("link", name="Order").click()
    _at(page, f"/store?document={reference}")
    expect(page.get_by_role("combobox", name="Document")).to_contain_text(reference)

    page.goto(portal.url("/documents"))
    row.get_by_role("link", name="Report Issue").click()
    _at(page, f"/documents/{reference}?report=1")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("What is wrong?")).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)

    page.goto(portal.url("/documents"))
    page.locator(".my-report").get_by_role("link", name=reference).click()  # "My reports"
    _at(page, f"/documents/{reference}")


def test_a_document_links_to_its_verification_the_store_and_back(page, portal):
    learner = _learner(portal)
    reference = learner["reference"]
    _signed_in(page, portal, learner["email"])
    page.goto(portal.url(f"/documents/{reference}"))
    page.get_by_role("link", name=f"/verify/{reference}").click()  # the address itself
    _at(page, f"/verify/{reference}")
    expect(page.get_by_role("heading", name="Valid", exact=True)).to_be_visible()

    page.goto(portal.url(f"/documents/{reference}"))
    page.get_by_role("link", name="Order printed copy").click()
    _at(page, f"/store?document={reference}")
    page.goto(portal.url(f"/documents/{reference}"))
    page.get_by_role("link", name="All documents").click()
    _at(page, "/documents")


def test_choose_a_product_add_it_and_remove_it_from_the_basket(page, portal):
    learner = _learner(portal)
    _signed_in(page, portal, learner["email"])
    page.goto(portal.url(f"/store?document={learner['reference']}"))
    chosen = page.get_by_role("button", name="Selected")
    expect(chosen).to_have_count(1)  # the product that prints this kind of document
    chosen.click()  # choosing it again keeps it chosen
    expect(chosen).to_have_count(1)
    # Each product's button, in page order: its name says Select/Selected, aria-pressed which is on.
    products = page.get_by_role("button", name=re.compile(r"^Select(ed)?$"))
    first = next(
        i for i in range(products.count()) if products.nth(i).get_attribute("aria-pressed") == "true"
    )
    if products.count() > 1:
        other = (first + 1) % products.count()
        products.nth(other).click()
        expect(products.nth(other)).to_have_attribute("aria-pressed", "true")
        products.nth(first).click()  # back to the first, which chooses the certificate again
        expect(products.nth(first)).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Add to Basket").click()
    expect(page.get_by_role("link", name="Basket, 1 item")).to_be_visible()

    page.get_by_role("link", name="Basket, 1 item").click()
    _at(page, "/basket")
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("link", name="Basket", exact=True)).to_be_visible()  # no count left
    page.get_by_role("link", name="Basket", exact=True).click()  # the empty basket says so
    expect(page.get_by_text("Your basket is empty.")).to_be_visible()
    page.get_by_role("link", name="Go to the Store").click()
    _at(page, "/store")


def test_search_my_orders_pay_later_and_come_back(page, portal):
    learner = _learner(portal, orders=("paid", "pending_payment"))
    paid, unpaid = learner["orders"]
    _signed_in(page, portal, learner["email"])
    page.goto(portal.url("/orders"))
    page.get_by_label("Search orders").fill(unpaid)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("row").filter(has=page.get_by_role("link", name="View order"))).to_have_count(1)
    page.get_by_role("row").filter(has_text=unpaid).get_by_role("link", name="View order").click()
    _at(page, f"/orders/{unpaid}")
    page.get_by_role("button", name="Check again").click()
    expect(page.get_by_role("status", name="Order status")).to_contain_text("payment", ignore_case=True)
    page.get_by_role("button", name="Pay now").click()
    _at(page, f"/pay/test/{unpaid}")
    page.get_by_role("link", name="Cancel and return to the order").click()
    _at(page, f"/orders/{unpaid}")
    page.get_by_role("link", name="All orders").click()
    _at(page, "/orders")
    expect(page.get_by_role("row").filter(has_text=paid)).to_be_visible()


def test_leave_the_share_page_without_saving(page, portal):
    learner = _learner(portal)
    with Session(get_engine(portal.database_url), expire_on_commit=False) as db:
        third_party = make_account(db, "third_party", email=f"tp-{uuid.uuid4().hex[:8]}@employer.example",
                                   first_name="Tariq", last_name="Party", organisation="Party Ltd")  # fmt: skip
        make_connection(db, learner["account"], third_party)
    _signed_in(page, portal, learner["email"])
    page.goto(portal.url("/connections"))
    row = page.get_by_role("row").filter(has_text=third_party.email)
    edit = row.get_by_role("link", name="Edit documents shared with Tariq Party")
    edit.click()
    _at(page, "/connections/share")
    page.get_by_role("button", name="Cancel").click()
    _at(page, "/connections")
    edit.click()
    _at(page, "/connections/share")
    page.get_by_role("main").get_by_role("link", name="Connections", exact=True).click()  # breadcrumb
    _at(page, "/connections")


def test_add_a_connection_that_expires_on_a_chosen_date(page, portal):
    """The guidance's step 3: "Add a date on which you would like the connection to expire"."""
    learner = _learner(portal)
    email = f"uni-{uuid.uuid4().hex[:8]}@university.example"
    expires = date.today() + timedelta(days=45)
    _signed_in(page, portal, learner["email"])
    page.goto(portal.url("/connections"))
    page.get_by_role("button", name="Add Connection").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name", exact=True).fill("Una Versity")
    dialog.get_by_label("E-mail").fill(email)
    dialog.get_by_label("Expiry date").fill(expires.isoformat())
    dialog.get_by_role("button", name="Next: choose documents").click()
    _at(page, "/connections/share")
    page.get_by_role("checkbox", name=re.compile(learner["reference"])).click()
    page.get_by_role("button", name="Share Documents").click()
    _at(page, "/connections")
    row = page.get_by_role("row").filter(has_text=email)
    expect(row).to_contain_text(expires.strftime("%d/%m/%Y"))
