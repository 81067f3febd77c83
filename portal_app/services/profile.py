"""A signed-in account's own details: personal details, addresses, password, e-mail address,
a copy of everything held about them, and a request to delete the account.

Nothing here changes the awarding body's learner record.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlparse

from sqlmodel import Session, col, select

from portal_app.infra import security
from portal_app.infra.clock import utcnow
from portal_app.models import (
    Account,
    AccountEmail,
    AuditEvent,
    Connection,
    Document,
    IssueReport,
    LearnerRecord,
    Order,
    OrderLine,
    id_of,
)
from portal_app.services import addresses, audit, auth, mail, passwords, tokens
from portal_app.services.emails import account_by_email
from portal_app.services.errors import DomainError, PermissionDenied, ValidationError
from portal_app.services.registration import Details, after_email_verified, check_personal, clean_email

MAX_ADDRESSES = 20
WRONG_PASSWORD = "Your current password is not correct."  # noqa: S105 - a message
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,32}$")


URL_EXAMPLES = {
    "linkedin_url": "https://www.linkedin.com/in/your-name",
    "website_url": "https://www.your-name.com",
}


def _url(value: str, field: str, errors: dict[str, str]) -> str | None:
    value = value.strip()
    if not value:
        return None
    if "://" not in value:
        value = "https://" + value
    try:
        parsed = urlparse(value)
    except ValueError:  # e.g. an unbalanced "[" reads as a broken IPv6 host
        parsed = urlparse("")
    if parsed.scheme not in ("http", "https") or "." not in parsed.netloc or len(value) > 300:
        errors[field] = f"Enter a web address like {URL_EXAMPLES[field]}."
        return None
    return value


def update_details(
    db: Session,
    actor: Account,
    *,
    first_name: str,
    last_name: str,
    phone: str = "",
    linkedin_url: str = "",
    website_url: str = "",
    organisation: str = "",
) -> Account:
    details = Details(
        kind="third_party",  # names and phone only: DOB and candidate number are not editable here
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        organisation=organisation if actor.kind == "third_party" else "n/a",
    )
    errors = check_personal(details)
    linkedin = _url(linkedin_url, "linkedin_url", errors)
    website = _url(website_url, "website_url", errors)
    if errors:
        raise ValidationError(errors)
    actor.first_name = first_name.strip()
    actor.last_name = last_name.strip()
    actor.phone = phone.strip() or None
    actor.linkedin_url = linkedin
    actor.website_url = website
    if actor.kind == "third_party":
        actor.organisation = organisation.strip()
    db.add(actor)
    audit.record(db, actor, "profile.updated", "account", actor.id)
    return actor


ADDRESS_FIELDS = addresses.FIELDS
list_addresses = addresses.list_addresses
save_address = addresses.save_address
delete_address = addresses.delete_address


def change_password(
    db: Session, actor: Account, *, current: str, new: str, confirm: str, keep_session_token: str | None
) -> None:
    """Needs the current password; ends every other session and tells the owner."""
    if not current:
        raise ValidationError.single("current", "Enter your current password.")
    if not security.verify_password(current[:1024], actor.password_hash):
        raise ValidationError.single("current", WRONG_PASSWORD)
    errors = passwords.check_new(new, confirm, actor.email, (actor.first_name, actor.last_name), field="new")
    if not errors and security.verify_password(new, actor.password_hash):
        errors["new"] = "Choose a password different from your current one."
    if errors:
        raise ValidationError(errors)
    actor.password_hash = security.hash_password(new)
    db.add(actor)
    auth.end_all_sessions(db, id_of(actor), except_token=keep_session_token)
    audit.record(db, actor, "password.changed", "account", actor.id)
    mail.queue(
        db,
        actor.email,
        "Your password has been changed",
        [
            f"Hello {actor.first_name or 'there'},",
            "The password of your Achievement Portal account was just changed, and other devices were "
            "signed out. If you did not do this, reset your password straight away and contact us.",
        ],
        link=("Reset my password", mail.absolute_url("/forgot-password")),
        kind="password_changed",
    )


def request_email_change(db: Session, actor: Account, *, new_email: str, current_password: str) -> None:
    """Send a confirmation link to the new address; the change happens when it is clicked.

    An address already in use gets the same answer (its owner is told, the change cannot complete).
    """
    address, problem = clean_email(new_email)
    if problem:
        raise ValidationError.single("new_email", problem)
    if address == actor.email:
        raise ValidationError.single("new_email", "This is already your e-mail address.")
    if not security.verify_password(current_password[:1024], actor.password_hash):
        raise ValidationError.single("email_password", WRONG_PASSWORD)
    taken = account_by_email(db, address)
    if taken is not None and taken.id == actor.id:
        raise ValidationError.single(
            "new_email",
            "This address is already on your account: choose Make primary under E-mail addresses.",
        )
    if taken is not None:
        mail.queue(
            db,
            address,
            "Someone tried to use your e-mail address",
            [
                "Someone tried to move another Achievement Portal account to this e-mail address. "
                "It already has an account, so nothing has changed."
            ],
            kind="change_email_taken",
        )
        return
    token = tokens.issue(db, actor, "change_email", payload=address)
    mail.queue(
        db,
        address,
        "Confirm your new e-mail address",
        [
            f"Hello {actor.first_name or 'there'},",
            "Please confirm that you want to use this address for your Achievement Portal account. "
            "Until you do, your old address stays in use.",
        ],
        link=("Confirm my new e-mail address", mail.absolute_url(f"/verify-email?change={token}")),
        kind="change_email",
    )
    mail.queue(
        db,
        actor.email,
        "Your e-mail address is being changed",
        [
            f"Someone signed in to your account asked to change its e-mail address to {address}. "
            "If this was not you, change your password now and contact us."
        ],
        kind="change_email_notice",
    )
    audit.record(db, actor, "email.change_requested", "account", actor.id)


def confirm_email_change(db: Session, token: str) -> str:
    """The new address's link: returns the new address, or "" if the link is dead or it is taken."""
    found = tokens.consume(db, token, "change_email")
    if found is None:
        return ""
    stored, account = found
    new = stored.payload or ""
    if not new or account_by_email(db, new) is not None:
        return ""
    old = account.email
    account.email = new
    account.email_verified_at = utcnow()
    db.add(account)
    after_email_verified(db, account)
    mail.queue(
        db,
        old,
        "Your e-mail address has been changed",
        [f"Your account now uses {new}."],
        kind="email_changed",
    )
    audit.record(db, account, "email.changed", "account", account.id)
    return new


