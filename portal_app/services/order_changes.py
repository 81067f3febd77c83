"""Orders that change before dispatch: cancel, a new delivery address, refunds, and the timeline.

A learner may cancel their own order, or send it to another of their saved addresses, until it is
dispatched; an administrator may do both and refund in full or in part (services.refunds). A new
address in another delivery zone would change the price, so it is refused: the learner cancels
and orders again, which is honest about the price and keeps the paid amount what Stripe took.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from portal_app.infra import payments as gateways
from portal_app.infra.clock import utcnow
from portal_app.infra.payments import GatewayError, PaymentGateway
from portal_app.models import Account, Address, Order, Refund
from portal_app.services import addresses, audit, refunds
from portal_app.services.checkout import zone_for_country
from portal_app.services.dates import moment
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from portal_app.services.money import format_money, parse_money
from portal_app.services.orders import STATUS_LABELS, email_learner
from portal_app.services.text import clean

BEFORE_DISPATCH = ("pending_payment", "paid", "processing")
ZONE_NAMES = {"UK": "the UK", "EUROPE": "Europe", "WORLD": "the rest of the world"}


def _locked_order(db: Session, actor: Account, number: object) -> Order:
    """The order, row-locked, if the actor may change it: its learner, or an administrator."""
    if actor.kind not in ("learner", "admin"):
        raise PermissionDenied()
    order = db.exec(
        select(Order)
        .where(Order.number == str(number or "")[:32])
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if order is None or (actor.kind != "admin" and order.account_id != actor.id):
        raise NotFound("That order could not be found.")
    return order


def _before_dispatch(order: Order, doing: str) -> None:
    if order.status not in BEFORE_DISPATCH:
        raise DomainError(f"An order that is {STATUS_LABELS[order.status].lower()} cannot be {doing}.")


def cancel(
    db: Session, actor: Account, number: object, reason: str = "", gateway: PaymentGateway | None = None
) -> Order:
    """Cancel an order not yet dispatched; what was paid goes back through the provider."""
    order = _locked_order(db, actor, number)
    _before_dispatch(order, "cancelled")
    reason = clean(reason, 1000, multiline=True)
    if actor.kind == "admin" and not reason:
        raise ValidationError.single("note", "Say why, for the record and the learner.")
    reason = reason or "Cancelled at your request."
    gw = gateway or gateways.get_gateway()
    if (
        order.status == "pending_payment"
        and order.checkout_session_id
        and gw.provider == order.payment_provider
    ):
        try:  # close Stripe's payment page, so the order cannot be paid once cancelled
            gw.expire_checkout(order.checkout_session_id)
        except GatewayError as error:
            raise DomainError(
                "Your payment may be going through right now, so the order cannot be cancelled yet. "
                "Try again in a few minutes."
            ) from error
    left = refunds.left_to_refund(db, order)
    order.status = "cancelled"
    order.cancelled_at = utcnow()
    order.status_note = reason
    db.add(order)
    db.flush()
    if left:
        refunds.request_refund(db, actor, order, left, reason, gw)
    money = (
        f" We are refunding {format_money(left, order.currency)} and will e-mail you when it is done."
        if left
        else ""
    )
    email_learner(
        db,
        order,
        f"Order {order.number} cancelled",
        [f"Your order {order.number} has been cancelled.{money}", f"Reason: {reason}"],
        "order_cancelled",
    )
    audit.record(db, actor, "order.cancelled", "order", order.id, reason)
    return order


def refund(
    db: Session,
    actor: Account,
    number: object,
    amount: str,
    reason: str,
    gateway: PaymentGateway | None = None,
) -> Refund:
    """Administrators: refund part or all of what is left (amount typed in pounds)."""
    if actor.kind != "admin":
        raise PermissionDenied()
    order = _locked_order(db, actor, number)
    pence = parse_money(amount, "amount")
    reason = clean(reason, 1000, multiline=True)
    if not reason:
        raise ValidationError.single("note", "Say why, for the record and the learner.")
    if refunds.taken(db, order) is None:
        raise DomainError("Nothing has been paid for this order, so there is nothing to refund.")
    made = refunds.request_refund(db, actor, order, pence, reason, gateway)
    assert made is not None
    return made


def change_delivery_address(db: Session, actor: Account, number: object, address_id: object) -> Order:
    """Send an undispatched order to another of its learner's saved addresses, in the same zone."""
    order = _locked_order(db, actor, number)
    _before_dispatch(order, "sent elsewhere")
    owner = db.get(Account, order.account_id)
    if owner is None:
        raise NotFound("That order could not be found.")
    try:
        address: Address = addresses.own_address(db, owner, address_id)
    except NotFound:
        raise ValidationError.single("delivery_address", "Choose one of the saved addresses.") from None
    was, now = (
        zone_for_country(str(order.delivery_address.get("country", ""))),
        zone_for_country(address.country),
    )
    if was != now:
        raise ValidationError.single(
            "delivery_address",
            f"That address is in {ZONE_NAMES[now]}, which has a different delivery price from "
            f"{ZONE_NAMES[was]}. To send it there, cancel this order (any payment is refunded) and order again.",
        )
    new = addresses.snapshot(address)
    if new == order.delivery_address:
        return order
    order.delivery_address = new
    db.add(order)
    email_learner(
        db,
        order,
        f"Order {order.number}: new delivery address",
        [f"Your order {order.number} will now be delivered to: {addresses.one_line(new)}."],
        "order_address_changed",
    )
    audit.record(db, actor, "order.address_changed", "order", order.id, addresses.one_line(new))
    return order


@dataclass(frozen=True)
class TimelineEvent:
    """One line of an order's history, as the learner and staff read it."""

    what: str
    detail: str
    when: str
    at: datetime


REFUND_WORDS = {
    "pending": "Refund asked for",
    "succeeded": "Refunded",
    "failed": "Refund failed",
    "canceled": "Refund cancelled",
}


def timeline(order: Order, refunds: list[Refund]) -> list[TimelineEvent]:
    """Placed, paid, dispatched (tracking), cancelled and each refund, oldest first. Delivery is not
    tracked (carriers do not tell us), so it is never claimed."""
    money = order.currency
    total = format_money(order.total_pence, money)
    events = [TimelineEvent("Placed", f"Total {total}", moment(order.created_at), order.created_at)]
    if order.paid_at:
        events.append(TimelineEvent("Paid", total, moment(order.paid_at), order.paid_at))
    if order.dispatched_at:
        detail = f"{order.delivery_option_name}, tracking reference {order.tracking_reference or 'none'}"
        events.append(TimelineEvent("Dispatched", detail, moment(order.dispatched_at), order.dispatched_at))
    if order.cancelled_at:
        events.append(
            TimelineEvent(
                "Cancelled", order.status_note or "", moment(order.cancelled_at), order.cancelled_at
            )
        )
    for r in refunds:
        at = r.confirmed_at or r.created_at
        events.append(
            TimelineEvent(REFUND_WORDS[r.status], format_money(r.amount_pence, r.currency), moment(at), at)
        )
    return [events[0], *sorted(events[1:], key=lambda e: e.at)]  # placed first, whatever the clocks say
