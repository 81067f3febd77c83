"""Orders: the learner's list and detail, and the administrators' queue and fulfilment.

Status only moves forward: pending_payment -> paid -> processing -> dispatched, with cancelled
and refunded as ends. Payment itself is services.payments' business (it alone marks paid).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.infra.payments import PaymentGateway
from portal_app.models import Account, Address, Order, OrderLine, Payment, Refund
from portal_app.models.store import ORDER_STATUSES
from portal_app.services import audit, mail
from portal_app.services.addresses import one_line, snapshot
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from portal_app.services.paging import Page, page_of, search_clause
from portal_app.services.text import clean

PAGE_SIZE = 10
STATUS_LABELS = {
    "pending_payment": "Awaiting payment",
    "paid": "Paid",
    "processing": "Processing",
    "dispatched": "Dispatched",
    "cancelled": "Cancelled",
    "refunded": "Refunded",
}
KIND_LABELS = {"learner": "Learner", "admin": "Administrator", "third_party": "Third party"}
# Where an administrator may move an order from each status.
# What the search box looks in (each has a trigram index on PostgreSQL: alembic revision 2).
WHOLE_NUMBER = re.compile(r"ORD-\d{8}")
SEARCHED = (Order.number, Order.full_name, Order.delivery_option_name, Order.created_by_name)
NEXT = {
    "pending_payment": ("cancelled",),
    "paid": ("processing", "cancelled", "refunded"),
    "processing": ("dispatched", "cancelled", "refunded"),
    "dispatched": ("refunded",),
    "cancelled": (),
    "refunded": (),
}


# Tracking references: printable letters and digits (spaces and hyphens are dropped), 6 to 40 long;
# where the delivery option names a carrier, that carrier's own format.
TRACKING = re.compile(r"[A-Z0-9]{6,40}")
CARRIER_TRACKING = (
    ("royal mail", re.compile(r"[A-Z]{2}[0-9]{9}GB"), "Royal Mail references look like RM123456785GB."),
    (
        "parcelforce",
        re.compile(r"[A-Z]{2}[0-9]{7}|[A-Z]{2}[0-9]{9}GB"),
        "Parcelforce references look like PB1234567.",
    ),
    ("dhl", re.compile(r"[0-9]{10}|JJD[0-9]{18}"), "DHL references are 10 digits."),
    ("ups", re.compile(r"1Z[A-Z0-9]{16}"), "UPS references look like 1Z999AA10123456784."),
    ("fedex", re.compile(r"[0-9]{12}|[0-9]{15}"), "FedEx references are 12 or 15 digits."),
)


def check_tracking(reference: str, delivery_option_name: str) -> str:
    """The tracking reference as stored (upper case, no spaces or hyphens), or ValidationError."""
    raw = clean(reference, 200)
    if not raw:
        raise ValidationError.single("tracking", "Enter the tracking reference.")
    value = re.sub(r"[\s\-]", "", raw).upper()
    if not TRACKING.fullmatch(value):
        raise ValidationError.single(
            "tracking", "Enter the carrier's tracking reference: 6 to 40 letters and digits."
        )
    carrier = delivery_option_name.lower()
    for name, pattern, example in CARRIER_TRACKING:
        if name in carrier and not pattern.fullmatch(value):
            raise ValidationError.single(
                "tracking", f"That is not a {delivery_option_name} reference. {example}"
            )
    return value


def list_orders(
    db: Session, actor: Account, search: str = "", status: str = "", page: int = 1, everyone: bool = False
) -> Page[Order]:
    """A page of orders, newest first: the actor's own, or (administrators, everyone=True) all."""
    query = select(Order)
    if everyone:
        if actor.kind != "admin":
            raise PermissionDenied()
    else:
        if actor.kind != "learner":
            raise PermissionDenied()
        query = query.where(Order.account_id == actor.id)
    if status:
        if status not in ORDER_STATUSES:
            raise ValidationError.single("status", "Choose a status.")
        query = query.where(Order.status == status)
    number = clean(search, 100).upper()
    if WHOLE_NUMBER.fullmatch(number):  # a whole order number: the unique index, not a text search
        query = query.where(Order.number == number)
    elif (match := search_clause(search, *SEARCHED)) is not None:
        query = query.where(match)
    return page_of(db, query, page, PAGE_SIZE, col(Order.created_at).desc(), col(Order.id).desc())