def request_deletion(db: Session, actor: Account) -> None:
    if actor.kind == "admin":
        raise DomainError("Administrator accounts are removed by the system owner.")
    if actor.deletion_requested_at is None:
        actor.deletion_requested_at = utcnow()
        db.add(actor)
        audit.record(db, actor, "account.deletion_requested", "account", actor.id)
        mail.queue(
            db,
            actor.email,
            "We have your request to delete your account",
            [
                "An administrator will delete your account and e-mail you when it is done. "
                "Until then you can still sign in, and cancel the request from your profile."
            ],
            kind="deletion_requested",
        )


def cancel_deletion(db: Session, actor: Account) -> None:
    actor.deletion_requested_at = None
    db.add(actor)
    audit.record(db, actor, "account.deletion_cancelled", "account", actor.id)


def set_view_notices(db: Session, actor: Account, enabled: bool) -> None:
    """Whether the learner is e-mailed when a third party first opens a document they share."""
    if actor.kind != "learner":
        raise PermissionDenied()
    actor.notify_on_view = bool(enabled)
    db.add(actor)
    audit.record(db, actor, "account.view_notices", "account", actor.id, "on" if enabled else "off")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: _plain(v) for k, v in obj.model_dump().items() if k not in skip}


# Never exported: anyone holding the file could sign in with them (the authenticator app's key
# makes codes) or they are our own counters. When the second factor was set up is exported.
ACCOUNT_SECRETS = ("password_hash", "totp_secret", "totp_last_step", "failed_signins", "locked_until")


def export_data(db: Session, actor: Account) -> dict[str, Any]:
    """Everything the portal holds about the account holder, as JSON-ready data."""
    data: dict[str, Any] = {
        "exported_at": utcnow().isoformat(),
        "account": _row(actor, skip=ACCOUNT_SECRETS),
        "addresses": [_row(a) for a in list_addresses(db, actor)],
        "email_addresses": [
            _row(e, skip=("account_id",))
            for e in db.exec(select(AccountEmail).where(AccountEmail.account_id == actor.id)).all()
        ],
    }
    if actor.learner_record_id:
        record = db.get(LearnerRecord, actor.learner_record_id)
        data["learner_record"] = _row(record, skip=("last_name_key",)) if record else None
        data["documents"] = [
            _row(d, skip=("signature",))
            for d in db.exec(
                select(Document).where(Document.learner_record_id == actor.learner_record_id)
            ).all()
        ]
    connections = db.exec(
        select(Connection).where(
            (col(Connection.learner_account_id) == actor.id)
            | (col(Connection.third_party_account_id) == actor.id)
        )
    ).all()
    data["connections"] = [_row(c) for c in connections]
    orders = db.exec(select(Order).where(Order.account_id == actor.id)).all()
    lines = db.exec(select(OrderLine).where(col(OrderLine.order_id).in_([o.id for o in orders] or [0]))).all()
    data["orders"] = [
        {**_row(o, skip=("checkout_session_id",)), "lines": [_row(li) for li in lines if li.order_id == o.id]}
        for o in orders
    ]
    data["issue_reports"] = [
        _row(i) for i in db.exec(select(IssueReport).where(IssueReport.account_id == actor.id)).all()
    ]
    data["activity"] = [
        _row(e, skip=("actor_account_id",))
        for e in db.exec(
            select(AuditEvent)
            .where(AuditEvent.actor_account_id == actor.id)
            .order_by(col(AuditEvent.id))
            .limit(1000)
        ).all()
    ]
    return data
