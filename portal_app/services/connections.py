"""Connections, learner side: share documents with a third party until a date, and see who looked.

A connection's stored status is pending / active / declined / revoked; "expired" is never
stored: it is derived at every read from `expires_at`, so a connection stops working the second
it expires, with no job to wait for. The third party's side lives in `services.sharing`.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.infra.settings import settings
from portal_app.models import Account, Connection, ConnectionDocument, Document, DocumentAccess, id_of
from portal_app.services import abuse, audit, mail
from portal_app.services.dates import day_in_words, parse_day
from portal_app.services.emails import account_by_email, normalise_email
from portal_app.services.errors import NotFound, PermissionDenied, ValidationError
from portal_app.services.names import one_line_problem
from portal_app.services.paging import Page, page_of, search_clause
from portal_app.services.text import clean, counted

MAX_EXPIRY_DAYS = 366
PAGE_SIZE = 20
LIVE = ("pending", "active")
STATUS_FILTERS = ("pending", "active", "expired", "declined", "revoked")
DELETED_NAME = "(deleted account)"


@dataclass(frozen=True)
class ConnectionRow:
    """One connection as a table row, seen from the actor's side ("other" is the other party)."""

    id: int
    other_name: str
    other_email: str
    status: str  # pending / active / expired / declined / revoked
    initiated_by: str
    documents_shared: int
    expires_on: date
    message: str
    can_respond: bool  # pending, unexpired, and the other party initiated it
    can_extend: bool
    can_edit_documents: bool
    can_delete: bool
    organisation: str = ""  # the third party's, shown to the learner once the third party asked
    waiting_for_learner: bool = False  # the third party's own request, not answered yet
    can_withdraw: bool = False  # the third party may take back their unanswered request
    last_viewed_at: datetime | None = None  # the third party's latest view of a shared document


@dataclass(frozen=True)
class Outcome:
    """What an offer or a request did: `note` says so when it joined a live connection instead
    of starting a second one between the same two people."""

    connection: Connection
    note: str = ""


@dataclass(frozen=True)
class DocumentChoice:
    id: int
    reference: str
    kind: str
    qualification_number: str
    qualification_title: str
    status: str
    shared: bool


@dataclass(frozen=True)
class AccessRow:
    reference: str
    qualification_title: str
    kind: str
    viewer: str
    viewed_at: datetime


# --- rules shared by both sides -------------------------------------------------------------


def effective_status(connection: Connection, now: datetime | None = None) -> str:
    if connection.status in LIVE and connection.expires_at <= (now or utcnow()):
        return "expired"
    return connection.status


def one_month_from(moment: datetime) -> datetime:
    """The same day next month (the last day when next month is shorter)."""
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def parse_expiry(value: str | date | None, field: str = "expires_on") -> datetime | None:
    """A chosen expiry date (end of that day, UTC), in the future and at most a year away."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        day = value
    else:
        try:
            day = parse_day(clean(value, 10))
        except ValueError as error:
            raise ValidationError.single(field, "Enter a date like 31/12/2026.") from error
    today = utcnow().date()
    if day <= today:
        raise ValidationError.single(field, "Choose a date after today.")
    if day > today + timedelta(days=MAX_EXPIRY_DAYS - 1):
        raise ValidationError.single(field, "Choose a date at most one year from today.")
    return datetime.combine(day, time(23, 59, 59), UTC)


def clean_email(value: str, field: str = "email") -> str:
    text = normalise_email(value or "")
    if not text:
        raise ValidationError.single(field, "Enter an e-mail address.")
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValidationError.single(field, "Enter a valid e-mail address.") from error


def live_filter(now: datetime) -> sa.ColumnElement[bool]:
    """Connections that still work: pending or active, and not yet expired."""
    return sa.and_(col(Connection.status).in_(LIVE), col(Connection.expires_at) > now)


def listing(
    db: Session,
    owner_clause: sa.ColumnElement[bool],
    side: str,
    tab: str,
    search: str,
    status: str,
    initiated_by: str,
    page: int,
) -> Page[ConnectionRow]:
    """One page of connections, searched and filtered in SQL; `side` is the actor's side.

    Each row's document count (and, for the learner, the third party's organisation and the last
    view) come with the page's own query, as correlated subqueries: one round trip, not four."""
    now = utcnow()
    learner_side = side == "learner"
    query = select(
        Connection,
        _SHARED_COUNT,
        _ORGANISATION if learner_side else sa.null(),
        _LAST_VIEWED if learner_side else sa.null(),
    ).where(owner_clause)
    if tab == "inactive":
        query = query.where(sa.not_(live_filter(now)))
    else:
        query = query.where(live_filter(now))
    if status == "expired":
        query = query.where(col(Connection.status).in_(LIVE), Connection.expires_at <= now)
    elif status in ("pending", "active"):
        query = query.where(Connection.status == status, Connection.expires_at > now)
    elif status in STATUS_FILTERS:
        query = query.where(Connection.status == status)
    if initiated_by in ("learner", "third_party"):
        query = query.where(Connection.initiated_by == initiated_by)
    searched = (
        (Connection.third_party_name, Connection.third_party_email)
        if learner_side
        else (Connection.learner_name, Connection.learner_email)
    )
    match = search_clause(search, *searched)
    if match is not None:
        query = query.where(match)
    found = page_of(db, query, page, PAGE_SIZE, col(Connection.created_at).desc(), col(Connection.id).desc())
    return found.with_rows(
        [
            replace(_row(c, side, shared or 0, now, organisation or ""), last_viewed_at=viewed)
            for c, shared, organisation, viewed in found.rows
        ]
    )


