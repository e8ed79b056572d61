"""The gateway's tables (SQLAlchemy 2 typed ORM). Changes need an Alembic migration in api/migrations."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from api.contract import Direction, Sender, State

STATES = tuple(State)
DIRECTIONS = tuple(Direction)
SENDERS = tuple(Sender)

JsonType = JSON().with_variant(JSONB(), "postgresql")
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite hands back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class Base(DeclarativeBase):
    pass


class ConversationRow(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        CheckConstraint(_in("state", STATES), name="ck_conversations_state"),
        Index("ix_conversations_tenant_state", "tenant", "state"),
        Index("ix_conversations_last_activity_at", "last_activity_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(32))
    tenant: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_activity_at: Mapped[datetime] = mapped_column(UtcDateTime())
    handoff_reason: Mapped[str | None] = mapped_column(String(32))
    assignee_id: Mapped[str | None] = mapped_column(String(64))
    profile_summary: Mapped[dict[str, Any] | None] = mapped_column(JsonType)


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "client_message_id", name="uq_messages_client_message_id"),
        CheckConstraint(_in("direction", DIRECTIONS), name="ck_messages_direction"),
        CheckConstraint(_in("sender", SENDERS), name="ck_messages_sender"),
        Index("ix_messages_conversation_id", "conversation_id", "id"),
        Index("ix_messages_reply_to", "reply_to"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(8))
    sender: Mapped[str] = mapped_column(String(8))
    client_message_id: Mapped[str | None] = mapped_column(String(100))
    reply_to: Mapped[int | None] = mapped_column(BigId, ForeignKey("messages.id", ondelete="SET NULL"))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonType)
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Inbound only: when its answer was complete (stored replies, or handed to the desk).
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ErasureRow(Base):
    """A tombstone: this conversation was erased. Until `recheck_until` the gateway deletes its
    tracker rows again (Rasa may still write back a turn that outlived the gateway's timeout)."""

    __tablename__ = "erasures"
    __table_args__ = (Index("ix_erasures_recheck_until", "recheck_until"),)

    conversation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(UtcDateTime())
    recheck_until: Mapped[datetime] = mapped_column(UtcDateTime())


class ChannelAddressRow(Base):
    """A messaging channel's conversation and whom it is with: the phone number or chat id encrypted
    (Fernet, MW_CHANNEL_KEY) and a keyed hash to find it by. Goes with the conversation."""

    __tablename__ = "channel_addresses"
    __table_args__ = (Index("ix_channel_addresses_lookup", "channel", "address_hash"),)

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(32))
    address_hash: Mapped[str] = mapped_column(String(64))
    address_secret: Mapped[str] = mapped_column(Text)


OUTBOX_STATUSES = ("pending", "held", "sent", "failed")


class OutboxRow(Base):
    """A message on its way out through a messaging channel, written in the transaction that stored
    the message; the outbox worker sends it (in order per conversation) with retries."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(_in("status", OUTBOX_STATUSES), name="ck_outbox_status"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_conversation", "conversation_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    message_id: Mapped[int] = mapped_column(BigId, ForeignKey("messages.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(8))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    parts_sent: Mapped[int] = mapped_column(Integer, default=0)  # of a message sent in several parts
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)  # the crisis text: before all else
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    error: Mapped[str | None] = mapped_column(String(64))  # a short code, never content
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class OutboxSentRow(Base):
    """The provider's id of each part sent (WhatsApp's wamid, keyed-hashed: a wamid holds the phone
    number), so a later "failed" status finds its message. Goes with the outbox row."""

    __tablename__ = "outbox_sent"
    __table_args__ = (Index("ix_outbox_sent_outbox_id", "outbox_id"),)

    provider_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    outbox_id: Mapped[int] = mapped_column(BigId, ForeignKey("outbox.id", ondelete="CASCADE"))


class ResumeCodeRow(Base):
    """The one resume code of a conversation (issue 17), as a SHA-256 of the code (80 random bits:
    no salt needed), valid until `expires_at`. Goes with the conversation (erasure, retention)."""

    __tablename__ = "resume_codes"
    __table_args__ = (
        UniqueConstraint("code_hash", name="uq_resume_codes_code_hash"),
        Index("ix_resume_codes_expires_at", "expires_at"),
    )

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ConversationTokenRow(Base):
    """A further token of a conversation, handed out when it was resumed with its code (the first
    token stays in `conversations.token_hash`). SHA-256 only. Goes with the conversation."""

    __tablename__ = "conversation_tokens"
    __table_args__ = (Index("ix_conversation_tokens_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
