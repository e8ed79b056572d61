"""erasure tombstones: re-delete Rasa's tracker rows that a late turn wrote back

Revision ID: 0003
Revises: 0002
Create Date: 2026-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erasures",
        sa.Column("conversation_id", sa.String(36), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recheck_until", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_erasures_recheck_until", "erasures", ["recheck_until"])


def downgrade() -> None:
    op.drop_table("erasures")