_SHARED_COUNT = (
    select(func.count())
    .where(ConnectionDocument.connection_id == Connection.id)
    .correlate(Connection)
    .scalar_subquery()
)
_ORGANISATION = (
    select(Account.organisation)
    .where(Account.id == Connection.third_party_account_id)
    .correlate(Connection)
    .scalar_subquery()
)
_LAST_VIEWED = (
    select(func.max(DocumentAccess.viewed_at))
    .where(DocumentAccess.connection_id == Connection.id)
    .correlate(Connection)
    .scalar_subquery()
)


def _organisations(db: Session, rows: list[Connection]) -> dict[int, str]:
    """The organisation of each third party who asked the learner, or whom the learner's offer reached."""
    ids = {c.third_party_account_id for c in rows if c.third_party_account_id is not None}
    if not ids:
        return {}
    found = db.exec(select(Account.id, Account.organisation).where(col(Account.id).in_(ids))).all()
    return {account_id: organisation or "" for account_id, organisation in found if account_id is not None}


def requested_as(c: Connection) -> str:
    """How a third party's own request names the learner until the learner accepts: only what the
    third party typed, so a request reveals nothing about who (if anyone) it reached."""
    if c.learner_name:
        return c.learner_name
    if c.learner_candidate_number:
        return f"Candidate number {c.learner_candidate_number}"
    return c.learner_email


def _row(c: Connection, side: str, shared: int, now: datetime, organisation: str = "") -> ConnectionRow:
    status = effective_status(c, now)
    learner_side = side == "learner"
    # A third party's unanswered request is accepted or declined, not extended or deleted.
    managed = learner_side and c.status in LIVE and not (c.status == "pending" and c.initiated_by != side)
    own_request = not learner_side and c.initiated_by == "third_party"
    unanswered = own_request and c.accepted_at is None
    return ConnectionRow(
        id=c.id or 0,
        other_name=c.third_party_name
        if learner_side
        else (requested_as(c) if unanswered else c.learner_name),
        other_email=c.third_party_email if learner_side else c.learner_email,
        status=status,
        initiated_by=c.initiated_by,
        documents_shared=shared,
        expires_on=c.expires_at.date(),
        message=c.message,
        can_respond=status == "pending" and c.initiated_by != side,
        can_extend=managed,
        can_edit_documents=learner_side and status in ("active", "pending"),
        can_delete=managed,
        organisation=organisation if c.initiated_by == "third_party" or c.accepted_at else "",
        waiting_for_learner=own_request and status == "pending",
        can_withdraw=own_request and status == "pending",
    )


# --- the learner's actions ------------------------------------------------------------------


def _require_learner(actor: Account) -> None:
    if actor.kind != "learner":
        raise PermissionDenied()


