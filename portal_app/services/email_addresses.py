"""More than one e-mail address for one person: add one (proved by a link), make it primary,
remove one.

A college address stops working and its owner must not lose their records: any proven address
signs in and reaches the account (services.emails.account_by_email). `Account.email` is the
primary address, the one that receives mail; "make primary" swaps it with a proven extra one.
Adding or removing needs the password and tells the primary address (and the other address, once proven),
so someone who borrowed an open session cannot quietly give the account a way in.

Adding an address another account uses answers the same as any other (no enumeration): a waiting
row appears, but the address is told, not sent a link, so it can never be proved here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from portal_app.infra import security
from portal_app.infra.clock import utcnow
from portal_app.models import Account, AccountEmail, id_of
from portal_app.services import audit, mail, sharing, tokens
from portal_app.services.emails import account_by_email
from portal_app.services.errors import NotFound, ValidationError
from portal_app.services.registration import clean_email

MAX_EXTRA = 5
WRONG_PASSWORD = "Your password is not correct."  # noqa: S105 - a message


@dataclass(frozen=True)
class EmailAddress:
    """One of the account's addresses as the profile lists it (the primary one has id 0)."""

    id: int
    address: str
    verified: bool
    primary: bool


def list_addresses(db: Session, actor: Account) -> list[EmailAddress]:
    extra = db.exec(
        select(AccountEmail).where(AccountEmail.account_id == actor.id).order_by(col(AccountEmail.id))
    ).all()
    return [EmailAddress(0, actor.email, True, True)] + [
        EmailAddress(id_of(row), row.address, row.verified_at is not None, False) for row in extra
    ]


def _check_password(actor: Account, password: str, field: str, errors: dict[str, str]) -> None:
    if not password:
        errors[field] = "Enter your password."
    elif not security.verify_password(password[:1024], actor.password_hash):
        errors[field] = WRONG_PASSWORD


def _own(db: Session, actor: Account, email_id: int) -> AccountEmail:
    row = db.exec(
        select(AccountEmail)
        .where(AccountEmail.id == int(email_id), AccountEmail.account_id == actor.id)
        .with_for_update()
    ).first()
    if row is None:
        raise NotFound("That e-mail address is not on your account.")
    return row


def add_address(db: Session, actor: Account, *, address: str, password: str) -> AccountEmail:
    """A waiting address, and a link to prove it sent to it; the primary address is told."""
    errors: dict[str, str] = {}
    cleaned, problem = clean_email(address)
    if problem:
        errors["new_address"] = problem
    elif (
        cleaned == actor.email
        or db.exec(
            select(AccountEmail.id).where(
                AccountEmail.account_id == actor.id, AccountEmail.address == cleaned
            )
        ).first()
    ):
        errors["new_address"] = "This address is already on your account."
    elif len(list_addresses(db, actor)) > MAX_EXTRA:
        errors["new_address"] = f"You can keep {MAX_EXTRA} extra addresses at most: remove one first."
    _check_password(actor, password, "add_password", errors)
    if errors:
        raise ValidationError(errors)
    row = AccountEmail(account_id=id_of(actor), address=cleaned)
    db.add(row)
    db.flush()
    owner = account_by_email(db, cleaned)
    if owner is None:
        token = tokens.issue(db, actor, "add_email", payload=cleaned, per_payload=True)
        mail.queue(
            db,
            cleaned,
            "Confirm the e-mail address you added",
            [
                f"Hello {actor.first_name or 'there'},",
                f"{actor.full_name or actor.email} asked to add this address to their Achievement Portal "
                "account. Once you confirm it, you can sign in with it, and invitations sent to it reach "
                "that account. The link works once, for 24 hours.",
                "If this was not you, ignore this e-mail: the address will not be added.",
            ],
            link=("Confirm this address", mail.absolute_url(f"/verify-email?add={token}")),
            kind="add_email",
        )
    else:
        mail.queue(
            db,
            cleaned,
            "Someone tried to add your e-mail address to another account",
            [
                "Someone tried to add this address to another Achievement Portal account. It already "
                "belongs to an account, so nothing has changed."
            ],
            kind="add_email_taken",
        )
    mail.queue(
        db,
        actor.email,
        "An e-mail address is being added to your account",
        [
            f"Someone signed in to your account asked to add {cleaned} to it. It is added when the link "
            "sent to that address is clicked. If this was not you, change your password now and contact us."
        ],
        kind="add_email_notice",
    )
    audit.record(db, actor, "email.add_requested", "account_email", row.id, cleaned)
    return row


