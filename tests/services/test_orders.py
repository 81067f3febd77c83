"""Orders: learners see only their own; administrators move orders forward, never back."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from portal_app.models import Account, DeliveryOption, Order, OutboundEmail, Payment
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


def _paid_order(db: Session, uow, learner=None) -> Order:
    """An order paid by test card, each step an event of its own."""
    learner = learner or make_learner(db)
    document = make_document(db, learner.learner_record_id)
    product = make_product(db)
    option = make_delivery_option(db, "UK", 0)
    address = make_address(db, learner)
    uow(store.add_to_basket, learner, product.id, document.reference, 1)
    order = uow(checkout.place_order, learner, address.id, address.id, option.id)
    db.get(Order, order.id).payment_provider = "test"
    uow(
        payments.pay_with_test_card,
        learner,
        number=order.number,
        card=CARD,
        gateway=payments.gateways.TestGateway(),
    )
    return db.get(Order, order.id)


def test_paid_processing_dispatched_with_tracking_and_an_email(db, uow):
    order = _paid_order(db, uow)
    admin = make_account(db, "admin")
    uow(orders.advance, admin, order.number, "processing")
    with pytest.raises(ValidationError) as error:
        uow(orders.advance, admin, order.number, "dispatched", tracking="  ")
    assert "tracking" in error.value.fields
    uow(orders.advance, admin, order.number, "dispatched", tracking="RM123456785GB")
    detail = uow(orders.order_detail, admin, order.number)
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
def test_status_only_moves_forward(db, uow, steps, illegal):
    order = _paid_order(db, uow)
    admin = make_account(db, "admin")
    for step in steps:
        uow(orders.advance, admin, order.number, step, tracking="RM123456785GB", note="Asked by the learner")
    before = uow(orders.order_detail, admin, order.number).order.status
    with pytest.raises(DomainError):
        uow(orders.advance, admin, order.number, illegal, tracking="T2", note="x")
    assert uow(orders.order_detail, admin, order.number).order.status == before


def test_cancelling_a_paid_order_records_a_refund_note_and_emails(db, uow):
    order = _paid_order(db, uow)
    admin = make_account(db, "admin")
    with pytest.raises(ValidationError):
        uow(orders.advance, admin, order.number, "cancelled", note="")
    uow(orders.advance, admin, order.number, "cancelled", note="Duplicate order")
    detail = uow(orders.order_detail, admin, order.number)
    assert (detail.order.status, detail.order.status_note) == ("cancelled", "Duplicate order")
    assert sorted(p.kind for p in db.exec(select(Payment).where(Payment.order_id == order.id)).all()) == [
        "payment",
        "refund",
    ]
    assert db.exec(select(OutboundEmail).where(OutboundEmail.kind == "order_cancelled")).one()


def test_learners_cannot_move_orders_or_see_others(db, uow):
    order = _paid_order(db, uow)
    owner = db.get(Account, order.account_id)
    stranger = make_learner(db)
    with pytest.raises(PermissionDenied):
        uow(orders.advance, owner, order.number, "processing")
    with pytest.raises(NotFound):
        uow(orders.order_detail, stranger, order.number)
    assert uow(orders.list_orders, stranger).total == 0
    with pytest.raises(PermissionDenied):
        uow(orders.list_orders, owner, everyone=True)


def test_orders_are_searched_filtered_and_paginated_in_sql(db, uow):
    learner = make_learner(db, first_name="Sarah", last_name="Yeoman")
    numbers = [_paid_order(db, uow, learner).number for _ in range(12)]
    admin = make_account(db, "admin")
    uow(orders.advance, admin, numbers[0], "processing")
    first = uow(orders.list_orders, learner)
    assert (first.total, first.pages, len(first.rows)) == (12, 2, orders.PAGE_SIZE)
    second = uow(orders.list_orders, learner, page=2)
    assert len(second.rows) == 2
    assert {o.number for o in first.rows + second.rows} == set(numbers)
    assert [o.number for o in uow(orders.list_orders, learner, status="processing").rows] == [numbers[0]]
    assert uow(orders.list_orders, learner, search=numbers[5].lower()).total == 1
    assert uow(orders.list_orders, learner, search="yeo").total == 12
    assert uow(orders.list_orders, learner, search="royal mail").total == 12
    assert uow(orders.list_orders, learner, search="%").total == 0  # wildcards are literal, not a trick
    assert uow(orders.list_orders, learner, search="_").total == 0
    assert uow(orders.list_orders, learner, page=99).number == 2
    with pytest.raises(ValidationError):
        uow(orders.list_orders, learner, status="shipped'; --")
    assert uow(orders.list_orders, admin, status="paid", everyone=True).total == 11


def test_administrators_manage_prices_in_pence(db, uow):
    admin = make_account(db, "admin")
    product = uow(
        catalogue.save_product, admin, name="Qualifications", price="30.50", document_kind="certificate"
    )
    assert product.price_pence == 3050 and product.active
    option = uow(catalogue.save_delivery_option, admin, name="Courier", price="12.25", zone="world")
    assert (option.price_pence, option.zone) == (1225, "WORLD")
    uow(catalogue.save_delivery_option, admin, name="Courier", price="13", zone="WORLD", option_id=option.id)
    assert db.get(DeliveryOption, option.id).price_pence == 1300
    with pytest.raises(ValidationError) as error:
        uow(catalogue.save_product, admin, name="", price="-3", document_kind="poster")
    assert set(error.value.fields) == {"name", "price", "document_kind"}
    with pytest.raises(PermissionDenied):
        uow(catalogue.save_product, make_learner(db), name="Free", price="0", document_kind="certificate")


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
def test_a_tracking_reference_is_checked_before_dispatch(db, uow, option, typed, problem):
    from tests.support.unit_of_work import as_actor

    order = _paid_order(db, uow)
    db.exec(select(Order).where(Order.id == order.id)).one().delivery_option_name = option
    db.commit()
    admin = make_account(db, "admin")
    as_actor(admin, orders.advance, order.number, "processing")
    with pytest.raises(ValidationError) as error:
        as_actor(admin, orders.advance, order.number, "dispatched", typed)
    assert problem in error.value.fields["tracking"]
    db.expire_all()
    assert db.get(Order, order.id).status == "processing"


def test_a_tracking_reference_is_stored_as_the_carrier_prints_it(db, uow):
    from tests.support.unit_of_work import as_actor

    order = _paid_order(db, uow)
    admin = make_account(db, "admin")
    as_actor(admin, orders.advance, order.number, "processing")
    as_actor(admin, orders.advance, order.number, "dispatched", " rm 1234 5678 5gb ")
    db.expire_all()
    assert db.get(Order, order.id).tracking_reference == "RM123456785GB"


def test_a_corrected_tracking_reference_is_emailed_once(db, uow):
    from tests.support.unit_of_work import as_actor

    order = _paid_order(db, uow)
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
