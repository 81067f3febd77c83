"""Forgotten passwords: the same answer for any address, a one-hour single-use link, and a reset
that ends every session, clears a lockout and tells the owner.

Legacy accounts imported without a password set their first password this way; the link proves
they own the address, so it also counts as verifying it.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from portal_app.infra import security
from portal_app.models import id_of
from portal_app.services import audit, auth, mail, passwords, tokens
from portal_app.services.emails import account_by_email
from portal_app.services.errors import DomainError, ValidationError
from portal_app.services.registration import after_email_verified, clean_email

RESET_LIMIT_PER_HOUR = 5
LINK_INVALID = "This link has expired or has already been used. Ask for a new one below."


def request_reset(db: Session, email: str) -> None:
    address, problem = clean_email(email)
    if problem:
        raise ValidationError.single("email", problem)
    account = account_by_email(db, address)
    if account is None or account.status in ("suspended", "rejected"):
        return
    if tokens.recent_count(db, account, "reset", timedelta(hours=1)) >= RESET_LIMIT_PER_HOUR:
        return
    token = tokens.issue(db, account, "reset")
    mail.queue(
        db,
        address,  # the address typed, primary or proven extra: the one whose mailbox still works
        "Reset your password",
        [
            f"Hello {account.first_name or 'there'},",
            "We received a request to set a new password for your Achievement Portal account. "
            "Use the link below within one hour; it works once.",
            "If you did not ask for this, you can ignore this e-mail: your password has not changed.",
        ],
        link=("Choose a new password", mail.absolute_url(f"/reset-password?token={token}")),
        kind="reset",
    )
    audit.record(db, account, "password.reset_requested", "account", account.id)


def reset_link_valid(db: Session, token: str) -> bool:
    return tokens.find(db, token, "reset") is not None


def reset_password(db: Session, token: str, password: str, confirm: str) -> str:
    """Set the new password; returns the account kind. Raises DomainError on a dead link."""
    found = tokens.find(db, token, "reset")
    if found is None:
        raise DomainError(LINK_INVALID)
    _, account = found
    errors = passwords.check_new(password, confirm, account.email, (account.first_name, account.last_name))
    if errors:
        raise ValidationError(errors)
    if tokens.consume(db, token, "reset") is None:
        raise DomainError(LINK_INVALID)
    account.password_hash = security.hash_password(password)
    account.failed_signins = 0
    account.locked_until = None
    db.add(account)
    after_email_verified(db, account)
    auth.end_all_sessions(db, id_of(account))
    audit.record(db, account, "password.reset", "account", account.id)
    mail.queue(
        db,
        account.email,
        "Your password has been changed",
        [
            f"Hello {account.first_name or 'there'},",
            "The password of your Achievement Portal account was just changed, and every device that "
            "was signed in has been signed out.",
            "If you did not do this, reset your password straight away and contact us.",
        ],
        link=("Sign in", mail.absolute_url("/signin")),
        kind="password_changed",
    )
    return account.kind
