"""The audit log: every login, read, claim, reply, card, note, transfer, handback and close, and the
changes to the canned replies, by whom and when.

Rows hold ids and action names, never message text or contact details; they stay after a
conversation is erased (its id then points at nothing).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, insert, null, select

from api.desk.records import AuditEntry
from api.desk.tables import AUDIT_LOG
from api.store.records import utcnow

# The actions written (the desk UI and reports may rely on these names).
ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "read",
    "claim",
    "claim_refused",
    "reply",
    "note",
    "card",
    "handback",
    "close",
    "question_left",
    "question_read",
    "question_claim",
    "question_done",
    "transfer",  # detail: from_agent, to_agent (ids)
    "canned_add",  # detail: canned_reply (its id; never the title or text)
    "canned_edit",
    "canned_delete",
)


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(
        self,
        action: str,
        *,
        tenant_id: str | None,
        agent_id: str | None = None,
        conversation_id: str | None = None,
        **detail: Any,
    ) -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        with self.engine.begin() as connection:
            connection.execute(
                insert(AUDIT_LOG).values(
                    at=utcnow(),
                    tenant_id=tenant_id,
                    agent_id=agent_id,
                    action=action,
                    conversation_id=conversation_id,
                    detail=detail or null(),
                )
            )

    def entries(
        self, tenant_id: str, conversation_id: str | None = None, limit: int = 200
    ) -> list[AuditEntry]:
        """Newest first."""
        query = select(AUDIT_LOG).where(AUDIT_LOG.c.tenant_id == tenant_id)
        if conversation_id is not None:
            query = query.where(AUDIT_LOG.c.conversation_id == conversation_id)
        query = query.order_by(AUDIT_LOG.c.id.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [
                AuditEntry(r.id, r.at, r.tenant_id, r.agent_id, r.action, r.conversation_id, r.detail)
                for r in connection.execute(query)
            ]
