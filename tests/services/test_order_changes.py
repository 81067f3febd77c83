"""Orders that change before dispatch: cancel (learner or administrator), a new delivery address
in the same zone, the timeline; and the finance export. Through the production unit of work."""

from __future__ import annotations

import csv
import io

import pytest
from sqlmodel import Session, select

from portal_app.infra.payments import TestGateway
from portal_app.infra.settings import Settings
from portal_app.models import Account, Order, OutboundEmail, Refund
from portal_app.services import checkout, finance, order_changes, orders, payments, store
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from tests.factories import (
    make_account,
    make_address,
    make_delivery_option,
    make_document,
    make_learner,
    make_product,
)

CARD = {"card_number": "4242424242424242", "expiry": "12/39", "cvc": "123"}
TEST = TestGateway()


def _order(db: Session, uow, paid: bool = True) -> tuple[Account, Order]:
    learner = make_learner(db)
    document = make_document(db, learner.learner_record_id)
    product = make_product(db)
    option = make_delivery_option(db, "UK", 250)
    address = make_address(db, learner)
    uow(store.add_to_basket, learner, product.id, document.reference, 1)
    placed = uow(checkout.place_order, learner, address.id, address.id, option.id)
    order = db.get(Order, placed.id)
    order.payment_provider = "test"
    db.add(order)
    if paid:
        uow(payments.pay_with_test_card, learner, number=order.number, card=CARD, gateway=TEST)
    return learner, order


def _now(db: Session, order: Order) -> Order:
    db.expire_all()
    return db.exec(select(Order).where(Order.id == order.id)).one()


def _emails(db: Session, kind: str) -> list[OutboundEmail]:
    return list(db.exec(select(OutboundEmail).where(OutboundEmail.kind == kind)).all())


def test_a_learner_cancels_an_unpaid_order_and_nothing_is_refunded(db, uow):
    learner, order = _order(db, uow, paid=False)
    uow(order_changes.cancel, learner, order.number, "", TEST)
    now = _now(db, order)
    assert (now.status, now.status_note) == ("cancelled", "Cancelled at your request.")
    assert now.cancelled_at is not None and db.exec(select(Refund)).all() == []
    [email] = _emails(db, "order_cancelled")
    assert "refund" not in email.text_body.lower()


def test_a_learner_cancels_a_paid_order_and_is_refunded_in_full_told_once(db, uow):
    learner, order = _order(db, uow)
    uow(order_changes.cancel, learner, order.number, "Ordered the wrong document", TEST)
    now = _now(db, order)
    assert (now.status, now.refunded_pence) == ("cancelled", order.total_pence)
    assert len(_emails(db, "order_cancelled")) == 1
    [refunded] = _emails(db, "order_refunded")
    assert "£33.00" in refunded.subject
    with pytest.raises(DomainError):  # cancelled is an end
        uow(order_changes.cancel, learner, order.number, "", TEST)
    assert len(_emails(db, "order_refunded")) == 1


def test_a_dispatched_order_cannot_be_cancelled_or_sent_elsewhere(db, uow):
    learner, order = _order(db, uow)
    admin = make_account(db, "admin")
    uow(orders.advance, admin, order.number, "processing")
    uow(orders.advance, admin, order.number, "dispatched", "RM123456785GB")
    other = make_address(db, learner, line1="2 Fore Street")
    with pytest.raises(DomainError, match="dispatched cannot be cancelled"):
        uow(order_changes.cancel, learner, order.number, "", TEST)
    with pytest.raises(DomainError):
        uow(order_changes.change_delivery_address, learner, order.number, other.id)
    assert _now(db, order).status == "dispatched"


def test_nobody_else_cancels_or_redirects_an_order(db, uow):
    learner, order = _order(db, uow)
    stranger = make_learner(db)
    their_address = make_address(db, stranger)
    with pytest.raises(NotFound):
        uow(order_changes.cancel, stranger, order.number, "", TEST)
    with pytest.raises(NotFound):
        uow(order_changes.change_delivery_address, stranger, order.number, their_address.id)
    with pytest.raises(PermissionDenied):
        uow(order_changes.cancel, make_account(db, "third_party"), order.number, "", TEST)
    # nor can the learner send it to someone else's address
    with pytest.raises(ValidationError):
        uow(order_changes.change_delivery_address, learner, order.number, their_address.id)
    assert _now(db, order).status == "paid"


