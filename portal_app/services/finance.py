"""Finance export: orders and refunds for a date range as CSV, to match against Stripe's reports.

Amounts in pence and in pounds, the currency, VAT (included in prices) when PORTAL_VAT_RATE is
set, and the provider's ids (Checkout Session, PaymentIntent, Refund). Administrators only.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlmodel import Session, col, select

from portal_app.infra.settings import Settings, settings
from portal_app.models import Account, Order, Payment, Refund
from portal_app.services import audit
from portal_app.services.errors import PermissionDenied, ValidationError

COLUMNS = (
    "type", "date", "order_number", "order_status", "amount_pence", "amount", "currency",
    "vat_rate", "vat_pence", "provider", "checkout_session_id", "payment_reference",
    "refund_reference", "refund_status",
)  # fmt: skip
MAX_DAYS = 366


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(str(text or "").strip()[:10])
    except ValueError:
        raise ValidationError.single(name, "Enter a date as YYYY-MM-DD.") from None


def _vat(pence: int, rate: str) -> str:
    """VAT included in a gross amount: gross * rate / (100 + rate), to the penny."""
    if not rate:
        return ""
    try:
        r = Decimal(rate)
    except InvalidOperation:
        return ""
    return str(int((Decimal(pence) * r / (100 + r)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def _pounds(pence: int) -> str:
    sign = "-" if pence < 0 else ""
    return f"{sign}{abs(pence) // 100}.{abs(pence) % 100:02d}"


def export_csv(db: Session, actor: Account, *, start: str, end: str, cfg: Settings = settings) -> str:
    """Orders placed and refunds asked for between two dates (inclusive, UTC), oldest first."""
    if actor.kind != "admin":
        raise PermissionDenied()
    first, last = _day(start, "start"), _day(end, "end")
    if last < first:
        raise ValidationError.single("end", "The end date is before the start date.")
    if (last - first).days > MAX_DAYS:
        raise ValidationError.single("end", "Export at most a year at a time.")
    since = datetime.combine(first, time.min, tzinfo=UTC)
    until = datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC)
    rate = cfg.vat_rate
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    rows: list[tuple[datetime, list[str]]] = []
    orders = db.exec(
        select(Order).where(col(Order.created_at) >= since).where(col(Order.created_at) < until)
    ).all()
    payments = {
        p.order_id: p.provider_reference
        for p in db.exec(
            select(Payment).where(Payment.kind == "payment").where(col(Payment.order_id).in_([o.id for o in orders]))
        ).all()
    } if orders else {}  # fmt: skip
    for o in orders:
        rows.append((o.created_at, [
            "order", o.created_at.date().isoformat(), o.number, o.status, str(o.total_pence),
            _pounds(o.total_pence), o.currency, rate, _vat(o.total_pence, rate), o.payment_provider,
            o.checkout_session_id or "", payments.get(o.id or 0, ""), "", "",
        ]))  # fmt: skip
    refunds = db.exec(
        select(Refund, Order)
        .join(Order, col(Order.id) == Refund.order_id)
        .where(col(Refund.created_at) >= since)
        .where(col(Refund.created_at) < until)
    ).all()
    for r, o in refunds:
        rows.append((r.created_at, [
            "refund", r.created_at.date().isoformat(), o.number, o.status, str(-r.amount_pence),
            _pounds(-r.amount_pence), r.currency, rate, _vat(-r.amount_pence, rate), r.provider,
            o.checkout_session_id or "", "", r.provider_reference or "", r.status,
        ]))  # fmt: skip
    for _, row in sorted(rows, key=lambda item: item[0]):
        writer.writerow(row)
    audit.record(db, actor, "finance.exported", "", None, f"{first} to {last}")
    return out.getvalue()
