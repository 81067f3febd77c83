"""Refunds through Stripe's Refund API (the real SDK, Stripe faked at its HTTP seam), confirmed
only by signed webhooks, once per refund; partial refunds checked against what is left."""

from __future__ import annotations

import warnings
from datetime import timedelta

import pytest
from sqlmodel import Session, select, update

from portal_app.infra import payments as gateways
from portal_app.infra.clock import utcnow
from portal_app.infra.payments import StripeGateway
from portal_app.models import Order, OutboundEmail, Payment, Refund
from portal_app.services import order_changes, payments, refunds
from portal_app.services.errors import DomainError, PermissionDenied, ValidationError
from tests.factories import make_account
from tests.services.test_payments import _order, _post
from tests.support.fake_stripe import WEBHOOK_SECRET, FakeStripe, signed_event

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture
def fake() -> FakeStripe:
    return FakeStripe()


@pytest.fixture
def stripe_gateway(fake: FakeStripe):
    gateway = StripeGateway("sk_test_portal", WEBHOOK_SECRET, http_client=fake)
    gateways.use_gateway(gateway)
    yield gateway
    gateways.use_gateway(None)


@pytest.fixture
def webhook(use_engine, stripe_gateway):
    from portal_app.api.routes import api

    with TestClient(api) as client:
        yield client


def _paid(db: Session, uow, fake: FakeStripe, gateway, webhook) -> tuple:
    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, gateway)
    session = fake.pay(order.checkout_session_id)
    assert _post(webhook, *signed_event(session)) == 200
    return learner, order, session["payment_intent"]


def _refund_emails(db: Session) -> list[OutboundEmail]:
    return list(db.exec(select(OutboundEmail).where(OutboundEmail.kind == "order_refunded")).all())


def _order_now(db: Session, order: Order) -> Order:
    db.expire_all()
    return db.exec(select(Order).where(Order.id == order.id)).one()


def test_a_partial_refund_asks_stripe_with_an_idempotency_key_and_waits_for_the_webhook(
    db, uow, fake, stripe_gateway, webhook
):
    _learner, order, intent = _paid(db, uow, fake, stripe_gateway, webhook)
    admin = make_account(db, "admin")
    refund = uow(order_changes.refund, admin, order.number, "£10.00", "Damaged envelope", stripe_gateway)
    [asked] = [r for r in fake.requests if r[1] == "/v1/refunds"]
    assert asked[2]["payment_intent"] == intent and asked[2]["amount"] == "1000"
    assert fake.refund_keys == {refund.idempotency_key: fake.refunds[0]}
    assert _order_now(db, order).refunded_pence == 0 and _refund_emails(db) == []

    settled = fake.settle_refund(fake.refunds[0]["id"])
    body, signature = signed_event(settled, "refund.updated", event_id="evt_refund_1")
    assert _post(webhook, body, signature) == 200
    assert _post(webhook, body, signature) == 200  # Stripe retries: nothing more happens
    # the same refund reported again by charge.refunded (a different event) is not counted twice
    assert _post(webhook, *signed_event(fake.charge_for(intent), "charge.refunded")) == 200
    now = _order_now(db, order)
    assert (now.refunded_pence, now.status) == (1000, "paid")
    [email] = _refund_emails(db)
    assert "£10.00" in email.subject and "Damaged envelope" in email.text_body
    assert db.exec(select(Payment.kind).where(Payment.order_id == order.id)).all().count("refund") == 1


def test_charge_refunded_alone_confirms_the_refunds_stripe_lists(db, uow, fake, stripe_gateway, webhook):
    _learner, order, intent = _paid(db, uow, fake, stripe_gateway, webhook)
    admin = make_account(db, "admin")
    uow(order_changes.refund, admin, order.number, str(order.total_pence / 100), "Goodwill", stripe_gateway)
    fake.settle_refund(fake.refunds[0]["id"])
    assert _post(webhook, *signed_event(fake.charge_for(intent), "charge.refunded")) == 200
    now = _order_now(db, order)
    assert (now.refunded_pence, now.status) == (order.total_pence, "refunded")
    assert len(_refund_emails(db)) == 1


