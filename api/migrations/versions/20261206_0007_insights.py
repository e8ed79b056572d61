"""insight figures: one anonymous row per conversation and month, linked while the conversation exists

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "insights",
        sa.Column("key", sa.String(43), primary_key=True),
        sa.Column("tenant", sa.String(64), nullable=True),
        sa.Column("municipality", sa.String(6), nullable=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("needs", _JSON, nullable=False),
        sa.Column("burden", sa.String(16), nullable=True),
        sa.Column("kinds", _JSON, nullable=False),
        sa.Column("asked_for_person", sa.Boolean(), nullable=False),
        sa.Column("waited_minutes", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "burden IS NULL OR burden IN ('light', 'moderate', 'heavy')", name="ck_insights_burden"
        ),
    )
    op.create_index("ix_insights_tenant_month", "insights", ["tenant", "month"])
    op.create_index("ix_insights_municipality_month", "insights", ["municipality", "month"])
    op.create_table(
        "insight_links",
        sa.Column(
            "conversation_id",
            sa.String(36),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "insight_key",
            sa.String(43),
            sa.ForeignKey("insights.key", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("waiting_since", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("insight_links")
    op.drop_index("ix_insights_municipality_month", table_name="insights")
    op.drop_index("ix_insights_tenant_month", table_name="insights")
    op.drop_table("insights")