def connection_of(
    db: Session, actor: Account, side: str, connection_id: int, lock: bool = False
) -> Connection:
    """A connection whose `side` ("learner" or "third_party") is the actor, or NotFound: someone
    else's connection looks the same as none."""
    query = select(Connection).where(Connection.id == int(connection_id))
    if lock:
        query = query.with_for_update()
    connection = db.exec(query).first()
    if connection is None or getattr(connection, f"{side}_account_id") != actor.id:
        raise NotFound("That connection could not be found.")
    return connection


def own_connection(db: Session, actor: Account, connection_id: int, lock: bool = False) -> Connection:
    """The learner's own connection."""
    _require_learner(actor)
    return connection_of(db, actor, "learner", connection_id, lock)


def list_connections(
    db: Session,
    actor: Account,
    tab: str = "active",
    search: str = "",
    status: str = "",
    initiated_by: str = "",
    page: int = 1,
) -> Page[ConnectionRow]:
    _require_learner(actor)
    return listing(
        db, col(Connection.learner_account_id) == actor.id, "learner", tab, search, status, initiated_by, page
    )


@dataclass(frozen=True)
class OfferDetails:
    """An offer's details, checked but not saved: the Add Connection step before the documents."""

    name: str
    email: str
    expires_at: datetime
    message: str
    note: str = ""  # when sharing will join a live connection instead of starting one


def _checked_details(
    db: Session, actor: Account, name: str, email: str, expires_on: str | date | None, message: str
) -> tuple[OfferDetails, Account | None]:
    """The offer's details with a message per field, and the third party's account if they have one."""
    errors: dict[str, str] = {}
    if problem := one_line_problem(name, "the name"):
        errors["name"] = problem
    name = clean(name, 200)
    if not name and "name" not in errors:
        errors["name"] = "Enter the third party's name."
    address = ""
    try:
        address = clean_email(email)
    except ValidationError as error:
        errors.update(error.fields)
    expires_at = None
    try:
        expires_at = parse_expiry(expires_on)
    except ValidationError as error:
        errors.update(error.fields)
    if len(clean(message, None, multiline=True)) > abuse.MESSAGE_LIMIT:
        errors["message"] = f"Keep the message under {abuse.MESSAGE_LIMIT} characters."
    third_party = None
    if address:
        third_party = account_by_email(db, address)  # a proven extra address reaches the same account
        if address == actor.email.lower() or (third_party is not None and third_party.id == actor.id):
            errors["email"] = "Enter the third party's address, not your own."
            third_party = None
        if third_party is not None and third_party.status == "unverified":
            # Nobody proved this address yet (maybe someone lying in wait): the connection
            # attaches when its owner confirms (registration.after_email_verified).
            third_party = None
        if third_party is not None and third_party.kind != "third_party":
            errors["email"] = "This address belongs to an account that is not a third-party account."
            third_party = None
    if errors:
        raise ValidationError(errors)
    details = OfferDetails(
        name=name,
        email=address,
        expires_at=expires_at or one_month_from(utcnow()),
        message=clean(message, abuse.MESSAGE_LIMIT, multiline=True),
    )
    return details, third_party


def check_offer(
    db: Session,
    actor: Account,
    *,
    name: str,
    email: str,
    expires_on: str | date | None = None,
    message: str = "",
) -> OfferDetails:
    """Check an offer's details before the learner chooses documents; nothing is saved or sent.

    The note says when sharing will join a live connection with the same third party.
    """
    _require_learner(actor)
    details, third_party = _checked_details(db, actor, name, email, expires_on, message)
    existing = _live_with(db, actor, details.email, third_party, lock=False)
    if existing is None:
        return details
    if existing.initiated_by == "third_party" and existing.status == "pending":
        note = (
            f"{existing.third_party_name} has already asked to connect with you: "
            "sharing documents accepts their request."
        )
    else:
        note = (
            f"You already have a connection with {existing.third_party_name}: "
            "the documents you choose are added to it."
        )
    return replace(details, note=note)


