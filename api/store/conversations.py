"""Queries on conversations and messages. Synchronous (SQLAlchemy Core on the ORM's tables: the
hot path stays cheap); the services call them in a worker thread. Every method is one
transaction and returns plain records."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Engine, Row, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from api.contract import MESSAGING_CHANNELS
from api.store.models import (
    ChannelAddressRow,
    ConversationRow,
    ConversationTokenRow,
    ErasureRow,
    MessageRow,
    OutboxRow,
    OutboxSentRow,
    ResumeCodeRow,
)
from api.store.records import (
    ConversationRecord,
    Direction,
    MessageRecord,
    NewMessage,
    Sender,
    State,
    utcnow,
)

CONVERSATIONS: Table = ConversationRow.__table__  # type: ignore[assignment]
MESSAGES: Table = MessageRow.__table__  # type: ignore[assignment]
ERASURES: Table = ErasureRow.__table__  # type: ignore[assignment]
ADDRESSES: Table = ChannelAddressRow.__table__  # type: ignore[assignment]
OUTBOX: Table = OutboxRow.__table__  # type: ignore[assignment]
OUTBOX_SENT: Table = OutboxSentRow.__table__  # type: ignore[assignment]
RESUME_CODES: Table = ResumeCodeRow.__table__  # type: ignore[assignment]
TOKENS: Table = ConversationTokenRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class SealedAddress:
    """A messaging channel's address as stored: keyed hash and ciphertext (api/channels/addresses.py)."""

    hash: str
    secret: str


def _conversation(row: Row[Any]) -> ConversationRecord:
    data = row._mapping
    return ConversationRecord(
        id=data["id"],
        token_hash=data["token_hash"],
        state=cast(State, data["state"]),
        channel=data["channel"],
        tenant=data["tenant"],
        created_at=data["created_at"],
        updated_at=data["updated_at"],
        last_activity_at=data["last_activity_at"],
        handoff_reason=data["handoff_reason"],
        assignee_id=data["assignee_id"],
        profile_summary=data["profile_summary"],
    )


def _message(row: Row[Any]) -> MessageRecord:
    data = row._mapping
    return MessageRecord(
        id=data["id"],
        conversation_id=data["conversation_id"],
        direction=cast(Direction, data["direction"]),
        sender=cast(Sender, data["sender"]),
        payload=data["payload"],
        text=data["text"],
        created_at=data["created_at"],
        client_message_id=data["client_message_id"],
        reply_to=data["reply_to"],
        handled_at=data["handled_at"],
    )