def test_a_refund_over_what_is_left_is_refused_with_the_amount_left(db, uow, fake, stripe_gateway, webhook):
    _learner, order, _intent = _paid(db, uow, fake, stripe_gateway, webhook)
    admin = make_account(db, "admin")
    uow(order_changes.refund, admin, order.number, "40.00", "Part", stripe_gateway)
    with pytest.raises(ValidationError) as error:
        uow(order_changes.refund, admin, order.number, "3.00", "Too much", stripe_gateway)
    assert error.value.fields["amount"] == "At most £2.75 is left to refund on this order."
    with pytest.raises(ValidationError) as error:
        uow(order_changes.refund, admin, order.number, "ten pounds", "Typo", stripe_gateway)
    assert "amount" in error.value.fields
    assert len(fake.refunds) == 1


def test_a_bad_signature_confirms_no_refund(db, uow, fake, stripe_gateway, webhook):
    _learner, order, _intent = _paid(db, uow, fake, stripe_gateway, webhook)
    uow(order_changes.refund, make_account(db, "admin"), order.number, "5.00", "Part", stripe_gateway)
    body, _signature = signed_event(fake.settle_refund(fake.refunds[0]["id"]), "refund.updated")
    forged = "t=1,v1=" + "0" * 64
    assert _post(webhook, body, forged) == 400
    assert db.exec(select(Refund.status)).one() == "pending"


def test_a_failed_refund_is_recorded_and_the_money_is_left_to_refund_again(
    db, uow, fake, stripe_gateway, webhook
):
    _learner, order, _intent = _paid(db, uow, fake, stripe_gateway, webhook)
    admin = make_account(db, "admin")
    uow(order_changes.refund, admin, order.number, "5.00", "Part", stripe_gateway)
    assert (
        _post(webhook, *signed_event(fake.settle_refund(fake.refunds[0]["id"], "failed"), "refund.failed"))
        == 200
    )
    assert db.exec(select(Refund.status)).one() == "failed"
    assert _order_now(db, order).refunded_pence == 0 and _refund_emails(db) == []
    uow(order_changes.refund, admin, order.number, str(order.total_pence / 100), "Again", stripe_gateway)


def test_only_administrators_refund(db, uow, fake, stripe_gateway, webhook):
    learner, order, _intent = _paid(db, uow, fake, stripe_gateway, webhook)
    for who in (learner, make_account(db, "third_party")):
        with pytest.raises(PermissionDenied):
            uow(order_changes.refund, who, order.number, "1.00", "Mine", stripe_gateway)
    assert fake.refunds == []


def test_a_stripe_error_changes_nothing(db, uow, fake, stripe_gateway, webhook):
    _learner, order, _intent = _paid(db, uow, fake, stripe_gateway, webhook)
    fake.failing = 3  # the first try and both of the SDK's retries
    with pytest.raises(DomainError):
        uow(order_changes.refund, make_account(db, "admin"), order.number, "1.00", "x", stripe_gateway)
    assert db.exec(select(Refund)).all() == []
    assert _order_now(db, order).status == "paid"


def test_cancelling_an_unpaid_stripe_order_closes_its_payment_page(db, uow, fake, stripe_gateway, webhook):
    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    uow(order_changes.cancel, learner, order.number, "", stripe_gateway)
    assert fake.sessions[order.checkout_session_id]["status"] == "expired"
    assert _order_now(db, order).status == "cancelled" and fake.refunds == []


def test_an_order_paid_while_cancelling_is_not_cancelled(db, uow, fake, stripe_gateway, webhook):
    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    fake.pay(order.checkout_session_id)  # paid on Stripe's page; the webhook is still on its way
    with pytest.raises(DomainError, match="payment may be going through"):
        uow(order_changes.cancel, learner, order.number, "", stripe_gateway)
    assert _order_now(db, order).status == "pending_payment"


