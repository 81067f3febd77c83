"""Refunds: asked of the provider that took the money, confirmed by the provider's webhook.

A refund row is written (pending) with our own idempotency key before the provider is asked, in
the same unit of work, so a retry or a double click never refunds twice. The order's refunded
total, its status and the learner's e-mail follow only the provider's confirmation: a signed
`refund.updated` / `charge.refunded` from Stripe, or at once from the offline test gateway.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from portal_app.infra import payments as gateways
from portal_app.infra.clock import utcnow
from portal_app.infra.payments import GatewayError, PaymentGateway
from portal_app.models import Account, Order, Payment, Refund
from portal_app.services import audit, mail
from portal_app.services.errors import DomainError, ValidationError
from portal_app.services.money import format_money

log = logging.getLogger("portal.payments")
# A refund younger than this is left to its webhook (Stripe usually settles a card refund, and
# sends refund.updated, within seconds to a few days); older ones are asked about.
RECONCILE_AFTER = timedelta(hours=1)
SETTLED = ("succeeded", "failed", "canceled")


def taken(db: Session, order: Order) -> Payment | None:
    """The payment that paid the order, if any."""
    return db.exec(
        select(Payment)
        .where(Payment.order_id == order.id)
        .where(Payment.kind == "payment")
        .order_by(col(Payment.id))
    ).first()


def left_to_refund(db: Session, order: Order) -> int:
    """What was paid minus every refund not failed (pending ones count: the money is on its way)."""
    payment = taken(db, order)
    if payment is None:
        return 0
    asked = db.exec(
        select(func.coalesce(func.sum(Refund.amount_pence), 0))
        .where(Refund.order_id == order.id)
        .where(col(Refund.status).in_(("pending", "succeeded")))
    ).one()
    return max(0, payment.amount_pence - int(asked))


def request_refund(
    db: Session,
    actor: Account,
    order: Order,
    amount_pence: int,
    reason: str,
    gateway: PaymentGateway | None = None,
) -> Refund | None:
    """Ask the provider to return `amount_pence` of a (locked) paid order; None when nothing was paid."""
    payment = taken(db, order)
    if payment is None:
        return None
    left = left_to_refund(db, order)
    if amount_pence <= 0:
        raise ValidationError.single("amount", "Enter an amount above £0.00.")
    if amount_pence > left:
        raise ValidationError.single(
            "amount", f"At most {format_money(left, order.currency)} is left to refund on this order."
        )
    refund = Refund(
        order_id=order.id or 0,
        provider=payment.provider,
        idempotency_key=f"refund-{order.number}-{secrets.token_hex(8)}",
        amount_pence=amount_pence,
        currency=payment.currency,
        reason=reason,
        requested_by_name=actor.full_name or actor.email,
    )
    gw = gateway or gateways.get_gateway()
    if gw.provider != payment.provider:
        raise DomainError(
            f"{payment.provider.title()} took this payment but is not configured here, so it cannot be refunded."
        )
    try:
        refund.provider_reference = gw.refund(
            payment.provider_reference, amount_pence, refund.idempotency_key
        )
    except GatewayError as error:
        log.warning("refund for %s failed: %s", order.number, error)
        raise DomainError("The payment provider could not make the refund; nothing was changed.") from error
    db.add(refund)
    db.flush()
    audit.record(
        db,
        actor,
        "order.refund_requested",
        "order",
        order.id,
        f"{format_money(amount_pence, order.currency)} {reason}",
    )
    if gw.provider == "test":  # the offline gateway has no webhook: it confirms at once
        confirm(
            db, refund.provider_reference or "", "test", f"test_evt_{refund.idempotency_key}", "succeeded"
        )
    return refund


def confirm(db: Session, reference: str, provider: str, event_id: str, status: str) -> str:
    """Apply the provider's word on one refund, once: idempotent on the event id and on the
    refund's own status (only pending moves), so the learner is told once per refund."""
    refund = db.exec(
        select(Refund)
        .where(Refund.provider == provider)
        .where(Refund.provider_reference == reference[:255])
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if refund is None:
        log.warning("refund event %s for unknown refund %r", event_id, reference)
        return "unknown refund"
    seen = db.exec(
        select(Payment.id).where(Payment.provider == provider).where(Payment.event_id == event_id[:255])
    ).first()
    if seen is not None or refund.status != "pending" or status not in ("succeeded", "failed", "canceled"):
        return "already handled"
    order = db.exec(
        select(Order)
        .where(Order.id == refund.order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    refund.status = status
    refund.confirmed_at = utcnow()
    db.add(refund)
    if status != "succeeded":
        audit.record(db, None, "order.refund_failed", "order", order.id, f"{reference} {status}")
        return "refund failed"
    db.add(
        Payment(
            order_id=order.id or 0,
            provider=provider,
            event_id=event_id[:255],
            provider_reference=reference[:255],
            kind="refund",
            amount_pence=refund.amount_pence,
            currency=refund.currency,
        )
    )
    order.refunded_pence += refund.amount_pence
    if order.refunded_pence >= order.total_pence and order.status != "cancelled":
        order.status = "refunded"
    db.add(order)
    db.flush()
    _email(db, order, refund)
    audit.record(db, None, "order.refunded", "order", order.id, f"{reference} {refund.amount_pence}")
    return "refunded"


def _email(db: Session, order: Order, refund: Refund) -> None:
    account = db.get(Account, order.account_id)
    if account is None:
        return
    money = format_money(refund.amount_pence, refund.currency)
    paragraphs = [
        f"Dear {order.full_name},",
        f"We have refunded {money} for your order {order.number} to the card you paid with. "
        "Your bank may take a few days to show it.",
        f"Refunded so far: {format_money(order.refunded_pence, order.currency)} "
        f"of {format_money(order.total_pence, order.currency)}.",
    ]
    if refund.reason:
        paragraphs.append(f"Reason: {refund.reason}")
    mail.queue(
        db,
        account.email,
        f"Order {order.number} refunded: {money}",
        paragraphs,
        link=("View your order", mail.absolute_url(f"/orders/{order.number}")),
        kind="order_refunded",
    )


def handle_stripe_refund_event(
    db: Session, event: dict[str, Any], gateway: PaymentGateway | None = None
) -> str:
    """`refund.created` / `refund.updated` / `refund.failed` carry the refund itself; `charge.refunded`
    carries the charge, whose refunds are asked of Stripe (listed since API 2022-11-15 no longer)."""
    event_id = str(event.get("id", ""))
    data = (event.get("data") or {}).get("object") or {}
    if data.get("object") == "refund":
        return confirm(db, str(data.get("id", "")), "stripe", event_id, str(data.get("status", "")))
    if data.get("object") != "charge":
        return "ignored"
    listed = (data.get("refunds") or {}).get("data")
    if listed is None:
        gw = gateway or gateways.get_gateway()
        if not isinstance(gw, gateways.StripeGateway):
            return "ignored"
        try:
            listed = gw.list_refunds(str(data.get("payment_intent") or ""))
        except GatewayError as error:
            log.warning("charge.refunded %s: %s", event_id, error)
            raise
    outcomes = [
        confirm(db, str(r.get("id", "")), "stripe", f"{event_id}:{r.get('id', '')}", str(r.get("status", "")))
        for r in listed
    ]
    return "refunded" if "refunded" in outcomes else "already handled"


def reconcile_pending(
    db: Session,
    gateway: PaymentGateway | None = None,
    *,
    older_than: timedelta = RECONCILE_AFTER,
    limit: int = 200,
) -> dict[str, int]:
    """Ask Stripe about refunds still pending after `older_than` (their webhook may be lost) and
    apply what it says through `confirm`, as the webhook would have: once, e-mail and all."""
    gw = gateway or gateways.get_gateway()
    counts = {"checked": 0, "refunded": 0, "failed": 0, "still pending": 0, "errors": 0}
    if not isinstance(gw, gateways.StripeGateway):
        return counts  # the offline gateway confirms at once: nothing is ever left pending
    waiting = db.exec(
        select(Refund.provider_reference)
        .where(Refund.status == "pending")
        .where(Refund.provider == "stripe")
        .where(col(Refund.provider_reference).is_not(None))
        .where(Refund.created_at <= utcnow() - older_than)
        .order_by(col(Refund.created_at))
        .limit(limit)
    ).all()
    for reference in waiting:
        counts["checked"] += 1
        try:
            status = str(gw.retrieve_refund(str(reference)).get("status", ""))
        except GatewayError as error:
            log.warning("reconcile refund %s: %s", reference, error)
            counts["errors"] += 1
            continue
        if status not in SETTLED:
            counts["still pending"] += 1
            continue
        outcome = confirm(db, str(reference), "stripe", f"reconcile:{reference}", status)
        if outcome == "refunded":
            counts["refunded"] += 1
        elif outcome == "refund failed":
            counts["failed"] += 1
    return counts
