"""The support view of one learner: everything staff need when a learner or employer calls.

Read-only: their record, portal account, documents (with revocation reasons), connections
(status, expiry, documents shared, the third party's views), orders, issue reports and the
e-mails sent to them. Each look is written to the audit log, because it shows personal data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.models import (
    Account,
    AccountEmail,
    Connection,
    ConnectionDocument,
    Document,
    DocumentAccess,
    IssueReport,
    LearnerRecord,
    Order,
    OutboundEmail,
)
from portal_app.services import audit
from portal_app.services.dates import day, moment
from portal_app.services.documents import KIND_LABELS
from portal_app.services.errors import NotFound, PermissionDenied
from portal_app.services.issues import answered_line
from portal_app.services.money import format_money
from portal_app.services.orders import STATUS_LABELS

SHOWN = 50  # most recent orders, reports, e-mails and connections shown of each
VIEWS_SHOWN = 5  # most recent third-party views listed per connection (all are counted)
ACCOUNT_STATUS_LABELS = {
    "active": "Active",
    "unverified": "E-mail not confirmed",
    "pending_review": "Waiting for review",
    "rejected": "Rejected",
    "suspended": "Suspended or deleted",
}


@dataclass(frozen=True)
class SupportDocument:
    reference: str
    kind_label: str
    qualification: str
    issued_on: str
    status: str
    reason: str  # why it was revoked or corrected, if it was


@dataclass(frozen=True)
class SupportConnection:
    third_party: str
    third_party_email: str
    status: str  # pending, active, expired, declined, revoked
    started: str
    expires: str
    documents: list[str]  # references shared
    views: int
    recent_views: list[str]  # "29567186-01-PJPC on 29/11/2026 07:06 UTC"


@dataclass(frozen=True)
class SupportOrder:
    number: str
    status: str
    status_label: str
    placed: str
    delivery: str
    total: str
    tracking: str


@dataclass(frozen=True)
class SupportReport:
    reference: str
    document_status: str
    status: str
    raised: str
    description: str
    answer: str
    answered: str  # "by admin@… on 29/11/2026 07:06 UTC", or ""


@dataclass(frozen=True)
class SupportEmail:
    to_address: str
    subject: str
    kind: str
    queued: str
    state: str  # Sent, Waiting, Given up


@dataclass(frozen=True)
class SupportView:
    record_id: int
    account_id: int
    full_name: str
    candidate_number: str
    date_of_birth: str
    record_email: str
    has_account: bool
    account_email: str
    # The account's other addresses, each with whether it is proven: they sign in and find the
    # account too (services.emails.account_by_email), so support must see them.
    other_emails: str
    account_status: str
    documents: list[SupportDocument]
    connections: list[SupportConnection]
    orders: list[SupportOrder]
    reports: list[SupportReport]
    emails: list[SupportEmail]


def _admin(actor: Account | None) -> Account:
    if actor is None or actor.kind != "admin":
        raise PermissionDenied()
    return actor


def learner_support(
    db: Session, actor: Account | None, *, record_id: int | None = None, account_id: int | None = None
) -> SupportView:
    """The support view from a learner record, or from a learner's account (which may have no
    record yet: a registration waiting for review). The look is audited."""
    admin = _admin(actor)
    record, account = _find(db, record_id, account_id)
    view = SupportView(
        record_id=(record.id or 0) if record else 0,
        account_id=(account.id or 0) if account else 0,
        full_name=f"{record.first_name} {record.last_name}"
        if record
        else (account.full_name if account else ""),
        candidate_number=record.candidate_number
        if record
        else ((account.candidate_number or "") if account else ""),
        date_of_birth=day(record.date_of_birth if record else account.date_of_birth if account else None),
        record_email=(record.email or "") if record else "",
        has_account=account is not None,
        account_email=account.email if account else "",
        other_emails=_other_emails(db, account),
        account_status=ACCOUNT_STATUS_LABELS.get(account.status, account.status) if account else "",
        documents=_documents(db, record),
        connections=_connections(db, record, account),
        orders=_orders(db, account),
        reports=_reports(db, account),
        emails=_emails(db, record, account),
    )
    subject = ("learner_record", record.id) if record else ("account", account.id if account else None)
    audit.record(db, admin, "support.viewed", subject[0], subject[1], view.full_name)
    return view


def _other_emails(db: Session, account: Account | None) -> str:
    if account is None:
        return ""
    rows = db.exec(
        select(AccountEmail.address, AccountEmail.verified_at)
        .where(AccountEmail.account_id == account.id)
        .order_by(col(AccountEmail.address))
    ).all()
    return ", ".join(
        f"{address} ({'verified' if verified else 'waiting for its link'})" for address, verified in rows
    )


def _find(
    db: Session, record_id: int | None, account_id: int | None
) -> tuple[LearnerRecord | None, Account | None]:
    if record_id is not None:
        record = db.get(LearnerRecord, int(record_id))
        if record is None:
            raise NotFound("That learner record could not be found.")
        account = db.exec(
            select(Account).where(Account.learner_record_id == record.id).where(Account.kind == "learner")
        ).first()
        return record, account
    account = db.get(Account, int(account_id or 0))
    if account is None or account.kind != "learner":
        raise NotFound("That learner's account could not be found.")
    record = db.get(LearnerRecord, account.learner_record_id) if account.learner_record_id else None
    return record, account


def _documents(db: Session, record: LearnerRecord | None) -> list[SupportDocument]:
    if record is None:
        return []
    documents = db.exec(
        select(Document)
        .where(Document.learner_record_id == record.id)
        .order_by(col(Document.issued_on).desc(), col(Document.id).desc())
    ).all()
    return [
        SupportDocument(
            reference=d.reference,
            kind_label=KIND_LABELS.get(d.kind, d.kind),
            qualification=d.qualification_title,
            issued_on=day(d.issued_on),
            status=d.status,
            reason=d.status_reason or "",
        )
        for d in documents
    ]


def _connections(
    db: Session, record: LearnerRecord | None, account: Account | None
) -> list[SupportConnection]:
    whose = []
    if account is not None:
        whose.append(col(Connection.learner_account_id) == account.id)
    if record is not None:
        whose.append(col(Connection.learner_candidate_number) == record.candidate_number)
    if not whose:
        return []
    connections = db.exec(
        select(Connection).where(sa.or_(*whose)).order_by(col(Connection.created_at).desc()).limit(SHOWN)
    ).all()
    ids = [c.id for c in connections]
    shared: dict[int, list[str]] = defaultdict(list)
    views: dict[int, list[str]] = defaultdict(list)
    counts: dict[int, int] = {}
    if ids:
        for connection_id, reference in db.exec(
            select(ConnectionDocument.connection_id, Document.reference)
            .join(Document, col(Document.id) == col(ConnectionDocument.document_id))
            .where(col(ConnectionDocument.connection_id).in_(ids))
            .order_by(col(Document.reference))
        ).all():
            shared[connection_id].append(reference)
        for connection_id, count in db.exec(
            select(DocumentAccess.connection_id, sa.func.count())
            .where(col(DocumentAccess.connection_id).in_(ids))
            .group_by(col(DocumentAccess.connection_id))
        ).all():
            counts[connection_id] = int(count)
        for connection_id, reference, viewed_at in db.exec(
            select(DocumentAccess.connection_id, Document.reference, DocumentAccess.viewed_at)
            .join(Document, col(Document.id) == col(DocumentAccess.document_id))
            .where(col(DocumentAccess.connection_id).in_(ids))
            .order_by(col(DocumentAccess.viewed_at).desc())
            .limit(VIEWS_SHOWN * len(ids))
        ).all():
            if len(views[connection_id]) < VIEWS_SHOWN:
                views[connection_id].append(f"{reference} on {moment(viewed_at)}")
    now = utcnow()
    return [
        SupportConnection(
            third_party=c.third_party_name,
            third_party_email=c.third_party_email,
            status="expired" if c.status in ("active", "pending") and c.expires_at <= now else c.status,
            started=day(c.accepted_at or c.created_at),
            expires=day(c.expires_at),
            documents=shared.get(c.id or 0, []),
            views=counts.get(c.id or 0, 0),
            recent_views=views.get(c.id or 0, []),
        )
        for c in connections
    ]


def _orders(db: Session, account: Account | None) -> list[SupportOrder]:
    if account is None:
        return []
    orders = db.exec(
        select(Order)
        .where(Order.account_id == account.id)
        .order_by(col(Order.created_at).desc())
        .limit(SHOWN)
    ).all()
    return [
        SupportOrder(
            number=o.number,
            status=o.status,
            status_label=STATUS_LABELS.get(o.status, o.status),
            placed=moment(o.created_at),
            delivery=o.delivery_option_name,
            total=format_money(o.total_pence, o.currency),
            tracking=o.tracking_reference or "",
        )
        for o in orders
    ]


def _reports(db: Session, account: Account | None) -> list[SupportReport]:
    if account is None:
        return []
    answerer = aliased(Account)
    rows = db.exec(
        select(IssueReport, Document.reference, Document.status, answerer.email)
        .join(Document, col(Document.id) == col(IssueReport.document_id))
        .outerjoin(answerer, col(answerer.id) == IssueReport.answered_by_id)
        .where(IssueReport.account_id == account.id)
        .order_by(col(IssueReport.created_at).desc())
        .limit(SHOWN)
    ).all()
    return [
        SupportReport(
            reference=reference,
            document_status=document_status,
            status=report.status,
            raised=moment(report.created_at),
            description=report.description,
            answer=report.answer or "",
            answered=answered_line(by, report.answered_at),
        )
        for report, reference, document_status, by in rows
    ]


def _emails(db: Session, record: LearnerRecord | None, account: Account | None) -> list[SupportEmail]:
    addresses = {
        a.lower() for a in ((record.email if record else None), (account.email if account else None)) if a
    }
    if not addresses:
        return []
    emails = db.exec(
        select(OutboundEmail)
        .where(col(OutboundEmail.to_address).in_(sorted(addresses)))
        .order_by(col(OutboundEmail.id).desc())
        .limit(SHOWN)
    ).all()
    return [
        SupportEmail(
            to_address=e.to_address,
            subject=e.subject,
            kind=e.kind,
            queued=moment(e.created_at),
            state="Sent" if e.sent_at else "Given up" if e.failed_at else "Waiting",
        )
        for e in emails
    ]
