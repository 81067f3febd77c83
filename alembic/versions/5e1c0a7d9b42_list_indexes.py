"""indexes for lists at full size: ordering, and trigram search on PostgreSQL

Revision ID: 5e1c0a7d9b42
Revises: bcbc5cd66d1a
Create Date: 2026-11-29 08:00:00

The b-tree indexes let every list page read its first rows in order instead of sorting the
table; the GIN trigram indexes (PostgreSQL, extension pg_trgm) serve the search boxes'
"contains" match, lower(column) LIKE '%term%' (services/paging.search_clause). On a large
existing database, build them beforehand with CREATE INDEX CONCURRENTLY under these names: the
migration then skips them (IF NOT EXISTS).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5e1c0a7d9b42"
down_revision: str | None = "bcbc5cd66d1a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORDERED = [
    ("ix_order_created", "order", ["created_at", "id"]),
    ("ix_learner_record_last_name", "learner_record", ["last_name", "id"]),
    ("ix_connection_third_party_created", "connection", ["third_party_account_id", "created_at", "id"]),
    ("ix_account_deletion_requested", "account", ["deletion_requested_at"]),
]
TRIGRAM = [
    ("ix_order_number_trgm", "order", "number"),
    ("ix_order_full_name_trgm", "order", "full_name"),
    ("ix_order_delivery_option_name_trgm", "order", "delivery_option_name"),
    ("ix_order_created_by_name_trgm", "order", "created_by_name"),
    ("ix_learner_record_candidate_number_trgm", "learner_record", "candidate_number"),
    ("ix_learner_record_full_name_trgm", "learner_record", "(first_name::text || ' '::text) || last_name::text"),
    ("ix_learner_record_email_trgm", "learner_record", "email"),
    ("ix_document_reference_trgm", "document", "reference"),
    ("ix_connection_learner_name_trgm", "connection", "learner_name"),
    ("ix_connection_learner_email_trgm", "connection", "learner_email"),
    ("ix_connection_third_party_name_trgm", "connection", "third_party_name"),
    ("ix_connection_third_party_email_trgm", "connection", "third_party_email"),
    ("ix_outbound_email_to_address_trgm", "outbound_email", "to_address"),
]


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    for name, table, columns in ORDERED:
        op.create_index(name, table, columns, if_not_exists=True)
    # the third party's learners page reads active connections in name order
    op.drop_index("ix_connection_third_party_status", table_name="connection")
    op.create_index(
        "ix_connection_third_party_status", "connection", ["third_party_account_id", "status", "learner_name"]
    )
    if _postgresql():
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, expression in TRIGRAM:
            op.execute(f'CREATE INDEX IF NOT EXISTS {name} ON "{table}" USING gin (lower({expression}) gin_trgm_ops)')


def downgrade() -> None:
    if _postgresql():
        for name, _table, _expression in TRIGRAM:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index("ix_connection_third_party_status", table_name="connection")
    op.create_index("ix_connection_third_party_status", "connection", ["third_party_account_id", "status"])
    for name, table, _columns in ORDERED:
        op.drop_index(name, table_name=table)
