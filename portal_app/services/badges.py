"""Badges as Open Badges 3.0 credentials, signed by the organisation.

The credential is an OpenBadgeCredential (a W3C VerifiableCredential) with an embedded
DataIntegrityProof. Following the eddsa-jcs-2022 idea, the proof value is the Ed25519
signature (multibase base58btc) over the canonical JSON of the credential without its proof;
the verification method carries the public key as did:key, so anyone can check it offline.
"""

from __future__ import annotations

import base64
import copy
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from portal_app.infra import signing
from portal_app.infra.settings import settings
from portal_app.models import Account
from portal_app.services.documents import find_visible
from portal_app.services.errors import DomainError

ED25519_MULTICODEC = b"\xed\x01"


def did_key(public_raw: bytes) -> str:
    return "did:key:z" + signing.base58btc(ED25519_MULTICODEC + public_raw)


def public_key_from_did(did: str) -> bytes:
    decoded = signing.base58_decode(did.removeprefix("did:key:z").split("#")[0])
    if not decoded.startswith(ED25519_MULTICODEC):
        raise ValueError("not an Ed25519 did:key")
    return decoded[len(ED25519_MULTICODEC) :]


def credential(db: Session, actor: Account, reference: str) -> dict[str, Any]:
    """The signed OB3 credential for a badge the actor may see."""
    document, record = find_visible(db, actor, reference)
    if document.kind != "badge":
        raise DomainError("Only badges can be exported as Open Badges credentials.")
    if document.status != "valid":
        raise DomainError(f"This badge is {document.status} and cannot be exported.")
    key = signing.org_key(db)
    issuer_did = did_key(key.public_raw())
    base = settings.base_url.rstrip("/")
    content = document.content or {}
    issued = datetime(document.issued_on.year, document.issued_on.month, document.issued_on.day, tzinfo=UTC)
    body: dict[str, Any] = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"{base}/verify/{document.reference}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": document.qualification_title,
        "issuer": {
            "id": issuer_did,
            "type": ["Profile"],
            "name": settings.org_name,
            "url": base,
            "email": settings.support_email,
        },
        "validFrom": issued.isoformat().replace("+00:00", "Z"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": f"{record.first_name} {record.last_name}",
                }
            ],
            "achievement": {
                "id": f"{base}/achievements/{document.qualification_number.replace('/', '-')}",
                "type": ["Achievement"],
                "name": document.qualification_title,
                "description": str(content.get("criteria", "")),
                "criteria": {"narrative": str(content.get("criteria", ""))},
                "image": {"id": base + str(content.get("image", "/badge-hv.svg")), "type": "Image"},
            },
        },
    }
    body["proof"] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": issued.isoformat().replace("+00:00", "Z"),
        "verificationMethod": f"{issuer_did}#{issuer_did.removeprefix('did:key:')}",
        "proofPurpose": "assertionMethod",
        "proofValue": "z" + signing.base58btc(key.private.sign(signing.canonical_json(body))),
    }
    return body


def verify_credential(credential_json: dict[str, Any], public_raw: bytes) -> bool:
    """True only if the organisation's key (`public_raw`) signed exactly this credential."""
    try:
        body = copy.deepcopy(credential_json)
        proof = body.pop("proof")
        issuer = body["issuer"]["id"]
        if issuer != did_key(public_raw) or not proof["verificationMethod"].startswith(issuer + "#"):
            return False
        if proof.get("type") != "DataIntegrityProof" or not proof["proofValue"].startswith("z"):
            return False
        signature = signing.base58_decode(proof["proofValue"][1:])
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    return signing.verify(public_raw, body, base64.urlsafe_b64encode(signature).decode("ascii"))
