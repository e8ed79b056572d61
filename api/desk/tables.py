"""The support desk's tables (migration: api/migrations/versions/*_0002_support_desk.py).

On the gateway's declarative base, so foreign keys to `conversations` resolve. Nothing here holds
what a person wrote except `left_questions` (with their consent); the audit log keeps who did what,
never message text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.store.models import Base, BigId, JsonType, UtcDateTime

ROLES = ("agent", "supervisor", "admin")
CONTACT_METHODS = ("phone", "email")
QUESTION_STATES = ("open", "claimed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class TenantRow(Base):
    """An organisation with its own desk: a municipality, an employer, ..."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # as in conversations.tenant
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    origins: Mapped[list[str] | None] = mapped_column(JsonType)  # pages that may embed its widget
    colour: Mapped[str | None] = mapped_column(String(7))  # "#1f6f8b": the widget's accent colour
    municipality: Mapped[str | None] = mapped_column(String(6))  # CBS code: a municipality's tenant


class TenantSecretRow(Base):
    """A tenant's secret for signing `tenant_token`s. `valid_until` null: the current one; a rotated
    secret stays valid until then (its grace period)."""

    __tablename__ = "tenant_secrets"
    __table_args__ = (Index("ix_tenant_secrets_tenant", "tenant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    secret: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    valid_until: Mapped[datetime | None] = mapped_column(UtcDateTime())


class OpeningHoursRow(Base):
    """One opening interval on one weekday (0 = Monday), in minutes after local midnight."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="ck_opening_hours_weekday"),
        CheckConstraint("opens >= 0 AND opens < closes AND closes <= 1440", name="ck_opening_hours_times"),
        Index("ix_opening_hours_tenant", "tenant_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(SmallInteger)
    opens: Mapped[int] = mapped_column(SmallInteger)
    closes: Mapped[int] = mapped_column(SmallInteger)


class AgentRow(Base):
    """A desk account (agent, supervisor or admin) of one tenant."""

    __tablename__ = "agents"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="ck_agents_role"),
        Index("ix_agents_tenant", "tenant_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower case
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AgentSessionRow(Base):
    """A signed-in browser. `id` is the SHA-256 of the cookie's token (the token is never stored)."""

    __tablename__ = "agent_sessions"
    __table_args__ = (Index("ix_agent_sessions_agent", "agent_id"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuditRow(Base):
    """Who did what to which conversation, and when. No message text; kept after erasure."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_tenant_at", "tenant_id", "at"),
        Index("ix_audit_log_conversation", "conversation_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    agent_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(32))
    conversation_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JsonType)


class HandoffRow(Base):
    """One stay of a conversation with the desk: from `waiting` until back to the bot or closed.
    Gives the queue its waiting times and the handoff policy its expected wait."""

    __tablename__ = "handoffs"
    __table_args__ = (
        Index("ix_handoffs_conversation", "conversation_id", "ended_at"),
        Index("ix_handoffs_tenant_claimed", "tenant_id", "claimed_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(String(32))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    agent_id: Mapped[str | None] = mapped_column(String(36))
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    outcome: Mapped[str | None] = mapped_column(String(16))


class LeftQuestionRow(Base):
    """A question left outside opening hours, with how the person wants to be contacted and the
    consent they gave. Deleted when handled, or with its conversation (erasure, retention)."""

    __tablename__ = "left_questions"
    __table_args__ = (
        CheckConstraint(_in("contact_method", CONTACT_METHODS), name="ck_left_questions_contact_method"),
        CheckConstraint(_in("state", QUESTION_STATES), name="ck_left_questions_state"),
        Index("ix_left_questions_tenant_state", "tenant_id", "state"),
        Index("ix_left_questions_conversation", "conversation_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(Text)
    contact_method: Mapped[str] = mapped_column(String(8))
    contact_value: Mapped[str] = mapped_column(String(254))
    consent_text: Mapped[str] = mapped_column(Text)
    consent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    state: Mapped[str] = mapped_column(String(8))
    assignee_id: Mapped[str | None] = mapped_column(String(36))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


def _table(row: type[Base]) -> Table:
    table = row.__table__
    assert isinstance(table, Table)
    return table


TENANTS = _table(TenantRow)
TENANT_SECRETS = _table(TenantSecretRow)
OPENING_HOURS = _table(OpeningHoursRow)
AGENTS = _table(AgentRow)
AGENT_SESSIONS = _table(AgentSessionRow)
AUDIT_LOG = _table(AuditRow)
HANDOFFS = _table(HandoffRow)
LEFT_QUESTIONS = _table(LeftQuestionRow)


# --- desk security (migration 0009: api/migrations/versions/20261206_0009_desk_security.py) ------


class LoginFailureRow(Base):
    """Recent failed sign-ins of one account or one client address, for the login backoff.
    `key` is a keyed hash (HMAC-SHA256) of the e-mail address or the client address, never the
    address itself. `version` grows with every change (compare-and-set between replicas)."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_last", "last_failure_at"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer)


class DeskKeyRow(Base):
    """The random key of the keyed hashes in `login_failures`, shared by the replicas (only when
    MW_DESK_ADDRESS_KEY is not set)."""

    __tablename__ = "desk_keys"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


LOGIN_FAILURES = _table(LoginFailureRow)
DESK_KEYS = _table(DeskKeyRow)


# --- canned replies (migration 0011: api/migrations/versions/20261206_0011_canned_replies.py) ------


class CannedReplyRow(Base):
    """A standard answer of a tenant's desk: a short title and the text an agent starts from."""

    __tablename__ = "canned_replies"
    __table_args__ = (Index("ix_canned_replies_tenant", "tenant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


CANNED_REPLIES = _table(CannedReplyRow)
