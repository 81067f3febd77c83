"""Official digital documents: who may see which, the learner's list, and the signed payload.

A learner sees only the documents of the learner record linked to their account; a third party
only what a learner shares with them through an active, unexpired connection; administrators
see everything. A document someone may not see is "not found", so references cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Row
from sqlmodel import Session, col, select

from portal_app.infra import signing
from portal_app.infra.clock import utcnow
from portal_app.models import (
    Account,
    Connection,
    ConnectionDocument,
    Document,
    IssueReport,
    LearnerRecord,
)
from portal_app.services import sharing
from portal_app.services.dates import day
from portal_app.services.errors import NotFound, PermissionDenied
from portal_app.services.paging import search_clause
from portal_app.services.text import clean

SORTS: dict[str, tuple[sa.UnaryExpression[Any], ...]] = {
    "newest": (col(Document.issued_on).desc(), col(Document.id).desc()),
    "oldest": (col(Document.issued_on).asc(), col(Document.id).asc()),
    "title": (col(Document.qualification_title).asc(), col(Document.issued_on).desc()),
    "reference": (col(Document.reference).asc(),),
}
KIND_LABELS = {"certificate": "Certificate", "transcript": "Transcript", "badge": "Badge"}
MAX_LIST = 500


def signed_payload(document: Document, record: LearnerRecord) -> dict[str, Any]:
    """What the organisation's signature covers: everything the document states."""
    return {
        "reference": document.reference,
        "kind": document.kind,
        "candidate_number": record.candidate_number,
        "first_name": record.first_name,
        "last_name": record.last_name,
        "qualification_number": document.qualification_number,
        "qualification_title": document.qualification_title,
        "issued_on": document.issued_on.isoformat(),
        "content": document.content or {},
    }


def sign(db: Session, document: Document, record: LearnerRecord) -> None:
    document.signature = signing.seal(db, signed_payload(document, record))
    db.add(document)


def signature_ok(db: Session, document: Document, record: LearnerRecord) -> bool:
    return signing.check_seal(db, signed_payload(document, record), document.signature)


@dataclass
class DocumentRow:
    reference: str
    kind: str
    kind_label: str
    candidate_number: str
    full_name: str
    qualification_number: str
    qualification_title: str
    issued_on: str
    status: str


@dataclass
class QualificationGroup:
    qualification_number: str
    qualification_title: str
    documents: list[DocumentRow] = field(default_factory=list)


def document_row(document: Document | Row[Any], record: LearnerRecord | Row[Any]) -> DocumentRow:
    """A list row from a document and its learner record, or from one row with both's columns."""
    return DocumentRow(
        reference=document.reference,
        kind=document.kind,
        kind_label=KIND_LABELS.get(document.kind, document.kind),
        candidate_number=record.candidate_number,
        full_name=f"{record.first_name} {record.last_name}",
        qualification_number=document.qualification_number,
        qualification_title=document.qualification_title,
        issued_on=day(document.issued_on),
        status=document.status,
    )


def list_for_learner(
    db: Session, actor: Account, search: str = "", sort: str = "newest", include_superseded: bool = False
) -> list[QualificationGroup]:
    """The learner's documents grouped by qualification; search and sort run in SQL."""
    if actor.kind != "learner":
        raise PermissionDenied()
    if actor.learner_record_id is None:
        return []
    # The row's columns only: loading whole documents (content, signature) as ORM objects cost
    # more than the query.
    query = (
        select(  # type: ignore[call-overload]  # typed for up to 4 columns; takes any number
            Document.reference,
            Document.kind,
            Document.qualification_number,
            Document.qualification_title,
            Document.issued_on,
            Document.status,
            LearnerRecord.candidate_number,
            LearnerRecord.first_name,
            col(LearnerRecord.last_name),
        )
        .join(LearnerRecord, col(LearnerRecord.id) == Document.learner_record_id)
        .where(col(Document.learner_record_id) == actor.learner_record_id)
    )
    if not include_superseded:
        query = query.where(col(Document.status) != "superseded")
    match = search_clause(
        search, Document.reference, Document.qualification_title, Document.qualification_number, Document.kind
    )
    if match is not None:
        query = query.where(match)
    query = query.order_by(*SORTS.get(sort, SORTS["newest"])).limit(MAX_LIST)
    groups: dict[str, QualificationGroup] = {}
    for row in db.exec(query).all():
        group = groups.setdefault(
            row.qualification_number, QualificationGroup(row.qualification_number, row.qualification_title)
        )
        if row.kind != "badge":
            group.qualification_title = row.qualification_title
        group.documents.append(document_row(row, row))  # the row has both's columns
    return list(groups.values())


def _shared_with(db: Session, actor: Account, document: Document) -> int | None:
    """The id of an active, unexpired connection through which the document is shared."""
    return db.exec(
        select(Connection.id)
        .join(ConnectionDocument, col(ConnectionDocument.connection_id) == Connection.id)
        .where(ConnectionDocument.document_id == document.id)
        .where(Connection.third_party_account_id == actor.id)
        .where(Connection.status == "active")
        .where(Connection.expires_at > utcnow())
        .limit(1)
    ).first()


def find_visible(db: Session, actor: Account, reference: str) -> tuple[Document, LearnerRecord]:
    """The document with that reference if the actor may see it; NotFound otherwise."""
    row = db.exec(
        select(Document, LearnerRecord)
        .join(LearnerRecord, col(LearnerRecord.id) == Document.learner_record_id)
        .where(Document.reference == clean(reference, 40).upper())
    ).first()
    if row is None:
        raise NotFound("That document could not be found.")
    document, record = row
    if actor.kind == "admin":
        return document, record
    if actor.kind == "learner" and actor.learner_record_id == document.learner_record_id:
        return document, record
    if actor.kind == "third_party" and actor.status == "active":
        connection_id = _shared_with(db, actor, document)
        if connection_id is not None:
            sharing.record_view(db, connection_id, document, actor)
            return document, record
    raise NotFound("That document could not be found.")


@dataclass
class IssueView:
    id: int
    description: str
    status: str
    answer: str
    created_at: str
    answered_at: str


@dataclass
class DocumentView:
    row: DocumentRow
    content: dict[str, Any]
    signature_valid: bool
    status_reason: str
    replaced_by: str
    version: int
    issues: list[IssueView]
    can_report: bool
    issued_on_iso: str = ""


def view(db: Session, actor: Account, reference: str) -> DocumentView:
    document, record = find_visible(db, actor, reference)
    replaced_by = ""
    if document.superseded_by_id is not None:
        newer = db.get(Document, document.superseded_by_id)
        replaced_by = newer.reference if newer else ""
    issues: list[IssueView] = []
    if actor.kind in ("learner", "admin"):
        for report in db.exec(
            select(IssueReport)
            .where(IssueReport.document_id == document.id)
            .order_by(col(IssueReport.created_at).desc())
            .limit(20)
        ).all():
            if actor.kind == "admin" or report.account_id == actor.id:
                issues.append(issue_view(report))
    return DocumentView(
        row=document_row(document, record),
        content=dict(document.content or {}),
        signature_valid=signature_ok(db, document, record),
        status_reason=document.status_reason or "",
        replaced_by=replaced_by,
        version=document.version,
        issues=issues,
        can_report=actor.kind == "learner",
        issued_on_iso=document.issued_on.isoformat(),
    )


def issue_view(report: IssueReport) -> IssueView:
    return IssueView(
        id=report.id or 0,
        description=report.description,
        status=report.status,
        answer=report.answer or "",
        created_at=day(report.created_at),
        answered_at=day(report.answered_at),
    )
