"""Administrators' work on learner records and documents: search, issue, correct, revoke.

A correction never edits a document in place: it issues a new version (the reference's middle
part counts versions, 29567186-01-PJPC -> 29567186-02-PJPC), marks the old one superseded and
links it to the new one, so anyone verifying the old reference is pointed to the current one.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, Document, IssueReport, LearnerRecord, id_of
from portal_app.models.documents import DOCUMENT_KINDS
from portal_app.services import audit, mail
from portal_app.services.dates import day
from portal_app.services.documents import DocumentRow, document_row, sign
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from portal_app.services.paging import Page, page_of, search_clause
from portal_app.services.text import clean

PAGE_SIZE = 20
# The name as searched; the space is SQL text so that PostgreSQL's trigram index on this
# expression matches the query (alembic revision 2).
FULL_NAME = col(LearnerRecord.first_name) + sa.literal_column("' '") + col(LearnerRecord.last_name)
_SUFFIX_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def require_admin(actor: Account | None) -> None:
    """Administrators only; `None` is the command line, run by the operator."""
    if actor is not None and actor.kind != "admin":
        raise PermissionDenied()


def new_reference(db: Session) -> str:
    while True:
        stem = f"{secrets.randbelow(10**8):08d}"
        suffix = "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(4))
        reference = f"{stem}-01-{suffix}"
        if db.exec(select(Document.id).where(Document.reference == reference)).first() is None:
            return reference


def next_version_reference(reference: str, version: int) -> str:
    parts = reference.split("-")
    if len(parts) == 3 and parts[1].isdigit():
        return f"{parts[0]}-{version:02d}-{parts[2]}"
    return f"{reference}-v{version}"


@dataclass
class RecordRow:
    id: int
    candidate_number: str
    full_name: str
    date_of_birth: str
    email: str
    documents: list[DocumentRow]


def search_records(db: Session, actor: Account, *, query: str = "", page: int = 1) -> Page[RecordRow]:
    """Learner records matching a candidate number, name, e-mail or document reference."""
    require_admin(actor)
    stmt = select(LearnerRecord)
    match = search_clause(query, LearnerRecord.candidate_number, FULL_NAME, LearnerRecord.email)
    by_reference = search_clause(query, Document.reference)
    if match is not None and by_reference is not None:  # both or neither: the same search text
        # a union, not an OR: each half is then an index lookup (an OR with a subquery is a scan)
        matching: sa.CompoundSelect[Any] = sa.union(
            select(LearnerRecord.id).where(match),
            select(Document.learner_record_id).where(by_reference),
        )
        stmt = stmt.where(col(LearnerRecord.id).in_(matching))
    found = page_of(db, stmt, page, PAGE_SIZE, col(LearnerRecord.last_name), col(LearnerRecord.id))
    records = found.rows
    ids = [r.id for r in records]
    docs: dict[int, list[DocumentRow]] = {i: [] for i in ids if i is not None}
    by_id = {r.id: r for r in records}
    if ids:
        for document in db.exec(
            select(Document)
            .where(col(Document.learner_record_id).in_(ids))
            .order_by(col(Document.issued_on).desc(), col(Document.id).desc())
        ).all():
            docs[document.learner_record_id].append(document_row(document, by_id[document.learner_record_id]))
    rows = [
        RecordRow(
            id=r.id or 0,
            candidate_number=r.candidate_number,
            full_name=f"{r.first_name} {r.last_name}",
            date_of_birth=day(r.date_of_birth),
            email=r.email or "",
            documents=docs.get(r.id or 0, []),
        )
        for r in records
    ]
    return found.with_rows(rows)


def validate_document_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """Cleaned document fields, or ValidationError with a message per field."""
    errors: dict[str, str] = {}
    kind = clean(values.get("kind"), 16).lower()
    if kind not in DOCUMENT_KINDS:
        errors["kind"] = "Choose certificate, transcript or badge."
    number = clean(values.get("qualification_number"), 40)
    if not number or len(number) > 32:
        errors["qualification_number"] = "Enter the qualification number (up to 32 characters)."
    title = clean(values.get("qualification_title"), 400)
    if not title or len(title) > 300:
        errors["qualification_title"] = "Enter the qualification title (up to 300 characters)."
    issued_on: date | None = None
    raw_date = clean(values.get("issued_on"), 20)
    try:
        issued_on = date.fromisoformat(raw_date)
    except ValueError:
        errors["issued_on"] = "Enter the issue date as YYYY-MM-DD."
    if issued_on and issued_on > utcnow().date():
        errors["issued_on"] = "The issue date cannot be in the future."
    content: dict[str, Any] = {}
    grade = clean(values.get("grade"), 40)
    if grade:
        content["grade"] = grade
    units = []
    for line in clean(values.get("units"), 4000, multiline=True).replace(";", "\n").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or not all(parts):
            errors["units"] = "Write each unit as CODE | Title | Grade (one a line or ; between)."
            break
        units.append({"code": parts[0], "title": parts[1], "grade": parts[2]})
    if kind in ("certificate", "transcript"):
        content["units"] = units
    if kind == "badge":
        criteria = clean(values.get("criteria"), 1000)
        if not criteria:
            errors["criteria"] = "Describe what the badge holder achieved."
        content["criteria"] = criteria
        content["image"] = clean(values.get("image"), 200) or "/badge-hv.svg"
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "qualification_number": number,
        "qualification_title": title,
        "issued_on": issued_on,
        "content": content,
    }


def tell_learner(db: Session, record: LearnerRecord, document: Document, corrected: bool) -> None:
    account = db.exec(select(Account).where(Account.learner_record_id == record.id)).first()
    if account is None:
        return
    what = "A corrected version of your" if corrected else "A new"
    mail.queue(
        db,
        account.email,
        "A document has been issued to you",
        [
            f"Hello {account.first_name or record.first_name},",
            f"{what} {document.kind} for {document.qualification_title} is now in the Achievement Portal "
            f"(reference {document.reference}).",
        ],
        link=("View your document", mail.absolute_url(f"/documents/{document.reference}")),
        kind="document_issued",
    )


@dataclass(frozen=True)
class IssuePreview:
    """What an administrator is asked to confirm before a document is issued."""

    learner: str
    kind: str
    qualification: str
    issued_on: str
    tells: str  # who is e-mailed, or that nobody is


def preview_issue(db: Session, actor: Account, *, record_id: int, form: Mapping[str, Any]) -> IssuePreview:
    """Check an issue form without issuing anything (ValidationError per field, as issue would)."""
    require_admin(actor)
    record = db.get(LearnerRecord, record_id)
    if record is None:
        raise NotFound("That learner record could not be found.")
    fields = validate_document_fields(form)
    account = db.exec(select(Account).where(Account.learner_record_id == record.id)).first()
    name = f"{record.first_name} {record.last_name}"
    return IssuePreview(
        learner=name,
        kind=fields["kind"],
        qualification=f"{fields['qualification_title']} ({fields['qualification_number']})",
        issued_on=day(fields["issued_on"]),
        tells=f"{name} is e-mailed at {account.email}."
        if account
        else f"{name} has no account yet; nobody is e-mailed.",
    )


def issue(
    db: Session, actor: Account | None, *, record_id: int, form: Mapping[str, Any], notify: bool = True
) -> Document:
    require_admin(actor)
    record = db.get(LearnerRecord, record_id)
    if record is None:
        raise NotFound("That learner record could not be found.")
    fields = validate_document_fields(form)
    document = Document(reference=new_reference(db), learner_record_id=id_of(record), **fields)
    db.add(document)
    db.flush()
    sign(db, document, record)
    audit.record(db, actor, "document.issue", "document", document.id, document.reference)
    if notify:
        tell_learner(db, record, document, corrected=False)
    return document


def _current(db: Session, reference: str) -> tuple[Document, LearnerRecord]:
    document = db.exec(
        select(Document).where(Document.reference == clean(reference, 40).upper()).with_for_update()
    ).first()
    if document is None:
        raise NotFound("That document could not be found.")
    record = db.get(LearnerRecord, document.learner_record_id)
    assert record is not None
    return document, record


def correct(
    db: Session,
    actor: Account,
    *,
    reference: str,
    form: Mapping[str, Any],
    reason: str,
    report_id: int | None = None,
) -> Document:
    """Issue a corrected version; the old one becomes superseded and points at it, and the issue
    report it was corrected for (if any) links to the new version."""
    require_admin(actor)
    old, record = _current(db, reference)
    if old.status != "valid":
        raise DomainError(f"Only a valid document can be corrected; this one is {old.status}.")
    report = _report_on(db, old, report_id) if report_id else None
    why = clean(reason, 1000)
    fields = validate_document_fields({**form, "kind": old.kind})
    if not why:
        raise ValidationError.single("reason", "Say what was corrected.")
    version = old.version + 1
    new = Document(
        reference=next_version_reference(old.reference, version),
        learner_record_id=id_of(record),
        version=version,
        **fields,
    )
    if db.exec(select(Document.id).where(Document.reference == new.reference)).first() is not None:
        new.reference = new_reference(db)
    db.add(new)
    db.flush()
    sign(db, new, record)
    old.status = "superseded"
    old.superseded_by_id = new.id
    old.status_reason = why
    old.status_changed_at = utcnow()
    db.add(old)
    if report is not None:
        report.corrected_document_id = new.id
        db.add(report)
    for_report = f" (report {report.id})" if report is not None else ""
    audit.record(
        db,
        actor,
        "document.correct",
        "document",
        new.id,
        f"{old.reference} -> {new.reference}{for_report}: {why}",
    )
    tell_learner(db, record, new, corrected=True)
    return new


def _report_on(db: Session, document: Document, report_id: int) -> IssueReport:
    """The issue report a correction answers: it must be about the document being corrected."""
    report = db.exec(select(IssueReport).where(IssueReport.id == int(report_id)).with_for_update()).first()
    if report is None or report.document_id != document.id:
        raise NotFound("That issue report is not about this document.")
    return report


def tell_learner_revoked(db: Session, record: LearnerRecord, document: Document) -> None:
    """The learner hears that a document no longer verifies, and why, as they hear of issues."""
    account = db.exec(select(Account).where(Account.learner_record_id == record.id)).first()
    if account is None:
        return
    mail.queue(
        db,
        account.email,
        f"Your {document.kind} {document.reference} has been revoked",
        [
            f"Hello {account.first_name or record.first_name},",
            f"Your {document.kind} for {document.qualification_title} (reference {document.reference}) has been "
            "revoked. Anyone who checks it will now see that it is no longer valid.",
            f"Reason: {document.status_reason}",
            "If you think this is a mistake, please contact us.",
        ],
        link=("View your documents", mail.absolute_url("/documents")),
        kind="document_revoked",
    )


def revoke(db: Session, actor: Account, *, reference: str, reason: str) -> Document:
    """Revoke a valid document (cannot be undone); the learner is e-mailed the reason."""
    require_admin(actor)
    document, record = _current(db, reference)
    why = clean(reason, 1000)
    if not why:
        raise ValidationError.single("reason", "Give the reason for revoking the document.")
    if document.status == "revoked":
        raise DomainError("That document is already revoked.")
    document.status = "revoked"
    document.status_reason = why
    document.status_changed_at = utcnow()
    db.add(document)
    audit.record(db, actor, "document.revoke", "document", document.id, f"{document.reference}: {why}")
    tell_learner_revoked(db, record, document)
    return document


def form_values(db: Session, actor: Account, reference: str) -> dict[str, str]:
    """A document's fields as form text, to start a correction from."""
    require_admin(actor)
    document, _ = _current(db, reference)
    content = document.content or {}
    units = content.get("units") or []
    return {
        "reference": document.reference,
        "kind": document.kind,
        "qualification_number": document.qualification_number,
        "qualification_title": document.qualification_title,
        "issued_on": document.issued_on.isoformat(),
        "grade": str(content.get("grade", "")),
        "units": "\n".join(
            f"{u.get('code', '')} | {u.get('title', '')} | {u.get('grade', '')}" for u in units
        ),
        "criteria": str(content.get("criteria", "")),
        "image": str(content.get("image", "")),
    }
