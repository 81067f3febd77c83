"""Official digital documents and the issues learners report on them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from portal_app.models._base import Table, created_at_field, one_of, trigram_index, utc_field

DOCUMENT_KINDS = ("certificate", "transcript", "badge")
DOCUMENT_STATUSES = ("valid", "revoked", "superseded")
ISSUE_STATUSES = ("open", "answered", "closed")


class Document(Table, table=True):
    __tablename__ = "document"
    __table_args__ = (
        one_of("kind", DOCUMENT_KINDS, "ck_document_kind"),
        one_of("status", DOCUMENT_STATUSES, "ck_document_status"),
        sa.Index("ix_document_record_issued", "learner_record_id", "issued_on"),
        # the overview's weekly charts (services/dashboard.admin_trends): issued and revoked
        sa.Index("ix_document_created", "created_at"),
        sa.Index("ix_document_status_changed", "status_changed_at"),
        trigram_index("ix_document_reference_trgm", "reference"),
    )

    reference: str = Field(max_length=32, unique=True, index=True)
    kind: str = Field(max_length=16)
    learner_record_id: int = Field(foreign_key="learner_record.id")
    qualification_number: str = Field(max_length=32)
    qualification_title: str = Field(max_length=300)
    issued_on: date
    status: str = Field(default="valid", max_length=16)
    content: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    signature: str = Field(default="", max_length=200)
    version: int = Field(default=1)
    superseded_by_id: int | None = Field(default=None, foreign_key="document.id")
    status_reason: str | None = Field(default=None, max_length=1000)
    status_changed_at: datetime | None = utc_field()
    created_at: datetime = created_at_field()


class IssueReport(Table, table=True):
    __tablename__ = "issue_report"
    __table_args__ = (
        one_of("status", ISSUE_STATUSES, "ck_issue_report_status"),
        sa.Index("ix_issue_report_status_created", "status", "created_at"),
    )

    document_id: int = Field(foreign_key="document.id", index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    description: str = Field(max_length=4000)
    status: str = Field(default="open", max_length=16)
    answer: str | None = Field(default=None, max_length=4000)
    answered_by_id: int | None = Field(default=None, foreign_key="account.id")
    answered_at: datetime | None = utc_field()
    # The corrected version issued from this report ("Correct the document" on the report).
    corrected_document_id: int | None = Field(default=None, foreign_key="document.id")
    created_at: datetime = created_at_field()


class SigningKey(Table, table=True):
    """The organisation's Ed25519 key, generated once per database when no key is configured.

    Kept in the shared database (not a file) so every worker on every host signs with one key.
    """

    __tablename__ = "signing_key"

    key_id: str = Field(max_length=64, unique=True)
    private_key_b64: str = Field(max_length=100)
    public_key_b64: str = Field(max_length=100)
    created_at: datetime = created_at_field()
