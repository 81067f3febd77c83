"""Revocation that reaches exported badges: a W3C Bitstring Status List the portal serves.

Every document's index is its id (list `id // LIST_SIZE`, bit `id % LIST_SIZE`), so nothing
needs to be stored: the list is drawn from the documents' statuses on each request, and
revoking (or superseding) a document sets its bit at once. The list is itself a credential,
signed like a badge, so nobody between us and a verifier can clear a bit.
"""

from __future__ import annotations

import base64
import gzip
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from portal_app.infra import linked_data, signing
from portal_app.infra.settings import settings
from portal_app.models import Document
from portal_app.services.issuer import issuer_did, verification_method

LIST_SIZE = 131_072  # the specification's minimum: 16 KB, so one index tells a verifier little
PURPOSE = "revocation"


def list_url(number: int) -> str:
    return settings.base_url.rstrip("/") + f"/api/status-lists/{number}"


def entry(document_id: int) -> dict[str, Any]:
    """The credentialStatus of a document's badge."""
    number, index = divmod(document_id, LIST_SIZE)
    url = list_url(number)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def encode(bits: bytearray) -> str:
    """Multibase base64url (no padding) of the GZIP-compressed bitstring."""
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode("ascii").rstrip("=")


def decode(encoded: str) -> bytes:
    text = encoded.removeprefix("u")
    return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def bit_is_set(bits: bytes | bytearray, index: int) -> bool:
    """Index 0 is the left-most bit of the first byte."""
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def bitstring(db: Session, number: int) -> bytearray:
    bits = bytearray(LIST_SIZE // 8)
    first = number * LIST_SIZE
    ids = db.exec(
        select(Document.id).where(
            col(Document.id) >= first, col(Document.id) < first + LIST_SIZE, col(Document.status) != "valid"
        )
    ).all()
    for document_id in ids:
        assert document_id is not None  # a key read from the table
        index = document_id - first
        bits[index // 8] |= 0x80 >> (index % 8)
    return bits


def status_list_credential(db: Session, number: int) -> dict[str, Any]:
    """The signed BitstringStatusListCredential for list `number`."""
    url = list_url(number)
    unsigned = {
        "@context": [linked_data.VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": linked_data.iso_seconds(datetime.now(UTC)),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(bitstring(db, number)),
        },
    }
    key = signing.org_key(db)
    return linked_data.add_proof(
        unsigned, key.private, verification_method(key.key_id), created=datetime.now(UTC)
    )
