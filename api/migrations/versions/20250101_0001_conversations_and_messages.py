"""conversations and messages

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handoff_reason", sa.String(32), nullable=True),
        sa.Column("assignee_id", sa.String(64), nullable=True),
        sa.Column("profile_summary", _JSON, nullable=True),
        sa.CheckConstraint(
            "state IN ('bot', 'waiting', 'assigned', 'closed')", name="ck_conversations_state"
        ),
    )
    op.create_index("ix_conversations_tenant_state", "conversations", ["tenant", "state"])
    op.create_index("ix_conversations_last_activity_at", "conversations", ["last_activity_at"])
    op.create_table(
        "messages",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
        sa.Column(
            "conversation_id",
            sa.String(36),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("sender", sa.String(8), nullable=False),
        sa.Column("client_message_id", sa.String(100), nullable=True),
        sa.Column("reply_to", _BIG_ID, sa.ForeignKey("messages.id", ondelete="SET NULL"), nullable=True),
        sa.Column("payload", _JSON, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("conversation_id", "client_message_id", name="uq_messages_client_message_id"),
        sa.CheckConstraint("direction IN ('in', 'out', 'note')", name="ck_messages_direction"),
        sa.CheckConstraint("sender IN ('bot', 'user', 'agent', 'system')", name="ck_messages_sender"),
    )
    op.create_index("ix_messages_conversation_id", "messages", ["conversation_id", "id"])
    op.create_index("ix_messages_reply_to", "messages", ["reply_to"])


def downgrade() -> None:
    op.drop_table("messages")
    op.drop_table("conversations")
