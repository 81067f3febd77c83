"""Limits where abuse costs us: bcrypt and e-mail from our address.

Registration runs bcrypt and sends an e-mail (to a stranger, when the address has an account);
connection invites and third-party requests send text a user typed from our address. Each is
limited per account or per client address, and per recipient address, in moving windows
(infra/ratelimit; the numbers are settings). The counts live outside the database, so a refused
or failed attempt still counts even when its unit of work rolls back.
"""

from __future__ import annotations

from portal_app.infra.ratelimit import Limit, wait_in_words
from portal_app.infra.settings import settings
from portal_app.services.errors import TooManyAttempts

# Sender text sent from our address: room for a polite note, not for a phishing letter.
MESSAGE_LIMIT = 500

register_per_client = Limit("register-client", settings.limit_register_per_client)
register_per_email = Limit("register-email", settings.limit_register_per_email)
invites_per_account = Limit("invite-account", settings.limit_invites_per_account)
requests_per_account = Limit("request-account", settings.limit_requests_per_account)
messages_per_recipient = Limit("message-recipient", settings.limit_messages_per_recipient)


def _check(limit: Limit, key: str, message: str) -> None:
    if not limit.hit(key):
        raise TooManyAttempts(message.format(wait=wait_in_words(limit.retry_after(key))))


def registration(client: str, email: str) -> None:
    """Before a registration: per client address, then per e-mail address (whoever owns it)."""
    _check(register_per_client, client, "Too many attempts from this address. Try again in {wait}.")
    if email.strip():
        _check(
            register_per_email,
            email,
            "Too many registrations with this e-mail address. Try again in {wait}.",
        )


def invitation(account_id: int | None, recipient: str) -> None:
    """Before a learner's connection invite: per learner, then per recipient address."""
    _check(
        invites_per_account,
        str(account_id),
        "You have sent many invitations in a short time. Try again in {wait}.",
    )
    if recipient.strip():
        _check(
            messages_per_recipient,
            recipient,
            "This address has had many invitations today. Try again in {wait}.",
        )


def connection_request(account_id: int | None, recipient: str) -> None:
    """Before a third party's request: per third party, then per learner asked."""
    _check(
        requests_per_account,
        str(account_id),
        "You have sent many requests in a short time. Try again in {wait}.",
    )
    if recipient.strip():
        _check(
            messages_per_recipient,
            recipient,
            "This learner has had many requests today. Try again in {wait}.",
        )
