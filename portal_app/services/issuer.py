"""The organisation as a credential issuer: did:web on the portal's own host.

did:web ties a badge to the domain (a verifier fetches https://<host>/.well-known/did.json),
and, unlike did:key, survives a key change: the DID document lists every key the organisation
has ever signed with, so badges signed with an older key keep verifying.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from sqlmodel import Session

from portal_app.infra import signing
from portal_app.infra.settings import settings

ED25519_MULTICODEC = b"\xed\x01"
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


def issuer_did() -> str:
    """did:web:<host> (a port is percent-encoded, as did:web requires)."""
    return "did:web:" + quote(urlsplit(settings.base_url).netloc, safe="")


def verification_method(key_id: str) -> str:
    return f"{issuer_did()}#{key_id}"


def multikey(public_raw: bytes) -> str:
    """An Ed25519 public key as Multikey publicKeyMultibase (base58btc of 0xed01 + key)."""
    return "z" + signing.base58btc(ED25519_MULTICODEC + public_raw)


def multikey_raw(public_key_multibase: str) -> bytes:
    decoded = signing.base58_decode(public_key_multibase.removeprefix("z"))
    if not public_key_multibase.startswith("z") or not decoded.startswith(ED25519_MULTICODEC):
        raise ValueError("not an Ed25519 Multikey")
    return decoded[len(ED25519_MULTICODEC) :]


def issuer_keys(db: Session) -> dict[str, bytes]:
    """Every key ever used, by its verification method id."""
    return {verification_method(key_id): raw for key_id, raw in signing.public_keys(db).items()}


def did_document(db: Session) -> dict[str, Any]:
    did = issuer_did()
    signing.org_key(db)  # the current key is listed even before anything was signed with it
    methods = [
        {"id": method, "type": "Multikey", "controller": did, "publicKeyMultibase": multikey(raw)}
        for method, raw in sorted(issuer_keys(db).items())
    ]
    ids = [method["id"] for method in methods]
    return {"@context": DID_CONTEXTS, "id": did, "verificationMethod": methods, "assertionMethod": ids}