def create_connection(
    db: Session,
    actor: Account,
    *,
    name: str,
    email: str,
    expires_on: str | date | None = None,
    message: str = "",
    document_ids: Sequence[int] = (),
) -> Outcome:
    """Share the chosen documents with a third party: one unit of work creates the connection
    with its documents and queues the invitation that names them. Nothing exists before this.

    A second offer to someone the learner already has a live connection with joins the first
    (adding the documents; a later expiry extends it; their unanswered request is accepted), so
    two live connections between the same two people never exist.
    """
    _require_learner(actor)
    abuse.invitation(actor.id, email)
    errors: dict[str, str] = {}
    details, third_party = None, None
    try:
        details, third_party = _checked_details(db, actor, name, email, expires_on, message)
    except ValidationError as error:
        errors.update(error.fields)
    wanted = sorted({int(i) for i in document_ids})
    if not wanted:
        errors["documents"] = "Choose at least one document to share."
    if errors or details is None:
        raise ValidationError(errors)
    documents = _shareable(db, actor, wanted)
    existing = _live_with(db, actor, details.email, third_party)
    if existing is not None:
        return _join_offer(db, actor, existing, details.expires_at, wanted)
    connection = Connection(
        learner_account_id=actor.id,
        third_party_account_id=third_party.id if third_party else None,
        third_party_name=details.name,
        third_party_email=details.email,
        learner_name=actor.full_name or actor.email,
        learner_email=actor.email,
        learner_candidate_number=actor.candidate_number,
        initiated_by="learner",
        status="pending",
        message=details.message,
        expires_at=details.expires_at,
    )
    db.add(connection)
    db.flush()
    for document in documents:
        db.add(ConnectionDocument(connection_id=id_of(connection), document_id=id_of(document)))
    _invite(db, connection, documents, has_account=third_party is not None)
    audit.record(db, actor, "connection.create", "connection", connection.id, f"{details.email} {wanted}")
    return Outcome(connection)


def _shareable(db: Session, actor: Account, wanted: list[int]) -> list[Document]:
    """The learner's own valid documents with these ids, in the order the invitation lists them."""
    documents = (
        db.exec(
            select(Document)
            .where(col(Document.id).in_(wanted), Document.learner_record_id == actor.learner_record_id)
            .where(Document.status == "valid")
            .order_by(Document.qualification_number, Document.kind, Document.reference)
        ).all()
        if actor.learner_record_id is not None
        else []
    )
    if sorted(d.id or 0 for d in documents) != wanted:
        raise PermissionDenied("You can only share your own valid documents.")
    return list(documents)


def _live_with(
    db: Session, learner: Account, address: str, third_party: Account | None, lock: bool = True
) -> Connection | None:
    """The learner's live connection with this third party (by address, or by account)."""
    who = col(Connection.third_party_email) == address
    if third_party is not None:
        who = or_(who, col(Connection.third_party_account_id) == third_party.id)
    query = (
        select(Connection)
        .where(Connection.learner_account_id == learner.id, who)
        .where(live_filter(utcnow()))
        .order_by(col(Connection.id))
    )
    return db.exec(query.with_for_update() if lock else query).first()


def _join_offer(
    db: Session, actor: Account, existing: Connection, expires_at: datetime, document_ids: list[int]
) -> Outcome:
    if existing.initiated_by == "third_party" and existing.status == "pending":
        accepted = respond_to_request(db, actor, existing.id or 0, True, document_ids)
        return Outcome(
            accepted,
            f"{existing.third_party_name} had already asked to connect with you: sharing "
            f"{counted(len(document_ids), 'document')} accepted their request.",
        )
    if expires_at > existing.expires_at:
        existing.expires_at = expires_at
        db.add(existing)
        audit.record(db, actor, "connection.extend", "connection", existing.id, expires_at.date().isoformat())
    shared = set(
        db.exec(select(ConnectionDocument.document_id).where(ConnectionDocument.connection_id == existing.id))
    )
    for document_id in set(document_ids) - shared:
        db.add(ConnectionDocument(connection_id=id_of(existing), document_id=document_id))
    audit.record(db, actor, "connection.share", "connection", existing.id, f"+{document_ids}")
    return Outcome(
        existing,
        f"You already have a connection with {existing.third_party_name}, so no second one was made: "
        f"it now shares {counted(len(shared | set(document_ids)), 'document')} "
        f"and runs until {day_in_words(existing.expires_at)}.",
    )


