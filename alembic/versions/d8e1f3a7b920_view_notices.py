"""view notices: the learner's preference, and when each connection last sent one

Revision ID: d8e1f3a7b920
Revises: c4d7e2a9f105
Create Date: 2026-11-30 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d8e1f3a7b920"
down_revision: str | None = "c4d7e2a9f105"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.add_column(sa.Column("notify_on_view", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("connection") as batch:
        batch.add_column(sa.Column("view_notice_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("connection") as batch:
        batch.drop_column("view_notice_at")
    with op.batch_alter_table("account") as batch:
        batch.drop_column("notify_on_view")
