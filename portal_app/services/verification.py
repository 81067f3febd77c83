"""Public verification of a document by its reference, with the minimum of personal data.

Anyone may ask; they learn whether the reference is a valid, revoked or superseded document,
and for a real one only the holder's initial and surname, the qualification and the issue
date - never the date of birth or candidate number. The organisation's signature is checked
on every request, so a row altered in the database shows as "not verifiable".
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from sqlmodel import Session, col, select

from portal_app.infra.settings import settings
from portal_app.models import Document, LearnerRecord
from portal_app.services import badges, status_list
from portal_app.services.dates import day_in_words
from portal_app.services.documents import KIND_LABELS, signature_ok
from portal_app.services.issuer import issuer_did, issuer_keys
from portal_app.services.text import clean

REFERENCE_PATTERN = re.compile(r"^[A-Z0-9-]{4,40}$")
MESSAGES = {
    "valid": "This is a valid document issued by {org}.",
    "revoked": "This document was revoked by {org} and is no longer valid.",
    "superseded": "This document was replaced by a corrected version and is no longer valid.",
    "not_verifiable": "This document's record fails its integrity check. Do not rely on it; contact {org}.",
    "not_found": "No document has this reference. Check it and try again.",
    "invalid": "Enter a document reference, e.g. 29567186-01-PJPC.",
    "tampered": "This badge file has been changed since {org} signed it. Do not rely on it.",
    "foreign": "This badge was not issued by {org}, so we cannot check it here.",
    "unreadable": "This is not an Open Badge file we can read. Paste or upload the .json file exported from the portal.",
}
MAX_BADGE_CHARS = 100_000


@dataclass(frozen=True)
class Verification:
    outcome: str  # valid | revoked | superseded | not_verifiable | not_found | invalid | tampered | foreign | unreadable
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
    return _describe(db, document, record, document.status)


def _describe(db: Session, document: Document, record: LearnerRecord, outcome: str) -> Verification:
    ref = document.reference
    if not signature_ok(db, document, record):
        return _result("not_verifiable", reference=ref)
    replaced_by = ""
    if document.superseded_by_id is not None:
        newer = db.get(Document, document.superseded_by_id)
        replaced_by = newer.reference if newer else ""
    return _result(
        outcome,
        reference=ref,
        holder=holder_name(record),
        kind=KIND_LABELS.get(document.kind, document.kind),
        qualification_title=document.qualification_title,
        qualification_number=document.qualification_number,
        issued_on=document.issued_on.isoformat(),
        replaced_by=replaced_by,
        status_changed_on=document.status_changed_at.date().isoformat() if document.status_changed_at else "",
    )


def verify_badge(db: Session, badge_text: str) -> Verification:
    """A pasted or uploaded Open Badge: ours, signed as it is now, and not revoked since?

    Checked as an outside verifier would (the proof against the keys our DID document lists,
    then the bit in our status list); the words come from the document it names."""
    try:
        if len(badge_text) > MAX_BADGE_CHARS:
            raise ValueError("too long")
        credential = json.loads(badge_text)
    except ValueError:
        return _result("unreadable")
    if not isinstance(credential, dict) or "OpenBadgeCredential" not in (credential.get("type") or []):
        return _result("unreadable")
    if badges.issuer_id(credential) != issuer_did():
        return _result("foreign")
    if not badges.verify_credential(credential, issuer_keys(db)):
        return _result("tampered")
    reference = str(credential.get("id", "")).rsplit("/verify/", 1)[-1]
    row = db.exec(
        select(Document, LearnerRecord)
        .join(LearnerRecord, col(LearnerRecord.id) == Document.learner_record_id)
        .where(Document.reference == reference)
    ).first()
    if row is None:
        return _result("not_found", reference=reference[:40])
    document, record = row
    return _describe(db, document, record, _status(db, credential.get("credentialStatus"), document))


def _status(db: Session, entry: object, document: Document) -> str:
    """ "valid" unless the badge's bit in our status list is set (then the document's status)."""
    if not isinstance(entry, dict) or not str(entry.get("statusListIndex", "")).isdigit():
        return "revoked"  # our badges always carry one; a signed badge without it is not ours
    number = int(str(entry.get("statusListCredential", "")).rsplit("/", 1)[-1] or -1)
    index = int(entry["statusListIndex"])
    if number < 0 or index >= status_list.LIST_SIZE:
        return "revoked"
    revoked = status_list.bit_is_set(status_list.bitstring(db, number), index)
    return (document.status if document.status != "valid" else "revoked") if revoked else "valid"


def verification_url(reference: str) -> str:
    return settings.base_url.rstrip("/") + f"/verify/{reference}"


LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def linkedin_add_url(*, qualification_title: str, reference: str, issued_on: date) -> str:
    """LinkedIn's documented add-to-profile link: the certification, prefilled and pointing
    back at the public verification page."""
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": qualification_title,
        "organizationName": settings.org_name,
        "issueYear": issued_on.year,
        "issueMonth": issued_on.month,
        "certId": reference,
        "certUrl": verification_url(reference),
    }
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(query)}"


def qr_data_uri(url: str) -> str:
    """An SVG QR code of the URL as a data: URI (allowed by our CSP's img-src)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")