def _invite(db: Session, connection: Connection, documents: list[Document], has_account: bool) -> None:
    """The invitation says who shares which documents, and until when, in plain words."""
    who = connection.learner_name
    kinds = {d.kind for d in documents}
    things = f"{next(iter(kinds))}s" if len(kinds) == 1 else "documents"
    paragraphs = [
        f"Hello {connection.third_party_name},",
        f"{who} ({connection.learner_email}) shares {counted(len(documents), 'document')} "
        f"with you through the {settings.org_name} portal:",
        # one paragraph each, so the HTML part lists them one a line too
        *(f"- {d.kind.capitalize()}: {d.qualification_title} ({d.reference})" for d in documents),
    ]
    if connection.message:
        paragraphs.append(f"Their message: {connection.message}")
    paragraphs.append(
        f"You can see these documents until {day_in_words(connection.expires_at)}; "
        f"the {things} themselves do not expire."
    )
    if has_account:
        paragraphs.append("Sign in to your third-party account to accept the connection and see them.")
        link = ("Sign in", mail.absolute_url("/signin?next=/third-party/connections"))
    else:
        paragraphs.append(
            "To see the documents, register a free third-party account with this e-mail address;"
            " the connection will be waiting for you."
        )
        query = urlencode({"kind": "third_party", "email": connection.third_party_email})
        link = ("Register as a third party", mail.absolute_url(f"/register?{query}"))
    mail.queue(
        db,
        connection.third_party_email,
        f"{who} shares {counted(len(documents), 'document')} with you",
        paragraphs,
        link=link,
        kind="connection_invite",
    )


def document_choices(db: Session, actor: Account, connection_id: int | None) -> list[DocumentChoice]:
    """The learner's documents that may be shared, with those already shared ticked (none for a
    connection not made yet: `connection_id` None)."""
    _require_learner(actor)
    shared: set[int] = set()
    if connection_id is not None:
        connection = own_connection(db, actor, connection_id)
        shared = set(
            db.exec(
                select(ConnectionDocument.document_id).where(
                    ConnectionDocument.connection_id == connection.id
                )
            ).all()
        )
    if actor.learner_record_id is None:
        return []
    documents = db.exec(
        select(Document)
        .where(Document.learner_record_id == actor.learner_record_id)
        .where(or_(col(Document.status) == "valid", col(Document.id).in_(shared or {0})))
        .order_by(
            col(Document.qualification_number),
            col(Document.issued_on),
            col(Document.kind),
            col(Document.reference),
        )
    ).all()
    return [
        DocumentChoice(
            id=d.id or 0,
            reference=d.reference,
            kind=d.kind,
            qualification_number=d.qualification_number,
            qualification_title=d.qualification_title,
            status=d.status,
            shared=d.id in shared,
        )
        for d in documents
    ]


def share_documents(db: Session, actor: Account, connection_id: int, document_ids: list[int]) -> int:
    """Replace what a connection shares; removing a document takes effect at once. Returns the count."""
    connection = own_connection(db, actor, connection_id, lock=True)
    if effective_status(connection) not in LIVE:
        raise ValidationError(message="This connection has ended: extend it first, or create a new one.")
    wanted = {int(i) for i in document_ids}
    if wanted:
        owned = set(
            db.exec(
                select(Document.id).where(
                    col(Document.id).in_(wanted),
                    Document.learner_record_id == actor.learner_record_id,
                )
            ).all()
        )
        if owned != wanted or actor.learner_record_id is None:
            raise PermissionDenied("You can only share your own documents.")
    current = {
        row.document_id: row
        for row in db.exec(
            select(ConnectionDocument).where(ConnectionDocument.connection_id == connection.id)
        ).all()
    }
    for document_id, row in current.items():
        if document_id not in wanted:
            db.delete(row)
    for document_id in wanted - current.keys():
        db.add(ConnectionDocument(connection_id=id_of(connection), document_id=document_id))
    audit.record(db, actor, "connection.share", "connection", connection.id, f"{sorted(wanted)}")
    return len(wanted)


def extend_connection(db: Session, actor: Account, connection_id: int, expires_on: str | date) -> Connection:
    """A new expiry date; an expired connection that was live comes back to life."""
    connection = own_connection(db, actor, connection_id, lock=True)
    if connection.status not in LIVE:
        raise ValidationError(message="A declined or deleted connection cannot be extended.")
    expires_at = parse_expiry(expires_on)
    if expires_at is None:
        raise ValidationError.single("expires_on", "Choose the new expiry date.")
    connection.expires_at = expires_at
    db.add(connection)
    audit.record(db, actor, "connection.extend", "connection", connection.id, expires_at.date().isoformat())
    return connection


