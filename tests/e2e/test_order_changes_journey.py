"""A learner cancels an unpaid and a paid order, and reads the timeline; an administrator refunds
part of an order (a typed amount over what is left is refused next to the field). In chromium,
against the production build, by role and accessible name."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, delete, select

from portal_app.infra.db import get_engine
from portal_app.models import Account, Address, Order, Payment
from tests.e2e.conftest import sign_in
from tests.e2e.test_staff_journey import PASSWORD, _admin, _learner, _paid_order, _wait_for_mail

pytestmark = pytest.mark.e2e
SCREENS = (
    Path(os.environ.get("PORTAL_SCREENS_DIR") or Path(__file__).resolve().parents[2] / "var" / "screens")
    / "orders"
)


def _unpaid(database_url: str, email: str) -> str:
    number = _paid_order(database_url, email)
    with Session(get_engine(database_url)) as db:
        order = db.exec(select(Order).where(Order.number == number)).one()
        order.status, order.paid_at = "pending_payment", None
        db.add(order)
        db.exec(delete(Payment).where(col(Payment.order_id) == order.id))
        db.commit()
    return number


def _addresses(database_url: str, email: str) -> None:
    """Two more saved addresses: one in Leeds (same zone), one in Paris (another zone)."""
    with Session(get_engine(database_url)) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        for line1, city, postcode, country in (
            ("5 Park Row", "Leeds", "LS1 5AB", "GB"),
            ("1 Rue de Rivoli", "Paris", "75001", "FR"),
        ):
            db.add(Address(account_id=account.id, full_name="Nia Okafor", line1=line1, city=city,
                           postcode=postcode, country=country))  # fmt: skip
        db.commit()


def _timeline(page: Page):
    return page.get_by_role("list", name="Timeline")


def _shots(page: Page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        _timeline(page).scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_learner_cancels_an_unpaid_and_a_paid_order(page, portal):
    email, _, _ = _learner(portal.database_url)
    unpaid = _unpaid(portal.database_url, email)
    paid = _paid_order(portal.database_url, email)
    _addresses(portal.database_url, email)
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))

    page.goto(portal.url(f"/orders/{unpaid}"))
    page.get_by_role("button", name="Cancel this order").click()
    dialog = page.get_by_role("alertdialog", name=f"Cancel order {unpaid}?")
    expect(dialog).not_to_contain_text("refunded")
    dialog.get_by_role("button", name="Cancel the order").click()
    expect(page.get_by_role("status", name="Order status")).to_contain_text("Cancelled")
    expect(_timeline(page).get_by_role("listitem")).to_have_count(2)  # placed, cancelled
    expect(page.get_by_role("button", name="Cancel this order")).to_have_count(0)

    page.goto(portal.url(f"/orders/{paid}"))
    # another saved address in the UK is fine; one in France would change the delivery price
    address = page.get_by_role("combobox", name="New delivery address")
    address.click()
    page.get_by_role("option", name=re.compile("Rue de Rivoli")).click()
    page.get_by_role("button", name="Send it to this address").click()
    page.get_by_role("alertdialog", name=f"Send order {paid} to this address?").get_by_role(
        "button", name="Change the address"
    ).click()
    expect(
        page.get_by_text("That address is in Europe, which has a different delivery price")
    ).to_be_visible()
    address.click()
    page.get_by_role("option", name=re.compile("Park Row")).click()
    page.get_by_role("button", name="Send it to this address").click()
    dialog = page.get_by_role("alertdialog", name=f"Send order {paid} to this address?")
    expect(dialog).to_contain_text("5 Park Row, Leeds")
    dialog.get_by_role("button", name="Change the address").click()
    expect(page.get_by_text("Nia Okafor, 5 Park Row, Leeds, LS1 5AB, United Kingdom").first).to_be_visible()
    assert "5 Park Row" in _wait_for_mail(portal, email, f"Order {paid}: new delivery address")

    page.get_by_role("button", name="Cancel this order").click()
    dialog = page.get_by_role("alertdialog", name=f"Cancel order {paid}?")
    expect(dialog).to_contain_text("What you paid (£30.50) is refunded to your card.")
    dialog.get_by_role("button", name="Cancel the order").click()
    expect(page.get_by_role("status", name="Order status")).to_contain_text("Cancelled")
    timeline = _timeline(page)
    expect(timeline).to_contain_text("Paid")
    expect(timeline).to_contain_text("Cancelled")
    expect(timeline.get_by_role("listitem").filter(has_text="Refunded")).to_contain_text("£30.50")
    assert "£30.50" in _wait_for_mail(portal, email, f"Order {paid} refunded")
    _shots(page, "learner-cancelled-and-refunded")


def test_an_administrator_refunds_part_of_an_order(page, portal):
    email, _, _ = _learner(portal.database_url)
    number = _paid_order(portal.database_url, email)
    _admin(page, portal)
    page.goto(portal.url(f"/admin/orders/{number}"))
    amount = page.get_by_role("textbox", name="Amount to refund (£)")
    reason = page.get_by_role("textbox", name="Reason for the refund")

    amount.fill("40.00")
    reason.fill("Envelope arrived damaged")
    page.get_by_role("button", name="Refund", exact=True).click()
    page.get_by_role("alertdialog", name="Refund £40.00 to Nia Okafor?").get_by_role(
        "button", name="Refund now"
    ).click()
    expect(page.get_by_text("At most £30.50 is left to refund on this order.")).to_be_visible()

    amount.fill("10.00")
    # typing clears the message under the box; wait for it, or the click can land where the
    # Refund button was before the line above it went
    expect(page.get_by_text("At most £30.50 is left to refund on this order.")).to_be_hidden()
    page.get_by_role("button", name="Refund", exact=True).click()
    dialog = page.get_by_role("alertdialog", name="Refund £10.00 to Nia Okafor?")
    expect(dialog).to_contain_text("This cannot be undone")
    dialog.get_by_role("button", name="Refund now").click()
    expect(_timeline(page).get_by_role("listitem").filter(has_text="Refunded")).to_contain_text("£10.00")
    expect(page.get_by_text("Left to refund: £20.50")).to_be_visible()
    expect(page.get_by_role("status", name="Order status")).to_contain_text(
        "Paid"
    )  # a part refund leaves it to fulfil
    body = _wait_for_mail(portal, email, f"Order {number} refunded")
    assert "£10.00" in body and "Envelope arrived damaged" in body
    _shots(page, "admin-part-refund")
