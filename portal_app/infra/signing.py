"""The organisation's Ed25519 signing key and canonical JSON.

The key comes from `settings.badge_signing_key` (base64 of the 32-byte raw private key) or, if
that is empty, is generated once and kept in the `signing_key` table, so every worker on every
host shares it. The table also keeps the public half of every configured key once used (with
no private part), so documents and badges signed before a key change still verify. Document
seals are over canonical JSON (sorted keys, no spaces, UTF-8); badges use eddsa-rdfc-2022
(infra/linked_data).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from portal_app.infra.settings import settings
from portal_app.models import SigningKey

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def base58_decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + B58.index(char)
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + raw


@dataclass(frozen=True)
class OrgKey:
    key_id: str
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    def public_raw(self) -> bytes:
        return self.public.public_bytes(Encoding.Raw, PublicFormat.Raw)

    def sign(self, payload: Any) -> str:
        """Base64url signature of the payload's canonical JSON."""
        return base64.urlsafe_b64encode(self.private.sign(canonical_json(payload))).decode("ascii")


def _key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def _from_b64(private_b64: str) -> OrgKey:
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_b64))
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return OrgKey(key_id=_key_id(raw), private=private)


def _remember_public(db: Session, key: OrgKey) -> None:
    """Keep the public half of a configured key, so it stays listed after the key changes."""
    if db.exec(select(SigningKey.id).where(SigningKey.key_id == key.key_id)).first() is not None:
        return
    try:
        with db.begin_nested():
            raw = base64.b64encode(key.public_raw()).decode("ascii")
            db.add(SigningKey(key_id=key.key_id, private_key_b64="", public_key_b64=raw))
    except IntegrityError:
        pass  # another worker recorded it at the same moment


def org_key(db: Session) -> OrgKey:
    """The configured key, or the database's own (created on first use)."""
    if settings.badge_signing_key:
        key = _from_b64(settings.badge_signing_key)
        _remember_public(db, key)
        return key
    own = (
        select(SigningKey).where(col(SigningKey.private_key_b64) != "").order_by(col(SigningKey.id)).limit(1)
    )
    row = db.exec(own).first()
    if row is not None:
        return _from_b64(row.private_key_b64)
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    raw_public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    row = SigningKey(
        key_id=_key_id(raw_public),
        private_key_b64=base64.b64encode(raw_private).decode("ascii"),
        public_key_b64=base64.b64encode(raw_public).decode("ascii"),
    )
    db.add(row)
    db.flush()
    # If another worker created one at the same moment, both agree on the oldest.
    first = db.exec(own).one()
    return _from_b64(first.private_key_b64)


def public_keys(db: Session) -> dict[str, bytes]:
    """Every key the organisation has signed with, by key id (the configured one included)."""
    keys = {row.key_id: base64.b64decode(row.public_key_b64) for row in db.exec(select(SigningKey)).all()}
    if settings.badge_signing_key:
        configured = _from_b64(settings.badge_signing_key)
        keys[configured.key_id] = configured.public_raw()
    return keys


def seal(db: Session, payload: Any) -> str:
    """A stored signature: "<key id>.<base64url signature>"."""
    key = org_key(db)
    return f"{key.key_id}.{key.sign(payload)}"


def check_seal(db: Session, payload: Any, stored: str) -> bool:
    key_id, _, signature = (stored or "").partition(".")
    public_raw = public_keys(db).get(key_id)
    if not public_raw or not signature:
        return False
    return verify(public_raw, payload, signature)


def verify(public_raw: bytes, payload: Any, signature: str) -> bool:
    """True only if `signature` (base64url) is the key's signature of the payload."""
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(
            base64.urlsafe_b64decode(signature.encode("ascii")), canonical_json(payload)
        )
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
