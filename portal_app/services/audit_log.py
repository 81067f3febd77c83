"""The audit log as staff read it: one searchable, filterable, paged list, and CSV for a date range.

Read-only by design: this module only selects. Rows are written by `services.audit.record`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from portal_app.models import Account, AuditEvent
from portal_app.services import audit
from portal_app.services.dates import moment
from portal_app.services.errors import PermissionDenied, ValidationError
from portal_app.services.paging import Page, page_of, search_clause
from portal_app.services.text import clean

PAGE_SIZE = 25
EXPORT_LIMIT = 100_000  # rows in one CSV; a longer range is refused with a message
# The filter's kinds of action: label, and the prefixes of the actions it covers.
ACTION_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "security": ("Sign-in and security", ("sign_in", "second_factor.", "password.", "account.admin_created")),
    "registration": (
        "Registrations and accounts",
        ("register", "registration.", "verify_email.", "account.", "email.", "profile."),
    ),
    "document": ("Documents and reports", ("document.", "import.", "issue.")),
    "order": ("Orders and refunds", ("order.",)),
    "catalogue": ("Catalogue", ("catalogue.",)),
    "connection": ("Connections", ("connection.",)),
    "support": ("Support views and exports", ("support.", "audit.", "outbox.")),
}
SUBJECT_LABELS = {
    "account": "account",
    "learner_record": "learner record",
    "document": "document",
    "order": "order",
    "connection": "connection",
    "issue_report": "issue report",
    "product": "product",
    "delivery_option": "delivery option",
    "outbound_email": "e-mail",
}
CSV_HEADER = [
    "time_utc",
    "actor_email",
    "actor_kind",
    "action",
    "subject_type",
    "subject_id",
    "detail",
    "client_address",
]  # noqa: E501


@dataclass(frozen=True)
class AuditRow:
    """One event as the viewer shows it."""

    id: int
    when: str
    actor: str  # e-mail, or "System" (command line, webhooks, background work)
    actor_kind: str
    action: str
    subject: str  # "order 12"
    detail: str
    client_address: str


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer's toolbar asks for; dates are ISO strings from date inputs, inclusive."""

    search: str = ""
    kind: str = ""
    actor: str = ""
    date_from: str = ""
    date_to: str = ""


def _admin(actor: Account | None) -> Account:
    if actor is None or actor.kind != "admin":
        raise PermissionDenied()
    return actor


def _day(value: str, field: str) -> date | None:
    text = clean(value, 20)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError.single(field, "Enter a date as DD/MM/YYYY.") from None


def date_range(date_from: str, date_to: str) -> tuple[datetime | None, datetime | None]:
    """[start of `date_from`, start of the day after `date_to`) in UTC, or ValidationError."""
    start, end = _day(date_from, "date_from"), _day(date_to, "date_to")
    if start and end and end < start:
        raise ValidationError.single("date_to", "The end date must be on or after the start date.")
    return (
        datetime.combine(start, time(), UTC) if start else None,
        datetime.combine(end + timedelta(days=1), time(), UTC) if end else None,
    )


def _query(wanted: AuditFilter) -> Any:
    stmt = select(AuditEvent, Account.email, Account.kind).outerjoin(
        Account, col(Account.id) == col(AuditEvent.actor_account_id)
    )
    start, end = date_range(wanted.date_from, wanted.date_to)
    if start:
        stmt = stmt.where(col(AuditEvent.created_at) >= start)
    if end:
        stmt = stmt.where(col(AuditEvent.created_at) < end)
    if wanted.kind in ACTION_KINDS:
        prefixes = ACTION_KINDS[wanted.kind][1]
        stmt = stmt.where(sa.or_(*(col(AuditEvent.action).startswith(p, autoescape=True) for p in prefixes)))
    by_actor = search_clause(wanted.actor, Account.email)
    if by_actor is not None:
        stmt = stmt.where(by_actor)
    match = search_clause(wanted.search, AuditEvent.detail, AuditEvent.action, AuditEvent.client_address)
    if match is not None:
        stmt = stmt.where(match)
    return stmt


def _row(event: AuditEvent, email: str | None, kind: str | None) -> AuditRow:
    subject_type = SUBJECT_LABELS.get(event.subject_type, event.subject_type.replace("_", " "))
    subject = f"{subject_type} {event.subject_id}" if event.subject_id is not None else subject_type
    return AuditRow(
        id=event.id or 0,
        when=moment(event.created_at),
        actor=email or "System",
        actor_kind=kind or "",
        action=event.action,
        subject=subject,
        detail=event.detail,
        client_address=event.client_address,
    )


def audit_page(db: Session, actor: Account | None, wanted: AuditFilter, page: int = 1) -> Page[AuditRow]:
    """Events matching `wanted`, newest first (administrators only)."""
    _admin(actor)
    found = page_of(
        db, _query(wanted), page, PAGE_SIZE, col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc()
    )
    return Page(
        [_row(*r) for r in found.rows], found.number, found.size, found.total, found.more, found.has_next
    )


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (detail can hold what users typed)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(db: Session, actor: Account | None, date_from: str, date_to: str) -> str:
    """Every event between two dates (inclusive) as CSV, oldest first; the export is itself audited."""
    admin = _admin(actor)
    if not clean(date_from, 20) or not clean(date_to, 20):
        raise ValidationError.single("date_from", "Choose the first and last day to export.")
    stmt = _query(AuditFilter(date_from=date_from, date_to=date_to))
    rows = db.exec(
        stmt.order_by(col(AuditEvent.created_at), col(AuditEvent.id)).limit(EXPORT_LIMIT + 1)
    ).all()
    if len(rows) > EXPORT_LIMIT:
        raise ValidationError.single(
            "date_from", f"More than {EXPORT_LIMIT:,} events: export a shorter range."
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for event, email, kind in rows:
        writer.writerow(
            _cell(v)
            for v in (
                event.created_at.astimezone(UTC).isoformat(timespec="seconds"),
                email or "",
                kind or "",
                event.action,
                event.subject_type,
                event.subject_id,
                event.detail,
                event.client_address,
            )
        )
    audit.record(db, admin, "audit.exported", "", None, f"{date_from} to {date_to}: {len(rows)} events")
    return out.getvalue()
