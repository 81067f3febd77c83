"""Every connection as staff see it, and staff ending one (a third party who should no longer see
a learner's documents: a mistaken offer, a complaint, an organisation that closed).

Ending is the learner's own "delete" done for them: the connection is revoked at once, both sides
are told by e-mail why, and the row stays for the access log and the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, Connection, ConnectionDocument
from portal_app.services import audit, mail
from portal_app.services.connections import LIVE, STATUS_FILTERS, effective_status, requested_as
from portal_app.services.dates import day, day_in_words
from portal_app.services.errors import NotFound, ValidationError
from portal_app.services.paging import Page, page_of, search_clause
from portal_app.services.text import clean
from portal_app.services.third_parties import require_admin

PAGE_SIZE = 25
MIN_REASON, MAX_REASON = 5, 1000


@dataclass(frozen=True)
class StaffConnectionRow:
    """One connection with both parties named, as the staff list shows it."""

    id: int
    learner: str
    learner_email: str
    third_party: str
    third_party_email: str
    organisation: str
    status: str  # pending / active / expired / declined / revoked
    initiated_by: str  # "Learner" or "Third party"
    created_on: str
    expires_on: str
    documents_shared: int
    can_end: bool  # pending or active (even past its expiry, so it cannot be extended back)


def _row(c: Connection, organisation: str, shared: int, now: datetime) -> StaffConnectionRow:
    return StaffConnectionRow(
        id=c.id or 0,
        learner=c.learner_name if c.accepted_at or c.initiated_by == "learner" else requested_as(c),
        learner_email=c.learner_email,
        third_party=c.third_party_name,
        third_party_email=c.third_party_email,
        organisation=organisation,
        status=effective_status(c, now),
        initiated_by="Learner" if c.initiated_by == "learner" else "Third party",
        created_on=day(c.created_at),
        expires_on=day(c.expires_at),
        documents_shared=shared,
        can_end=c.status in LIVE,
    )


def connections_page(
    db: Session,
    actor: Account | None,
    *,
    search: str = "",
    status: str = "",
    third_party_id: int | None = None,
    page: int = 1,
) -> Page[StaffConnectionRow]:
    """Every connection, newest first; searched over both parties' names and e-mails."""
    require_admin(actor)
    now = utcnow()
    query = select(Connection)
    if status == "expired":
        query = query.where(col(Connection.status).in_(LIVE), Connection.expires_at <= now)
    elif status in LIVE:
        query = query.where(Connection.status == status, Connection.expires_at > now)
    elif status in STATUS_FILTERS:
        query = query.where(Connection.status == status)
    if third_party_id:
        query = query.where(Connection.third_party_account_id == int(third_party_id))
    match = search_clause(
        search,
        Connection.learner_name,
        Connection.learner_email,
        Connection.third_party_name,
        Connection.third_party_email,
    )
    if match is not None:
        query = query.where(match)
    found = page_of(db, query, page, PAGE_SIZE, col(Connection.created_at).desc(), col(Connection.id).desc())
    ids = [c.id or 0 for c in found.rows]
    shared: dict[int, int] = {}
    organisations: dict[int, str] = {}
    if ids:
        shared = dict(
            db.exec(
                select(ConnectionDocument.connection_id, func.count())
                .where(col(ConnectionDocument.connection_id).in_(ids))
                .group_by(col(ConnectionDocument.connection_id))
            ).all()
        )
        parties = {c.third_party_account_id for c in found.rows if c.third_party_account_id}
        organisations = {
            account_id or 0: organisation or ""
            for account_id, organisation in db.exec(
                select(Account.id, Account.organisation).where(col(Account.id).in_(parties))
            ).all()
        }
    rows = [
        _row(c, organisations.get(c.third_party_account_id or 0, ""), shared.get(c.id or 0, 0), now)
        for c in found.rows
    ]
    return Page(rows, found.number, found.size, found.total, found.more, found.has_next)


def third_party_name(db: Session, actor: Account | None, *, account_id: int) -> str:
    """How the connections list names the third party it is narrowed to."""
    require_admin(actor)
    account = db.get(Account, int(account_id))
    if account is None or account.kind != "third_party":
        raise NotFound("That third party could not be found.")
    name = account.full_name or account.email
    return f"{name} ({account.organisation})" if account.organisation else name


def end_connection(db: Session, actor: Account | None, *, connection_id: int, reason: str) -> Connection:
    """Revoke a live connection for staff's `reason`; the learner and the third party are told."""
    admin = require_admin(actor)
    reason = clean(reason, MAX_REASON + 1, multiline=True)
    if len(reason) < MIN_REASON:
        raise ValidationError.single("reason", "Say why (the learner and the third party are told).")
    if len(reason) > MAX_REASON:
        raise ValidationError.single("reason", f"Keep the reason under {MAX_REASON} characters.")
    connection = db.exec(
        select(Connection).where(Connection.id == int(connection_id)).with_for_update()
    ).first()
    if connection is None:
        raise NotFound("That connection could not be found.")
    if connection.status not in LIVE:
        raise ValidationError(message="This connection has already ended.")
    connection.status = "revoked"
    connection.ended_at = utcnow()
    db.add(connection)
    _tell_both(db, connection, reason)
    audit.record(
        db,
        admin,
        "connection.ended_by_staff",
        "connection",
        connection.id,
        f"{connection.learner_name or requested_as(connection)} and {connection.third_party_name}: {reason}",
    )
    return connection


def _tell_both(db: Session, connection: Connection, reason: str) -> None:
    since = day_in_words(connection.created_at)
    learner = db.get(Account, connection.learner_account_id) if connection.learner_account_id else None
    if learner is not None:  # a request that reached nobody has no learner to tell
        mail.queue(
            db,
            learner.email,
            f"Your connection with {connection.third_party_name} has been ended",
            [
                f"Hello {learner.first_name or learner.email},",
                f"Our staff have ended your connection with {connection.third_party_name}, "
                f"started on {since}. They can no longer see any of your documents.",
                f"The reason: {reason}",
                "If you want to share your documents with them again, start a new connection.",
            ],
            link=("Your connections", mail.absolute_url("/connections")),
            kind="connection_ended",
        )
    if connection.third_party_email:  # blank once the third party's account was deleted
        mail.queue(
            db,
            connection.third_party_email,
            f"Your connection with {connection.learner_name or requested_as(connection)} has been ended",
            [
                f"Hello {connection.third_party_name},",
                f"Our staff have ended your connection with {connection.learner_name or requested_as(connection)}"
                f", started on {since}. The documents it shared are no longer available to you.",
                f"The reason: {reason}",
            ],
            kind="connection_ended",
        )
