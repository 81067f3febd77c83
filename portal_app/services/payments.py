"""Taking payment for orders, and the one place an order becomes paid.

An order is marked paid only by `fulfil`, called from a verified Stripe webhook, the reconciler
(which asks Stripe itself) or the offline test gateway's card form. `fulfil` locks the order,
is idempotent on the provider's event id, checks the amount, and only moves an order forward.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from portal_app.infra import payments as gateways
from portal_app.infra.clock import utcnow
from portal_app.infra.payments import CheckoutRequest, GatewayError, PaymentGateway
from portal_app.models import Account, Order, OrderLine, Payment
from portal_app.services import audit, mail, refunds
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from portal_app.services.money import format_money

log = logging.getLogger("portal.payments")
TEST_CARD_PAID = "4242424242424242"
TEST_CARD_DECLINED = "4000000000000002"
REFUND_EVENTS = ("charge.refunded", "refund.created", "refund.updated", "refund.failed")


def _gateway(gateway: PaymentGateway | None) -> PaymentGateway:
    return gateway or gateways.get_gateway()


def own_order(db: Session, actor: Account, number: str, lock: bool = False) -> Order:
    query = select(Order).where(Order.number == str(number or "")[:32])
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    order = db.exec(query).first()
    if order is None or (order.account_id != actor.id and actor.kind != "admin"):
        raise NotFound("That order could not be found.")
    return order


def start_payment(db: Session, actor: Account, number: str, gateway: PaymentGateway | None = None) -> str:
    """Open a checkout session for the actor's pending order; returns where to send the browser."""
    gw = _gateway(gateway)
    order = own_order(db, actor, number, lock=True)
    if order.account_id != actor.id:
        raise PermissionDenied("Only the learner who placed an order can pay for it.")
    if order.status != "pending_payment":
        raise DomainError("This order has already been paid or closed.")
    lines = db.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(col(OrderLine.id))).all()
    items = [
        (f"{ln.product_name} - {ln.document_reference}", ln.unit_price_pence, ln.quantity) for ln in lines
    ]
    if order.delivery_pence:
        items.append((f"Delivery: {order.delivery_option_name}", order.delivery_pence, 1))
    request = CheckoutRequest(
        order_number=order.number,
        currency=order.currency,
        lines=items,
        customer_email=actor.email,
        success_url=mail.absolute_url(f"/orders/{order.number}?paid=1"),
        cancel_url=mail.absolute_url(f"/orders/{order.number}"),
    )
    try:
        session = gw.create_checkout(request)
    except GatewayError as error:
        log.warning("checkout session for %s failed: %s", order.number, error)
        raise DomainError("We could not reach the payment provider. Please try again in a minute.") from error
    order.payment_provider = gw.provider
    order.checkout_session_id = session.id
    db.add(order)
    return session.url


def _confirmation_email(db: Session, order: Order) -> None:
    account = db.get(Account, order.account_id)
    if account is None:
        return
    lines = db.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(col(OrderLine.id))).all()
    paragraphs = [
        f"Dear {order.full_name},",
        f"Thank you: we have received your payment for order {order.number}.",
        *[
            f"{ln.product_name} ({ln.qualification_number}, reference {ln.document_reference}) x {ln.quantity}: "
            f"{format_money(ln.line_total_pence, order.currency)}"
            for ln in lines
        ],
        f"Delivery ({order.delivery_option_name}): {format_money(order.delivery_pence, order.currency)}",
        f"Total paid: {format_money(order.total_pence, order.currency)}",
        "We will e-mail you again when your documents are dispatched.",
    ]
    mail.queue(
        db,
        account.email,
        f"Order {order.number} confirmed",
        paragraphs,
        link=("View your order", mail.absolute_url(f"/orders/{order.number}")),
        kind="order_paid",
    )


