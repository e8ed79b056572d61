"""employer arrangements uploaded in the desk, versioned

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # One row per uploaded version of a tenant's employer file (api/desk/arrangements.py); `active`
    # marks the one conversations use (written to MW_EMPLOYERS_DIR/<tenant>.yml).
    op.create_table(
        "employer_arrangements",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
        sa.Column(
            "tenant_id", sa.String(64), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.String(36), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(36), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("tenant_id", "version", name="uq_employer_arrangements_version"),
    )
    op.create_index("ix_employer_arrangements_active", "employer_arrangements", ["tenant_id", "active"])


def downgrade() -> None:
    op.drop_index("ix_employer_arrangements_active", table_name="employer_arrangements")
    op.drop_table("employer_arrangements")