def delete_connection(db: Session, actor: Account, connection_id: int) -> None:
    """Revoke: the third party loses access at once; the row stays for the access log."""
    connection = own_connection(db, actor, connection_id, lock=True)
    if connection.status not in LIVE:
        raise ValidationError(message="This connection has already ended.")
    connection.status = "revoked"
    connection.ended_at = utcnow()
    db.add(connection)
    audit.record(db, actor, "connection.revoke", "connection", connection.id)


def respond_to_request(
    db: Session, actor: Account, connection_id: int, accept: bool, document_ids: list[int] | None = None
) -> Connection:
    """The learner accepts (sharing the chosen documents) or declines a third party's request."""
    connection = own_connection(db, actor, connection_id, lock=True)
    if connection.initiated_by != "third_party" or effective_status(connection) != "pending":
        raise ValidationError(message="This request can no longer be answered.")
    if accept:
        share_documents(db, actor, connection_id, document_ids or [])
        connection.status = "active"
        connection.accepted_at = utcnow()
        # Until now the third party saw only what they typed; accepting tells them who this is.
        connection.learner_name = actor.full_name or actor.email
        connection.learner_email = actor.email
    else:
        connection.status = "declined"
        connection.ended_at = utcnow()
    db.add(connection)
    verb = "accepted" if accept else "declined"
    mail.queue(
        db,
        connection.third_party_email,
        f"{connection.learner_name} {verb} your connection request",
        [
            f"Hello {connection.third_party_name},",
            f"{connection.learner_name} {verb} your request to connect."
            + (" Sign in to see the documents they shared." if accept else ""),
        ],
        link=("Sign in", mail.absolute_url("/signin?next=/third-party")) if accept else None,
        kind="connection_response",
    )
    audit.record(db, actor, f"connection.{verb}", "connection", connection.id)
    return connection


def forget_account(db: Session, account: Account) -> None:
    """Erase a deleted account's name and e-mail from the copies its connections keep, so the
    other side's Inactive tab no longer shows who it was."""
    db.exec(
        sa.update(Connection)
        .where(col(Connection.learner_account_id) == account.id)
        .values(learner_name=DELETED_NAME, learner_email="", learner_candidate_number=None)
    )
    db.exec(
        sa.update(Connection)
        .where(col(Connection.third_party_account_id) == account.id)
        .values(third_party_name=DELETED_NAME, third_party_email="")
    )


def access_log(db: Session, actor: Account, connection_id: int) -> list[AccessRow]:
    """Who viewed which shared document, and when (newest first). The learner, or an admin."""
    if actor.kind == "admin":
        connection = db.get(Connection, int(connection_id))
        if connection is None:
            raise NotFound("That connection could not be found.")
    else:
        connection = own_connection(db, actor, connection_id)
    rows = db.exec(
        select(DocumentAccess, Document, Account)
        .join(Document, col(Document.id) == DocumentAccess.document_id)
        .join(Account, col(Account.id) == DocumentAccess.viewer_account_id)
        .where(DocumentAccess.connection_id == connection.id)
        .order_by(col(DocumentAccess.viewed_at).desc(), col(DocumentAccess.id).desc())
        .limit(200)
    ).all()
    return [
        AccessRow(
            reference=document.reference,
            qualification_title=document.qualification_title,
            kind=document.kind,
            viewer=viewer.full_name or viewer.email,
            viewed_at=access.viewed_at,
        )
        for access, document, viewer in rows
    ]


def connection_summary(db: Session, actor: Account, connection_id: int) -> ConnectionRow:
    connection = own_connection(db, actor, connection_id)
    shared = db.exec(
        select(func.count())
        .select_from(ConnectionDocument)
        .where(ConnectionDocument.connection_id == connection.id)
    ).one()
    organisation = _organisations(db, [connection]).get(connection.third_party_account_id or 0, "")
    return _row(connection, "learner", int(shared), utcnow(), organisation)
