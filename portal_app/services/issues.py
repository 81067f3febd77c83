"""Issue reports: a learner says something on a document is wrong; an administrator answers.

The learner sees the status and answer on the document page and in "My reports", and is
e-mailed when it is answered. Correcting the document itself is `services.issuing.correct`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, Document, IssueReport, LearnerRecord, id_of
from portal_app.models.documents import ISSUE_STATUSES
from portal_app.services import audit, mail
from portal_app.services.dates import day, moment
from portal_app.services.documents import IssueView, find_visible, issue_view
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from portal_app.services.issuing import require_admin
from portal_app.services.paging import Page, page_of
from portal_app.services.text import clean

MIN_LENGTH = 10
MAX_LENGTH = 4000
PAGE_SIZE = 20
MAX_OPEN_PER_DOCUMENT = 3


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def report(db: Session, actor: Account, reference: str, description: str) -> IssueReport:
    """File a report; filing the same open report again (a double click, a resubmit) returns the
    first one instead of a copy. The document row is locked so two workers cannot both file it."""
    if actor.kind != "learner":
        raise PermissionDenied("Only the learner a document belongs to can report a problem with it.")
    document, _ = find_visible(db, actor, reference)
    text = clean(description, MAX_LENGTH + 1, multiline=True)
    if len(text) < MIN_LENGTH:
        raise ValidationError.single(
            "description",
            f"Describe the problem in at least {MIN_LENGTH} characters, e.g. what should it say?",
        )
    if len(text) > MAX_LENGTH:
        raise ValidationError.single("description", f"Please keep it under {MAX_LENGTH} characters.")
    db.exec(select(Document.id).where(Document.id == document.id).with_for_update()).one()
    waiting = db.exec(
        select(IssueReport)
        .where(IssueReport.document_id == document.id)
        .where(IssueReport.account_id == actor.id)
        .where(IssueReport.status == "open")
    ).all()
    same = next((r for r in waiting if _same_text(r.description, text)), None)
    if same is not None:
        return same
    if len(waiting) >= MAX_OPEN_PER_DOCUMENT:
        raise DomainError("You already have reports waiting on this document; we will answer them soon.")
    row = IssueReport(document_id=id_of(document), account_id=id_of(actor), description=text)
    db.add(row)
    db.flush()
    audit.record(db, actor, "issue.report", "issue_report", row.id, document.reference)
    return row


@dataclass
class MyReport:
    reference: str
    qualification_title: str
    issue: IssueView


# Built once: it runs with every load of the documents list.
_MY_REPORTS = (
    select(IssueReport, Document)
    .join(Document, col(Document.id) == IssueReport.document_id)
    .where(IssueReport.account_id == bindparam("account_id"))
    .order_by(col(IssueReport.created_at).desc())
    .limit(50)
)


def my_reports(db: Session, actor: Account) -> list[MyReport]:
    if actor.kind != "learner":
        raise PermissionDenied()
    rows = db.execute(_MY_REPORTS, {"account_id": actor.id}).all()
    return [MyReport(d.reference, d.qualification_title, issue_view(r)) for r, d in rows]


@dataclass
class QueueItem:
    id: int
    reference: str
    qualification_title: str
    learner_name: str
    learner_email: str
    candidate_number: str
    description: str
    status: str
    answer: str
    created_at: str
    document_status: str = ""  # valid / superseded / revoked: what a correction would act on
    answered: str = ""  # "by admin@… on 30/11/2026 14:05 UTC", or "" when not answered yet
    corrected_reference: str = ""  # the version "Correct the document" issued from this report


def answered_line(by_email: str | None, at: datetime | None) -> str:
    """Who answered a report and when ("by admin@… on 30/11/2026 14:05 UTC"), or "" if nobody has."""
    return f"by {by_email or 'staff'} on {moment(at)}" if at else ""


def queue(db: Session, actor: Account, status: str = "open", page: int = 1) -> Page[QueueItem]:
    """The administrators' queue, oldest first, so nothing waits forever."""
    require_admin(actor)
    answerer = aliased(Account)
    corrected = aliased(Document)
    stmt = (
        select(  # type: ignore[call-overload]  # typed for up to 4 columns; takes any number
            IssueReport, Document, LearnerRecord, Account, answerer.email, corrected.reference
        )
        .join(Document, col(Document.id) == IssueReport.document_id)
        .join(LearnerRecord, col(LearnerRecord.id) == Document.learner_record_id)
        .join(Account, col(Account.id) == IssueReport.account_id)
        .outerjoin(answerer, col(answerer.id) == IssueReport.answered_by_id)
        .outerjoin(corrected, col(corrected.id) == IssueReport.corrected_document_id)
    )
    if status in ISSUE_STATUSES:
        stmt = stmt.where(IssueReport.status == status)
    found = page_of(db, stmt, page, PAGE_SIZE, col(IssueReport.created_at).asc(), col(IssueReport.id).asc())
    items = [
        QueueItem(
            id=r.id or 0,
            reference=d.reference,
            qualification_title=d.qualification_title,
            learner_name=f"{rec.first_name} {rec.last_name}",
            learner_email=a.email,
            candidate_number=rec.candidate_number,
            description=r.description,
            status=r.status,
            answer=r.answer or "",
            created_at=day(r.created_at),
            document_status=d.status,
            answered=answered_line(answered_by, r.answered_at),
            corrected_reference=corrected_reference or "",
        )
        for r, d, rec, a, answered_by, corrected_reference in found.rows
    ]
    return found.with_rows(items)


def answer(db: Session, actor: Account, issue_id: int, text: str, close: bool = False) -> IssueReport:
    """Answer a report (or answer again); the learner is e-mailed in the same transaction."""
    require_admin(actor)
    row = db.exec(select(IssueReport).where(IssueReport.id == int(issue_id)).with_for_update()).first()
    if row is None:
        raise NotFound("That report could not be found.")
    body = clean(text, MAX_LENGTH + 1, multiline=True)
    if not body:
        raise ValidationError.single("answer", "Write an answer for the learner.")
    if len(body) > MAX_LENGTH:
        raise ValidationError.single("answer", f"Please keep it under {MAX_LENGTH} characters.")
    row.answer = body
    row.status = "closed" if close else "answered"
    row.answered_by_id = actor.id
    row.answered_at = utcnow()
    db.add(row)
    document = db.get(Document, row.document_id)
    learner = db.get(Account, row.account_id)
    if learner is not None and document is not None:
        mail.queue(
            db,
            learner.email,
            "We have answered your report",
            [
                f"Hello {learner.first_name},",
                f"We have looked into the problem you reported with document {document.reference}:",
                body,
            ],
            link=("See the answer", mail.absolute_url(f"/documents/{document.reference}")),
            kind="issue_answered",
        )
    audit.record(db, actor, "issue.answer", "issue_report", row.id, row.status)
    return row
