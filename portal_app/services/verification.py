"""Public verification of a document by its reference, with the minimum of personal data.

Anyone may ask; they learn whether the reference is a valid, revoked or superseded document,
and for a real one only the holder's initial and surname, the qualification and the issue
date - never the date of birth or candidate number. The organisation's signature is checked
on every request, so a row altered in the database shows as "not verifiable".
"""

from __future__ import annotations

import base64
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

import qrcode
import qrcode.image.svg
from sqlmodel import Session, col, select

from portal_app.infra.settings import settings
from portal_app.models import Document, LearnerRecord
from portal_app.services.dates import day_in_words
from portal_app.services.documents import KIND_LABELS, signature_ok
from portal_app.services.text import clean

REFERENCE_PATTERN = re.compile(r"^[A-Z0-9-]{4,40}$")
MESSAGES = {
    "valid": "This is a valid document issued by {org}.",
    "revoked": "This document was revoked by {org} and is no longer valid.",
    "superseded": "This document was replaced by a corrected version and is no longer valid.",
    "not_verifiable": "This document's record fails its integrity check. Do not rely on it; contact {org}.",
    "not_found": "No document has this reference. Check it and try again.",
    "invalid": "Enter a document reference, e.g. 29567186-01-PJPC.",
}


@dataclass(frozen=True)
class Verification:
    outcome: str  # valid | revoked | superseded | not_verifiable | not_found | invalid
    message: str
    reference: str = ""
    holder: str = ""
    kind: str = ""
    qualification_title: str = ""
    qualification_number: str = ""
    issued_on: str = ""
    replaced_by: str = ""
    status_changed_on: str = ""

    def as_json(self) -> dict[str, Any]:
        """For machines (/api/verify): dates stay ISO 8601."""
        return asdict(self)

    def for_people(self) -> Verification:
        """For the page: dates in words ("13 November 2024"), which no reader can misread."""
        return replace(
            self,
            issued_on=day_in_words(self.issued_on),
            status_changed_on=day_in_words(self.status_changed_on),
        )


def normalise_reference(reference: str) -> str:
    return clean(reference, 60).upper().replace(" ", "")


def holder_name(record: LearnerRecord) -> str:
    """ "C. Hammond": enough to match a person in front of you, no more."""
    initial = record.first_name[:1].upper()
    return f"{initial}. {record.last_name}" if initial else record.last_name


def _result(outcome: str, **fields: Any) -> Verification:
    return Verification(outcome=outcome, message=MESSAGES[outcome].format(org=settings.org_name), **fields)


def verify_reference(db: Session, reference: str) -> Verification:
    ref = normalise_reference(reference)
    if not REFERENCE_PATTERN.match(ref):
        return _result("invalid", reference=ref[:40])
    row = db.exec(
        select(Document, LearnerRecord)
        .join(LearnerRecord, col(LearnerRecord.id) == Document.learner_record_id)
        .where(Document.reference == ref)
    ).first()
    if row is None:
        return _result("not_found", reference=ref)
    document, record = row
    if not signature_ok(db, document, record):
        return _result("not_verifiable", reference=ref)
    replaced_by = ""
    if document.superseded_by_id is not None:
        newer = db.get(Document, document.superseded_by_id)
        replaced_by = newer.reference if newer else ""
    return _result(
        document.status,
        reference=ref,
        holder=holder_name(record),
        kind=KIND_LABELS.get(document.kind, document.kind),
        qualification_title=document.qualification_title,
        qualification_number=document.qualification_number,
        issued_on=document.issued_on.isoformat(),
        replaced_by=replaced_by,
        status_changed_on=document.status_changed_at.date().isoformat() if document.status_changed_at else "",
    )


def verification_url(reference: str) -> str:
    return settings.base_url.rstrip("/") + f"/verify/{reference}"


def qr_data_uri(url: str) -> str:
    """An SVG QR code of the URL as a data: URI (allowed by our CSP's img-src)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")
