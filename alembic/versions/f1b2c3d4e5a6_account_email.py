"""account_email: more than one e-mail address for one person

Revision ID: f1b2c3d4e5a6
Revises: e7a3c9d1f2b4
Create Date: 2026-11-30 16:45:00

A learner or third party can add an address, prove it by link, sign in with it, make it the one
that receives mail, and remove it (issue 16, part 5). The link is an e-mail token with the new
purpose "add_email".
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f1b2c3d4e5a6"
down_revision: str | None = "e7a3c9d1f2b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_PURPOSES = "purpose IN ('verify', 'reset', 'invite', 'change_email')"
NEW_PURPOSES = "purpose IN ('verify', 'reset', 'invite', 'change_email', 'add_email')"
VERIFIED = sa.text("verified_at IS NOT NULL")


def _purposes(check: str) -> None:
    # SQLite rebuilds the table (its CHECK is part of the table's text); PostgreSQL swaps it.
    with op.batch_alter_table("email_token", recreate="auto") as batch:
        batch.drop_constraint("ck_email_token_purpose", type_="check")
        batch.create_check_constraint("ck_email_token_purpose", check)


def upgrade() -> None:
    op.create_table(
        "account_email",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "address", name="uq_account_email_account_address"),
    )
    op.create_index("ix_account_email_account_id", "account_email", ["account_id"])
    op.create_index(
        "ux_account_email_verified_address",
        "account_email",
        ["address"],
        unique=True,
        sqlite_where=VERIFIED,
        postgresql_where=VERIFIED,
    )
    _purposes(NEW_PURPOSES)


def downgrade() -> None:
    op.execute("DELETE FROM email_token WHERE purpose = 'add_email'")
    _purposes(OLD_PURPOSES)
    op.drop_index("ux_account_email_verified_address", table_name="account_email")
    op.drop_index("ix_account_email_account_id", table_name="account_email")
    op.drop_table("account_email")