@dataclass(frozen=True)
class OrderDetail:
    order: Order
    lines: list[OrderLine]
    payments: list[Payment]
    refunds: list[Refund] = field(default_factory=list)
    addresses: list[tuple[int, str]] = field(default_factory=list)  # the learner's saved ones

    @property
    def left_to_refund(self) -> int:
        paid = sum(p.amount_pence for p in self.payments if p.kind == "payment")
        asked = sum(r.amount_pence for r in self.refunds if r.status in ("pending", "succeeded"))
        return max(0, paid - asked)


def order_detail(db: Session, actor: Account, number: str) -> OrderDetail:
    order = db.exec(select(Order).where(Order.number == str(number or "")[:32])).first()
    if order is None or (actor.kind != "admin" and order.account_id != actor.id):
        raise NotFound("That order could not be found.")
    lines = db.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(col(OrderLine.id))).all()
    payments = db.exec(select(Payment).where(Payment.order_id == order.id).order_by(col(Payment.id))).all()
    refunds = db.exec(select(Refund).where(Refund.order_id == order.id).order_by(col(Refund.id))).all()
    book = db.exec(
        select(Address).where(Address.account_id == order.account_id).order_by(col(Address.id))
    ).all()
    saved = [(a.id or 0, one_line(snapshot(a))) for a in book]
    return OrderDetail(order, list(lines), list(payments), list(refunds), saved)


def _admin_order(db: Session, actor: Account, number: str) -> Order:
    if actor.kind != "admin":
        raise PermissionDenied()
    order = db.exec(
        select(Order)
        .where(Order.number == str(number or "")[:32])
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if order is None:
        raise NotFound("That order could not be found.")
    return order


def email_learner(db: Session, order: Order, subject: str, paragraphs: list[str], kind: str) -> None:
    account = db.get(Account, order.account_id)
    if account is not None:
        link = ("View your order", mail.absolute_url(f"/orders/{order.number}"))
        mail.queue(
            db, account.email, subject, [f"Dear {order.full_name},", *paragraphs], link=link, kind=kind
        )


def advance(
    db: Session,
    actor: Account,
    number: str,
    to_status: str,
    tracking: str = "",
    note: str = "",
    gateway: PaymentGateway | None = None,
) -> Order:
    """Move an order one step on (administrators); e-mails the learner on dispatch, refund, cancel."""
    order = _admin_order(db, actor, number)
    if to_status not in NEXT.get(order.status, ()):
        raise DomainError(
            f"An order that is {STATUS_LABELS[order.status].lower()} cannot become "
            f"{STATUS_LABELS.get(to_status, to_status).lower()}."
        )
    if to_status == "cancelled":
        from portal_app.services import order_changes  # it builds on this module

        return order_changes.cancel(db, actor, number, note, gateway)
    if to_status == "refunded":
        from portal_app.services import order_changes, refunds

        left = refunds.left_to_refund(db, order)
        if not left:
            raise DomainError("Nothing is left to refund on this order (a refund may be on its way).")
        order_changes.refund(db, actor, number, f"{left // 100}.{left % 100:02d}", note, gateway)
        return order
    tracking = check_tracking(tracking, order.delivery_option_name) if to_status == "dispatched" else ""
    order.status = to_status
    if to_status == "dispatched":
        order.tracking_reference = tracking
        order.dispatched_at = utcnow()
        email_learner(
            db,
            order,
            f"Order {order.number} dispatched",
            [
                f"Your order {order.number} has been dispatched by {order.delivery_option_name}.",
                f"Tracking reference: {tracking}",
            ],
            "order_dispatched",
        )
    if note := clean(note, 1000, multiline=True):
        order.status_note = note
    db.add(order)
    audit.record(db, actor, f"order.{to_status}", "order", order.id, tracking or note)
    return order


def correct_tracking(db: Session, actor: Account, number: str, tracking: str) -> Order:
    """Correct a dispatched order's tracking reference; the learner is e-mailed once per change
    (saving the same reference again, a retry or a double click, sends nothing)."""
    order = _admin_order(db, actor, number)
    if order.status != "dispatched":
        raise DomainError("Only a dispatched order has a tracking reference to correct.")
    value = check_tracking(tracking, order.delivery_option_name)
    if value == order.tracking_reference:
        return order
    previous, order.tracking_reference = order.tracking_reference, value
    db.add(order)
    email_learner(
        db,
        order,
        f"Order {order.number}: corrected tracking reference",
        [
            f"The tracking reference we sent for your order {order.number} was wrong; we are sorry.",
            f"The correct tracking reference is: {value}",
            f"({order.delivery_option_name}; please ignore {previous}.)",
        ],
        "order_tracking_corrected",
    )
    audit.record(db, actor, "order.tracking_corrected", "order", order.id, f"{previous} -> {value}")
    return order
