"""Connections, third-party side: accept or request connections, and view what was shared.

A shared document is readable only through a connection that is active, unexpired and still
lists that document; every check runs at read time and every view is logged (DocumentAccess).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, Connection, ConnectionDocument, Document, DocumentAccess, LearnerRecord
from portal_app.services import abuse, audit, mail
from portal_app.services.connections import (
    ConnectionRow,
    Outcome,
    clean_email,
    connection_of,
    effective_status,
    listing,
    live_filter,
    one_month_from,
)
from portal_app.services.dates import day_in_words, moment
from portal_app.services.emails import account_by_email, proven_addresses
from portal_app.services.errors import NotFound, PermissionDenied, ValidationError
from portal_app.services.paging import Page, count_upto, page_of, search_clause
from portal_app.services.text import clean

PAGE_SIZE = 20
VIEW_NOTICE_INTERVAL = timedelta(days=1)
NOT_SHARED = "That document is not shared with you, or the connection has ended."


@dataclass(frozen=True)
class SharedDocument:
    reference: str
    kind: str
    qualification_number: str
    qualification_title: str
    status: str


@dataclass(frozen=True)
class ConnectedLearner:
    connection_id: int
    learner_name: str
    learner_email: str
    expires_on: date
    documents: list[SharedDocument] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentView:
    connection_id: int
    learner_name: str
    reference: str
    kind: str
    qualification_number: str
    qualification_title: str
    issued_on: date
    status: str  # valid / revoked / superseded: the verification result
    status_reason: str
    content: dict[str, Any]
    viewed_at: datetime


def _require_third_party(actor: Account) -> None:
    if actor.kind != "third_party":
        raise PermissionDenied()


def attach_pending_connections(db: Session, account: Account) -> int:
    """Link connections addressed to any of this third party's proven e-mail addresses before
    they had an account (or before they proved that address).

    Call it when a third-party account is verified or proves an extra address; the connections
    page also calls it.
    """
    if account.kind != "third_party" or account.id is None:
        return 0
    waiting = db.exec(
        select(Connection)
        .where(col(Connection.third_party_account_id).is_(None))
        .where(col(Connection.third_party_email).in_(proven_addresses(db, account)))
    ).all()
    for connection in waiting:
        connection.third_party_account_id = account.id
        db.add(connection)
    return len(waiting)


def _their_connection(db: Session, actor: Account, connection_id: int, lock: bool = False) -> Connection:
    _require_third_party(actor)
    return connection_of(db, actor, "third_party", connection_id, lock)


def list_connections(
    db: Session,
    actor: Account,
    tab: str = "active",
    search: str = "",
    status: str = "",
    initiated_by: str = "",
    page: int = 1,
) -> Page[ConnectionRow]:
    _require_third_party(actor)
    attach_pending_connections(db, actor)
    return listing(
        db,
        col(Connection.third_party_account_id) == actor.id,
        "third_party",
        tab,
        search,
        status,
        initiated_by,
        page,
    )


def respond(db: Session, actor: Account, connection_id: int, accept: bool) -> Connection:
    """Accept or decline a connection a learner offered."""
    connection = _their_connection(db, actor, connection_id, lock=True)
    if connection.initiated_by != "learner" or effective_status(connection) != "pending":
        raise ValidationError(message="This connection can no longer be answered.")
    verb = "accepted" if accept else "declined"
    connection.status = "active" if accept else "declined"
    if accept:
        connection.accepted_at = utcnow()
    else:
        connection.ended_at = utcnow()
    db.add(connection)
    mail.queue(
        db,
        connection.learner_email,
        f"{connection.third_party_name} {verb} your connection",
        [
            f"Hello {connection.learner_name},",
            f"{connection.third_party_name} ({connection.third_party_email}) {verb} your connection.",
        ],
        link=("Your connections", mail.absolute_url("/connections")),
        kind="connection_response",
    )
    audit.record(db, actor, f"connection.{verb}", "connection", connection.id)
    return connection


def request_connection(
    db: Session,
    actor: Account,
    *,
    learner_name: str = "",
    learner_email: str = "",
    candidate_number: str = "",
    message: str = "",
) -> Outcome:
    """Ask a learner (by name and e-mail, or by candidate number) to share their documents.

    The request keeps only what the third party typed, and the answer never says whether such a
    learner exists: it is recorded either way, and only a matching learner is told about it. The
    learner's name reaches the third party when the learner accepts. A request that meets a live
    connection with the same learner joins it instead of starting a second one.
    """
    _require_third_party(actor)
    abuse.connection_request(actor.id, candidate_number or learner_email)
    name = clean(learner_name, 200)
    number = clean(candidate_number, 32)
    errors: dict[str, str] = {}
    address = ""
    if not number:
        if not name:
            errors["learner_name"] = "Enter the learner's name, or their candidate number."
        try:
            address = clean_email(learner_email, "learner_email")
        except ValidationError as error:
            errors.update(error.fields)
    elif learner_email.strip():
        try:
            address = clean_email(learner_email, "learner_email")
        except ValidationError as error:
            errors.update(error.fields)
    if len(clean(message, None, multiline=True)) > abuse.MESSAGE_LIMIT:
        errors["message"] = f"Keep the message under {abuse.MESSAGE_LIMIT} characters."
    if errors:
        raise ValidationError(errors)
    text = clean(message, abuse.MESSAGE_LIMIT, multiline=True)
    learner = _matching_learner(db, number, address)
    existing = _live_request_or_connection(db, actor, learner, number, address)
    if existing is not None:
        return _join_request(db, actor, existing, text)
    connection = Connection(
        learner_account_id=learner.id if learner else None,
        third_party_account_id=actor.id,
        third_party_name=actor.full_name or actor.email,
        third_party_email=actor.email,
        learner_name=name,
        learner_email=address,
        learner_candidate_number=number or None,
        initiated_by="third_party",
        status="pending",
        message=text,
        expires_at=one_month_from(utcnow()),
    )
    db.add(connection)
    db.flush()
    if learner is not None:
        _tell_learner(db, actor, learner, connection)
    audit.record(db, actor, "connection.request", "connection", connection.id, number or address)
    return Outcome(connection)


def _matching_learner(db: Session, number: str, address: str) -> Account | None:
    learner = None
    if number:
        learner = db.exec(
            select(Account)
            .join(LearnerRecord, col(LearnerRecord.id) == Account.learner_record_id)
            .where(LearnerRecord.candidate_number == number, Account.kind == "learner")
        ).first()
    elif address:
        learner = account_by_email(db, address)
        if learner is not None and learner.kind != "learner":
            learner = None
    if learner is not None and learner.status != "active":
        return None
    return learner


def _live_request_or_connection(
    db: Session, actor: Account, learner: Account | None, number: str, address: str
) -> Connection | None:
    """A live connection with the learner this request reaches, or the third party's own live
    request for the same candidate number or e-mail address (matched or not)."""
    same_request = (
        col(Connection.learner_candidate_number) == number
        if number
        else col(Connection.learner_email) == address
    )
    same_request = sa.and_(col(Connection.initiated_by) == "third_party", same_request)
    who = (
        same_request
        if learner is None
        else sa.or_(col(Connection.learner_account_id) == learner.id, same_request)
    )
    return db.exec(
        select(Connection)
        .where(Connection.third_party_account_id == actor.id, who)
        .where(live_filter(utcnow()))
        .order_by(col(Connection.id))
        .with_for_update()
    ).first()


def _join_request(db: Session, actor: Account, existing: Connection, message: str) -> Outcome:
    if existing.initiated_by == "learner" and existing.status == "pending":
        accepted = respond(db, actor, existing.id or 0, True)
        return Outcome(
            accepted,
            "This learner had already offered to share documents with you: "
            "your request accepted their offer, and the connection is now active.",
        )
    if existing.status == "active":
        return Outcome(
            existing, "You already have an active connection with this learner: no request was sent."
        )
    existing.expires_at = max(existing.expires_at, one_month_from(utcnow()))
    if message:
        existing.message = message
    db.add(existing)
    audit.record(db, actor, "connection.request.renew", "connection", existing.id)
    return Outcome(
        existing,
        f"You had already asked this learner: that request now waits until {day_in_words(existing.expires_at)}.",
    )


def _tell_learner(db: Session, actor: Account, learner: Account, connection: Connection) -> None:
    org = f" of {actor.organisation}" if actor.organisation else ""
    paragraphs = [
        f"Hello {learner.first_name or learner.full_name},",
        f"{connection.third_party_name}{org} ({actor.email}) asks you to share your documents.",
    ]
    if connection.message:
        paragraphs.append(f"Their message: {connection.message}")
    paragraphs.append("Accept or decline on your Connections page; you choose what to share.")
    mail.queue(
        db,
        learner.email,
        f"{connection.third_party_name} asks to connect",
        paragraphs,
        link=("Your connections", mail.absolute_url("/connections")),
        kind="connection_request",
    )


def withdraw_request(db: Session, actor: Account, connection_id: int) -> Connection:
    """Take back a request the learner has not answered; it moves to the Inactive tab of both."""
    connection = _their_connection(db, actor, connection_id, lock=True)
    if connection.initiated_by != "third_party" or effective_status(connection) != "pending":
        raise ValidationError(message="Only a request that is still waiting can be withdrawn.")
    connection.status = "revoked"
    connection.ended_at = utcnow()
    db.add(connection)
    audit.record(db, actor, "connection.withdraw", "connection", connection.id)
    return connection


def connected_learners(
    db: Session, actor: Account, search: str = "", page: int = 1
) -> Page[ConnectedLearner]:
    """Learners with an active, unexpired connection (by name), and the documents each shares."""
    _require_third_party(actor)
    query = (
        select(Connection)
        .where(Connection.third_party_account_id == actor.id)
        .where(Connection.status == "active", Connection.expires_at > utcnow())
    )
    match = search_clause(search, Connection.learner_name, Connection.learner_email)
    if match is not None:
        query = query.where(match)
    found = page_of(db, query, page, PAGE_SIZE, col(Connection.learner_name), col(Connection.id))
    by_connection: dict[int, list[SharedDocument]] = {c.id or 0: [] for c in found.rows}
    if found.rows:
        rows = db.exec(
            select(ConnectionDocument.connection_id, Document)
            .join(Document, col(Document.id) == ConnectionDocument.document_id)
            .where(col(ConnectionDocument.connection_id).in_(list(by_connection)))
            .order_by(Document.qualification_number, Document.kind, Document.reference)
        ).all()
        for connection_id, d in rows:
            by_connection[connection_id].append(
                SharedDocument(d.reference, d.kind, d.qualification_number, d.qualification_title, d.status)
            )
    learners = [
        ConnectedLearner(
            connection_id=c.id or 0,
            learner_name=c.learner_name,
            learner_email=c.learner_email,
            expires_on=c.expires_at.date(),
            documents=by_connection[c.id or 0],
        )
        for c in found.rows
    ]
    return found.with_rows(learners)


def view_document(db: Session, actor: Account, connection_id: int, reference: str) -> DocumentView:
    """A shared document with its verification status; the view is logged for the learner."""
    _require_third_party(actor)
    now = utcnow()
    row = db.exec(
        select(Connection, Document)
        .join(ConnectionDocument, col(ConnectionDocument.connection_id) == Connection.id)
        .join(Document, col(Document.id) == ConnectionDocument.document_id)
        .where(Connection.id == int(connection_id), Connection.third_party_account_id == actor.id)
        .where(Connection.status == "active", Connection.expires_at > now)
        .where(Document.reference == clean(reference, 32))
    ).first()
    if row is None:
        raise NotFound(NOT_SHARED)
    connection, document = row
    record_view(db, connection.id or 0, document, actor, now)
    return DocumentView(
        connection_id=connection.id or 0,
        learner_name=connection.learner_name,
        reference=document.reference,
        kind=document.kind,
        qualification_number=document.qualification_number,
        qualification_title=document.qualification_title,
        issued_on=document.issued_on,
        status=document.status,
        status_reason=document.status_reason or "",
        content=dict(document.content or {}),
        viewed_at=now,
    )


def record_view(
    db: Session, connection_id: int, document: Document, viewer: Account, now: datetime | None = None
) -> None:
    """Log a third party's view of a shared document; the first view of each document tells the
    learner by e-mail (unless they turned it off), at most once a day for each connection."""
    now = now or utcnow()
    seen_before = db.exec(
        select(DocumentAccess.id)
        .where(DocumentAccess.connection_id == connection_id, DocumentAccess.document_id == document.id)
        .limit(1)
    ).first()
    db.add(
        DocumentAccess(
            connection_id=connection_id,
            document_id=document.id or 0,
            viewer_account_id=viewer.id or 0,
            viewed_at=now,
        )
    )
    if seen_before is None:
        _tell_learner_of_view(db, connection_id, document, viewer, now)


def _tell_learner_of_view(
    db: Session, connection_id: int, document: Document, viewer: Account, now: datetime
) -> None:
    connection = db.get(Connection, connection_id)
    learner = (
        db.get(Account, connection.learner_account_id)
        if connection and connection.learner_account_id
        else None
    )
    if connection is None or learner is None or not learner.notify_on_view:
        return
    # One conditional UPDATE claims the day's notice: two views at once cannot both send one.
    claimed = db.exec(
        sa.update(Connection)
        .where(col(Connection.id) == connection_id)
        .where(
            sa.or_(
                col(Connection.view_notice_at).is_(None),
                col(Connection.view_notice_at) <= now - VIEW_NOTICE_INTERVAL,
            )
        )
        .values(view_notice_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return
    who = viewer.full_name or connection.third_party_name
    org = f" of {viewer.organisation}" if viewer.organisation else ""
    mail.queue(
        db,
        learner.email,
        f"{who}{org} viewed your {document.kind}",
        [
            f"Hello {learner.first_name or learner.full_name},",
            f"{who}{org} ({viewer.email}) viewed your {document.kind} "
            f"{document.qualification_title} ({document.reference}) on {moment(now)}.",
            "Every view is listed under “Who viewed” on your Connections page. You get at most "
            "one of these e-mails a day for each connection; you can turn them off in your profile.",
        ],
        link=("Your connections", mail.absolute_url("/connections")),
        kind="connection_viewed",
    )


def pending_count(db: Session, actor: Account) -> tuple[int, bool]:
    """Connections learners offered that wait for the third party's answer (their own requests
    wait for the learner), counted up to paging.COUNT_LIMIT."""
    _require_third_party(actor)
    return count_upto(
        db,
        select(Connection.id)
        .where(Connection.third_party_account_id == actor.id, Connection.initiated_by == "learner")
        .where(Connection.status == "pending", Connection.expires_at > utcnow()),
    )
