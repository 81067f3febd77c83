"""Sign-in, sign-out and server-side sessions.

The browser holds a random session token in a cookie; the database holds its SHA-256 with an
idle and an absolute expiry. Every event re-resolves the token, so a session ended elsewhere
(sign-out, password reset, suspension) stops working at once in every open tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select, update

from portal_app.infra import db as database
from portal_app.infra import security
from portal_app.infra.clock import utcnow
from portal_app.infra.settings import settings
from portal_app.models import Account, AuthSession, id_of
from portal_app.services import audit, basket_summary
from portal_app.services.emails import account_by_email
from portal_app.services.errors import DomainError, NotSignedIn, TooManyAttempts

SIGN_IN_FAILED = "The e-mail address or password is incorrect, or the account cannot sign in yet."
SIGN_IN_BUSY = "Many people are signing in right now. Please try again in a minute."
SIGN_IN_TOO_MANY = "Too many sign-in attempts from this address at once. Try again in a minute."
LOCKOUT_THRESHOLD = 5
LOCKOUT_MINUTES = 15


class SignInFailed(DomainError):
    def __init__(self) -> None:
        super().__init__(SIGN_IN_FAILED)


@dataclass(frozen=True)
class SignedIn:
    token: str  # "" while a second factor is still due (services.mfa): no session exists yet
    account_id: int
    kind: str
    second_factor: str = ""  # "" | "code" | "enrol"


def stored_hash(db: Session, email: str) -> str | None:
    """The password hash to check for an e-mail, primary or proven extra (None for unknown or
    legacy accounts)."""
    account = account_by_email(db, email)
    return account.password_hash if account else None


def complete_sign_in(db: Session, email: str, checked_hash: str | None, password_ok: bool) -> SignedIn:
    """Apply a password check's outcome and open a new session with a fresh token.

    Wrong password, unknown e-mail, locked, unverified or suspended accounts all fail with one
    message. Failures are counted per account; after LOCKOUT_THRESHOLD the account is locked for
    LOCKOUT_MINUTES (a password reset clears it, so a victim is never locked out for good).
    `checked_hash` is the hash the password was checked against: if it changed meanwhile
    (a reset), the check no longer counts.
    """
    now = utcnow()
    account = account_by_email(db, email, lock=True)
    if account is None:
        raise SignInFailed()
    if account.locked_until and account.locked_until > now:
        audit.record(db, account, "sign_in.locked", "account", account.id)
        raise database.keep_writes(SignInFailed())
    if not password_ok or account.password_hash != checked_hash:
        count_failure(db, account, now)
        audit.record(db, account, "sign_in.failed", "account", account.id)
        raise database.keep_writes(SignInFailed())  # the count and the audit row must survive
    if account.status != "active":
        raise SignInFailed()
    if account.kind == "admin" and settings.admin_mfa:
        return SignedIn(
            "", account.id or 0, account.kind, "code" if account.second_factor_enrolled else "enrol"
        )
    return open_session(db, account, now)


def count_failure(db: Session, account: Account, now: datetime) -> None:
    """One more failed attempt (password or second factor); the fifth locks the account."""
    account.failed_signins += 1
    if account.failed_signins >= LOCKOUT_THRESHOLD:
        account.locked_until = now + timedelta(minutes=LOCKOUT_MINUTES)
        account.failed_signins = 0
    db.add(account)


def open_session(db: Session, account: Account, now: datetime) -> SignedIn:
    """A new session with a fresh token, once every factor has been checked."""
    account.failed_signins = 0
    account.locked_until = None
    db.add(account)
    token = security.new_token()
    db.add(
        AuthSession(
            account_id=id_of(account),
            token_hash=security.hash_token(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.session_absolute_hours),
        )
    )
    audit.record(db, account, "sign_in", "account", account.id)
    return SignedIn(token=token, account_id=id_of(account), kind=account.kind)


def sign_in(db: Session, email: str, password: str) -> SignedIn:
    """Check the password (bcrypt always runs, also for unknown e-mails) and open a session."""
    checked_hash = stored_hash(db, email)
    password_ok = security.verify_password(password, checked_hash)
    return complete_sign_in(db, email, checked_hash, password_ok)


async def sign_in_async(email: str, password: str, client: str = "") -> SignedIn:
    """`sign_in` for event handlers: no transaction or connection is held while bcrypt runs,
    and bcrypt runs on its bounded pool, `client` (address) getting only its share of it
    (infra.security.HashPool)."""
    checked_hash = await database.call(stored_hash, email)
    try:
        password_ok = await security.verify_password_async(password, checked_hash, client)
    except security.HashPoolBusy as busy:
        raise TooManyAttempts(SIGN_IN_BUSY if busy.everyone else SIGN_IN_TOO_MANY) from None
    return await database.call(complete_sign_in, email, checked_hash, password_ok)


# Built once: the session check runs on every event, and building a statement (and its cache
# key) costs more than running it.
_SESSION_ACCOUNT = (
    select(Account, AuthSession.id, AuthSession.last_seen_at)
    .join(AuthSession, col(AuthSession.account_id) == Account.id)
    .where(AuthSession.token_hash == sa.bindparam("token_hash"))
    .where(col(AuthSession.ended_at).is_(None))
    .where(AuthSession.expires_at > sa.bindparam("now"))
    .where(AuthSession.last_seen_at > sa.bindparam("idle_since"))
    .where(Account.status != "suspended")
)
_TOUCH_SESSION = (
    update(AuthSession)
    .where(col(AuthSession.id) == sa.bindparam("session_id"))
    .values(last_seen_at=sa.bindparam("now"))
)


_SESSION_ACCOUNT_AND_BASKET = _SESSION_ACCOUNT.add_columns(basket_summary.OF_ACCOUNT)


def resolve_session(db: Session, token: str | None, touch: bool = True) -> Account | None:
    """The account behind a session token, or None if it is unknown, ended or timed out.

    Runs on every event, so it is one indexed query; `last_seen_at` is written at most every
    30 seconds.
    """
    row = _session_row(db, _SESSION_ACCOUNT, token, touch)
    return row[0] if row else None


def resolve_session_and_basket(db: Session, token: str | None) -> tuple[Account | None, int]:
    """`resolve_session` and the top bar's basket count, in the same query (every page load)."""
    row = _session_row(db, _SESSION_ACCOUNT_AND_BASKET, token, touch=True)
    return (row[0], basket_summary.shown(row[0], row[3])) if row else (None, 0)