def confirm_address(db: Session, token: str) -> str:
    """The added address's link: returns the address, or "" if the link is dead, the address was
    removed meanwhile, or another account proved it first."""
    found = tokens.consume(db, token, "add_email")
    if found is None:
        return ""
    stored, account = found
    address = stored.payload or ""
    row = db.exec(
        select(AccountEmail)
        .where(AccountEmail.account_id == account.id, AccountEmail.address == address)
        .with_for_update()
    ).first()
    owner = account_by_email(db, address, lock=True)
    if (
        row is None
        or account.status in ("suspended", "rejected")
        or (owner is not None and owner.id != account.id)
    ):
        return ""
    if address == account.email:  # it became the primary address meanwhile
        db.delete(row)
        return address
    row.verified_at = utcnow()
    db.add(row)
    # Other accounts waiting on it can never prove it now.
    db.exec(
        delete(AccountEmail)
        .where(col(AccountEmail.address) == address)
        .where(col(AccountEmail.account_id) != account.id)
        .where(col(AccountEmail.verified_at).is_(None))
    )
    db.flush()
    sharing.attach_pending_connections(db, account)
    mail.queue(
        db,
        account.email,
        "An e-mail address was added to your account",
        [f"{address} is now on your account: you can sign in with it, and invitations sent to it reach you."],
        kind="email_added",
    )
    audit.record(db, account, "email.added", "account_email", row.id, address)
    return address


def make_primary(db: Session, actor: Account, *, email_id: int) -> str:
    """A proven extra address becomes the one that receives mail; the old primary stays, proven."""
    row = _own(db, actor, email_id)
    if row.verified_at is None:
        raise ValidationError(message=f"Confirm {row.address} with the link we sent it first.")
    old, new = actor.email, row.address
    row.address, row.verified_at = old, actor.email_verified_at or utcnow()
    actor.email, actor.email_verified_at = new, utcnow()
    db.add(row)
    db.flush()  # the swapped row first: the account's new address is free of it
    db.add(actor)
    for to in (new, old):
        mail.queue(
            db,
            to,
            "Your primary e-mail address has changed",
            [
                f"The Achievement Portal now sends your account's e-mail to {new}. You can still sign in "
                f"with {old}. If this was not you, change your password now and contact us."
            ],
            kind="email_made_primary",
        )
    audit.record(db, actor, "email.made_primary", "account_email", row.id, f"{old} -> {new}")
    return new


def remove_address(db: Session, actor: Account, *, email_id: int, password: str) -> str:
    """Remove an extra address (never the primary: it is not a row here); both are told."""
    errors: dict[str, str] = {}
    _check_password(actor, password, "remove_password", errors)
    if errors:
        raise ValidationError(errors)
    row = _own(db, actor, email_id)
    address, proven = row.address, row.verified_at is not None
    db.delete(row)
    for to in (actor.email, address) if proven else (actor.email,):
        mail.queue(
            db,
            to,
            "An e-mail address was removed from your account",
            [
                f"{address} was removed from the Achievement Portal account of {actor.full_name or actor.email}: "
                "it no longer signs in. If this was not you, change your password now and contact us."
            ],
            kind="email_removed",
        )
    audit.record(db, actor, "email.removed", "account_email", email_id, address)
    return address
