"""Connections: what a learner shares with a third party, until when, and who looked."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from portal_app.models._base import Table, created_at_field, one_of, trigram_index, utc_field

CONNECTION_STATUSES = ("pending", "active", "declined", "revoked")
INITIATORS = ("learner", "third_party")


class Connection(Table, table=True):
    __tablename__ = "connection"
    __table_args__ = (
        one_of("status", CONNECTION_STATUSES, "ck_connection_status"),
        one_of("initiated_by", INITIATORS, "ck_connection_initiated_by"),
        sa.Index("ix_connection_learner_status", "learner_account_id", "status", "expires_at"),
        sa.Index("ix_connection_third_party_status", "third_party_account_id", "status", "learner_name"),
        sa.Index("ix_connection_third_party_created", "third_party_account_id", "created_at", "id"),
        sa.Index("ix_connection_created", "created_at"),  # the overview's weekly shares chart
        trigram_index("ix_connection_learner_name_trgm", "learner_name"),
        trigram_index("ix_connection_learner_email_trgm", "learner_email"),
        trigram_index("ix_connection_third_party_name_trgm", "third_party_name"),
        trigram_index("ix_connection_third_party_email_trgm", "third_party_email"),
    )

    learner_account_id: int | None = Field(default=None, foreign_key="account.id")
    third_party_account_id: int | None = Field(default=None, foreign_key="account.id")
    third_party_name: str = Field(max_length=200)
    third_party_email: str = Field(max_length=254, index=True)
    learner_name: str = Field(default="", max_length=200)
    learner_email: str = Field(default="", max_length=254)
    learner_candidate_number: str | None = Field(default=None, max_length=32)
    initiated_by: str = Field(max_length=16)
    status: str = Field(default="pending", max_length=16)
    message: str = Field(default="", max_length=2000)
    expires_at: datetime = utc_field(nullable=False)
    accepted_at: datetime | None = utc_field()
    ended_at: datetime | None = utc_field()
    # When the learner was last e-mailed that this connection's third party viewed a document:
    # at most one such e-mail a day.
    view_notice_at: datetime | None = utc_field()
    created_at: datetime = created_at_field()


class ConnectionDocument(Table, table=True):
    __tablename__ = "connection_document"
    __table_args__ = (sa.UniqueConstraint("connection_id", "document_id"),)

    connection_id: int = Field(foreign_key="connection.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    added_at: datetime = created_at_field()


class DocumentAccess(Table, table=True):
    """One row per view of a shared document by a third party."""

    __tablename__ = "document_access"
    __table_args__ = (
        sa.Index("ix_document_access_connection_viewed", "connection_id", "viewed_at"),
        sa.Index("ix_document_access_viewed", "viewed_at"),  # the overview's weekly "opened" chart
    )

    connection_id: int = Field(foreign_key="connection.id")
    document_id: int = Field(foreign_key="document.id", index=True)
    viewer_account_id: int = Field(foreign_key="account.id", index=True)
    viewed_at: datetime = created_at_field()
