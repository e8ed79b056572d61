"""Conversations: start, a person's messages (to the bot or the desk), state changes, erasure.

Every change to one conversation happens under its lock (one message of a conversation at a time).
The support desk (issue 5) builds on `change_state`, `add_message`, `transcript` and the event bus;
it never needs to touch the store directly.

`ConversationService` is the one door; behind it:
- api/services/inbound.py: a person's message, step by step (`InboundPipeline`);
- api/services/lifecycle.py: start, authenticate, erasure, retention (`Lifecycle`, `LateTurns`);
- api/services/feed.py: publishing to the bus (`Publisher`) and the person's live feed.
The desk's side (`change_state`, `add_message`) is here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from api.contract import Button, shown_name, with_shown_name
from api.events.bus import Event, EventBus
from api.insights.recorder import InsightRecorder
from api.locks import ConversationLocks
from api.rasa.client import RasaClient
from api.rasa.tracker_store import TrackerStore
from api.services import feed
from api.services.erasure import Erasure
from api.services.errors import ConversationClosed, StateConflict
from api.services.feed import HANDED_OVER, Message, Publisher, StateObserver, text_message
from api.services.handoff import HandoffPolicy
from api.services.inbound import (
    ALWAYS_ALLOWED,
    Inbound,
    InboundPipeline,
    Reply,
    button_payloads,
    crisis_message,
    without_intent_prefix,
)
from api.services.lifecycle import LateTurns, Lifecycle, Started, hash_token
from api.services.resume import IssuedCode, ResumeCodes, Resumed
from api.services.safety import CrisisDetector
from api.store.channels import ChannelStore, Delivery
from api.store.conversations import ConversationStore, SealedAddress
from api.store.records import ConversationRecord, Direction, MessageRecord, NewMessage, Sender, State
from api.store.resume import ResumeStore
from api.texts import HANDBACK_BUTTONS
from api.threads import in_thread

__all__ = [
    "ALWAYS_ALLOWED",
    "HANDED_OVER",
    "TRANSITIONS",
    "ConversationService",
    "Inbound",
    "Message",
    "Reply",
    "Started",
    "StateObserver",
    "button_payloads",
    "crisis_message",
    "hash_token",
    "text_message",
    "without_intent_prefix",
]


# Which state may follow which (the desk moves waiting -> assigned -> bot/closed; a transfer to a
# colleague is assigned -> assigned with another assignee).
TRANSITIONS: Mapping[State, frozenset[State]] = {
    "bot": frozenset({"waiting", "closed"}),
    "waiting": frozenset({"assigned", "bot", "closed"}),
    "assigned": frozenset({"waiting", "assigned", "bot", "closed"}),  # assigned -> assigned: a transfer
    "closed": frozenset(),
}


class ConversationService:
    def __init__(
        self,
        *,
        store: ConversationStore,
        rasa: RasaClient,
        tracker: TrackerStore,
        bus: EventBus,
        locks: ConversationLocks,
        handoff: HandoffPolicy,
        crisis: CrisisDetector,
        retention_days: int,
        erasure: Erasure | None = None,
        late_turn_seconds: float = 900.0,
        observers: Sequence[StateObserver] = (),
        mail_enabled: bool = False,
    ) -> None:
        self._store = store
        self._channels = ChannelStore(store.engine)
        self._bus = bus
        self._locks = locks
        insights = InsightRecorder(store.engine)  # the monthly figures (api/insights)
        self._publisher = Publisher(bus, [*observers, insights.on_state])
        self._late_turns = LateTurns(rasa, late_turn_seconds)
        self._lifecycle = Lifecycle(
            store=store,
            tracker=tracker,
            bus=bus,
            locks=locks,
            erasure=erasure or Erasure(store, tracker, timedelta(seconds=late_turn_seconds)),
            late_turns=self._late_turns,
            retention=timedelta(days=retention_days),
        )
        self._resume = ResumeCodes(ResumeStore(store.engine), days=retention_days)
        self._pipeline = InboundPipeline(
            store=store,
            rasa=rasa,
            locks=locks,
            handoff=handoff,
            crisis=crisis,
            publisher=self._publisher,
            late_turns=self._late_turns,
            erase_locked=self._lifecycle.erase_locked,
            mail_enabled=mail_enabled,
            insights=insights,
        )

    # --- the person's side -------------------------------------------------------------------

    async def start(
        self,
        channel: str,
        tenant: str | None,
        address: SealedAddress | None = None,
        opening: Inbound | None = None,
    ) -> Started:
        """A new conversation with its welcome; a messaging channel's with whom it is (sealed) and
        the person's first message (answered by `post_message` with its client_message_id)."""
        return await self._lifecycle.start(channel, tenant, address, opening.stored() if opening else None)

    async def authenticate(self, conversation_id: str, token: str) -> ConversationRecord:
        return await self._lifecycle.authenticate(conversation_id, token)

    async def accept(self, conversation_id: str, inbound: Inbound) -> MessageRecord:
        """Only stores the message (a webhook answers its provider at once); `post_message` with
        the same client_message_id answers it later. ConversationClosed when it is closed."""
        return await self._pipeline.accept(conversation_id, inbound)

    async def acknowledge(self, conversation_id: str, message_id: int) -> None:
        """Marks a stored message answered without an answer (Telegram's "/start": the welcome
        already said everything)."""
        await self._pipeline.acknowledge(conversation_id, message_id)

    async def post_message(self, conversation_id: str, inbound: Inbound) -> Reply:
        """Stores the message first, then answers it (bot, crisis text, or the desk's queue).
        A repeated client_message_id gets the stored answer of the first."""
        return await self._pipeline.post_message(conversation_id, inbound)

    async def transcript(
        self, conversation_id: str, after_id: int | None = None, *, notes: bool = False
    ) -> list[MessageRecord]:
        """What the person may see again: their messages and the answers; with `notes` (the desk)
        also the internal notes."""
        directions: tuple[Direction, ...] = ("in", "out", "note") if notes else ("in", "out")
        return await in_thread(self._store.transcript, conversation_id, directions, after_id)

    async def delivery(self, conversation_id: str) -> Delivery | None:
        """A messaging channel's messages not out yet, held or failed (None: all sent, or the web)."""
        found = await in_thread(self._channels.delivery, [conversation_id])
        return found.get(conversation_id)

    @property
    def locks(self) -> ConversationLocks:
        """The locks the conversations are held with (the channels hold an address with them)."""
        return self._locks

    async def find(self, conversation_id: str) -> ConversationRecord | None:
        """The conversation, or None when there is none (the desk reads through this)."""
        return await in_thread(self._store.get, conversation_id)

    async def erase(self, conversation_id: str) -> None:
        """Deletes the conversation from the gateway store and from Rasa's tracker store."""
        await self._lifecycle.erase(conversation_id)

    async def issue_resume_code(self, conversation_id: str) -> IssuedCode:
        """A code to come back to this conversation (replaces an earlier one): api/services/resume.py."""
        return await self._resume.issue(conversation_id)

    async def resume(self, code: str) -> Resumed:
        """A new token for the conversation of a valid code; ResumeCodeUnknown otherwise."""
        return await self._resume.resume(code)

    async def person_typing(self, conversation: ConversationRecord, active: bool) -> None:
        """The person types (or stopped): the desk hears it while the conversation is handed over
        (waiting or assigned); otherwise nobody does. Never stored; no content."""
        if conversation.state in HANDED_OVER:
            await self._publisher.publish_typing(conversation, "user", active)

    async def agent_typing(self, conversation_id: str, agent_id: str, name: str | None, active: bool) -> bool:
        """The assigned agent types: the person's feed hears it with the agent's shown name.
        False (nothing sent) when the conversation is not assigned to that agent."""
        conversation = await self._lifecycle.get(conversation_id)
        if conversation.state != "assigned" or conversation.assignee_id != agent_id:
            return False
        await self._publisher.publish_typing(conversation, "agent", active, shown_name(name))
        return True

    @asynccontextmanager
    async def person_feed(
        self, conversation_id: str, after_id: int | None = None
    ) -> AsyncIterator[AsyncIterator[Event]]:
        """Live events for the person (subscribed on entry); with `after_id`, stored agent
        replies after that message id come first, so a reconnect misses nothing."""
        async with feed.person_feed(self._bus, self.transcript, conversation_id, after_id) as events:
            yield events

    # --- the desk's side (issue 5 builds on these) -------------------------------------------

    async def change_state(
        self,
        conversation_id: str,
        from_states: Collection[State],
        to_state: State,
        *,
        notice: Message | None = None,
        expect_assignee: str | None = None,
        **changes: Any,
    ) -> ConversationRecord:
        """Atomically moves the conversation (e.g. a claim: {"waiting"} -> "assigned" with
        assignee_id). StateConflict when it was in another state, or (`expect_assignee`) with
        another agent: someone else was first.
        `notice` (a contract message, e.g. a handoff status) is stored and sent to the person; its
        `agent` only as a shown name (never an e-mail address). Back to the bot from the desk, a
        text notice without buttons gets HANDBACK_BUTTONS: ways back into the bot."""
        for state in from_states:
            if to_state not in TRANSITIONS[state]:
                raise ValueError(f"no transition from {state} to {to_state}")
        if notice is not None:
            notice = with_shown_name(notice)
            if to_state == "bot" and notice.get("type") == "text" and not notice.get("buttons"):
                notice["buttons"] = [Button(**button).model_dump() for button in HANDBACK_BUTTONS]
        async with self._locks.hold(conversation_id):
            updated = await in_thread(
                self._store.transition,
                conversation_id,
                from_states,
                to_state,
                expect_assignee,
                **changes,
            )
            if updated is None:
                await self._lifecycle.get(conversation_id)
                raise StateConflict
            if notice is not None:
                await in_thread(
                    self._store.add_messages,
                    conversation_id,
                    [NewMessage("out", "system", notice, str(notice.get("text", "")))],
                )
            await self._publisher.publish_state(updated, notice)
            return updated

    async def add_message(
        self, conversation_id: str, sender: Sender, message: Message, *, note: bool = False
    ) -> MessageRecord:
        """Stores and publishes a message from outside the bot (an agent's reply, or with
        `note=True` an internal note the person never sees). Its `agent` only as a shown name."""
        message = with_shown_name(message)
        async with self._locks.hold(conversation_id):
            conversation = await self._lifecycle.get(conversation_id)
            if conversation.state == "closed":
                raise ConversationClosed
            new = NewMessage("note" if note else "out", sender, message, str(message.get("text", "")))
            [record] = await in_thread(self._store.add_messages, conversation_id, [new])
            await self._publisher.publish_messages(conversation, [record])
            return record

    # --- retention ---------------------------------------------------------------------------

    async def purge_inactive(self) -> int:
        """Retention: deletes conversations without activity for MW_RETENTION_DAYS, with their
        Rasa tracker rows. Returns how many conversations were deleted."""
        return await self._lifecycle.purge_inactive()

    async def sweep_erased(self) -> int:
        """Deletes again the tracker rows of recently erased conversations (a Rasa turn that
        outlived the gateway's timeout writes the whole tracker back when it ends)."""
        return await self._lifecycle.sweep_erased()
