"""Registration: details checked step by step, a verification link, then matching to a learner record.

Registering never reveals whether an e-mail address already has an account: the answer is the
same, and the existing owner gets an e-mail instead. A new registration for an address nobody
has confirmed yet replaces the earlier one (password and details), so whoever registered first
cannot lie in wait: each link confirms only the registration it was sent for.

A verified learner is approved at once only when their details match one learner record exactly
(normalised names, date of birth, candidate number) *and* they registered with the e-mail address
that record holds: the link proved they read that mailbox, which someone holding a certificate
(candidate number, name) and a date of birth does not. Anyone else waits for an administrator.
Third parties are active once their e-mail is verified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, col, or_, select

from portal_app.infra import security
from portal_app.infra.clock import utcnow
from portal_app.infra.settings import settings
from portal_app.models import Account, LearnerRecord
from portal_app.services import abuse, audit, mail, passwords, sharing, tokens
from portal_app.services.emails import account_by_email, normalise_email
from portal_app.services.errors import ValidationError
from portal_app.services.names import name_key, one_line_problem

KINDS = ("learner", "third_party")
RESEND_LIMIT_PER_HOUR = 5
_CANDIDATE = re.compile(r"^[A-Za-z0-9\-/]{4,32}$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,32}$")


@dataclass
class Details:
    kind: str = "learner"
    email: str = ""
    password: str = ""
    confirm: str = ""
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    candidate_number: str = ""
    phone: str = ""
    organisation: str = ""


def clean_email(value: str) -> tuple[str, str]:
    """(normalised address, message) - the message is "" when the address is usable."""
    value = value.strip()
    if not value:
        return "", "Enter your e-mail address."
    if len(value) > 254:
        return "", "This e-mail address is too long."
    try:
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return "", "Enter a valid e-mail address, like name@example.com."
    return normalise_email(checked.normalized), ""


def clean_candidate_number(value: str) -> str:
    return "".join(value.split()).upper()


def check_login(details: Details) -> dict[str, str]:
    """Step 1: e-mail and password."""
    errors: dict[str, str] = {}
    if details.kind not in KINDS:
        errors["kind"] = "Choose the type of account."
    _, email_error = clean_email(details.email)
    if email_error:
        errors["email"] = email_error
    names = (details.first_name, details.last_name)
    errors.update(passwords.check_new(details.password, details.confirm, details.email, names))
    return errors


def _check_name(value: str, label: str) -> str:
    value = value.strip()
    if not value:
        return f"Enter your {label}."
    if problem := one_line_problem(value, f"your {label}"):
        return problem
    if len(value) > 100:
        return f"Your {label} must be at most 100 characters."
    if not name_key(value):
        return f"Enter your {label} using letters."
    return ""


def check_personal(details: Details) -> dict[str, str]:
    """Step 2: who you are (learner: as when you studied; third party: name and organisation)."""
    errors: dict[str, str] = {}
    for field, label in (("first_name", "first name"), ("last_name", "last name")):
        message = _check_name(getattr(details, field), label)
        if message:
            errors[field] = message
    if details.phone.strip() and not _PHONE.match(details.phone.strip()):
        errors["phone"] = "Enter a phone number using digits, spaces and an optional leading +."
    if details.kind == "third_party":
        organisation = details.organisation.strip()
        if not organisation:
            errors["organisation"] = "Enter the name of your organisation."
        elif len(organisation) > 200:
            errors["organisation"] = "The organisation name must be at most 200 characters."
        elif problem := one_line_problem(organisation, "the organisation name"):
            errors["organisation"] = problem
        return errors
    today = utcnow().date()
    if details.date_of_birth is None:
        errors["date_of_birth"] = "Enter your date of birth."
    elif details.date_of_birth > today - timedelta(days=365 * 10):
        errors["date_of_birth"] = "Check your date of birth: it must be at least 10 years ago."
    elif details.date_of_birth.year < 1900:
        errors["date_of_birth"] = "Check the year of your date of birth."
    number = clean_candidate_number(details.candidate_number)
    if not number:
        errors["candidate_number"] = "Enter your candidate number (it is on your results and certificates)."
    elif not _CANDIDATE.match(number):
        errors["candidate_number"] = "A candidate number has 4 to 32 letters and digits."
    return errors


def registration_mark(account: Account) -> str:
    """What binds a verification link to the registration it was sent for: a digest of the
    password set then. A later registration (a new password) makes earlier links dead."""
    return security.hash_token(account.password_hash or "")


def _verification_email(db: Session, account: Account) -> None:
    token = tokens.issue(db, account, "verify", payload=registration_mark(account))
    mail.queue(
        db,
        account.email,
        "Confirm your e-mail address",
        [
            f"Hello {account.first_name},",
            f"Thank you for registering with the {settings.org_name} Achievement Portal. "
            "Please confirm your e-mail address with the link below. The link works once and expires "
            "in 48 hours.",
            "If you did not register, you can ignore this e-mail.",
        ],
        link=("Confirm my e-mail address", mail.absolute_url(f"/verify-email?token={token}")),
        kind="verify",
    )


def _tell_existing_owner(db: Session, existing: Account, address: str) -> None:
    """Someone registered with `address`, which has an account (as its primary or a proven extra
    address): tell that mailbox what to do."""
    audit.record(db, existing, "register.existing_email", "account", existing.id)
    if existing.status in ("rejected", "suspended"):
        mail.queue(
            db,
            address,
            "Someone tried to register with your e-mail address",
            [
                "Someone (perhaps you) tried to register a new account with this e-mail address, which "
                "already has an account that cannot be used at the moment.",
                f"Please contact {settings.support_email} or call {settings.support_phone}.",
            ],
            kind="register_existing",
        )
        return
    mail.queue(
        db,
        address,
        "Someone tried to register with your e-mail address",
        [
            "Someone (perhaps you) tried to register a new account with this e-mail address, "
            "which already has an account.",
            "If it was you, sign in instead. If you have forgotten your password, or your account "
            "was moved from the old portal, use \u201cForgot your password?\u201d on the sign-in page.",
            "If it was not you, you can ignore this e-mail: nothing has changed.",
        ],
        link=("Reset my password", mail.absolute_url("/forgot-password")),
        kind="register_existing",
    )


def register(db: Session, details: Details, *, client: str = "") -> None:
    """Create an unverified account and e-mail a verification link.

    An address that already has an account gets the same answer; its owner is told instead.
    Limited per client address and per e-mail address (services.abuse).
    """
    abuse.registration(client, details.email)
    errors = {**check_login(details), **check_personal(details)}
    if errors:
        raise ValidationError(errors)
    email, _ = clean_email(details.email)
    existing = account_by_email(db, email, lock=True)
    if existing is not None and (existing.status != "unverified" or existing.email != email):
        security.hash_password(details.password)  # spend the same time as a real registration
        _tell_existing_owner(db, existing, email)
        return
    account = existing or Account(email=email, status="unverified")
    _take_details(account, details)
    db.add(account)
    db.flush()
    if existing is not None:
        # Nobody proved this address yet: the newest registration counts and earlier links die
        # with the password they were sent for (see `registration_mark`).
        audit.record(db, account, "register.replaced", "account", account.id, detail=details.kind)
        if tokens.recent_count(db, account, "verify", timedelta(hours=1)) >= RESEND_LIMIT_PER_HOUR:
            return
    else:
        audit.record(db, account, "register", "account", account.id, detail=details.kind)
    _verification_email(db, account)


def _take_details(account: Account, details: Details) -> None:
    third_party = details.kind == "third_party"
    account.password_hash = security.hash_password(details.password)
    account.kind = details.kind
    account.first_name = details.first_name.strip()
    account.last_name = details.last_name.strip()
    account.date_of_birth = None if third_party else details.date_of_birth
    account.candidate_number = None if third_party else clean_candidate_number(details.candidate_number)
    account.phone = details.phone.strip() or None
    account.organisation = details.organisation.strip() if third_party else None


def resend_verification(db: Session, email: str) -> None:
    """Send a fresh link to an unverified account; same (silent) answer for any other address."""
    address, problem = clean_email(email)
    if problem:
        raise ValidationError.single("email", problem)
    account = account_by_email(db, address)
    if account is None or account.status != "unverified":
        return
    if tokens.recent_count(db, account, "verify", timedelta(hours=1)) >= RESEND_LIMIT_PER_HOUR:
        return
    _verification_email(db, account)


@dataclass(frozen=True)
class Verified:
    status: str  # active | pending_review | invalid
    kind: str = ""


def find_match(db: Session, account: Account) -> LearnerRecord | None:
    """The one learner record whose names, date of birth and candidate number all match, if free,
    and whose e-mail address is the account's (verified) one: the factor an impostor lacks."""
    if not account.candidate_number or account.date_of_birth is None or account.email_verified_at is None:
        return None
    record = db.exec(
        select(LearnerRecord).where(
            LearnerRecord.candidate_number == clean_candidate_number(account.candidate_number)
        )
    ).first()
    if record is None:
        return None
    if (
        not record.email
        or normalise_email(record.email) != account.email
        or record.date_of_birth != account.date_of_birth
        or record.last_name_key != name_key(account.last_name)
        or name_key(record.first_name) != name_key(account.first_name)
    ):
        return None
    taken = db.exec(select(Account.id).where(Account.learner_record_id == record.id)).first()
    return None if taken is not None else record


