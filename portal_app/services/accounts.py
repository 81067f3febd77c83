"""Administrators' side of accounts: overview counts, the registration review queue, deletion
requests, and the e-mail outbox (which is the inbox when no SMTP server is configured)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, delete, select, update

from portal_app.infra.clock import utcnow
from portal_app.models import (
    Account,
    Address,
    AuthSession,
    BasketItem,
    Connection,
    EmailToken,
    IssueReport,
    LearnerRecord,
    Order,
    OutboundEmail,
)
from portal_app.services import audit, mail
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from portal_app.services.registration import approve_with_record, closest_records

PAGE_SIZE = 20
REVIEW_PAGE_SIZE = 10
_URL = re.compile(r"https?://[^\s<>\"']+")


def _admin(actor: Account) -> None:
    if actor.kind != "admin" or actor.status != "active":
        raise PermissionDenied()


def _count(db: Session, stmt) -> int:  # type: ignore[no-untyped-def]
    return int(db.exec(stmt).one())


@dataclass(frozen=True)
class Overview:
    pending_registrations: int
    deletion_requests: int
    unverified_accounts: int
    open_issues: int
    orders_to_fulfil: int
    unsent_emails: int
    accounts_by_kind: dict[str, int] = field(default_factory=dict)


def overview(db: Session, actor: Account) -> Overview:
    _admin(actor)
    by_status = dict(
        db.exec(select(Account.status, func.count()).group_by(Account.status)).all()  # type: ignore[arg-type]
    )
    by_kind = dict(
        db.exec(
            select(Account.kind, func.count()).where(Account.status == "active").group_by(Account.kind)  # type: ignore[arg-type]
        ).all()
    )
    deletion = select(func.count()).select_from(Account).where(col(Account.deletion_requested_at).isnot(None))
    issues = select(func.count()).select_from(IssueReport).where(IssueReport.status == "open")
    orders = select(func.count()).select_from(Order).where(col(Order.status).in_(("paid", "processing")))
    unsent = select(func.count()).select_from(OutboundEmail).where(col(OutboundEmail.sent_at).is_(None))
    return Overview(
        pending_registrations=int(by_status.get("pending_review", 0)),
        deletion_requests=_count(db, deletion),
        unverified_accounts=int(by_status.get("unverified", 0)),
        open_issues=_count(db, issues),
        orders_to_fulfil=_count(db, orders),
        unsent_emails=_count(db, unsent),
        accounts_by_kind={str(k): int(v) for k, v in by_kind.items()},
    )


@dataclass(frozen=True)
class ReviewItem:
    account: Account
    candidates: list[LearnerRecord]


def review_queue(db: Session, actor: Account, page: int = 1) -> tuple[list[ReviewItem], int]:
    """Learners waiting for review, oldest first, each with the closest learner records."""
    _admin(actor)
    page = max(1, int(page))
    where = (Account.kind == "learner", Account.status == "pending_review")
    total = _count(db, select(func.count()).select_from(Account).where(*where))
    accounts = db.exec(
        select(Account)
        .where(*where)
        .order_by(col(Account.created_at), col(Account.id))
        .offset((page - 1) * REVIEW_PAGE_SIZE)
        .limit(REVIEW_PAGE_SIZE)
    ).all()
    return [ReviewItem(a, closest_records(db, a)) for a in accounts], total


def _pending_learner(db: Session, account_id: int) -> Account:
    account = db.get(Account, int(account_id))
    if account is None or account.kind != "learner":
        raise NotFound("That registration could not be found.")
    if account.status != "pending_review":
        raise DomainError("This registration has already been dealt with.")
    return account


def approve(db: Session, actor: Account, account_id: int, record_id: int) -> Account:
    _admin(actor)
    account = _pending_learner(db, account_id)
    record = db.get(LearnerRecord, int(record_id))
    if record is None:
        raise ValidationError.single("record", "Choose the learner record to link.")
    linked = db.exec(select(Account.id).where(Account.learner_record_id == record.id)).first()
    if linked is not None:
        raise ValidationError.single("record", "That learner record is already linked to another account.")
    approve_with_record(db, account, record)
    account.review_note = None
    audit.record(db, actor, "registration.approved", "account", account.id, detail=f"record {record.id}")
    return account


def reject(db: Session, actor: Account, account_id: int, reason: str) -> Account:
    _admin(actor)
    account = _pending_learner(db, account_id)
    reason = reason.strip()
    if len(reason) < 5:
        raise ValidationError.single("reason", "Give the learner a reason (at least a few words).")
    if len(reason) > 1000:
        raise ValidationError.single("reason", "Keep the reason under 1000 characters.")
    account.status = "rejected"
    account.review_note = reason
    db.add(account)
    mail.queue(
        db,
        account.email,
        "Your registration could not be approved",
        [
            f"Hello {account.first_name},",
            "We checked your registration but could not match it to our records, for this reason:",
            reason,
            "If you think this is a mistake, contact us with your full name as it was when you studied, "
            "your date of birth and your candidate number.",
        ],
        kind="rejected",
    )
    audit.record(db, actor, "registration.rejected", "account", account.id, detail=reason)
    return account


def deletion_requests(db: Session, actor: Account) -> list[Account]:
    _admin(actor)
    return list(
        db.exec(
            select(Account)
            .where(col(Account.deletion_requested_at).isnot(None))
            .order_by(col(Account.deletion_requested_at))
            .limit(PAGE_SIZE)
        ).all()
    )


def complete_deletion(db: Session, actor: Account, account_id: int) -> None:
    """Erase the person from the account; orders keep their snapshots (kept for accounting)."""
    _admin(actor)
    account = db.get(Account, int(account_id))
    if account is None or account.deletion_requested_at is None:
        raise NotFound("That deletion request could not be found.")
    if account.kind == "admin":
        raise PermissionDenied("Administrator accounts are removed by the system owner.")
    old_email = account.email
    now = utcnow()
    for table in (AuthSession, EmailToken, Address, BasketItem):
        db.exec(delete(table).where(col(table.account_id) == account.id))  # type: ignore[attr-defined]
    for column in (Connection.learner_account_id, Connection.third_party_account_id):
        db.exec(
            update(Connection)
            .where(col(column) == account.id)
            .where(col(Connection.status).in_(("pending", "active")))
            .values(status="revoked", ended_at=now)
        )
    account.email = f"deleted-{account.id}@deleted.invalid"
    account.password_hash = None
    account.first_name = ""
    account.last_name = "(deleted)"
    account.date_of_birth = None
    account.candidate_number = None
    account.phone = None
    account.organisation = None
    account.linkedin_url = None
    account.website_url = None
    account.learner_record_id = None
    account.status = "suspended"
    account.review_note = "Deleted at the account holder's request."
    account.deletion_requested_at = None
    db.add(account)
    mail.queue(
        db,
        old_email,
        "Your account has been deleted",
        ["As you asked, your Achievement Portal account and the personal details in it have been deleted."],
        kind="deleted",
    )
    audit.record(db, actor, "account.deleted", "account", account.id)


def outbox_page(
    db: Session, actor: Account, page: int = 1, search: str = ""
) -> tuple[list[OutboundEmail], int]:
    """Outbound e-mail, newest first, optionally only to addresses containing `search`."""
    _admin(actor)
    page = max(1, int(page))
    stmt = select(OutboundEmail)
    count = select(func.count()).select_from(OutboundEmail)
    search = search.strip().lower()[:254]
    if search:
        stmt = stmt.where(col(OutboundEmail.to_address).contains(search))
        count = count.where(col(OutboundEmail.to_address).contains(search))
    rows = db.exec(
        stmt.order_by(col(OutboundEmail.id).desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return list(rows), _count(db, count)


def outbox_email(db: Session, actor: Account, email_id: int) -> tuple[OutboundEmail, list[str]]:
    """One e-mail and the links in it (so demos can click a verification link)."""
    _admin(actor)
    row = db.get(OutboundEmail, int(email_id))
    if row is None:
        raise NotFound("That e-mail could not be found.")
    links = list(dict.fromkeys(_URL.findall(row.text_body)))
    return row, links
