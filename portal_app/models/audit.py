"""Who did what to whom."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from portal_app.models._base import Table, created_at_field


class AuditEvent(Table, table=True):
    __tablename__ = "audit_event"

    actor_account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    action: str = Field(max_length=60, index=True)
    subject_type: str = Field(default="", max_length=40)
    subject_id: int | None = None
    detail: str = Field(default="", max_length=2000)
    created_at: datetime = created_at_field()
