"""Badges as Open Badges 3.0 credentials that any verifier accepts.

An OpenBadgeCredential (a W3C VerifiableCredential, 1EdTech's AchievementCredential schema)
secured by an `eddsa-rdfc-2022` DataIntegrityProof (infra/linked_data). The issuer is the
portal's did:web, whose DID document lists every key ever used; `credentialStatus` points at
the portal's Bitstring Status List, so revoking reaches badges already downloaded; the
recipient is a salted SHA-256 of their e-mail address, never their name in clear.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from portal_app.infra import linked_data, signing
from portal_app.infra.settings import settings
from portal_app.models import Account, Document, LearnerRecord
from portal_app.services import status_list
from portal_app.services.documents import find_visible
from portal_app.services.errors import DomainError
from portal_app.services.issuer import issuer_did, verification_method


def identity_hash(identity: str, salt: str) -> str:
    """OB 3.0 IdentityHash: "sha256$" + hex SHA-256 of the identity followed by the salt."""
    return "sha256$" + hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()


def _recipient(db: Session, record: LearnerRecord) -> dict[str, Any]:
    holder = db.exec(select(Account.email).where(Account.learner_record_id == record.id)).first()
    email = (holder or record.email or "").strip().lower()
    identity, kind = (email, "emailAddress") if email else (f"{record.first_name} {record.last_name}", "name")
    salt = secrets.token_hex(16)
    return {
        "type": "IdentityObject",
        "identityType": kind,
        "hashed": True,
        "identityHash": identity_hash(identity, salt),
        "salt": salt,
    }


def unsigned_credential(db: Session, document: Document, record: LearnerRecord) -> dict[str, Any]:
    base = settings.base_url.rstrip("/")
    content = document.content or {}
    issued = datetime(document.issued_on.year, document.issued_on.month, document.issued_on.day, tzinfo=UTC)
    assert document.id is not None
    return {
        "@context": [linked_data.VC_CONTEXT, linked_data.OB_CONTEXT],
        "id": f"{base}/verify/{document.reference}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": document.qualification_title,
        "issuer": {
            "id": issuer_did(),
            "type": ["Profile"],
            "name": settings.org_name,
            "url": base,
            "email": settings.support_email,
        },
        "validFrom": linked_data.iso_seconds(issued),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [_recipient(db, record)],
            "achievement": {
                "id": f"{base}/achievements/{document.qualification_number.replace('/', '-')}",
                "type": ["Achievement"],
                "name": document.qualification_title,
                "description": str(content.get("criteria", "")),
                "criteria": {"narrative": str(content.get("criteria", ""))},
                "image": {"id": base + str(content.get("image", "/badge-hv.svg")), "type": "Image"},
            },
        },
        "credentialStatus": status_list.entry(document.id),
    }


def credential(db: Session, actor: Account, reference: str) -> dict[str, Any]:
    """The signed OB3 credential for a badge the actor may see."""
    document, record = find_visible(db, actor, reference)
    if document.kind != "badge":
        raise DomainError("Only badges can be exported as Open Badges credentials.")
    if document.status != "valid":
        raise DomainError(f"This badge is {document.status} and cannot be exported.")
    key = signing.org_key(db)
    body = unsigned_credential(db, document, record)
    return linked_data.add_proof(
        body, key.private, verification_method(key.key_id), created=datetime.now(UTC)
    )


def issuer_id(credential_json: Mapping[str, Any]) -> str:
    issuer = credential_json.get("issuer")
    value = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return value if isinstance(value, str) else ""


def verify_credential(credential_json: dict[str, Any], public_keys: Mapping[str, bytes]) -> bool:
    """True only if every proof is an eddsa-rdfc-2022 proof by one of the issuer's own keys
    (`public_keys`: verification method id -> raw Ed25519 key) over exactly this credential."""
    if not isinstance(credential_json, dict) or not isinstance(credential_json.get("proof"), list):
        return False
    proofs = linked_data.proofs_of(credential_json)
    issuer = issuer_id(credential_json)
    if not proofs or not issuer or len(proofs) != len(credential_json["proof"]):
        return False
    for proof in proofs:
        method = proof.get("verificationMethod")
        if not isinstance(method, str) or not method.startswith(issuer + "#") or method not in public_keys:
            return False
        if not linked_data.verify_proof(credential_json, proof, public_keys[method]):
            return False
    return True
