"""outbox: the provider's id of each part sent (to match a failed status); urgent rows (crisis) first

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "outbox_sent",
        sa.Column("provider_id", sa.String(128), primary_key=True),
        sa.Column("outbox_id", _ID, sa.ForeignKey("outbox.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_outbox_sent_outbox_id", "outbox_sent", ["outbox_id"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("urgent")
    op.drop_table("outbox_sent")
