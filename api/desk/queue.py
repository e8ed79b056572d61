"""The desk's queue: conversations that wait for or are with an agent, and the record of each
stay with the desk (`handoffs`: when it started waiting, when it was claimed, how it ended).

Order: urgent (crisis) first, then the longest waiting. A conversation belongs to the desk of its
tenant; conversations without a tenant belong to the default desk (MW_DESK_DEFAULT_TENANT).

What the desk may see (`Visibility`): a conversation while it waits or is assigned, and for
MW_DESK_VISIBILITY_MINUTES after it went back to the bot or was closed; of its messages, those
before its first stay with the desk and those during a stay or within that window after it.
`QueueGuard` keeps fake handoffs out of the queue (limits per address and per desk).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
from api.services.handoff import HandoffDecision, HandoffPolicy
from api.services.limits import CALLER_ADDRESS, QueueLimits
from api.store.conversations import CONVERSATIONS, MESSAGES
from api.store.records import ConversationRecord, utcnow
from api.texts import desk as texts

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

    def stays(self, conversation_id: str) -> list[Stay]:
        """The conversation's stays with the desk, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(HANDOFFS.c.requested_at, HANDOFFS.c.ended_at)
                .where(HANDOFFS.c.conversation_id == conversation_id)
                .order_by(HANDOFFS.c.requested_at, HANDOFFS.c.id)
            )
            return [Stay(_aware(r.requested_at), _aware(r.ended_at) if r.ended_at else None) for r in rows]

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
        # Where the crisis flag came from: the gateway's own word check (bot.safety) stores its
        # fixed text as a `system` message; the bot flags one with its own crisis message or handoff.
        bot_crisis = or_(
            CONVERSATIONS.c.handoff_reason == "crisis",
            exists().where(
                MESSAGES.c.conversation_id == CONVERSATIONS.c.id,
                MESSAGES.c.sender == "bot",
                MESSAGES.c.payload["type"].as_string() == "crisis",
            ),
        )
        crisis_source = case((crisis_shown, "keywords"), (bot_crisis, "bot"), else_=None)
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
                crisis_source.label("crisis_source"),
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
                    crisis_source=row.crisis_source,
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


# --- what the desk may see -------------------------------------------------------------------------


@dataclass(frozen=True)
class Stay:
    requested_at: datetime
    ended_at: datetime | None  # None: still with the desk


@dataclass(frozen=True)
class Visibility:
    """MW_DESK_VISIBILITY_MINUTES as a rule over a conversation's stays with the desk."""

    window: timedelta

    def conversation(self, state: str, stays: Sequence[Stay], now: datetime) -> bool:
        """Waiting or assigned, or back with the bot / closed for less than the window."""
        if state in ON_DESK:
            return True
        return bool(stays) and any(
            stay.ended_at is None or now <= stay.ended_at + self.window for stay in stays
        )

    def message(self, created_at: datetime, stays: Sequence[Stay]) -> bool:
        """Before the first stay (how the person came to ask for someone), or during a stay and
        within the window after it. What the person tells the bot later is never shown, also not
        when they ask for someone again (the new handoff's profile summary says what the bot knows)."""
        if not stays or created_at < stays[0].requested_at:
            return True
        return any(
            stay.requested_at <= created_at
            and (stay.ended_at is None or created_at <= stay.ended_at + self.window)
            for stay in stays
        )


# --- fake handoffs ---------------------------------------------------------------------------------


class QueueGuard:
    """The desk's handoff policy with limits in front of the queue: when a conversation would
    enter it (`waiting`) past the limit per client address or per desk, the person hears that no
    one can take it now, with the Mantelzorglijn, instead. Only the queue entry is refused: the
    gateway's crisis text comes before any handoff answer, always."""

    def __init__(self, policy: HandoffPolicy, queue: QueueStore, limits: QueueLimits) -> None:
        self._policy = policy
        self._queue = queue
        self._limits = limits

    async def decide(self, conversation: ConversationRecord, reason: str) -> HandoffDecision:
        decision = await self._policy.decide(conversation, reason)
        desk = self._queue.desk_of(conversation.tenant)
        if decision.status != "waiting" or conversation.state != "bot" or desk is None:
            return decision
        # An intranet's staff share one outgoing address, and its page is signed by the employer:
        # there only the desk's own limit applies; the public site is limited per address too.
        address = CALLER_ADDRESS.get() if conversation.tenant is None else None
        if await self._limits.handoff(conversation.id, desk, address):
            return HandoffDecision("unavailable", texts.QUEUE_FULL)
        return decision
