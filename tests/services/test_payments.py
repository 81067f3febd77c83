"""Payment: Stripe Checkout through the real SDK (Stripe's servers faked at its HTTP seam),
signed webhooks through the real HTTP endpoint, the reconciler and the offline test gateway.

What must hold: an order is paid once, by a verified event, with one confirmation e-mail;
nothing unsigned changes anything; status never moves backwards.
"""

from __future__ import annotations

import warnings

import pytest
from sqlmodel import Session, select

from portal_app.infra import payments as gateways
from portal_app.infra.db import session_scope
from portal_app.infra.payments import StripeGateway, TestGateway
from portal_app.models import Account, Order, OutboundEmail, Payment
from portal_app.services import checkout, orders, payments, store
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from tests.factories import (
    make_account,
    make_address,
    make_delivery_option,
    make_document,
    make_learner,
    make_product,
)
from tests.support.fake_stripe import WEBHOOK_SECRET, FakeStripe, signed_event

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette now prefers httpx2; httpx (installed) works
    from starlette.testclient import TestClient

CARD = {"card_number": "4242 4242 4242 4242", "expiry": "12/39", "cvc": "123"}


@pytest.fixture
def fake() -> FakeStripe:
    return FakeStripe()


@pytest.fixture
def stripe_gateway(fake: FakeStripe):
    gateway = StripeGateway("sk_test_portal", WEBHOOK_SECRET, http_client=fake)
    gateways.use_gateway(gateway)
    yield gateway
    gateways.use_gateway(None)


def _order(db: Session, uow, provider: str = "stripe", country: str = "IN") -> tuple:
    """A learner's order waiting for payment, placed as the learner would place it."""
    learner = make_learner(db)
    document = make_document(db, learner.learner_record_id)
    product = make_product(db)
    zone = checkout.zone_for_country(country)
    option = make_delivery_option(db, zone, 1225)
    address = make_address(db, learner, country)
    uow(store.add_to_basket, learner, product.id, document.reference, 1)
    placed = uow(checkout.place_order, learner, address.id, address.id, option.id)
    order = db.get(Order, placed.id)
    order.payment_provider = provider
    db.add(order)
    return learner, order


def _paid_emails(db: Session, order: Order) -> int:
    rows = db.exec(select(OutboundEmail).where(OutboundEmail.kind == "order_paid")).all()
    return sum(order.number in row.subject for row in rows)


def _status(db: Session, order: Order) -> str:
    db.expire_all()
    return db.exec(select(Order.status).where(Order.id == order.id)).one()


def _post(client: TestClient, body: bytes, signature: str) -> int:
    return client.post(
        "/api/stripe/webhook",
        content=body,
        headers={"stripe-signature": signature, "content-type": "application/json"},
    ).status_code


@pytest.fixture
def webhook(use_engine, stripe_gateway):
    from portal_app.api.routes import api

    with TestClient(api) as client:
        yield client


def test_checkout_session_is_created_server_side_with_the_order_total(db, uow, fake, stripe_gateway):
    learner, order = _order(db, uow)
    url = uow(payments.start_payment, learner, order.number, stripe_gateway)
    [session] = fake.sessions.values()
    assert url == session["url"].replace("\\/", "/")
    assert session["amount_total"] == order.total_pence == 3050 + 1225
    assert session["client_reference_id"] == order.number
    assert order.checkout_session_id == session["id"]
    # asking again (a double click, a retry) reuses the same session: idempotency key from the order
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    assert len(fake.sessions) == 1
    assert fake.by_idempotency_key == {f"checkout-{order.number}": session["id"]}


def test_only_the_owner_can_start_payment(db, uow, stripe_gateway):
    _learner, order = _order(db, uow)
    with pytest.raises(NotFound):
        uow(payments.start_payment, make_learner(db), order.number, stripe_gateway)


