"""issue reports: the corrected version of the document that a report led to

Revision ID: e7a3c9d1f2b4
Revises: d5e8f1a2b3c4
Create Date: 2026-11-30 15:30:00

"Correct the document" on a report issues the corrected version and links it back to the
report, so staff (and the support view) see what the report led to.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e7a3c9d1f2b4"
down_revision: str | None = "d5e8f1a2b3c4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("issue_report") as batch:
        batch.add_column(sa.Column("corrected_document_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_issue_report_corrected_document", "document", ["corrected_document_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("issue_report") as batch:
        batch.drop_constraint("fk_issue_report_corrected_document", type_="foreignkey")
        batch.drop_column("corrected_document_id")