def closest_records(db: Session, account: Account, limit: int = 5) -> list[LearnerRecord]:
    """Records sharing the candidate number, or the last name, or the date of birth (indexed)."""
    conditions = []
    if account.candidate_number:
        conditions.append(col(LearnerRecord.candidate_number) == account.candidate_number)
    key = name_key(account.last_name)
    if key:
        conditions.append(col(LearnerRecord.last_name_key) == key)
    if account.date_of_birth:
        conditions.append(col(LearnerRecord.date_of_birth) == account.date_of_birth)
    if not conditions:
        return []
    rows = db.exec(select(LearnerRecord).where(or_(*conditions)).limit(50)).all()

    def score(record: LearnerRecord) -> int:
        return (
            4 * (record.candidate_number == account.candidate_number)
            + 2 * (record.last_name_key == key)
            + 2 * (record.date_of_birth == account.date_of_birth)
            + (name_key(record.first_name) == name_key(account.first_name))
        )

    return sorted(rows, key=lambda r: (-score(r), r.id or 0))[:limit]


def approve_with_record(db: Session, account: Account, record: LearnerRecord) -> None:
    account.learner_record_id = record.id
    account.status = "active"
    db.add(account)
    mail.queue(
        db,
        account.email,
        "Your account is ready",
        [
            f"Hello {account.first_name},",
            "Your registration has been approved and your account is linked to your learner record. "
            "You can now sign in to view and share your documents.",
        ],
        link=("Sign in", mail.absolute_url("/signin")),
        kind="approved",
    )


