"""orders that change before dispatch: cancelled_at, refunded_pence, and refunds confirmed by webhook

Revision ID: d5e8f1a2b3c4
Revises: d2e8f4a61b39
Create Date: 2026-11-30 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d5e8f1a2b3c4"
down_revision: str | None = "d2e8f4a61b39"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("order") as batch:
        batch.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("refunded_pence", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "refund",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("order.id"), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False, unique=True),
        sa.Column("provider_reference", sa.String(length=255), nullable=True, unique=True),
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("requested_by_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'succeeded', 'failed', 'canceled')", name="ck_refund_status"),
        sa.CheckConstraint("amount_pence > 0", name="ck_refund_amount"),
    )
    op.create_index("ix_refund_order_id", "refund", ["order_id"])
    op.create_index("ix_refund_created", "refund", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_refund_created", table_name="refund")
    op.drop_index("ix_refund_order_id", table_name="refund")
    op.drop_table("refund")
    with op.batch_alter_table("order") as batch:
        batch.drop_column("refunded_pence")
        batch.drop_column("cancelled_at")