def test_a_signed_completed_event_pays_the_order_once_with_one_email(db, uow, fake, stripe_gateway, webhook):
    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    session = fake.pay(order.checkout_session_id)
    body, signature = signed_event(session, event_id="evt_paid_1")
    assert _post(webhook, body, signature) == 200
    assert _status(db, order) == "paid"
    # Stripe retries the same event, and sends another completed event for the same session
    assert _post(webhook, body, signature) == 200
    body2, signature2 = signed_event(session, event_id="evt_paid_2")
    assert _post(webhook, body2, signature2) == 200
    assert _status(db, order) == "paid"
    assert len(db.exec(select(Payment).where(Payment.order_id == order.id)).all()) == 1
    assert _paid_emails(db, order) == 1


def test_a_bad_signature_is_refused_and_changes_nothing(db, uow, fake, stripe_gateway, webhook):
    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    session = fake.pay(order.checkout_session_id)
    body, signature = signed_event(session)
    forged = signature.rsplit("v1=", 1)[0] + "v1=" + "0" * 64
    tampered = body.replace(b'"livemode": false', b'"livemode": true')
    assert _post(webhook, body, forged) == 400
    assert _post(webhook, tampered, signature) == 400
    assert _post(webhook, body, "") == 400
    assert webhook.post("/api/stripe/webhook", content=body).status_code == 400
    assert _status(db, order) == "pending_payment"
    assert db.exec(select(Payment)).all() == []
    assert _paid_emails(db, order) == 0


def test_an_unpaid_completed_session_does_not_pay(db, uow, fake, stripe_gateway, webhook):
    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    session = dict(fake.sessions[order.checkout_session_id], status="complete", payment_status="unpaid")
    assert _post(webhook, *signed_event(session)) == 200
    assert _status(db, order) == "pending_payment"


def test_out_of_order_events_never_move_an_order_back(db, uow, fake, stripe_gateway, webhook):
    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    paid = fake.pay(order.checkout_session_id)
    assert _post(webhook, *signed_event(paid)) == 200
    # an expiry that arrives late must not cancel a paid order
    assert _post(webhook, *signed_event(dict(paid, status="expired"), "checkout.session.expired")) == 200
    assert _status(db, order) == "paid"
    # the administrator moves it on; a late duplicate "completed" must not make it "paid" again
    admin = make_account(db, "admin")
    uow(orders.advance, admin, order.number, "processing")
    assert _post(webhook, *signed_event(paid)) == 200
    assert _status(db, order) == "processing"
    assert _paid_emails(db, order) == 1


def test_an_expired_session_cancels_a_pending_order(db, uow, fake, stripe_gateway, webhook):
    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    expired = fake.expire(order.checkout_session_id)
    assert _post(webhook, *signed_event(expired, "checkout.session.expired")) == 200
    assert _status(db, order) == "cancelled"
    # a paid event after that (impossible at Stripe, but out of order) does not resurrect it
    assert _post(webhook, *signed_event(dict(expired, payment_status="paid"))) == 200
    assert _status(db, order) == "cancelled"


def test_an_amount_that_does_not_match_the_order_is_not_accepted(db, uow, fake, stripe_gateway, webhook):
    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    session = dict(fake.pay(order.checkout_session_id), amount_total=1)
    assert _post(webhook, *signed_event(session)) == 200
    assert _status(db, order) == "pending_payment"


def test_the_reconciler_catches_up_a_lost_webhook_once(db, uow, fake, stripe_gateway, webhook):
    learner, order = _order(db, uow)
    other_learner, still_open = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    uow(payments.start_payment, other_learner, still_open.number, stripe_gateway)
    paid = fake.pay(order.checkout_session_id)  # paid at Stripe; the webhook never came
    counts = uow(payments.reconcile_pending, stripe_gateway)
    assert counts == {"checked": 2, "paid": 1, "cancelled": 0, "errors": 0}
    assert _status(db, order) == "paid"
    assert _status(db, still_open) == "pending_payment"
    assert _post(webhook, *signed_event(paid)) == 200  # the webhook turns up after all
    assert uow(payments.reconcile_pending, stripe_gateway)["paid"] == 0
    assert _paid_emails(db, order) == 1


