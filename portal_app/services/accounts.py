"""Administrators' side of accounts: overview counts, the registration review queue, deletion
requests, and the e-mail outbox (which is the inbox when no SMTP server is configured)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, delete, select, update

from portal_app.infra.clock import utcnow
from portal_app.infra.mail import WITHHELD
from portal_app.models import (
    Account,
    AccountEmail,
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
from portal_app.services import audit, connections, mail
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from portal_app.services.paging import Page, count_label, count_upto, page_of, search_clause, size_label
from portal_app.services.registration import approve_with_record, closest_records

PAGE_SIZE = 20
REVIEW_PAGE_SIZE = 10
_URL = re.compile(r"https?://[^\s<>\"']+")


def _admin(actor: Account) -> None:
    if actor.kind != "admin" or actor.status != "active":
        raise PermissionDenied()


@dataclass(frozen=True)
class Overview:
    """What needs attention, and how many use the portal: each figure as the page shows it."""

    pending_registrations: str
    deletion_requests: str
    unverified_accounts: str
    open_issues: str
    orders_to_fulfil: str
    unsent_emails: str
    learners: str
    third_parties: str


def overview(db: Session, actor: Account) -> Overview:
    """Counted up to paging.COUNT_LIMIT ("1,000+"); the population figures estimated beyond it."""
    _admin(actor)

    def accounts_where(*where: Any) -> Any:
        return select(Account.id).where(*where)

    def waiting(query: Any) -> str:
        return count_label(*count_upto(db, query))

    return Overview(
        pending_registrations=waiting(accounts_where(Account.status == "pending_review")),
        deletion_requests=waiting(accounts_where(col(Account.deletion_requested_at).isnot(None))),
        unverified_accounts=waiting(accounts_where(Account.status == "unverified")),
        open_issues=waiting(select(IssueReport.id).where(IssueReport.status == "open")),
        orders_to_fulfil=waiting(select(Order.id).where(col(Order.status).in_(("paid", "processing")))),
        unsent_emails=waiting(select(OutboundEmail.id).where(col(OutboundEmail.sent_at).is_(None))),
        learners=size_label(db, accounts_where(Account.status == "active", Account.kind == "learner")),
        third_parties=size_label(
            db, accounts_where(Account.status == "active", Account.kind == "third_party")
        ),
    )


@dataclass(frozen=True)
class ReviewItem:
    account: Account
    candidates: list[LearnerRecord]


def review_queue(db: Session, actor: Account, page: int = 1) -> Page[ReviewItem]:
    """Learners waiting for review, oldest first, each with the closest learner records."""
    _admin(actor)
    waiting = select(Account).where(Account.kind == "learner", Account.status == "pending_review")
    found = page_of(db, waiting, page, REVIEW_PAGE_SIZE, col(Account.created_at), col(Account.id))
    return found.with_rows([ReviewItem(a, closest_records(db, a)) for a in found.rows])


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
    for table in (AuthSession, EmailToken, AccountEmail, Address, BasketItem):
        db.exec(delete(table).where(col(table.account_id) == account.id))
    for column in (Connection.learner_account_id, Connection.third_party_account_id):
        db.exec(
            update(Connection)
            .where(col(column) == account.id)
            .where(col(Connection.status).in_(("pending", "active")))
            .values(status="revoked", ended_at=now)
        )
    connections.forget_account(db, account)
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


def outbox_page(db: Session, actor: Account, *, page: int = 1, search: str = "") -> Page[OutboundEmail]:
    """Outbound e-mail, newest first, optionally only to addresses containing `search`."""
    _admin(actor)
    stmt = select(OutboundEmail)
    match = search_clause(search, OutboundEmail.to_address)
    if match is not None:
        stmt = stmt.where(match)
    return page_of(db, stmt, page, PAGE_SIZE, col(OutboundEmail.id).desc())


def outbox_email(db: Session, actor: Account, email_id: int) -> tuple[OutboundEmail, list[str]]:
    """One e-mail and the links in it (so demos can click a verification link); who opened
    which e-mail is audited. A link whose token is withheld is not offered."""
    _admin(actor)
    row = db.get(OutboundEmail, int(email_id))
    if row is None:
        raise NotFound("That e-mail could not be found.")
    audit.record(db, actor, "outbox.email_opened", "outbound_email", row.id, detail=row.kind)
    found = _URL.findall(row.text_body)
    links = [url for url in dict.fromkeys(found) if f"={WITHHELD}" not in url]
    return row, links
