"""desk canned replies

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

Short standard answers of a tenant's desk ("standaardantwoorden"): a title and a text, managed by
the tenant's supervisors and admins, picked by agents in the composer (api/desk/canned.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "canned_replies",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "tenant_id", sa.String(64), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_canned_replies_tenant", "canned_replies", ["tenant_id"])


def downgrade() -> None:
    op.drop_index("ix_canned_replies_tenant", table_name="canned_replies")
    op.drop_table("canned_replies")
