"""Administrators' second factor: a time-based code (TOTP, RFC 6238) from an authenticator app.

OWASP ASVS 4.3.1 asks administrative interfaces for multi-factor authentication. After the
password, an administrator either types the current code or, the first time, scans a QR code
and confirms it with one. No session exists until the code is right; wrong codes count
towards the same per-account lock as wrong passwords; a code is never accepted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
from pyotp.utils import strings_equal
from sqlmodel import Session, select

from portal_app.infra import db as database
from portal_app.infra.clock import utcnow
from portal_app.infra.settings import settings
from portal_app.models import Account
from portal_app.services import audit
from portal_app.services.auth import SignedIn, SignInFailed, count_failure, open_session
from portal_app.services.emails import account_by_email
from portal_app.services.errors import ValidationError
from portal_app.services.text import clean
from portal_app.services.verification import qr_data_uri

WRONG_CODE = "That code is not right. Type the 6 digits your authenticator app shows now."


@dataclass(frozen=True)
class Enrolment:
    secret: str  # to type into the app by hand
    qr: str  # data: URI of the otpauth:// QR code


def start_enrolment(db: Session, account_id: int) -> Enrolment:
    """A new secret for an administrator who has not confirmed one yet (shown after the password)."""
    account = db.get(Account, account_id)
    if account is None or account.second_factor_enrolled:
        raise SignInFailed()
    account.totp_secret = pyotp.random_base32()
    db.add(account)
    uri = pyotp.TOTP(account.totp_secret).provisioning_uri(name=account.email, issuer_name=settings.org_name)
    return Enrolment(account.totp_secret, qr_data_uri(uri))


def _step(code: str, secret: str) -> int | None:
    """The time step whose code `code` is: this one, or one either side for clock drift."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(utcnow())
    return next(
        (step for step in (now, now - 1, now + 1) if strings_equal(totp.generate_otp(step), code)), None
    )


def finish_sign_in(db: Session, account_id: int, code: str) -> SignedIn:
    """Check the code (confirming the enrolment the first time) and open the session."""
    account = db.exec(select(Account).where(Account.id == account_id).with_for_update()).first()
    if account is None or account.status != "active" or account.totp_secret is None:
        raise SignInFailed()
    now = utcnow()
    if account.locked_until and account.locked_until > now:
        raise SignInFailed()
    digits = "".join(c for c in clean(code, 20) if not c.isspace())
    step = _step(digits, account.totp_secret) if digits.isdigit() and len(digits) == 6 else None
    if step is None or (account.totp_last_step is not None and step <= account.totp_last_step):
        count_failure(db, account, now)
        audit.record(db, account, "sign_in.second_factor_failed", "account", account.id)
        raise database.keep_writes(ValidationError.single("code", WRONG_CODE))
    account.totp_last_step = step
    if account.totp_confirmed_at is None:
        account.totp_confirmed_at = now
        audit.record(db, account, "second_factor.enrolled", "account", account.id)
    return open_session(db, account, now)


def reset(db: Session, email: str) -> bool:
    """Forget an administrator's second factor (lost phone): they enrol again at next sign-in."""
    account = account_by_email(db, email)
    if account is None:
        return False
    account.totp_secret = account.totp_confirmed_at = account.totp_last_step = None
    db.add(account)
    audit.record(db, None, "second_factor.reset", "account", account.id)
    return True


def current_code(secret: str) -> str:
    """The code an authenticator app shows now (the demo's command line and the tests use it)."""
    return pyotp.TOTP(secret).at(utcnow())