class ConversationStore:
    """Persistence of conversations and their messages."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- conversations -------------------------------------------------------------------------

    def create(
        self,
        conversation_id: str,
        token_hash: str,
        channel: str,
        tenant: str | None,
        first_messages: Sequence[NewMessage] = (),
        address: SealedAddress | None = None,
    ) -> tuple[ConversationRecord, list[MessageRecord]]:
        now = utcnow()
        values = {
            "id": conversation_id,
            "token_hash": token_hash,
            "state": "bot",
            "channel": channel,
            "tenant": tenant,
            "created_at": now,
            "updated_at": now,
            "last_activity_at": now,
        }
        with self.engine.begin() as connection:
            connection.execute(insert(CONVERSATIONS).values(values))
            if address is not None:
                connection.execute(
                    insert(ADDRESSES).values(
                        conversation_id=conversation_id,
                        channel=channel,
                        address_hash=address.hash,
                        address_secret=address.secret,
                    )
                )
            messages = [self._add(connection, conversation_id, m, None, now) for m in first_messages]
            self._enqueue(connection, conversation_id, channel, messages, now)
        return ConversationRecord(**values), messages  # type: ignore[arg-type]

    def get(self, conversation_id: str) -> ConversationRecord | None:
        with self.engine.connect() as connection:
            return self._get(connection, conversation_id)

    @staticmethod
    def _get(connection: Connection, conversation_id: str) -> ConversationRecord | None:
        row = connection.execute(select(CONVERSATIONS).where(CONVERSATIONS.c.id == conversation_id)).first()
        return _conversation(row) if row is not None else None

    def transition(
        self,
        conversation_id: str,
        from_states: Collection[State],
        to_state: State,
        expect_assignee: str | None = None,
        **changes: Any,
    ) -> ConversationRecord | None:
        """Atomically moves a conversation from one of `from_states` to `to_state` (and sets the
        other columns given); with `expect_assignee`, only while that agent holds it. None when it
        was in another state or with another agent (or is gone): the caller lost a race."""
        held = [] if expect_assignee is None else [CONVERSATIONS.c.assignee_id == expect_assignee]
        with self.engine.begin() as connection:
            result = connection.execute(
                update(CONVERSATIONS)
                .where(
                    CONVERSATIONS.c.id == conversation_id,
                    CONVERSATIONS.c.state.in_(list(from_states)),
                    *held,
                )
                .values(state=to_state, updated_at=utcnow(), **changes)
            )
            if result.rowcount != 1:
                return None
            return self._get(connection, conversation_id)

    def update(self, conversation_id: str, **changes: Any) -> None:
        """Sets columns that are not the state (handoff_reason, profile_summary, ...)."""
        with self.engine.begin() as connection:
            connection.execute(
                update(CONVERSATIONS)
                .where(CONVERSATIONS.c.id == conversation_id)
                .values(updated_at=utcnow(), **changes)
            )

    def delete(
        self,
        conversation_id: str,
        inactive_before: datetime | None = None,
        recheck_until: datetime | None = None,
    ) -> bool:
        """Deletes the conversation and its messages; with `inactive_before`, only when it has
        been inactive since then (checked in the same transaction). With `recheck_until`, a
        tombstone is left in the same transaction (`tombstones`)."""
        condition = [CONVERSATIONS.c.id == conversation_id]
        if inactive_before is not None:
            condition.append(CONVERSATIONS.c.last_activity_at < inactive_before)
        with self.engine.begin() as connection:
            found = connection.execute(select(CONVERSATIONS.c.id).where(*condition).with_for_update()).first()
            if found is None:
                return False
            outbox_ids = select(OUTBOX.c.id).where(OUTBOX.c.conversation_id == conversation_id)
            connection.execute(delete(OUTBOX_SENT).where(OUTBOX_SENT.c.outbox_id.in_(outbox_ids)))
            for table in (OUTBOX, ADDRESSES, MESSAGES, RESUME_CODES, TOKENS):
                connection.execute(delete(table).where(table.c.conversation_id == conversation_id))
            connection.execute(delete(CONVERSATIONS).where(*condition))
            if recheck_until is not None:
                connection.execute(delete(ERASURES).where(ERASURES.c.conversation_id == conversation_id))
                connection.execute(
                    insert(ERASURES).values(
                        conversation_id=conversation_id, erased_at=utcnow(), recheck_until=recheck_until
                    )
                )
            return True

    def tombstones(self, now: datetime) -> tuple[list[str], list[str]]:
        """Erased conversations: (those still to recheck, those whose recheck time is over)."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(ERASURES.c.conversation_id, ERASURES.c.recheck_until)).all()
        live = [row.conversation_id for row in rows if row.recheck_until > now]
        over = [row.conversation_id for row in rows if row.recheck_until <= now]
        return live, over

    def forget_tombstones(self, conversation_ids: Collection[str]) -> None:
        if not conversation_ids:
            return
        with self.engine.begin() as connection:
            connection.execute(delete(ERASURES).where(ERASURES.c.conversation_id.in_(list(conversation_ids))))

    def inactive_before(self, cutoff: datetime, limit: int = 500) -> list[str]:
        with self.engine.connect() as connection:
            return list(
                connection.scalars(
                    select(CONVERSATIONS.c.id)
                    .where(CONVERSATIONS.c.last_activity_at < cutoff)
                    .order_by(CONVERSATIONS.c.last_activity_at)
                    .limit(limit)
                )
            )

    # --- messages ------------------------------------------------------------------------------

    @staticmethod
    def _add(
        connection: Connection, conversation_id: str, message: NewMessage, reply_to: int | None, now: datetime
    ) -> MessageRecord:
        values = {
            "conversation_id": conversation_id,
            "direction": message.direction,
            "sender": message.sender,
            "client_message_id": message.client_message_id,
            "reply_to": reply_to,
            "payload": message.payload,
            "text": message.text,
            "created_at": now,
        }
        message_id = connection.execute(insert(MESSAGES).values(values).returning(MESSAGES.c.id)).scalar_one()
        return MessageRecord(
            id=message_id,
            conversation_id=conversation_id,
            direction=message.direction,
            sender=message.sender,
            payload=message.payload,
            text=message.text,
            created_at=now,
            client_message_id=message.client_message_id,
            reply_to=reply_to,
        )

    @staticmethod
    def _enqueue(
        connection: Connection,
        conversation_id: str,
        channel: str | None,
        records: Sequence[MessageRecord],
        now: datetime,
    ) -> None:
        """A messaging channel's outbound messages go into the outbox in the same transaction."""
        if channel not in MESSAGING_CHANNELS:
            return
        rows = [
            {
                "conversation_id": conversation_id,
                "message_id": record.id,
                "channel": channel,
                "status": "pending",
                "attempts": 0,
                "parts_sent": 0,
                "urgent": record.payload.get("type") == "crisis",
                "next_attempt_at": now,
                "created_at": now,
            }
            for record in records
            if record.direction == "out"
        ]
        if rows:
            connection.execute(insert(OUTBOX), rows)

    @staticmethod
    def _touch(connection: Connection, conversation_id: str, now: datetime) -> None:
        connection.execute(
            update(CONVERSATIONS)
            .where(CONVERSATIONS.c.id == conversation_id)
            .values(last_activity_at=now, updated_at=now)
        )

    @staticmethod
    def _find(connection: Connection, conversation_id: str, client_message_id: str) -> MessageRecord | None:
        row = connection.execute(
            select(MESSAGES).where(
                MESSAGES.c.conversation_id == conversation_id,
                MESSAGES.c.client_message_id == client_message_id,
            )
        ).first()
        return _message(row) if row is not None else None

    def receive(
        self, conversation_id: str, message: NewMessage
    ) -> tuple[ConversationRecord | None, MessageRecord | None, bool]:
        """In one transaction: the conversation and, unless it is missing or closed, the person's
        message stored. Returns (conversation, message, True) when stored now, (conversation,
        the first one, False) when its client_message_id was stored before."""
        now = utcnow()
        try:
            with self.engine.begin() as connection:
                conversation = self._get(connection, conversation_id)
                if conversation is None or conversation.state == "closed":
                    return conversation, None, False
                if message.client_message_id is not None:
                    earlier = self._find(connection, conversation_id, message.client_message_id)
                    if earlier is not None:
                        return conversation, earlier, False
                stored = self._add(connection, conversation_id, message, None, now)
                self._touch(connection, conversation_id, now)
                return conversation, stored, True
        except IntegrityError:
            # Another process stored the same client_message_id in between (or the
            # conversation was deleted meanwhile).
            found = self.get(conversation_id)
            earlier = self.find_by_client_id(conversation_id, message.client_message_id or "")
            if found is None or earlier is None:
                raise
            return found, earlier, False

    def find_by_client_id(self, conversation_id: str, client_message_id: str) -> MessageRecord | None:
        with self.engine.connect() as connection:
            return self._find(connection, conversation_id, client_message_id)

    def replies(self, message_id: int) -> list[MessageRecord]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(MESSAGES).where(MESSAGES.c.reply_to == message_id).order_by(MESSAGES.c.id)
            )
            return [_message(row) for row in rows]

    def add_messages(
        self,
        conversation_id: str,
        messages: Sequence[NewMessage],
        *,
        reply_to: int | None = None,
    ) -> list[MessageRecord]:
        """Stores messages (in order); with `reply_to` as the answer to that inbound message,
        which is then marked handled."""
        now = utcnow()
        with self.engine.begin() as connection:
            records = [self._add(connection, conversation_id, m, reply_to, now) for m in messages]
            channel = connection.scalar(
                select(CONVERSATIONS.c.channel).where(CONVERSATIONS.c.id == conversation_id)
            )
            self._enqueue(connection, conversation_id, channel, records, now)
            if reply_to is not None:
                connection.execute(update(MESSAGES).where(MESSAGES.c.id == reply_to).values(handled_at=now))
            else:  # an answer's conversation was touched when its question came in
                self._touch(connection, conversation_id, now)
            return records

    def transcript(
        self,
        conversation_id: str,
        directions: Collection[Direction] = ("in", "out"),
        after_id: int | None = None,
    ) -> list[MessageRecord]:
        """Messages in order; by default without internal notes; optionally only those after an id."""
        query = select(MESSAGES).where(
            MESSAGES.c.conversation_id == conversation_id, MESSAGES.c.direction.in_(list(directions))
        )
        if after_id is not None:
            query = query.where(MESSAGES.c.id > after_id)
        with self.engine.connect() as connection:
            return [_message(row) for row in connection.execute(query.order_by(MESSAGES.c.id))]