def _session_row(db: Session, statement: Any, token: str | None, touch: bool) -> Any:
    if not token:
        return None
    now = utcnow()
    row = db.execute(
        statement,
        {
            "token_hash": security.hash_token(token),
            "now": now,
            "idle_since": now - timedelta(minutes=settings.session_idle_minutes),
        },
    ).first()
    if row is not None and touch and (now - row[2]) > timedelta(seconds=30):
        db.execute(_TOUCH_SESSION, {"session_id": row[1], "now": now})
    return row


def require_account(db: Session, token: str | None) -> Account:
    account = resolve_session(db, token)
    if account is None:
        raise NotSignedIn()
    return account


def sign_out(db: Session, token: str | None) -> None:
    if not token:
        return
    db.exec(
        update(AuthSession)
        .where(col(AuthSession.token_hash) == security.hash_token(token))
        .where(col(AuthSession.ended_at).is_(None))
        .values(ended_at=utcnow())
    )


def end_all_sessions(db: Session, account_id: int, except_token: str | None = None) -> None:
    """End every open session of an account (password reset, suspension)."""
    stmt = (
        update(AuthSession)
        .where(col(AuthSession.account_id) == account_id)
        .where(col(AuthSession.ended_at).is_(None))
    )
    if except_token:
        stmt = stmt.where(col(AuthSession.token_hash) != security.hash_token(except_token))
    db.exec(stmt.values(ended_at=utcnow()))


# The browser gets its session cookie from an HTTP response (HttpOnly: page scripts never see
# it), not from the websocket. Sign-in hands the browser a one-time ticket instead, which
# /api/session exchanges for the cookie; redeeming it replaces the session's token, so the
# token made at sign-in never leaves the server.
TICKET_SECONDS = 60


def issue_ticket(db: Session, token: str) -> str:
    """A one-time ticket, valid for TICKET_SECONDS, for the open session behind `token`."""
    ticket = security.new_token()
    db.exec(
        update(AuthSession)
        .where(col(AuthSession.token_hash) == security.hash_token(token))
        .where(col(AuthSession.ended_at).is_(None))
        .values(
            ticket_hash=security.hash_token(ticket),
            ticket_expires_at=utcnow() + timedelta(seconds=TICKET_SECONDS),
        )
    )
    return ticket


def redeem_ticket(db: Session, ticket: str | None) -> str | None:
    """The session's new token for a ticket used once, in time, on a session still open; else None."""
    if not ticket:
        return None
    fresh_token, now = security.new_token(), utcnow()
    used = db.exec(
        update(AuthSession)
        .where(col(AuthSession.ticket_hash) == security.hash_token(ticket))
        .where(col(AuthSession.ticket_expires_at) > now)
        .where(col(AuthSession.ended_at).is_(None))
        .where(col(AuthSession.expires_at) > now)
        .values(token_hash=security.hash_token(fresh_token), ticket_hash=None, ticket_expires_at=None)
    )
    return fresh_token if used.rowcount == 1 else None
