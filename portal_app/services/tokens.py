"""Single-use e-mail links: 256 random bits, only the SHA-256 stored, expiring, used once."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select, update

from portal_app.infra import security
from portal_app.infra.clock import utcnow
from portal_app.models import Account, EmailToken, id_of

LIFETIMES = {
    "verify": timedelta(hours=48),
    "reset": timedelta(hours=1),
    "change_email": timedelta(hours=24),
    "invite": timedelta(days=14),
    "add_email": timedelta(hours=24),
}


def issue(
    db: Session, account: Account, purpose: str, payload: str | None = None, *, per_payload: bool = False
) -> str:
    """A new link token; earlier unused tokens of the same purpose (and, with `per_payload`, the
    same payload: one live link per added address) stop working."""
    now = utcnow()
    earlier = (
        update(EmailToken)
        .where(col(EmailToken.account_id) == account.id)
        .where(col(EmailToken.purpose) == purpose)
        .where(col(EmailToken.used_at).is_(None))
    )
    if per_payload:
        earlier = earlier.where(col(EmailToken.payload) == payload)
    db.exec(earlier.values(used_at=now))
    token = security.new_token()
    db.add(
        EmailToken(
            account_id=id_of(account),
            purpose=purpose,
            token_hash=security.hash_token(token),
            payload=payload,
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    return token


def find(db: Session, token: str, purpose: str) -> tuple[EmailToken, Account] | None:
    """The live (unused, unexpired) token and its account, or None."""
    if not token or len(token) > 200:
        return None
    row = db.exec(
        select(EmailToken, Account)
        .join(Account, col(Account.id) == EmailToken.account_id)
        .where(EmailToken.token_hash == security.hash_token(token))
        .where(EmailToken.purpose == purpose)
    ).first()
    if row is None:
        return None
    stored, account = row
    if stored.used_at is not None or stored.expires_at <= utcnow():
        return None
    return stored, account


def consume(db: Session, token: str, purpose: str) -> tuple[EmailToken, Account] | None:
    """Like `find`, and marks the token used (atomically: a second click finds nothing)."""
    found = find(db, token, purpose)
    if found is None:
        return None
    stored, account = found
    claimed = db.exec(
        update(EmailToken)
        .where(col(EmailToken.id) == stored.id)
        .where(col(EmailToken.used_at).is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:
        return None
    return stored, account


def recent_count(db: Session, account: Account, purpose: str, within: timedelta) -> int:
    rows = db.exec(
        select(EmailToken.id)
        .where(EmailToken.account_id == account.id)
        .where(EmailToken.purpose == purpose)
        .where(col(EmailToken.created_at) > utcnow() - within)
    ).all()
    return len(rows)