def test_the_success_page_data_does_not_mark_an_order_paid(db, uow, fake, stripe_gateway):
    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    fake.pay(order.checkout_session_id)
    detail = uow(orders.order_detail, learner, order.number)
    assert detail.order.status == "pending_payment"


def test_test_gateway_takes_4242_and_declines_0002(db, uow):
    gateway = TestGateway()
    learner, order = _order(db, uow, "test")
    assert uow(payments.start_payment, learner, order.number, gateway) == f"/pay/test/{order.number}"
    with pytest.raises(ValidationError, match="declined"):
        uow(
            payments.pay_with_test_card,
            learner,
            number=order.number,
            card=dict(CARD, card_number="4000 0000 0000 0002"),
            gateway=gateway,
        )
    with pytest.raises(ValidationError) as error:
        uow(
            payments.pay_with_test_card,
            learner,
            number=order.number,
            card={"card_number": "4242", "expiry": "1/1"},
            gateway=gateway,
        )
    assert set(error.value.fields) == {"card_number", "expiry", "cvc"}
    assert _status(db, order) == "pending_payment"
    assert uow(payments.pay_with_test_card, learner, number=order.number, card=CARD, gateway=gateway) is True
    assert _status(db, order) == "paid"
    assert _paid_emails(db, order) == 1
    with pytest.raises(DomainError):
        uow(payments.pay_with_test_card, learner, number=order.number, card=CARD, gateway=gateway)


def test_nobody_else_pays_through_the_test_gateway_and_it_is_off_with_stripe(db, uow, stripe_gateway):
    learner, order = _order(db, uow, "test")
    with pytest.raises(NotFound):
        uow(
            payments.pay_with_test_card,
            make_learner(db),
            number=order.number,
            card=CARD,
            gateway=TestGateway(),
        )
    with pytest.raises(PermissionDenied):
        uow(payments.pay_with_test_card, learner, number=order.number, card=CARD, gateway=stripe_gateway)
    assert _status(db, order) == "pending_payment"


def test_a_stripe_refund_goes_through_stripe_and_is_recorded_when_stripe_confirms_it(
    db, uow, fake, stripe_gateway, webhook
):
    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    paid = fake.pay(order.checkout_session_id)
    assert _post(webhook, *signed_event(paid)) == 200
    admin = make_account(db, "admin")
    uow(
        orders.advance,
        admin,
        order.number,
        "refunded",
        note="Ordered twice by mistake",
        gateway=stripe_gateway,
    )
    [refund] = fake.refunds
    assert (refund["payment_intent"], refund["amount"]) == (paid["payment_intent"], order.total_pence)
    # asked, not yet done: Stripe's refund is pending until its webhook says otherwise
    assert _status(db, order) == "paid"
    assert _post(webhook, *signed_event(fake.settle_refund(refund["id"]), "refund.updated")) == 200
    kinds = db.exec(select(Payment.kind).where(Payment.order_id == order.id)).all()
    assert sorted(kinds) == ["payment", "refund"]
    assert _status(db, order) == "refunded"


def test_the_webhook_refuses_everything_when_stripe_is_not_configured(db, uow, use_engine):
    from portal_app.api.routes import api

    gateways.use_gateway(TestGateway())
    try:
        learner, order = _order(db, uow, "test")
        with TestClient(api) as client:
            session = {"id": "cs_x", "object": "checkout.session", "client_reference_id": order.number,
                       "payment_status": "paid", "status": "complete", "amount_total": order.total_pence,
                       "currency": "gbp"}  # fmt: skip
            assert _post(client, *signed_event(session)) == 400
    finally:
        gateways.use_gateway(None)
    assert _status(db, order) == "pending_payment"


