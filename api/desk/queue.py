"""The desk's queue: conversations that wait for or are with an agent, and the record of each
stay with the desk (`handoffs`: when it started waiting, when it was claimed, how it ended).

Order: urgent (crisis) first, then the longest waiting. A conversation belongs to the desk of its
tenant; conversations without a tenant belong to the default desk (MW_DESK_DEFAULT_TENANT).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    case,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)

from api.desk.records import QueueItem
from api.desk.tables import AGENTS, HANDOFFS
from api.store.conversations import CONVERSATIONS, MESSAGES
from api.store.records import ConversationRecord, utcnow

ON_DESK = ("waiting", "assigned")


def in_scope(tenant_id: str, default_tenant: str) -> ColumnElement[bool]:
    """Conversations of this desk: its own tenant's, and tenant-less ones for the default desk."""
    own = CONVERSATIONS.c.tenant == tenant_id
    if tenant_id == default_tenant:
        return or_(own, CONVERSATIONS.c.tenant.is_(None))
    return own


class QueueStore:
    def __init__(self, engine: Engine, default_tenant: str) -> None:
        self.engine = engine
        self.default_tenant = default_tenant

    def desk_of(self, conversation_tenant: str | None) -> str | None:
        """The desk tenant that serves a conversation (None: no desk)."""
        return conversation_tenant or self.default_tenant or None

    # --- stays with the desk ---------------------------------------------------------------------

    def record_state(self, conversation: ConversationRecord) -> None:
        """Keeps `handoffs` in step with a state change (called by the conversation service)."""
        now = utcnow()
        with self.engine.begin() as connection:
            open_stay = connection.execute(
                select(HANDOFFS.c.id, HANDOFFS.c.claimed_at)
                .where(HANDOFFS.c.conversation_id == conversation.id, HANDOFFS.c.ended_at.is_(None))
                .order_by(HANDOFFS.c.id.desc())
            ).first()
            if conversation.state in ON_DESK:
                values: dict[str, Any] = {"reason": conversation.handoff_reason}
                if conversation.state == "assigned":
                    values["agent_id"] = conversation.assignee_id
                    if open_stay is None or open_stay.claimed_at is None:
                        values["claimed_at"] = now
                else:  # back in the queue: waiting again, keeps its place
                    values.update(agent_id=None, claimed_at=None)
                if open_stay is None:
                    connection.execute(
                        insert(HANDOFFS).values(
                            conversation_id=conversation.id,
                            tenant_id=self.desk_of(conversation.tenant),
                            requested_at=now,
                            **values,
                        )
                    )
                else:
                    connection.execute(update(HANDOFFS).where(HANDOFFS.c.id == open_stay.id).values(**values))
            elif open_stay is not None:
                connection.execute(
                    update(HANDOFFS)
                    .where(HANDOFFS.c.id == open_stay.id)
                    .values(ended_at=now, outcome=conversation.state)
                )

    def was_with_desk(self, conversation_id: str) -> bool:
        with self.engine.connect() as connection:
            return bool(
                connection.execute(
                    select(exists().where(HANDOFFS.c.conversation_id == conversation_id))
                ).scalar()
            )

    def waited_minutes(self, tenant_id: str, since: datetime, limit: int = 20) -> list[float]:
        """How long the most recently claimed conversations of this desk waited, in minutes."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(HANDOFFS.c.requested_at, HANDOFFS.c.claimed_at)
                .where(
                    HANDOFFS.c.tenant_id == tenant_id,
                    HANDOFFS.c.claimed_at.is_not(None),
                    HANDOFFS.c.claimed_at >= since,
                )
                .order_by(HANDOFFS.c.claimed_at.desc())
                .limit(limit)
            )
            return [max(0.0, (r.claimed_at - r.requested_at).total_seconds() / 60) for r in rows]

    # --- the queue -------------------------------------------------------------------------------

    def _query(self, connection: Connection, *conditions: ColumnElement[bool]) -> list[QueueItem]:
        stay = (
            select(
                HANDOFFS.c.conversation_id,
                func.min(HANDOFFS.c.requested_at).label("requested_at"),
            )
            .where(HANDOFFS.c.ended_at.is_(None))
            .group_by(HANDOFFS.c.conversation_id)
            .subquery()
        )
        since = func.coalesce(stay.c.requested_at, CONVERSATIONS.c.updated_at)
        # Urgent: handed over in a crisis, or a crisis text was shown in this conversation (the
        # person may have accepted the crisis offer with a plain "talk to a person").
        crisis_shown = exists().where(
            MESSAGES.c.conversation_id == CONVERSATIONS.c.id,
            MESSAGES.c.sender == "system",
            MESSAGES.c.payload["type"].as_string() == "crisis",
        )
        urgent = or_(CONVERSATIONS.c.handoff_reason == "crisis", crisis_shown)
        last_words = (
            select(MESSAGES.c.text)
            .where(MESSAGES.c.conversation_id == CONVERSATIONS.c.id, MESSAGES.c.sender == "user")
            .order_by(MESSAGES.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        query = (
            select(
                urgent.label("urgent"),
                last_words.label("last_words"),
                CONVERSATIONS.c.id,
                CONVERSATIONS.c.state,
                CONVERSATIONS.c.channel,
                CONVERSATIONS.c.tenant,
                CONVERSATIONS.c.handoff_reason,
                CONVERSATIONS.c.assignee_id,
                CONVERSATIONS.c.updated_at,
                stay.c.requested_at,
                AGENTS.c.display_name,
            )
            .select_from(
                CONVERSATIONS.outerjoin(stay, stay.c.conversation_id == CONVERSATIONS.c.id).outerjoin(
                    AGENTS, AGENTS.c.id == CONVERSATIONS.c.assignee_id
                )
            )
            .where(*conditions)
            .order_by(case((urgent, 0), else_=1), since, CONVERSATIONS.c.id)
        )
        items = []
        for row in connection.execute(query):
            items.append(
                QueueItem(
                    conversation_id=row.id,
                    state=row.state,
                    channel=row.channel,
                    tenant=row.tenant,
                    reason=row.handoff_reason,
                    urgent=bool(row.urgent),
                    preview=_preview(row.last_words),
                    # a naive value can come back from min() on SQLite: it is UTC
                    waiting_since=_aware(row.requested_at or row.updated_at),
                    assignee_id=row.assignee_id,
                    assignee_name=row.display_name,
                )
            )
        return items

    def items(self, tenant_id: str, states: tuple[str, ...] = ON_DESK) -> list[QueueItem]:
        with self.engine.connect() as connection:
            return self._query(
                connection, in_scope(tenant_id, self.default_tenant), CONVERSATIONS.c.state.in_(states)
            )

    def item(self, conversation_id: str) -> QueueItem | None:
        with self.engine.connect() as connection:
            found = self._query(connection, CONVERSATIONS.c.id == conversation_id)
            return found[0] if found else None

    def waiting_count(self, tenant_id: str) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.execute(
                    select(func.count())
                    .select_from(CONVERSATIONS)
                    .where(in_scope(tenant_id, self.default_tenant), CONVERSATIONS.c.state == "waiting")
                ).scalar_one()
            )


def _preview(text: str | None, length: int = 80) -> str | None:
    """The start of the person's last message, so agents can tell conversations apart."""
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _aware(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


RECENT = timedelta(days=7)  # claims this recent tell the expected waiting time
