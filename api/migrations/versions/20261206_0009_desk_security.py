"""desk security: login backoff and handoff limits

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

The login backoff's counters (per account and per client address, both as keyed hashes) live in
the database, so several gateway replicas agree. The handoff and question limits count in Redis
or in memory (api/services/limits.py) and need no table.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("key", sa.String(64), primary_key=True),  # HMAC-SHA256 hex, never the address
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_login_failures_last", "login_failures", ["last_failure_at"])
    op.create_table(
        "desk_keys",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("desk_keys")
    op.drop_index("ix_login_failures_last", table_name="login_failures")
    op.drop_table("login_failures")
