"""Plain snapshots of the desk's rows, safe to pass between threads and layers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from api.desk.hours import OpeningHours

Role = Literal["agent", "supervisor", "admin"]
ContactMethod = Literal["phone", "email"]


@dataclass(frozen=True)
class Tenant:
    id: str
    name: str
    timezone: str
    hours: OpeningHours


@dataclass(frozen=True)
class Agent:
    id: str
    tenant_id: str
    email: str
    display_name: str
    role: Role
    active: bool = True
    password_hash: str = field(default="", repr=False)

    @property
    def supervises(self) -> bool:
        """Supervisors and admins may read the audit log and take over a colleague's conversation."""
        return self.role in ("supervisor", "admin")

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "email": self.email, "name": self.display_name, "role": self.role}


@dataclass(frozen=True)
class QueueItem:
    """A conversation that is with the desk (waiting or assigned), as the queue shows it."""

    conversation_id: str
    state: str
    channel: str
    tenant: str | None
    reason: str | None
    waiting_since: datetime
    urgent: bool = False  # a crisis: first in the queue
    preview: str | None = None  # the start of the person's last message
    assignee_id: str | None = None
    assignee_name: str | None = None
    # where a crisis flag came from: "keywords" (the gateway's word check, bot.safety) or "bot"
    crisis_source: str | None = None

    def public(self) -> dict[str, Any]:
        return {
            "conversation_id": self.conversation_id,
            "state": self.state,
            "channel": self.channel,
            "tenant": self.tenant,
            "reason": self.reason,
            "urgent": self.urgent,
            "crisis_source": self.crisis_source,
            "preview": self.preview,
            "waiting_since": self.waiting_since.isoformat(),
            "assignee": {"id": self.assignee_id, "name": self.assignee_name} if self.assignee_id else None,
        }


@dataclass(frozen=True)
class LeftQuestion:
    id: int
    tenant_id: str
    conversation_id: str
    question: str
    contact_method: ContactMethod
    contact_value: str
    consent_text: str
    consent_at: datetime
    created_at: datetime
    state: str
    assignee_id: str | None = None
    assignee_name: str | None = None

    def summary(self) -> dict[str, Any]:
        """What the queue shows (no contact details, no question text)."""
        return {
            "id": self.id,
            "state": self.state,
            "created_at": self.created_at.isoformat(),
            "contact_method": self.contact_method,
            "assignee": {"id": self.assignee_id, "name": self.assignee_name} if self.assignee_id else None,
        }

    def public(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "conversation_id": self.conversation_id,
            "question": self.question,
            "contact_value": self.contact_value,
            "consent_text": self.consent_text,
            "consent_at": self.consent_at.isoformat(),
        }


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    tenant_id: str | None
    agent_id: str | None
    action: str
    conversation_id: str | None
    detail: dict[str, Any] | None

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "agent_id": self.agent_id,
            "action": self.action,
            "conversation_id": self.conversation_id,
            "detail": self.detail or {},
        }
