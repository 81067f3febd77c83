"""audit log: the client's address on each event; indexes for the audit log viewer and the overview's charts

Revision ID: d2e8f4a61b39
Revises: c4d8e2f1a6b3
Create Date: 2026-11-30 13:00:00

The viewer lists events newest first and by date range (created_at, id), and its search box
looks in the detail text (trigram, PostgreSQL only, as in 5e1c0a7d9b42). The overview's weekly
charts read twelve weeks of documents, connections and views by their timestamps, and count
public verifications (a new table, verification_check: outcome and time only).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d2e8f4a61b39"
down_revision: str | None = "c4d8e2f1a6b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WEEKLY = [
    ("ix_audit_event_action_created", "audit_event", ["action", "created_at"]),
    ("ix_document_created", "document", ["created_at"]),
    ("ix_document_status_changed", "document", ["status_changed_at"]),
    ("ix_connection_created", "connection", ["created_at"]),
    ("ix_document_access_viewed", "document_access", ["viewed_at"]),
]


def upgrade() -> None:
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("client_address", sa.String(length=64), nullable=False, server_default=""))
    op.create_index("ix_audit_event_created", "audit_event", ["created_at", "id"], if_not_exists=True)
    op.create_table(
        "verification_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_verification_check_created", "verification_check", ["created_at"])
    for name, table, columns in WEEKLY:
        op.create_index(name, table, columns, if_not_exists=True)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_audit_event_detail_trgm ON audit_event "
            "USING gin (lower(detail) gin_trgm_ops)"
        )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_audit_event_detail_trgm")
    for name, table, _columns in WEEKLY:
        op.drop_index(name, table_name=table)
    op.drop_index("ix_verification_check_created", table_name="verification_check")
    op.drop_table("verification_check")
    op.drop_index("ix_audit_event_created", table_name="audit_event")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("client_address")
