"""support desk: tenants, opening hours, agents, sessions, audit log, handoffs, left questions

Revision ID: 0002
Revises: 0001
Create Date: 2025-06-01
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _when(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "opening_hours",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "tenant_id", sa.String(64), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("opens", sa.SmallInteger(), nullable=False),
        sa.Column("closes", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="ck_opening_hours_weekday"),
        sa.CheckConstraint("opens >= 0 AND opens < closes AND closes <= 1440", name="ck_opening_hours_times"),
    )
    op.create_index("ix_opening_hours_tenant", "opening_hours", ["tenant_id"])
    op.create_table(
        "agents",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "tenant_id", sa.String(64), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
        _when("last_login_at", nullable=True),
        sa.CheckConstraint("role IN ('agent', 'supervisor', 'admin')", name="ck_agents_role"),
    )
    op.create_index("ix_agents_tenant", "agents", ["tenant_id"])
    op.create_table(
        "agent_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("agent_id", sa.String(36), sa.ForeignKey("agents.id", ondelete="CASCADE"), nullable=False),
        _when("created_at"),
        _when("last_seen_at"),
        _when("expires_at"),
    )
    op.create_index("ix_agent_sessions_agent", "agent_sessions", ["agent_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
        _when("at"),
        sa.Column("tenant_id", sa.String(64), nullable=True),
        sa.Column("agent_id", sa.String(36), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("conversation_id", sa.String(36), nullable=True),
        sa.Column("detail", _JSON, nullable=True),
    )
    op.create_index("ix_audit_log_tenant_at", "audit_log", ["tenant_id", "at"])
    op.create_index("ix_audit_log_conversation", "audit_log", ["conversation_id"])
    op.create_table(
        "handoffs",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
        sa.Column(
            "conversation_id",
            sa.String(36),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("tenant_id", sa.String(64), nullable=True),
        sa.Column("reason", sa.String(32), nullable=True),
        _when("requested_at"),
        _when("claimed_at", nullable=True),
        sa.Column("agent_id", sa.String(36), nullable=True),
        _when("ended_at", nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
    )
    op.create_index("ix_handoffs_conversation", "handoffs", ["conversation_id", "ended_at"])
    op.create_index("ix_handoffs_tenant_claimed", "handoffs", ["tenant_id", "claimed_at"])
    op.create_table(
        "left_questions",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column(
            "conversation_id",
            sa.String(36),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("contact_method", sa.String(8), nullable=False),
        sa.Column("contact_value", sa.String(254), nullable=False),
        sa.Column("consent_text", sa.Text(), nullable=False),
        _when("consent_at"),
        _when("created_at"),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("assignee_id", sa.String(36), nullable=True),
        _when("claimed_at", nullable=True),
        sa.CheckConstraint("contact_method IN ('phone', 'email')", name="ck_left_questions_contact_method"),
        sa.CheckConstraint("state IN ('open', 'claimed')", name="ck_left_questions_state"),
    )
    op.create_index("ix_left_questions_tenant_state", "left_questions", ["tenant_id", "state"])
    op.create_index("ix_left_questions_conversation", "left_questions", ["conversation_id"])


def downgrade() -> None:
    for table in (
        "left_questions",
        "handoffs",
        "audit_log",
        "agent_sessions",
        "agents",
        "opening_hours",
        "tenants",
    ):
        op.drop_table(table)
