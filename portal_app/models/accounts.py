"""Accounts, their extra e-mail addresses, the organisation's learner records, sessions, one-time
tokens and addresses."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from portal_app.models._base import Table, created_at_field, one_of, trigram_index, utc_field

ACCOUNT_KINDS = ("learner", "third_party", "admin")
ACCOUNT_STATUSES = ("unverified", "pending_review", "active", "suspended", "rejected")
TOKEN_PURPOSES = ("verify", "reset", "invite", "change_email", "add_email")


# As PostgreSQL prints it back, so that the migration check compares like with like; the same
# expression as services.issuing.FULL_NAME, which the planner matches to this index.
FULL_NAME = "(first_name::text || ' '::text) || last_name::text"


class LearnerRecord(Table, table=True):
    """The awarding body's own record of a learner; the portal never edits it from a profile."""

    __tablename__ = "learner_record"
    __table_args__ = (
        sa.Index("ix_learner_record_match", "last_name_key", "date_of_birth"),
        sa.Index("ix_learner_record_last_name", "last_name", "id"),
        trigram_index("ix_learner_record_candidate_number_trgm", "candidate_number"),
        trigram_index("ix_learner_record_full_name_trgm", FULL_NAME),
        trigram_index("ix_learner_record_email_trgm", "email"),
    )

    candidate_number: str = Field(max_length=32, unique=True, index=True)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    last_name_key: str = Field(max_length=100, description="normalised last name for matching")
    date_of_birth: date
    email: str | None = Field(default=None, max_length=254)
    created_at: datetime = created_at_field()


class Account(Table, table=True):
    __tablename__ = "account"
    __table_args__ = (
        one_of("kind", ACCOUNT_KINDS, "ck_account_kind"),
        one_of("status", ACCOUNT_STATUSES, "ck_account_status"),
        sa.CheckConstraint("failed_signins >= 0", name="ck_account_failed_signins"),
        sa.Index("ix_account_status_kind", "status", "kind"),
        sa.Index("ix_account_deletion_requested", "deletion_requested_at"),
    )

    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str | None = Field(default=None, max_length=100)
    kind: str = Field(default="learner", max_length=16)
    status: str = Field(default="unverified", max_length=16)
    first_name: str = Field(default="", max_length=100)
    last_name: str = Field(default="", max_length=100)
    date_of_birth: date | None = None
    candidate_number: str | None = Field(default=None, max_length=32)
    phone: str | None = Field(default=None, max_length=32)
    organisation: str | None = Field(default=None, max_length=200)
    linkedin_url: str | None = Field(default=None, max_length=300)
    website_url: str | None = Field(default=None, max_length=300)
    learner_record_id: int | None = Field(
        default=None, foreign_key="learner_record.id", unique=True, nullable=True
    )
    email_verified_at: datetime | None = utc_field()
    failed_signins: int = Field(default=0)
    locked_until: datetime | None = utc_field()
    review_note: str | None = Field(default=None, max_length=1000)
    deletion_requested_at: datetime | None = utc_field()
    # A learner is e-mailed when a third party first opens a shared document (services.sharing).
    notify_on_view: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    # Second factor (administrators): the TOTP secret, when the admin confirmed it with a code,
    # and the last time step used, so that no code works twice.
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_confirmed_at: datetime | None = utc_field()
    totp_last_step: int | None = None
    created_at: datetime = created_at_field()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def second_factor_enrolled(self) -> bool:
        """An authenticator app set up and confirmed with a code (services.mfa)."""
        return self.totp_secret is not None and self.totp_confirmed_at is not None


class AuthSession(Table, table=True):
    """A signed-in browser. Only the SHA-256 of its token is stored."""

    __tablename__ = "auth_session"

    account_id: int = Field(foreign_key="account.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_at_field()
    last_seen_at: datetime = created_at_field()
    expires_at: datetime = utc_field(nullable=False)
    ended_at: datetime | None = utc_field()
    # The one-time ticket that hands this session to the browser as an HttpOnly cookie
    # (services.auth.issue_ticket / redeem_ticket): its SHA-256 until used, then None.
    ticket_hash: str | None = Field(default=None, max_length=64, unique=True)
    ticket_expires_at: datetime | None = utc_field()


class EmailToken(Table, table=True):
    """A single-use link sent by e-mail (verify, reset, invite, change or add an e-mail address)."""

    __tablename__ = "email_token"
    __table_args__ = (one_of("purpose", TOKEN_PURPOSES, "ck_email_token_purpose"),)

    account_id: int = Field(foreign_key="account.id", index=True)
    purpose: str = Field(max_length=16)
    token_hash: str = Field(max_length=64, unique=True)
    payload: str | None = Field(default=None, max_length=254)
    created_at: datetime = created_at_field()
    expires_at: datetime = utc_field(nullable=False)
    used_at: datetime | None = utc_field()


class AccountEmail(Table, table=True):
    """An extra e-mail address of an account; `Account.email` stays the one that receives mail.

    A proven (verified) address belongs to one account only and is never another account's
    `Account.email` (services.emails checks the second); a waiting one proves nothing, so any
    number of accounts may wait on the same address and nobody can squat on it.
    """

    __tablename__ = "account_email"
    __table_args__ = (
        sa.UniqueConstraint("account_id", "address", name="uq_account_email_account_address"),
        sa.Index(
            "ux_account_email_verified_address",
            "address",
            unique=True,
            sqlite_where=sa.text("verified_at IS NOT NULL"),
            postgresql_where=sa.text("verified_at IS NOT NULL"),
        ),
    )

    account_id: int = Field(foreign_key="account.id", index=True)
    address: str = Field(max_length=254, description="normalised to lower case")
    verified_at: datetime | None = utc_field()
    created_at: datetime = created_at_field()


class Address(Table, table=True):
    """A postal address in a profile, used at checkout for billing and delivery."""

    __tablename__ = "address"

    account_id: int = Field(foreign_key="account.id", index=True)
    full_name: str = Field(max_length=200)
    line1: str = Field(max_length=200)
    line2: str = Field(default="", max_length=200)
    city: str = Field(max_length=100)
    region: str = Field(default="", max_length=100)
    postcode: str = Field(default="", max_length=20)
    country: str = Field(max_length=2, description="ISO 3166-1 alpha-2")
    phone: str = Field(default="", max_length=32)
    created_at: datetime = created_at_field()

    def one_line(self) -> str:
        parts = [
            self.line1,
            self.line2,
            self.city,
            self.region,
            self.postcode,
            self.country,
        ]
        return ", ".join(p for p in parts if p)
