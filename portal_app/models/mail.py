"""The e-mail outbox: written in the same transaction as the change that causes it.

With an SMTP server configured, the bodies never hold a sign-in token: a link that carries one
waits in `secret_link` (read only by the sender, never by a page) and is dropped once the
e-mail is sent or given up, so the outbox administrators read holds no usable link.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from portal_app.models._base import Table, created_at_field, trigram_index, utc_field


class OutboundEmail(Table, table=True):
    __tablename__ = "outbound_email"
    __table_args__ = (
        sa.Index("ix_outbound_email_pending", "sent_at", "next_attempt_at"),
        trigram_index("ix_outbound_email_to_address_trgm", "to_address"),
    )

    to_address: str = Field(max_length=254, index=True)
    subject: str = Field(max_length=300)
    text_body: str = Field(sa_type=sa.Text)
    html_body: str = Field(sa_type=sa.Text)
    kind: str = Field(default="", max_length=40)
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=1000)
    next_attempt_at: datetime | None = utc_field()
    sent_at: datetime | None = utc_field()
    failed_at: datetime | None = utc_field()  # given up after MAX_ATTEMPTS: never retried
    secret_link: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = created_at_field()
