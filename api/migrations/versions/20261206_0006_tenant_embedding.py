"""tenants: signing secrets for intranet embedding, allowed origins, appearance, municipality

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "tenant_secrets",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "tenant_id", sa.String(64), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        # null: the current secret; else the end of a rotated secret's grace period
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_tenant_secrets_tenant", "tenant_secrets", ["tenant_id"])
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("origins", _JSON, nullable=True))
        batch.add_column(sa.Column("colour", sa.String(7), nullable=True))
        batch.add_column(sa.Column("municipality", sa.String(6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("municipality")
        batch.drop_column("colour")
        batch.drop_column("origins")
    op.drop_table("tenant_secrets")
