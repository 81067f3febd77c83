"""Who did what to whom, when, and from which address."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from portal_app.models._base import Table, created_at_field, trigram_index


class AuditEvent(Table, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (
        sa.Index("ix_audit_event_created", "created_at", "id"),
        sa.Index("ix_audit_event_action_created", "action", "created_at"),  # the overview's registrations
        trigram_index("ix_audit_event_detail_trgm", "detail"),
    )

    actor_account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    action: str = Field(max_length=60, index=True)
    subject_type: str = Field(default="", max_length=40)
    subject_id: int | None = None
    detail: str = Field(default="", max_length=2000)
    # The client's address (behind PORTAL_TRUSTED_PROXY_HOPS proxies) when an event from a
    # browser caused it; empty for the command line, webhooks and background work.
    client_address: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    created_at: datetime = created_at_field()


class VerificationCheck(Table, table=True):
    """One public check of a reference (the /verify page or /api/verify): only the outcome and the
    time, for the overview's "how often employers check" chart; nothing about who asked."""

    __tablename__ = "verification_check"
    __table_args__ = (sa.Index("ix_verification_check_created", "created_at"),)

    outcome: str = Field(max_length=16)
    created_at: datetime = created_at_field()
