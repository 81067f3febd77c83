"""Orders: learners see only their own; administrators move orders forward, never back."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from portal_app.models import Account, Order, OutboundEmail, Payment
from portal_app.services import catalogue, checkout, orders, payments, store
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


def _paid_order(db: Session, learner=None) -> Order:
    learner = learner or make_learner(db)
    document = make_document(db, learner.learner_record_id)
    product = make_product(db)
    option = make_delivery_option(db, "UK", 0)
    address = make_address(db, learner)
    store.add_to_basket(db, learner, product.id, document.reference, 1)
    order = checkout.place_order(db, learner, address.id, address.id, option.id)
    order.payment_provider = "test"
    payments.pay_with_test_card(db, learner, order.number, CARD, payments.gateways.TestGateway())
    db.commit()
    return order


def test_paid_processing_dispatched_with_tracking_and_an_email(db):
    order = _paid_order(db)
    admin = make_account(db, "admin")
    orders.advance(db, admin, order.number, "processing")
    with pytest.raises(ValidationError) as error:
        orders.advance(db, admin, order.number, "dispatched", tracking="  ")
    assert "tracking" in error.value.fields
    orders.advance(db, admin, order.number, "dispatched", tracking="RM123456785GB")
    db.commit()
    detail = orders.order_detail(db, admin, order.number)
    assert (detail.order.status, detail.order.tracking_reference) == ("dispatched", "RM123456785GB")
    [email] = db.exec(select(OutboundEmail).where(OutboundEmail.kind == "order_dispatched")).all()
    assert "RM123456785GB" in email.text_body


@pytest.mark.parametrize(
    "steps,illegal",
    [
        ((), "dispatched"),  # paid cannot skip processing
        (("processing",), "paid"),
        (("processing",), "pending_payment"),
        (("processing", "dispatched"), "processing"),
        (("cancelled",), "processing"),
    ],
)
def test_status_only_moves_forward(db, steps, illegal):
    order = _paid_order(db)
    admin = make_account(db, "admin")
    for step in steps:
        orders.advance(db, admin, order.number, step, tracking="RM123456785GB", note="Asked by the learner")
    before = orders.order_detail(db, admin, order.number).order.status
    with pytest.raises(DomainError):
        orders.advance(db, admin, order.number, illegal, tracking="T2", note="x")
    assert orders.order_detail(db, admin, order.number).order.status == before


def test_cancelling_a_paid_order_records_a_refund_note_and_emails(db):
    order = _paid_order(db)
    admin = make_account(db, "admin")
    with pytest.raises(ValidationError):
        orders.advance(db, admin, order.number, "cancelled", note="")
    orders.advance(db, admin, order.number, "cancelled", note="Duplicate order")
    db.commit()
    detail = orders.order_detail(db, admin, order.number)
    assert (detail.order.status, detail.order.status_note) == ("cancelled", "Duplicate order")
    assert sorted(p.kind for p in db.exec(select(Payment).where(Payment.order_id == order.id)).all()) == [
        "payment",
        "refund",
    ]
    assert db.exec(select(OutboundEmail).where(OutboundEmail.kind == "order_cancelled")).one()


def test_learners_cannot_move_orders_or_see_others(db):
    order = _paid_order(db)
    owner = db.get(Account, order.account_id)
    stranger = make_learner(db)
    with pytest.raises(PermissionDenied):
        orders.advance(db, owner, order.number, "processing")
    with pytest.raises(NotFound):
        orders.order_detail(db, stranger, order.number)
    assert orders.list_orders(db, stranger).total == 0
    with pytest.raises(PermissionDenied):
        orders.list_orders(db, owner, everyone=True)


def test_orders_are_searched_filtered_and_paginated_in_sql(db):
    learner = make_learner(db, first_name="Sarah", last_name="Yeoman")
    numbers = [_paid_order(db, learner).number for _ in range(12)]
    admin = make_account(db, "admin")
    orders.advance(db, admin, numbers[0], "processing")
    db.commit()
    first = orders.list_orders(db, learner)
    assert (first.total, first.pages, len(first.rows)) == (12, 2, orders.PAGE_SIZE)
    second = orders.list_orders(db, learner, page=2)
    assert len(second.rows) == 2
    assert {o.number for o in first.rows + second.rows} == set(numbers)
    assert [o.number for o in orders.list_orders(db, learner, status="processing").rows] == [numbers[0]]
    assert orders.list_orders(db, learner, search=numbers[5].lower()).total == 1
    assert orders.list_orders(db, learner, search="yeo").total == 12
    assert orders.list_orders(db, learner, search="royal mail").total == 12
    assert orders.list_orders(db, learner, search="%").total == 0  # wildcards are literal, not a trick
    assert orders.list_orders(db, learner, search="_").total == 0
    assert orders.list_orders(db, learner, page=99).number == 2
    with pytest.raises(ValidationError):
        orders.list_orders(db, learner, status="shipped'; --")
    assert orders.list_orders(db, admin, status="paid", everyone=True).total == 11


def test_administrators_manage_prices_in_pence(db):
    admin = make_account(db, "admin")
    product = catalogue.save_product(
        db,
        admin,
        {"name": "Qualifications", "price": "30.50", "document_kind": "certificate", "active": "on"},
    )
    assert product.price_pence == 3050
    option = catalogue.save_delivery_option(db, admin, {"name": "Courier", "price": "12.25", "zone": "world"})
    assert (option.price_pence, option.zone) == (1225, "WORLD")
    catalogue.save_delivery_option(db, admin, {"name": "Courier", "price": "13", "zone": "WORLD"}, option.id)
    assert option.price_pence == 1300
    with pytest.raises(ValidationError) as error:
        catalogue.save_product(db, admin, {"name": "", "price": "-3", "document_kind": "poster"})
    assert set(error.value.fields) == {"name", "price", "document_kind"}
    with pytest.raises(PermissionDenied):
        catalogue.save_product(
            db, make_learner(db), {"name": "Free", "price": "0", "document_kind": "certificate"}
        )


@pytest.mark.parametrize(
    "option,typed,problem",
    [
        ("Royal Mail Signed", "T1", "6 to 40 letters and digits"),
        ("Royal Mail Signed", "<script>alert(1)</script>", "6 to 40 letters and digits"),
        ("Royal Mail Signed", "RM12345678GB", "RM123456785GB"),  # one digit short
        ("UK Courier - Next Day", "x" * 41, "6 to 40 letters and digits"),
        ("DHL Express", "ABC123456", "10 digits"),
    ],
)
def test_a_tracking_reference_is_checked_before_dispatch(db, use_engine, option, typed, problem):
    from tests.support.unit_of_work import as_actor

    order = _paid_order(db)
    db.exec(select(Order).where(Order.id == order.id)).one().delivery_option_name = option
    db.commit()
    admin = make_account(db, "admin")
    as_actor(admin, orders.advance, order.number, "processing")
    with pytest.raises(ValidationError) as error:
        as_actor(admin, orders.advance, order.number, "dispatched", typed)
    assert problem in error.value.fields["tracking"]
    db.expire_all()
    assert db.get(Order, order.id).status == "processing"


def test_a_tracking_reference_is_stored_as_the_carrier_prints_it(db, use_engine):
    from tests.support.unit_of_work import as_actor

    order = _paid_order(db)
    admin = make_account(db, "admin")
    as_actor(admin, orders.advance, order.number, "processing")
    as_actor(admin, orders.advance, order.number, "dispatched", " rm 1234 5678 5gb ")
    db.expire_all()
    assert db.get(Order, order.id).tracking_reference == "RM123456785GB"


def test_a_corrected_tracking_reference_is_emailed_once(db, use_engine):
    from tests.support.unit_of_work import as_actor

    order = _paid_order(db)
    admin = make_account(db, "admin")
    with pytest.raises(DomainError):  # nothing dispatched yet, nothing to correct
        as_actor(admin, orders.correct_tracking, order.number, "RM123456785GB")
    as_actor(admin, orders.advance, order.number, "processing")
    as_actor(admin, orders.advance, order.number, "dispatched", "RM123456785GB")
    with pytest.raises(ValidationError):
        as_actor(admin, orders.correct_tracking, order.number, "oops")
    for _retry in range(3):  # a double click and a retry of the same correction
        as_actor(admin, orders.correct_tracking, order.number, "RM987654321GB")
    with pytest.raises(PermissionDenied):
        as_actor(order_owner(db, order), orders.correct_tracking, order.number, "RM111111111GB")
    db.expire_all()
    assert db.get(Order, order.id).tracking_reference == "RM987654321GB"
    [email] = db.exec(select(OutboundEmail).where(OutboundEmail.kind == "order_tracking_corrected")).all()
    assert "RM987654321GB" in email.text_body and "RM123456785GB" in email.text_body


def order_owner(db: Session, order: Order) -> Account:
    return db.get(Account, order.account_id)