def after_email_verified(db: Session, account: Account) -> str:
    """Verify the e-mail, then approve, match or queue for review; returns the new status."""
    account.email_verified_at = account.email_verified_at or utcnow()
    if account.status != "unverified":
        db.add(account)
        return account.status
    if account.kind != "learner":
        account.status = "active"
        db.add(account)
        audit.record(db, account, "verify_email.active", "account", account.id)
        sharing.attach_pending_connections(db, account)  # learners who shared before they registered
        return account.status
    record = find_match(db, account)
    if record is not None:
        approve_with_record(db, account, record)
        audit.record(db, account, "registration.matched", "learner_record", record.id)
        return account.status
    account.status = "pending_review"
    db.add(account)
    audit.record(db, account, "registration.pending_review", "account", account.id)
    mail.queue(
        db,
        account.email,
        "Your registration will be checked",
        [
            f"Hello {account.first_name},",
            "Thank you for confirming your e-mail address. Some of the details you gave did not match "
            "the details we hold (we approve at once only a registration made with the e-mail address "
            "we hold for you), so a member of our staff will check your registration.",
            "We will e-mail you as soon as it has been checked. If you have questions, contact "
            f"{settings.support_email} or call {settings.support_phone} with your full name as it was "
            "when you studied, your date of birth and your candidate number.",
        ],
        kind="pending_review",
    )
    return account.status


def verify_email(db: Session, token: str) -> Verified:
    """The verification link: single use, expiring; then matching (see `after_email_verified`)."""
    found = tokens.consume(db, token, "verify")
    if found is None:
        return Verified(status="invalid")
    stored, account = found
    if stored.payload != registration_mark(account):
        return Verified(status="invalid")  # sent for a registration that a newer one replaced
    status = after_email_verified(db, account)
    return Verified(status=status, kind=account.kind)
