"""outbox: token links kept apart from the bodies until sent; rows given up after N tries

Revision ID: c4d7e2a9f105
Revises: 8f3a2b6c1d07
Create Date: 2026-11-30 12:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4d7e2a9f105"
down_revision: str | None = "8f3a2b6c1d07"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbound_email") as batch:
        batch.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("secret_link", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbound_email") as batch:
        batch.drop_column("secret_link")
        batch.drop_column("failed_at")