def test_an_administrator_cancels_only_with_a_reason(db, uow):
    _learner, order = _order(db, uow)
    admin = make_account(db, "admin")
    with pytest.raises(ValidationError) as error:
        uow(order_changes.cancel, admin, order.number, " ", TEST)
    assert "note" in error.value.fields
    uow(order_changes.cancel, admin, order.number, "Duplicate order", TEST)
    assert _now(db, order).status == "cancelled"


def test_the_delivery_address_changes_within_the_zone_and_another_zone_is_refused(db, uow):
    learner, order = _order(db, uow)
    leeds = make_address(db, learner, line1="5 Park Row", city="Leeds", postcode="LS1 5AB")
    paris = make_address(db, learner, line1="1 Rue de Rivoli", city="Paris", postcode="75001", country="FR")
    uow(order_changes.change_delivery_address, learner, order.number, leeds.id)
    assert _now(db, order).delivery_address["city"] == "Leeds"
    assert _now(db, order).billing_address["city"] == "Hertford"
    with pytest.raises(ValidationError) as error:
        uow(order_changes.change_delivery_address, learner, order.number, paris.id)
    assert "Europe" in error.value.fields["delivery_address"]
    assert "different delivery price" in error.value.fields["delivery_address"]
    assert _now(db, order).delivery_address["city"] == "Leeds"
    # an administrator chooses among the learner's own addresses (not their own)
    admin = make_account(db, "admin")
    with pytest.raises(ValidationError):
        uow(order_changes.change_delivery_address, admin, order.number, make_address(db, admin).id)
    home = db.exec(select(Order.billing_address).where(Order.id == order.id)).one()
    uow(
        order_changes.change_delivery_address,
        admin,
        order.number,
        make_address(db, learner, line1="9 Bull Plain").id,
    )
    assert _now(db, order).delivery_address["line1"] == "9 Bull Plain" and home["line1"] == "1 High Street"
    assert len(_emails(db, "order_address_changed")) == 2


def test_the_timeline_shows_placed_paid_dispatched_and_each_refund(db, uow):
    _learner, order = _order(db, uow)
    admin = make_account(db, "admin")
    uow(orders.advance, admin, order.number, "processing")
    uow(orders.advance, admin, order.number, "dispatched", "RM123456785GB")
    uow(order_changes.refund, admin, order.number, "5.00", "Late", TEST)
    detail = orders.order_detail(db, admin, order.number)
    events = order_changes.timeline(detail.order, detail.refunds)
    assert [e.what for e in events] == ["Placed", "Paid", "Dispatched", "Refunded"]
    assert "RM123456785GB" in events[2].detail and events[3].detail == "£5.00"


def test_the_finance_export_lists_orders_and_refunds_with_vat_when_configured(db, uow):
    _learner, order = _order(db, uow)
    admin = make_account(db, "admin")
    uow(order_changes.refund, admin, order.number, "10.00", "Part", TEST)
    day = _now(db, order).created_at.date().isoformat()
    text = uow(finance.export_csv, admin, start=day, end=day, cfg=Settings(vat_rate="20"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["type"], r["amount_pence"], r["amount"], r["vat_pence"]) for r in rows] == [
        ("order", "3300", "33.00", "550"),
        ("refund", "-1000", "-10.00", "-167"),
    ]
    assert rows[0]["payment_reference"] == f"test_pi_{order.number}" and rows[1]["refund_reference"]
    untaxed = uow(finance.export_csv, admin, start=day, end=day, cfg=Settings(vat_rate=""))
    plain = list(csv.DictReader(io.StringIO(untaxed)))
    assert plain[0]["vat_pence"] == "" and plain[0]["currency"] == "GBP"


def test_only_administrators_export_and_dates_are_checked(db, uow):
    learner, _order_ = _order(db, uow)
    for who in (learner, make_account(db, "third_party")):
        with pytest.raises(PermissionDenied):
            uow(finance.export_csv, who, start="2026-01-01", end="2026-12-31")
    admin = make_account(db, "admin")
    with pytest.raises(ValidationError) as error:
        uow(finance.export_csv, admin, start="2026-12-31", end="2026-01-01")
    assert "end" in error.value.fields
    with pytest.raises(ValidationError) as error:
        uow(finance.export_csv, admin, start="yesterday", end="2026-01-01")
    assert "start" in error.value.fields
