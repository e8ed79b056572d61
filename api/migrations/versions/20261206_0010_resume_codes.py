"""resume codes: a way back to a conversation from another tab or later (issue 17)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

`resume_codes`: one code per conversation, stored as a SHA-256 of the code only, with its expiry.
`conversation_tokens`: the further tokens handed out when the conversation was resumed (SHA-256
only; the first token stays in `conversations.token_hash`). Both go with the conversation.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "resume_codes",
        sa.Column(
            "conversation_id",
            sa.String(36),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("code_hash", name="uq_resume_codes_code_hash"),
    )
    op.create_index("ix_resume_codes_expires_at", "resume_codes", ["expires_at"])
    op.create_table(
        "conversation_tokens",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column(
            "conversation_id",
            sa.String(36),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_conversation_tokens_conversation", "conversation_tokens", ["conversation_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_conversation_tokens_conversation", table_name="conversation_tokens")
    op.drop_table("conversation_tokens")
    op.drop_index("ix_resume_codes_expires_at", table_name="resume_codes")
    op.drop_table("resume_codes")
