"""Plain snapshots of stored rows, safe to pass between threads and layers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

State = Literal["bot", "waiting", "assigned", "closed"]
Direction = Literal["in", "out", "note"]
Sender = Literal["bot", "user", "agent", "system"]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class ConversationRecord:
    id: str
    token_hash: str
    state: State
    channel: str
    tenant: str | None
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime
    handoff_reason: str | None = None
    assignee_id: str | None = None
    profile_summary: dict[str, Any] | None = None


@dataclass(frozen=True)
class NewMessage:
    """A message to store: `payload` is the contract message (or the inbound body)."""

    direction: Direction
    sender: Sender
    payload: dict[str, Any]
    text: str = ""
    client_message_id: str | None = None


@dataclass(frozen=True)
class MessageRecord:
    id: int
    conversation_id: str
    direction: Direction
    sender: Sender
    payload: dict[str, Any]
    text: str
    created_at: datetime
    client_message_id: str | None = None
    reply_to: int | None = None
    handled_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        """The transcript/event shape: ids and sender around the contract message."""
        return {
            "id": self.id,
            "direction": self.direction,
            "sender": self.sender,
            "created_at": self.created_at.isoformat(),
            "message": self.payload,
        }