# --- a refund whose webhook never arrived is settled by asking Stripe ------------------------


def _age_refunds(db: Session, hours: int = 2) -> None:
    """Make every refund row `hours` old, as if its webhook had been lost that long ago."""
    db.exec(update(Refund).values(created_at=utcnow() - timedelta(hours=hours)))
    db.commit()


def test_a_refund_whose_webhook_was_lost_is_settled_by_asking_stripe_once(
    db, uow, fake, stripe_gateway, webhook
):
    _learner, order, _intent = _paid(db, uow, fake, stripe_gateway, webhook)
    uow(order_changes.refund, make_account(db, "admin"), order.number, "5.00", "Part", stripe_gateway)
    settled = fake.settle_refund(fake.refunds[0]["id"])  # Stripe settled it; the webhook is lost

    assert uow(refunds.reconcile_pending, stripe_gateway)["checked"] == 0  # young: left to its webhook
    _age_refunds(db)
    counts = uow(refunds.reconcile_pending, stripe_gateway)

    assert (counts["checked"], counts["refunded"]) == (1, 1)
    assert ("GET", f"/v1/refunds/{settled['id']}", {}) in fake.requests  # Refund.retrieve
    now = _order_now(db, order)
    assert now.refunded_pence == 500 and db.exec(select(Refund.status)).one() == "succeeded"
    assert len(_refund_emails(db)) == 1
    assert uow(refunds.reconcile_pending, stripe_gateway)["checked"] == 0  # nothing pending now
    # the lost webhook turns up after all: nothing more happens
    assert _post(webhook, *signed_event(settled, "refund.updated")) == 200
    assert _order_now(db, order).refunded_pence == 500 and len(_refund_emails(db)) == 1


def test_a_refund_still_pending_at_stripe_waits_and_a_failed_one_is_recorded(
    db, uow, fake, stripe_gateway, webhook
):
    _learner, order, _intent = _paid(db, uow, fake, stripe_gateway, webhook)
    admin = make_account(db, "admin")
    uow(order_changes.refund, admin, order.number, "5.00", "Part", stripe_gateway)
    _age_refunds(db)
    assert uow(refunds.reconcile_pending, stripe_gateway)["still pending"] == 1
    assert db.exec(select(Refund.status)).one() == "pending"

    fake.settle_refund(fake.refunds[0]["id"], "failed")
    assert uow(refunds.reconcile_pending, stripe_gateway)["failed"] == 1
    assert db.exec(select(Refund.status)).one() == "failed"
    assert _order_now(db, order).refunded_pence == 0 and _refund_emails(db) == []


def test_a_stripe_error_while_reconciling_changes_nothing(db, uow, fake, stripe_gateway, webhook):
    _learner, order, _intent = _paid(db, uow, fake, stripe_gateway, webhook)
    uow(order_changes.refund, make_account(db, "admin"), order.number, "5.00", "Part", stripe_gateway)
    fake.settle_refund(fake.refunds[0]["id"])
    _age_refunds(db)
    fake.failing = 3  # the SDK's two retries fail too
    assert uow(refunds.reconcile_pending, stripe_gateway)["errors"] == 1
    assert db.exec(select(Refund.status)).one() == "pending" and _refund_emails(db) == []
    assert uow(refunds.reconcile_pending, stripe_gateway)["refunded"] == 1  # the next run catches up


def test_reconcile_refunds_command_reports_what_it_did(db, uow, fake, stripe_gateway, webhook, capsys):
    from portal_app import cli

    _learner, order, _intent = _paid(db, uow, fake, stripe_gateway, webhook)
    uow(order_changes.refund, make_account(db, "admin"), order.number, "5.00", "Part", stripe_gateway)
    fake.settle_refund(fake.refunds[0]["id"])
    _age_refunds(db)
    assert cli.main(["reconcile-refunds"]) == 0
    assert "refunded: 1" in capsys.readouterr().out
    assert _order_now(db, order).refunded_pence == 500
