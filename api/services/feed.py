"""The live feed: what a conversation's changes tell the event bus, and what the person hears of it.

`Publisher` publishes stored messages and state changes (the person's topic, and the desk's tenant
topic for what the desk must see); `person_feed` is the person's side of the bus.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from api.contract import text
from api.events.bus import Event, EventBus, Subscription, conversation_topic, tenant_topic
from api.store.records import ConversationRecord, MessageRecord, State

logger = logging.getLogger("api.conversations")

Message = dict[str, Any]

HANDED_OVER: tuple[State, ...] = ("waiting", "assigned")

# Told of every state change (under the conversation's lock, before the bus hears of it);
# the support desk keeps its queue times with one. A failing observer is logged, never fatal.
StateObserver = Callable[[ConversationRecord], Awaitable[None]]

# The messages the person may see again after `after_id` (their own and the answers)
Transcript = Callable[[str, int | None], Awaitable[list[MessageRecord]]]


def text_message(body: str) -> Message:
    return text(body)


def _is_for_person(event: Event) -> bool:
    """The person's live feed: agent replies, the agent's typing, state changes, erasure. Bot
    replies come with the POST answer, and so does a state change that answers the person's own
    message (`reply_to`: its handoff notice is in that answer, in its place after the bot's line
    and the crisis text; sent here too it would overtake them). Internal notes never leave the desk."""
    if event.kind == "message":
        return event.data.get("sender") == "agent" and event.data.get("direction") == "out"
    if event.kind == "typing":
        return event.data.get("sender") == "agent"
    if event.kind == "state":
        return event.data.get("reply_to") is None
    return event.kind == "erased"


def _ends_feed(event: Event) -> bool:
    """Nothing comes after erasure, nor after the desk closed the conversation."""
    return event.kind == "erased" or (event.kind == "state" and event.data.get("state") == "closed")


class Publisher:
    """Tells the bus of stored messages and state changes (and the state observers first)."""

    def __init__(self, bus: EventBus, observers: Sequence[StateObserver] = ()) -> None:
        self._bus = bus
        self._observers = tuple(observers)

    async def publish_messages(self, conversation: ConversationRecord, records: list[MessageRecord]) -> None:
        for record in records:
            event = Event("message", {"conversation_id": conversation.id, **record.public()})
            await self._bus.publish(conversation_topic(conversation.id), event)
            if conversation.state in HANDED_OVER:
                await self._bus.publish(tenant_topic(conversation.tenant), event)

    async def publish_state(
        self, conversation: ConversationRecord, notice: Message | None, *, reply_to: int | None = None
    ) -> None:
        """`reply_to`: the person's message whose answer made this change (the person's feed leaves
        it out: the POST answer carries it)."""
        for observer in self._observers:
            try:
                await observer(conversation)
            except Exception:
                logger.error("state observer failed", exc_info=True)
        data: dict[str, Any] = {
            "conversation_id": conversation.id,
            "state": conversation.state,
            "reason": conversation.handoff_reason,
            "message": notice,
        }
        if reply_to is not None:
            data["reply_to"] = reply_to
        event = Event("state", data)
        await self._bus.publish(conversation_topic(conversation.id), event)
        await self._bus.publish(tenant_topic(conversation.tenant), event)

    async def publish_typing(
        self, conversation: ConversationRecord, sender: str, active: bool, name: str | None = None
    ) -> None:
        """Someone types (never stored, no content): the agent to the person's feed
        `{"sender": "agent", "name", "active"}`, the person to the desk's tenant topic
        `{"conversation_id", "sender": "user", "active"}`."""
        if sender == "agent":
            data: dict[str, Any] = {"conversation_id": conversation.id, "sender": "agent", "active": active}
            if name:
                data["name"] = name
            await self._bus.publish(conversation_topic(conversation.id), Event("typing", data))
        else:
            data = {"conversation_id": conversation.id, "sender": "user", "active": active}
            await self._bus.publish(tenant_topic(conversation.tenant), Event("typing", data))


@asynccontextmanager
async def person_feed(
    bus: EventBus, transcript: Transcript, conversation_id: str, after_id: int | None = None
) -> AsyncIterator[AsyncIterator[Event]]:
    """Live events for the person (subscribed on entry); with `after_id`, stored agent
    replies after that message id come first, so a reconnect misses nothing."""
    async with bus.subscribe(conversation_topic(conversation_id)) as subscription:
        yield _person_events(transcript, conversation_id, subscription, after_id)


async def _person_events(
    transcript: Transcript, conversation_id: str, subscription: Subscription, after_id: int | None
) -> AsyncIterator[Event]:
    last_sent = after_id or 0
    if after_id is not None:
        for record in await transcript(conversation_id, after_id):
            event = Event("message", record.public())
            if _is_for_person(event):
                last_sent = record.id
                yield event
    async for event in subscription:
        if not _is_for_person(event):
            continue
        if event.kind == "message" and int(event.data.get("id", 0)) <= last_sent:
            continue
        yield event
        if _ends_feed(event):
            return
