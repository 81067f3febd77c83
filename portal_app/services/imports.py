"""Importing learner records and documents from CSV: every row checked, all or nothing.

Every row is validated first; if any row is rejected, nothing is written and the report lists
each rejected row by its line number in the file with the reason. Only a clean file is
imported, in the caller's one transaction. Formats: docs/samples/records.csv and documents.csv.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, Document, LearnerRecord, id_of
from portal_app.services import audit
from portal_app.services.documents import sign
from portal_app.services.errors import ValidationError
from portal_app.services.issuing import new_reference, require_admin, tell_learner, validate_document_fields
from portal_app.services.names import name_key
from portal_app.services.text import clean

RECORD_COLUMNS = ("candidate_number", "first_name", "last_name", "date_of_birth", "email")
DOCUMENT_COLUMNS = ("candidate_number", "kind", "qualification_number", "qualification_title", "issued_on")
MAX_ROWS = 20_000
MAX_BYTES = 5_000_000


@dataclass
class ImportReport:
    imported: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def _rows(text: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    if len(text) > MAX_BYTES:
        raise ValidationError.single("file", "The file is too large (5 MB at most).")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in headers]
    if missing:
        raise ValidationError.single(
            "file", "The first line must name the columns; missing: " + ", ".join(missing)
        )
    reader.fieldnames = headers
    rows: list[tuple[int, dict[str, str]]] = []
    for row in reader:
        if len(rows) >= MAX_ROWS:
            raise ValidationError.single("file", f"At most {MAX_ROWS} rows per file.")
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        rows.append((reader.line_num, {k: (v or "") for k, v in row.items() if isinstance(k, str)}))
    if not rows:
        raise ValidationError.single("file", "The file has no rows to import.")
    return rows


def import_records(db: Session, actor: Account | None, text: str) -> ImportReport:
    require_admin(actor)
    report = ImportReport()
    rows = _rows(text, RECORD_COLUMNS)
    numbers = [clean(r["candidate_number"], 40) for _, r in rows]
    existing = set(
        db.exec(
            select(LearnerRecord.candidate_number).where(col(LearnerRecord.candidate_number).in_(numbers))
        ).all()
    )
    seen: set[str] = set()
    new: list[LearnerRecord] = []
    for (line, row), number in zip(rows, numbers, strict=True):
        reasons = []
        if not number or len(number) > 32 or not number.isalnum():
            reasons.append("candidate number must be letters and digits (up to 32)")
        elif number in existing:
            reasons.append(f"candidate number {number} already exists")
        elif number in seen:
            reasons.append(f"candidate number {number} appears twice in the file")
        seen.add(number)
        first, last = clean(row["first_name"], 101), clean(row["last_name"], 101)
        if not first or len(first) > 100 or not last or len(last) > 100:
            reasons.append("first and last name are required (up to 100 characters)")
        try:
            born = date.fromisoformat(clean(row["date_of_birth"], 20))
            if not date(1900, 1, 1) <= born <= utcnow().date():
                reasons.append("date of birth is out of range")
        except ValueError:
            reasons.append("date of birth must be YYYY-MM-DD")
            born = None
        email = clean(row["email"], 254)
        if email:
            try:
                email = validate_email(email, check_deliverability=False).normalized.lower()
            except EmailNotValidError:
                reasons.append("e-mail address is not valid")
        if reasons or born is None:
            report.rejected.append((line, "; ".join(reasons)))
            continue
        new.append(
            LearnerRecord(
                candidate_number=number,
                first_name=first,
                last_name=last,
                last_name_key=name_key(last),
                date_of_birth=born,
                email=email or None,
            )
        )
    if report.rejected:
        return report
    db.add_all(new)
    db.flush()
    report.imported = len(new)
    audit.record(db, actor, "import.records", "learner_record", None, f"{len(new)} records")
    return report


# What makes two documents the same award: learner record, qualification number, kind, award date.
AwardKey = tuple[int, str, str, date]


def _held(db: Session, record_ids: list[int]) -> dict[AwardKey, str]:
    """The awards these records already hold (anything not revoked), with a reference of each."""
    if not record_ids:
        return {}
    found = db.exec(
        select(Document)
        .where(col(Document.learner_record_id).in_(record_ids))
        .where(Document.status != "revoked")
    ).all()
    return {(d.learner_record_id, d.qualification_number, d.kind, d.issued_on): d.reference for d in found}


def import_documents(db: Session, actor: Account | None, text: str) -> ImportReport:
    """Documents for existing learner records (by candidate number); learners are e-mailed.

    Idempotent: a row for an award the learner already holds (same record, qualification number,
    kind and award date; or a `reference` already used) is refused with its line number, so
    importing the same file twice issues nothing the second time."""
    require_admin(actor)
    report = ImportReport()
    rows = _rows(text, DOCUMENT_COLUMNS)
    numbers = {clean(r["candidate_number"], 40) for _, r in rows}
    records = {
        r.candidate_number: r
        for r in db.exec(select(LearnerRecord).where(col(LearnerRecord.candidate_number).in_(numbers))).all()
    }
    refs = {clean(r.get("reference"), 40).upper() for _, r in rows} - {""}
    taken = set(db.exec(select(Document.reference).where(col(Document.reference).in_(refs))).all())
    held = _held(db, [r.id for r in records.values() if r.id is not None])
    seen: set[str] = set()
    in_file: dict[AwardKey, int] = {}
    ready: list[tuple[LearnerRecord, str, dict[str, Any]]] = []
    for line, row in rows:
        reasons = []
        record = records.get(clean(row["candidate_number"], 40))
        if record is None:
            reasons.append(f"no learner record with candidate number {clean(row['candidate_number'], 40)!r}")
        reference = clean(row.get("reference"), 40).upper()
        if reference and (reference in taken or reference in seen):
            reasons.append(f"reference {reference} is already used")
        elif reference and not all(c.isalnum() or c == "-" for c in reference):
            reasons.append("reference may contain only letters, digits and hyphens")
        seen.add(reference)
        try:
            fields = validate_document_fields(row)
        except ValidationError as error:
            reasons.extend(error.fields.values())
            fields = {}
        if record is not None and fields:
            key = (record.id or 0, fields["qualification_number"], fields["kind"], fields["issued_on"])
            if key in held:
                reasons.append(
                    f"{record.first_name} {record.last_name} already holds this {fields['kind']} "
                    f"(reference {held[key]}), so it was not issued again"
                )
            elif key in in_file:
                reasons.append(f"the same {fields['kind']} is already on line {in_file[key]}")
            in_file.setdefault(key, line)
        if reasons:
            report.rejected.append((line, "; ".join(reasons)))
            continue
        assert record is not None
        ready.append((record, reference, fields))
    if report.rejected:
        return report
    notified: set[int] = set()
    for record, reference, fields in ready:
        document = Document(
            reference=reference or new_reference(db), learner_record_id=id_of(record), **fields
        )
        db.add(document)
        db.flush()
        sign(db, document, record)
        if record.id not in notified:
            notified.add(record.id or 0)
            tell_learner(db, record, document, corrected=False)
    report.imported = len(ready)
    audit.record(db, actor, "import.documents", "document", None, f"{len(ready)} documents")
    return report


__all__ = ["Account", "ImportReport", "import_documents", "import_records"]