def test_reconcile_payments_command_reports_what_it_did(db, uow, fake, stripe_gateway, use_engine, capsys):
    from portal_app import cli

    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    fake.pay(order.checkout_session_id)
    assert cli.main(["reconcile-payments"]) == 0
    assert "paid: 1" in capsys.readouterr().out
    assert _status(db, order) == "paid"


def test_the_same_event_delivered_concurrently_pays_once(db, uow, fake, stripe_gateway, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer: concurrency is PostgreSQL's question")
    import json
    import threading

    learner, order = _order(db, uow)
    uow(payments.start_payment, learner, order.number, stripe_gateway)
    body, _signature = signed_event(fake.pay(order.checkout_session_id))
    event = json.loads(body)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def deliver() -> None:  # each delivery in its own unit of work, as the webhook endpoint runs it
        with session_scope(engine) as session:
            barrier.wait()
            outcomes.append(payments.handle_stripe_event(session, event))

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already handled"] * 3 + ["paid"]
    assert len(db.exec(select(Payment).where(Payment.order_id == order.id)).all()) == 1
    assert _paid_emails(db, order) == 1


def test_reconciliation_run_on_two_instances_at_once_settles_each_order_once(
    db, uow, fake, stripe_gateway, engine
):
    """`cli reconcile-payments` from both machines' cron at the same minute: two units of work
    on PostgreSQL, each having read the same pending orders and asked Stripe before either
    settles one (the ordering is forced at the SDK's HTTP seam). Each order is paid once."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer: concurrency is PostgreSQL's question")
    import threading

    placed = [_order(db, uow)[1] for _ in range(3)]
    for order in placed:
        uow(payments.start_payment, db.get(Account, order.account_id), order.number, stripe_gateway)
        fake.pay(order.checkout_session_id)  # paid at Stripe; no webhook came

    both_asked = threading.Barrier(2)
    first_question = threading.local()
    answer = fake.request

    def request(method, url, *args, **kwargs):
        if method.lower() == "get" and not getattr(first_question, "asked", False):
            first_question.asked = True
            both_asked.wait(timeout=10)
        return answer(method, url, *args, **kwargs)

    fake.request = request
    runs: list[dict[str, int]] = []

    def reconcile() -> None:  # as the command runs it: its own unit of work
        with session_scope(engine) as session:
            runs.append(payments.reconcile_pending(session, stripe_gateway))

    threads = [threading.Thread(target=reconcile) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(run["paid"] for run in runs) == [0, 3]  # one run settled them, the other none
    for order in placed:
        assert _status(db, order) == "paid"
        assert len(db.exec(select(Payment).where(Payment.order_id == order.id)).all()) == 1
        assert _paid_emails(db, order) == 1


def test_in_production_the_test_card_pays_nothing(db, uow):
    """An https portal with no Stripe key (a forgotten setting) must not take card 4242."""

    from portal_app.infra.db import run_in_session
    from portal_app.infra.settings import Settings

    production = Settings(base_url="https://portal.example", stripe_secret_key="")
    demo = Settings(base_url="http://localhost:3000", stripe_secret_key="")
    learner, order = _order(db, uow, "test")
    gateway = gateways.get_gateway(production)
    with pytest.raises(PermissionDenied):
        run_in_session(payments.pay_with_test_card, learner, number=order.number, card=CARD, gateway=gateway)
    with pytest.raises(DomainError):
        run_in_session(payments.start_payment, learner, order.number, gateway)
    assert _status(db, order) == "pending_payment"
    opted_in = production.model_copy(update={"test_payments": True})
    assert gateways.get_gateway(demo).enabled and gateways.get_gateway(opted_in).enabled
    assert run_in_session(
        payments.pay_with_test_card,
        learner,
        number=order.number,
        card=CARD,
        gateway=gateways.get_gateway(demo),
    )
    assert _status(db, order) == "paid"
