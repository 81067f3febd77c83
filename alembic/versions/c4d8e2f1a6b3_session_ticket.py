"""one-time tickets that hand a session to the browser as an HttpOnly cookie

Revision ID: c4d8e2f1a6b3
Revises: d8e1f3a7b920
Create Date: 2026-11-30 12:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4d8e2f1a6b3"
down_revision: str | None = "d8e1f3a7b920"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("auth_session") as batch:
        batch.add_column(sa.Column("ticket_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("ticket_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint("uq_auth_session_ticket_hash", ["ticket_hash"])


def downgrade() -> None:
    with op.batch_alter_table("auth_session") as batch:
        batch.drop_constraint("uq_auth_session_ticket_hash", type_="unique")
        batch.drop_column("ticket_expires_at")
        batch.drop_column("ticket_hash")