def fulfil(
    db: Session,
    order_number: str,
    provider: str,
    event_id: str,
    amount_pence: int,
    currency: str,
    reference: str = "",
) -> bool:
    """Mark a pending order paid, once. Returns True only for the call that did it."""
    order = db.exec(
        select(Order)
        .where(Order.number == order_number)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if order is None:
        log.warning("payment %s/%s for unknown order %r", provider, event_id, order_number)
        return False
    seen = db.exec(
        select(Payment.id).where(Payment.provider == provider).where(Payment.event_id == event_id)
    ).first()
    if seen is not None or order.status != "pending_payment":
        return False
    if amount_pence != order.total_pence or currency.upper() != order.currency.upper():
        log.error(
            "payment %s for %s: %s %s does not match the order total",
            event_id,
            order.number,
            amount_pence,
            currency,
        )
        audit.record(
            db,
            None,
            "payment.mismatch",
            "order",
            order.id,
            f"{provider} {event_id} {amount_pence} {currency}",
        )
        return False
    db.add(
        Payment(
            order_id=order.id or 0,
            provider=provider,
            event_id=event_id[:255],
            provider_reference=reference[:255],
            amount_pence=amount_pence,
            currency=order.currency,
        )
    )
    order.status = "paid"
    order.paid_at = utcnow()
    db.add(order)
    db.flush()
    _confirmation_email(db, order)
    audit.record(db, None, "order.paid", "order", order.id, f"{provider} {event_id}")
    return True


def expire(db: Session, order_number: str, reason: str) -> bool:
    """A checkout that ended unpaid: a still-pending order is cancelled (never a paid one)."""
    order = db.exec(
        select(Order)
        .where(Order.number == order_number)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if order is None or order.status != "pending_payment":
        return False
    order.status = "cancelled"
    order.status_note = reason[:1000]
    db.add(order)
    audit.record(db, None, "order.expired", "order", order.id, reason)
    return True


def _order_number_for_session(db: Session, session: gateways.CheckoutSession) -> str:
    number = db.exec(select(Order.number).where(Order.checkout_session_id == session.id)).first()
    return number or session.order_number


def handle_stripe_event(db: Session, event: dict[str, Any]) -> str:
    """Apply one verified Stripe event; returns what happened (for the log and tests)."""
    kind = str(event.get("type", ""))
    data = (event.get("data") or {}).get("object") or {}
    if kind in REFUND_EVENTS:
        return refunds.handle_stripe_refund_event(db, event)
    if data.get("object") != "checkout.session":
        return "ignored"
    session = gateways.CheckoutSession.from_stripe(data)
    number = _order_number_for_session(db, session)
    if kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        if session.payment_status != "paid":
            return "awaiting payment"
        done = fulfil(
            db,
            number,
            "stripe",
            str(event.get("id", "")),
            session.amount_total,
            session.currency,
            session.payment_intent,
        )
        return "paid" if done else "already handled"
    if kind in ("checkout.session.expired", "checkout.session.async_payment_failed"):
        return "cancelled" if expire(db, number, f"Stripe: {kind}") else "already handled"
    return "ignored"


def reconcile_pending(db: Session, gateway: PaymentGateway | None = None, limit: int = 200) -> dict[str, int]:
    """Ask Stripe about pending Stripe orders (a webhook may have been lost) and catch up."""
    gw = _gateway(gateway)
    counts = {"checked": 0, "paid": 0, "cancelled": 0, "errors": 0}
    if gw.provider != "stripe":
        return counts
    pending = db.exec(
        select(Order.number, Order.checkout_session_id)
        .where(Order.status == "pending_payment")
        .where(Order.payment_provider == "stripe")
        .where(col(Order.checkout_session_id).is_not(None))
        .order_by(col(Order.created_at))
        .limit(limit)
    ).all()
    for number, session_id in pending:
        counts["checked"] += 1
        try:
            session = gw.retrieve_checkout(str(session_id))
        except GatewayError as error:
            log.warning("reconcile %s: %s", number, error)
            counts["errors"] += 1
            continue
        if session.payment_status == "paid":
            event_id = f"reconcile:{session.id}"
            if fulfil(
                db, number, "stripe", event_id, session.amount_total, session.currency, session.payment_intent
            ):
                counts["paid"] += 1
        elif session.status == "expired" and expire(db, number, "Stripe: checkout session expired"):
            counts["cancelled"] += 1
    return counts


@dataclass(frozen=True)
class TestCard:
    number: str
    expiry: str
    cvc: str


def _check_card(form: Mapping[str, Any]) -> TestCard:
    number = re.sub(r"[\s-]", "", str(form.get("card_number", "")))[:19]
    expiry = str(form.get("expiry", "")).strip()[:7]
    cvc = str(form.get("cvc", "")).strip()[:4]
    errors: dict[str, str] = {}
    if not re.fullmatch(r"\d{13,19}", number):
        errors["card_number"] = "Enter the card number."
    match = re.fullmatch(r"(\d{2})\s*/\s*(\d{2})", expiry)
    now = utcnow()
    if (
        not match
        or not 1 <= int(match[1]) <= 12
        or (2000 + int(match[2]), int(match[1])) < (now.year, now.month)
    ):
        errors["expiry"] = "Enter a future expiry date as MM/YY."
    if not re.fullmatch(r"\d{3,4}", cvc):
        errors["cvc"] = "Enter the 3 or 4 digit security code."
    if errors:
        raise ValidationError(errors)
    return TestCard(number, expiry, cvc)


def pay_with_test_card(
    db: Session,
    actor: Account,
    *,
    number: str,
    card: Mapping[str, Any],
    gateway: PaymentGateway | None = None,
) -> bool:
    """TEST MODE only: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined."""
    gw = _gateway(gateway)
    if not isinstance(gw, gateways.TestGateway) or not gw.enabled:
        raise PermissionDenied("Test payments are switched off: this portal takes real payments.")
    order = own_order(db, actor, number)
    if order.account_id != actor.id or order.payment_provider != "test":
        raise NotFound("That order could not be found.")
    if order.status != "pending_payment":
        raise DomainError("This order has already been paid or closed.")
    entered = _check_card(card)
    if entered.number == TEST_CARD_DECLINED:
        raise ValidationError.single("card_number", "Your card was declined. No money was taken.")
    if entered.number != TEST_CARD_PAID:
        raise ValidationError.single(
            "card_number",
            "TEST MODE takes only the test cards 4242 4242 4242 4242 (paid) and 4000 0000 0000 0002.",
        )
    return fulfil(
        db,
        order.number,
        "test",
        f"test_evt_{uuid.uuid4().hex}",
        order.total_pence,
        order.currency,
        f"test_pi_{order.number}",
    )
