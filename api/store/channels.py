"""Queries of the messaging channels: whom a conversation is with, and the outbox.

The outbox rows are written by `ConversationStore` in the transaction that stores a message; this
store lets the worker take them in order (per conversation, one at a time) and record the outcome.
Synchronous like the other stores; the services call it in a worker thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, exists, func, insert, or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from api.contract import MESSAGING_CHANNELS
from api.store.conversations import (
    ADDRESSES,
    CONVERSATIONS,
    MESSAGES,
    OUTBOX,
    OUTBOX_SENT,
    _conversation,
    _message,
)
from api.store.records import ConversationRecord, MessageRecord, utcnow

#: How long the outbox waits for a running turn of a conversation before sending what it has.
TURN_WAIT = timedelta(seconds=60)


@dataclass(frozen=True)
class OutboxItem:
    id: int
    conversation_id: str
    message_id: int
    channel: str
    attempts: int
    parts_sent: int
    created_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True)
class Delivery:
    """How a conversation's messages are getting out (shown in the desk)."""

    pending: int = 0
    held: int = 0  # waiting for the person to write again (WhatsApp's 24-hour window)
    failed: int = 0


class ChannelStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- addresses -------------------------------------------------------------------------------

    def find_open(self, channel: str, address_hash: str) -> ConversationRecord | None:
        """The newest conversation with this address that is not closed."""
        query = (
            select(CONVERSATIONS)
            .join(ADDRESSES, ADDRESSES.c.conversation_id == CONVERSATIONS.c.id)
            .where(
                ADDRESSES.c.channel == channel,
                ADDRESSES.c.address_hash == address_hash,
                CONVERSATIONS.c.state != "closed",
            )
            .order_by(CONVERSATIONS.c.created_at.desc())
            .limit(1)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return _conversation(row) if row is not None else None

    def conversations_of(self, channel: str, address_hash: str) -> list[str]:
        query = select(ADDRESSES.c.conversation_id).where(
            ADDRESSES.c.channel == channel, ADDRESSES.c.address_hash == address_hash
        )
        with self.engine.connect() as connection:
            return list(connection.scalars(query))

    def seen(self, channel: str, address_hash: str, client_message_id: str) -> str | None:
        """The conversation of this address that already holds this provider message (a retry that
        arrives after the conversation was closed is not stored again)."""
        query = (
            select(MESSAGES.c.conversation_id)
            .join(ADDRESSES, ADDRESSES.c.conversation_id == MESSAGES.c.conversation_id)
            .where(
                ADDRESSES.c.channel == channel,
                ADDRESSES.c.address_hash == address_hash,
                MESSAGES.c.client_message_id == client_message_id,
            )
            .limit(1)
        )
        with self.engine.connect() as connection:
            return connection.scalar(query)

    def address_of(self, conversation_id: str) -> str | None:
        """The sealed address of a conversation (None for the widget's, or when erased)."""
        query = select(ADDRESSES.c.address_secret).where(ADDRESSES.c.conversation_id == conversation_id)
        with self.engine.connect() as connection:
            return connection.scalar(query)

    def message(self, conversation_id: str, message_id: int) -> MessageRecord | None:
        query = select(MESSAGES).where(
            MESSAGES.c.id == message_id, MESSAGES.c.conversation_id == conversation_id
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return _message(row) if row is not None else None

    def _same_address(self, conversation_id: str) -> Any:
        """The conversations with the address of this one (the person's earlier ones too)."""
        mine = select(ADDRESSES.c.channel, ADDRESSES.c.address_hash).where(
            ADDRESSES.c.conversation_id == conversation_id
        )
        return select(ADDRESSES.c.conversation_id).where(
            tuple_(ADDRESSES.c.channel, ADDRESSES.c.address_hash).in_(mine)
        )

    def last_inbound_at(self, conversation_id: str) -> datetime | None:
        """When the person last wrote, in any of their conversations on this channel (WhatsApp's
        window is the person's, not the conversation's)."""
        query = select(func.max(MESSAGES.c.created_at)).where(
            MESSAGES.c.conversation_id.in_(self._same_address(conversation_id)), MESSAGES.c.direction == "in"
        )
        with self.engine.connect() as connection:
            return connection.scalar(query)  # max() keeps the column's type: an aware datetime

    def unhandled(self, before: datetime, limit: int = 50) -> list[MessageRecord]:
        """Messaging channels' inbound messages stored but never answered (the process stopped
        between the webhook's 200 and the answer): the worker answers them."""
        query = (
            select(MESSAGES)
            .join(CONVERSATIONS, CONVERSATIONS.c.id == MESSAGES.c.conversation_id)
            .where(
                CONVERSATIONS.c.channel.in_([str(c) for c in MESSAGING_CHANNELS]),
                CONVERSATIONS.c.state != "closed",
                MESSAGES.c.direction == "in",
                MESSAGES.c.handled_at.is_(None),
                MESSAGES.c.created_at < before,
            )
            .order_by(MESSAGES.c.id)
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [_message(row) for row in connection.execute(query)]

    # --- the outbox ------------------------------------------------------------------------------

    def due(self, now: datetime, limit: int = 20) -> list[OutboxItem]:
        """Pending rows whose time has come, only the first unsent one of each conversation (so a
        conversation's messages arrive in order; a held or retrying row blocks those after it),
        and the crisis text at once, before anything else."""
        earlier = OUTBOX.alias("earlier")
        blocked = exists(
            select(earlier.c.id).where(
                earlier.c.conversation_id == OUTBOX.c.conversation_id,
                earlier.c.id < OUTBOX.c.id,
                earlier.c.status.in_(("pending", "held")),
            )
        )
        inbound = MESSAGES.alias("inbound")
        turn_running = exists(
            select(inbound.c.id).where(
                inbound.c.conversation_id == OUTBOX.c.conversation_id,
                inbound.c.direction == "in",
                inbound.c.handled_at.is_(None),
                inbound.c.created_at > now - TURN_WAIT,  # a turn that never ended blocks no longer
            )
        )
        query = (
            select(OUTBOX, MESSAGES.c.payload)
            .join(MESSAGES, MESSAGES.c.id == OUTBOX.c.message_id)
            .where(
                OUTBOX.c.status == "pending",
                OUTBOX.c.next_attempt_at <= now,
                or_(OUTBOX.c.claimed_until.is_(None), OUTBOX.c.claimed_until < now),
                # the crisis text waits for nothing; the rest waits while a turn of the conversation
                # runs (its answer may hold a crisis text, which then goes first, even before a welcome)
                or_(OUTBOX.c.urgent, and_(~blocked, ~turn_running)),
            )
            .order_by(OUTBOX.c.urgent.desc(), OUTBOX.c.id)
            .limit(limit)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        firsts: dict[str, Any] = {}  # one per conversation and round (urgent first), so the order holds
        for row in rows:
            firsts.setdefault(row.conversation_id, row)
        return [
            OutboxItem(
                id=row.id,
                conversation_id=row.conversation_id,
                message_id=row.message_id,
                channel=row.channel,
                attempts=row.attempts,
                parts_sent=row.parts_sent,
                created_at=row.created_at,
                payload=row.payload,
            )
            for row in firsts.values()
        ]

    def claim(self, outbox_id: int, now: datetime, until: datetime) -> bool:
        """Takes a row for one sender (of possibly several gateway replicas) until `until`."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(OUTBOX)
                .where(
                    OUTBOX.c.id == outbox_id,
                    OUTBOX.c.status == "pending",
                    or_(OUTBOX.c.claimed_until.is_(None), OUTBOX.c.claimed_until < now),
                )
                .values(claimed_until=until)
            )
            return result.rowcount == 1

    def _set(self, outbox_id: int, **values: Any) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(OUTBOX).where(OUTBOX.c.id == outbox_id).values(**values))

    def progress(self, outbox_id: int, parts_sent: int, provider_id: str | None = None) -> None:
        """One more part arrived (with the provider's id for it, to match a later status)."""
        with self.engine.begin() as connection:
            connection.execute(update(OUTBOX).where(OUTBOX.c.id == outbox_id).values(parts_sent=parts_sent))
        if provider_id:
            try:
                with self.engine.begin() as connection:
                    connection.execute(
                        insert(OUTBOX_SENT).values(provider_id=provider_id, outbox_id=outbox_id)
                    )
            except IntegrityError:
                pass  # known already (a part sent again after a crash): it points to this message

    def failed_at_provider(self, provider_id: str, error: str) -> bool:
        """The provider reported a sent part as not delivered (WhatsApp's "failed" status)."""
        outbox_id = select(OUTBOX_SENT.c.outbox_id).where(OUTBOX_SENT.c.provider_id == provider_id)
        with self.engine.begin() as connection:
            result = connection.execute(
                update(OUTBOX).where(OUTBOX.c.id.in_(outbox_id)).values(status="failed", error=error[:64])
            )
            return result.rowcount > 0

    def sent(self, outbox_id: int) -> None:
        """Every part arrived (unless a failed status for one of them came in meanwhile)."""
        with self.engine.begin() as connection:
            connection.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id == outbox_id, OUTBOX.c.status == "pending")
                .values(status="sent", sent_at=utcnow(), claimed_until=None, error=None)
            )

    def retry(self, outbox_id: int, attempts: int, at: datetime, error: str) -> None:
        self._set(outbox_id, attempts=attempts, next_attempt_at=at, claimed_until=None, error=error[:64])

    def failed(self, outbox_id: int, error: str) -> None:
        self._set(outbox_id, status="failed", claimed_until=None, error=error[:64])

    def hold(self, conversation_id: str) -> None:
        """WhatsApp's window is closed: the conversation's pending messages wait for the person."""
        with self.engine.begin() as connection:
            connection.execute(
                update(OUTBOX)
                .where(OUTBOX.c.conversation_id == conversation_id, OUTBOX.c.status == "pending")
                .values(status="held", claimed_until=None)
            )

    def release(self, conversation_id: str) -> None:
        """The person wrote again: held messages go out now, also those of their earlier (closed)
        conversations on this channel, such as an agent's last answer."""
        with self.engine.begin() as connection:
            connection.execute(
                update(OUTBOX)
                .where(
                    OUTBOX.c.conversation_id.in_(self._same_address(conversation_id)),
                    OUTBOX.c.status == "held",
                )
                .values(status="pending", next_attempt_at=utcnow())
            )

    def delivery(self, conversation_ids: Sequence[str]) -> dict[str, Delivery]:
        """Per conversation: how many of its messages are not out yet, held, or failed."""
        if not conversation_ids:
            return {}
        query = (
            select(OUTBOX.c.conversation_id, OUTBOX.c.status, func.count())
            .where(and_(OUTBOX.c.conversation_id.in_(list(conversation_ids)), OUTBOX.c.status != "sent"))
            .group_by(OUTBOX.c.conversation_id, OUTBOX.c.status)
        )
        counts: dict[str, dict[str, int]] = {}
        with self.engine.connect() as connection:
            for conversation_id, status, count in connection.execute(query):
                counts.setdefault(conversation_id, {})[status] = count
        return {cid: Delivery(**c) for cid, c in counts.items()}
