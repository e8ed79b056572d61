"""Conversations: start, a person's messages (to the bot or the desk), state changes, erasure.

Every change to one conversation happens under its lock (one message of a conversation at a time).
The support desk (issue 5) builds on `change_state`, `add_message`, `transcript` and the event bus;
it never needs to touch the store directly.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

import anyio.to_thread

from api.contract import (
    MESSAGING_CHANNELS,
    Crisis,
    Handoff,
    HandoffReason,
    HandoffStatus,
    dump,
    offers_handoff,
    text,
)
from api.events.bus import Event, EventBus, Subscription, conversation_topic, tenant_topic
from api.locks import ConversationLocks
from api.logs import log_fields, short_id
from api.rasa.client import RasaClient, RasaError, RasaUnavailable, describe
from api.rasa.tracker_store import TrackerStore
from api.rasa.translate import DocumentsRequest, HandoffRequest, Translation, translate
from api.services.erasure import TRACKER_ERRORS, Erasure
from api.services.errors import (
    ConversationClosed,
    ConversationNotFound,
    EraseFailed,
    StateConflict,
    Unauthorized,
)
from api.services.handoff import HandoffDecision, HandoffPolicy
from api.services.safety import (
    REQUEST_HUMAN,
    CrisisDetector,
    CrisisHit,
    crisis_intent,
    handoff_offer,
)
from api.store.conversations import ConversationStore, SealedAddress
from api.store.records import ConversationRecord, Direction, MessageRecord, NewMessage, Sender, State, utcnow
from api.texts import (
    ASSISTANT_DOWN,
    CHANNEL_ONLY_TEXT,
    CHANNEL_PRIVACY_NOTICE,
    DOCUMENTS_MAIL,
    DOCUMENTS_NOT_YET,
    DOCUMENTS_READY,
    ERASED,
    LOOP_BREAK,
    LOOP_BREAK_BUTTONS,
    PRIVACY_NOTICE,
    WELCOME,
)
from api.texts import ERRORS as ERROR_TEXTS
from bot.person_request import asks_for_a_person

logger = logging.getLogger("api.conversations")

P = ParamSpec("P")
T = TypeVar("T")
Message = dict[str, Any]

HANDED_OVER: tuple[State, ...] = ("waiting", "assigned")

# Payloads a client may send without a button in the transcript: "talk to a person"
ALWAYS_ALLOWED = frozenset({REQUEST_HUMAN})

# Rasa failures after which its turn may still be running (and will save the tracker when it ends)
_TURN_MAY_GO_ON = frozenset({"timeout", "transport_error"})

# Told of every state change (under the conversation's lock, before the bus hears of it);
# the support desk keeps its queue times with one. A failing observer is logged, never fatal.
StateObserver = Callable[[ConversationRecord], Awaitable[None]]

# Which state may follow which (the desk moves waiting -> assigned -> bot/closed).
TRANSITIONS: Mapping[State, frozenset[State]] = {
    "bot": frozenset({"waiting", "closed"}),
    "waiting": frozenset({"assigned", "bot", "closed"}),
    "assigned": frozenset({"waiting", "bot", "closed"}),
    "closed": frozenset(),
}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def text_message(body: str) -> Message:
    return text(body)


def crisis_message(text: str) -> NewMessage:
    return NewMessage("out", "system", dump(Crisis(text=text)), text)


def without_intent_prefix(text: str) -> str:
    """Typed text never reaches Rasa as an intent: Rasa reads a message that starts with "/" as
    `/intent{entities}` (and logs it in full when it does not parse). Only the gateway's own
    intents and payloads of buttons it showed may start with "/"."""
    return text.lstrip("/ \t\r\n") if text.lstrip().startswith("/") else text


def button_payloads(messages: Sequence[MessageRecord]) -> set[str]:
    """The payloads of the buttons in these (outbound) messages."""
    return {
        button["payload"]
        for message in messages
        for button in message.payload.get("buttons") or ()
        if isinstance(button, dict) and isinstance(button.get("payload"), str)
    }


@dataclass(frozen=True)
class Inbound:
    """A person's message: what they see (`text`) and, for a button, what the bot gets (`payload`)."""

    text: str
    client_message_id: str | None = None
    payload: str | None = None
    # A messaging channel's photo, voice message or sticker: stored as its label, not read
    unreadable: bool = False

    def stored(self) -> NewMessage:
        body: Message = text_message(self.text)
        if self.payload is not None:
            body["payload"] = self.payload
        if self.unreadable:
            body["media"] = True
        return NewMessage("in", "user", body, self.text, self.client_message_id)


@dataclass(frozen=True)
class Started:
    conversation: ConversationRecord
    token: str
    messages: list[Message]


@dataclass(frozen=True)
class Reply:
    messages: list[Message]
    state: State
    erased: bool = False


def _is_for_person(event: Event) -> bool:
    """The person's live feed: agent replies, state changes, erasure (bot replies come with the
    POST answer; internal notes never leave the desk)."""
    if event.kind == "message":
        return event.data.get("sender") == "agent" and event.data.get("direction") == "out"
    return event.kind in ("state", "erased")


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
        self._rasa = rasa
        self._tracker = tracker
        self._bus = bus
        self._locks = locks
        self._handoff = handoff
        self._crisis = crisis
        self._retention = timedelta(days=retention_days)
        self._observers = tuple(observers)
        self._erasure = erasure or Erasure(store, tracker, timedelta(seconds=late_turn_seconds))
        self._late_turn_seconds = late_turn_seconds
        self._mail_enabled = mail_enabled
        # conversation -> until when (monotonic) a Rasa turn the gateway gave up on may still run
        self._late_turns: dict[str, float] = {}

    @staticmethod
    async def _db(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Runs a (blocking) store call in a worker thread."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))

    # --- the person's side -------------------------------------------------------------------

    async def start(self, channel: str, tenant: str | None, address: SealedAddress | None = None) -> Started:
        """A new conversation with its welcome; a messaging channel's with whom it is (sealed)."""
        token = secrets.token_urlsafe(32)
        privacy = CHANNEL_PRIVACY_NOTICE if channel in MESSAGING_CHANNELS else PRIVACY_NOTICE
        first = [
            NewMessage("out", "system", text_message(text), text)
            for text in (WELCOME, privacy.format(days=self._retention.days))
        ]
        conversation, records = await self._db(
            self._store.create, str(uuid.uuid4()), hash_token(token), channel, tenant, first, address
        )
        logger.info("conversation started", extra=log_fields(conversation=short_id(conversation.id)))
        return Started(conversation, token, [record.payload for record in records])

    async def authenticate(self, conversation_id: str, token: str) -> ConversationRecord:
        conversation = await self._db(self._store.get, conversation_id)
        if conversation is None:
            raise ConversationNotFound
        if not hmac.compare_digest(hash_token(token), conversation.token_hash):
            raise Unauthorized
        return conversation

    async def accept(self, conversation_id: str, inbound: Inbound) -> MessageRecord:
        """Only stores the message (a webhook answers its provider at once); `post_message` with
        the same client_message_id answers it later. ConversationClosed when it is closed."""
        async with self._locks.hold(conversation_id):
            conversation, stored, is_new = await self._db(
                self._store.receive, conversation_id, inbound.stored()
            )
            if conversation is None:
                raise ConversationNotFound
            if stored is None:
                raise ConversationClosed
            if is_new:
                await self._publish_messages(conversation, [stored])
            return stored

    async def acknowledge(self, conversation_id: str, message_id: int) -> None:
        """Marks a stored message answered without an answer (Telegram's "/start": the welcome
        already said everything)."""
        async with self._locks.hold(conversation_id):
            await self._db(self._store.add_messages, conversation_id, [], reply_to=message_id)

    async def post_message(self, conversation_id: str, inbound: Inbound) -> Reply:
        """Stores the message first, then answers it (bot, crisis text, or the desk's queue).
        A repeated client_message_id gets the stored answer of the first."""
        async with self._locks.hold(conversation_id):
            conversation, stored, is_new = await self._db(
                self._store.receive, conversation_id, inbound.stored()
            )
            if conversation is None:
                raise ConversationNotFound
            if stored is None:
                raise ConversationClosed
            if not is_new and stored.handled_at is not None:
                replies = await self._db(self._store.replies, stored.id)
                return Reply([reply.payload for reply in replies], conversation.state)
            if is_new:
                await self._publish_messages(conversation, [stored])
            if inbound.unreadable:
                return await self._answer_unreadable(conversation, stored)
            crisis = self._check_crisis(inbound.text)
            if conversation.state == "bot":
                return await self._answer_with_bot(conversation, stored, inbound, crisis)
            return await self._answer_handed_over(conversation, stored, crisis)

    async def transcript(self, conversation_id: str, after_id: int | None = None) -> list[MessageRecord]:
        """What the person may see again: their messages and the answers (no internal notes)."""
        return await self._db(self._store.transcript, conversation_id, ("in", "out"), after_id)

    async def erase(self, conversation_id: str) -> None:
        """Deletes the conversation from the gateway store and from Rasa's tracker store."""
        async with self._locks.hold(conversation_id):
            await self._erase_locked(await self._get(conversation_id))

    @asynccontextmanager
    async def person_feed(
        self, conversation_id: str, after_id: int | None = None
    ) -> AsyncIterator[AsyncIterator[Event]]:
        """Live events for the person (subscribed on entry); with `after_id`, stored agent
        replies after that message id come first, so a reconnect misses nothing."""
        async with self._bus.subscribe(conversation_topic(conversation_id)) as subscription:
            yield self._person_events(conversation_id, subscription, after_id)

    async def _person_events(
        self, conversation_id: str, subscription: Subscription, after_id: int | None
    ) -> AsyncIterator[Event]:
        last_sent = after_id or 0
        if after_id is not None:
            for record in await self.transcript(conversation_id, after_id):
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
            if event.kind == "erased":
                return

    # --- the desk's side (issue 5 builds on these) -------------------------------------------

    async def change_state(
        self,
        conversation_id: str,
        from_states: Collection[State],
        to_state: State,
        *,
        notice: Message | None = None,
        **changes: Any,
    ) -> ConversationRecord:
        """Atomically moves the conversation (e.g. a claim: {"waiting"} -> "assigned" with
        assignee_id). StateConflict when it was in another state: someone else was first.
        `notice` (a contract message, e.g. a handoff status) is stored and sent to the person."""
        for state in from_states:
            if to_state not in TRANSITIONS[state]:
                raise ValueError(f"no transition from {state} to {to_state}")
        async with self._locks.hold(conversation_id):
            updated = await self._db(
                self._store.transition, conversation_id, from_states, to_state, **changes
            )
            if updated is None:
                await self._get(conversation_id)
                raise StateConflict
            if notice is not None:
                await self._db(
                    self._store.add_messages,
                    conversation_id,
                    [NewMessage("out", "system", notice, str(notice.get("text", "")))],
                )
            await self._publish_state(updated, notice)
            return updated

    async def add_message(
        self, conversation_id: str, sender: Sender, message: Message, *, note: bool = False
    ) -> MessageRecord:
        """Stores and publishes a message from outside the bot (an agent's reply, or with
        `note=True` an internal note the person never sees)."""
        async with self._locks.hold(conversation_id):
            conversation = await self._get(conversation_id)
            if conversation.state == "closed":
                raise ConversationClosed
            new = NewMessage("note" if note else "out", sender, message, str(message.get("text", "")))
            [record] = await self._db(self._store.add_messages, conversation_id, [new])
            await self._publish_messages(conversation, [record])
            return record

    async def purge_inactive(self) -> int:
        """Retention: deletes conversations without activity for MW_RETENTION_DAYS, with their
        Rasa tracker rows. Returns how many conversations were deleted."""
        cutoff = utcnow() - self._retention
        purged = 0
        while ids := await self._db(self._store.inactive_before, cutoff, 200):
            for conversation_id in ids:
                async with self._locks.hold(conversation_id):
                    if await self._db(self._erasure.purge_inactive, conversation_id, cutoff):
                        purged += 1
                        await self._bus.publish(
                            conversation_topic(conversation_id),
                            Event("erased", {"conversation_id": conversation_id}),
                        )
        try:
            if await self._db(self._tracker.erase_inactive, cutoff):
                await self._db(self._tracker.checkpoint)
        except TRACKER_ERRORS:
            logger.warning("retention: tracker store not reachable", exc_info=True)
        if purged:
            logger.info("retention purge", extra=log_fields(purged=purged))
        return purged

    async def sweep_erased(self) -> int:
        """Deletes again the tracker rows of recently erased conversations (a Rasa turn that
        outlived the gateway's timeout writes the whole tracker back when it ends)."""
        return await self._db(self._erasure.sweep)

    # --- internals ---------------------------------------------------------------------------

    async def _get(self, conversation_id: str) -> ConversationRecord:
        conversation = await self._db(self._store.get, conversation_id)
        if conversation is None:
            raise ConversationNotFound
        return conversation

    def _for_rasa(
        self, conversation: ConversationRecord, inbound: Inbound, shown: list[MessageRecord]
    ) -> str:
        """A button's payload when the gateway showed that button in this conversation (``shown``,
        the messages sent so far) or "talk to a person"; otherwise the text, never as an intent."""
        if inbound.payload is not None:
            if inbound.payload in ALWAYS_ALLOWED or inbound.payload in button_payloads(shown):
                return inbound.payload
            logger.info(
                "payload not offered: text used", extra=log_fields(conversation=short_id(conversation.id))
            )
        return self._for_bot(without_intent_prefix(inbound.text))

    def _note_late_turn(self, conversation_id: str) -> None:
        now = time.monotonic()
        if len(self._late_turns) > 1000:
            self._late_turns = {key: until for key, until in self._late_turns.items() if until > now}
        self._late_turns[conversation_id] = now + self._late_turn_seconds

    async def _wait_for_late_turn(self, conversation_id: str) -> None:
        """Before erasing: if a Rasa turn of this conversation may still run (the gateway gave up
        on it), wait until Rasa has saved it (bounded by the read timeout), so the delete comes
        after Rasa's write. If that fails, the tombstone's sweep deletes the rows again."""
        until = self._late_turns.pop(conversation_id, None)
        if until is None or until <= time.monotonic():
            return
        try:
            await self._rasa.wait_for_turn(conversation_id, self._rasa.read_timeout)
        except RasaError as exc:
            logger.warning(
                "erase: could not wait for Rasa's turn", extra=log_fields(**describe(exc, conversation_id))
            )

    @staticmethod
    def _for_bot(text: str) -> str:
        """The text for Rasa; a request for a person anywhere in it ("…, kan ik met iemand van jullie
        bellen?") becomes that request, which the classifier alone may miss in a longer sentence."""
        return REQUEST_HUMAN if asks_for_a_person(text) else text

    def _check_crisis(self, text: str) -> CrisisHit | None:
        if not text:
            return None
        try:
            return self._crisis(text)
        except Exception:  # a broken check must not lose the message: Rasa's crisis rule remains
            logger.error("crisis check failed", exc_info=True)
            return None

    async def _answer_with_bot(
        self,
        conversation: ConversationRecord,
        stored: MessageRecord,
        inbound: Inbound,
        crisis: CrisisHit | None,
    ) -> Reply:
        outgoing: tuple[Direction, ...] = ("out",)
        shown = await self._db(self._store.transcript, conversation.id, outgoing)  # what was sent so far
        for_rasa = crisis_intent(crisis.kind) if crisis else self._for_rasa(conversation, inbound, shown)
        metadata = {"channel": conversation.channel, "tenant": conversation.tenant}
        try:
            translation = translate(await self._rasa.send(conversation.id, for_rasa, metadata))
            bot_failed = False
        except RasaError as exc:
            logger.warning("bot did not answer", extra=log_fields(**describe(exc, conversation.id)))
            translation, bot_failed = Translation(), True
            if isinstance(exc, RasaUnavailable) and exc.code in _TURN_MAY_GO_ON:
                self._note_late_turn(conversation.id)
        except BaseException:  # cancelled while Rasa works on it: its turn goes on without us
            self._note_late_turn(conversation.id)
            raise

        state = conversation.state
        out: list[NewMessage] = []
        if crisis is not None:
            out.append(crisis_message(crisis.text))
        elif bot_failed and for_rasa == REQUEST_HUMAN:
            # The person pressed "talk to a person": the desk needs no bot for that.
            translation.parts.append(HandoffRequest("user_request"))
        elif bot_failed:
            out.append(NewMessage("out", "system", text_message(ASSISTANT_DOWN), ASSISTANT_DOWN))
        handed_off = offered = False
        for part in translation.parts:
            if isinstance(part, HandoffRequest):
                if not handed_off:
                    handed_off = True
                    reason = "crisis" if crisis else part.reason
                    message, state = await self._hand_off(conversation, reason, part.summary)
                    out.append(NewMessage("out", "system", message, message["text"]))
            elif isinstance(part, DocumentsRequest):
                out.append(self._documents_offer(part.want, [*shown, *out]))
            elif not (crisis is not None and part["type"] == "crisis"):
                offered = offered or offers_handoff(part)
                out.append(NewMessage("out", "bot", part, str(part.get("text") or "")))
        if crisis is not None and not (handed_off or offered):
            out.append(await self._crisis_offer(conversation))

        if translation.erase_requested:
            try:
                await self._erase_locked(conversation)
            except EraseFailed:
                out.append(NewMessage("out", "system", text_message(ERROR_TEXTS["erase_failed"])))
            else:
                return Reply([m.payload for m in out] + [text_message(ERASED)], "closed", erased=True)

        out = self._break_loops(out, shown)
        records = await self._db(self._store.add_messages, conversation.id, out, reply_to=stored.id)
        await self._publish_messages(conversation, records)
        return Reply([record.payload for record in records], state)

    def _documents_offer(self, want: str, said: Sequence[MessageRecord | NewMessage]) -> NewMessage:
        """The answer to "kan ik dit als PDF krijgen?" / "maak een brief": after an overview the
        widget's document buttons (`documents` names the one asked for), before it when they come."""
        mail = DOCUMENTS_MAIL if self._mail_enabled else ""
        if not any(m.payload.get("type") == "recommendations" for m in said):
            not_yet = DOCUMENTS_NOT_YET.format(mail=mail)
            return NewMessage("out", "system", text(not_yet), not_yet)
        ready = DOCUMENTS_READY.format(mail=mail)
        return NewMessage("out", "system", text(ready, documents=want), ready)

    @staticmethod
    def _break_loops(out: list[NewMessage], shown: list[MessageRecord]) -> list[NewMessage]:
        """A bot message never comes a third time in a loop: after the same message twice in a row
        (A A), or two messages taking turns (A B A B: "not understood", "tell me", "not understood",
        ...), the next A becomes a way out of the loop."""
        said = [m.text for m in shown if m.sender == "bot" and m.text][-4:]
        looping = set()
        if len(said) >= 2 and said[-1] == said[-2]:
            looping.add(said[-1])
        if len(said) == 4 and said[0] == said[2] and said[1] == said[3]:
            looping.add(said[0])
        if not looping:
            return out
        loop_break = {"type": "text", "text": LOOP_BREAK, "buttons": [dict(b) for b in LOOP_BREAK_BUTTONS]}
        return [
            NewMessage("out", "bot", loop_break, LOOP_BREAK) if m.sender == "bot" and m.text in looping else m
            for m in out
        ]

    async def _answer_handed_over(
        self, conversation: ConversationRecord, stored: MessageRecord, crisis: CrisisHit | None
    ) -> Reply:
        """Waiting or assigned: the message is for the desk (published above), not for Rasa.
        A crisis still gets the fixed text at once, and the conversation becomes urgent."""
        out: list[NewMessage] = []
        if crisis is not None:
            out.append(crisis_message(crisis.text))
            if conversation.handoff_reason != "crisis":
                await self._db(self._store.update, conversation.id, handoff_reason="crisis")
                await self._publish_state(replace(conversation, handoff_reason="crisis"), None)
        records = await self._db(self._store.add_messages, conversation.id, out, reply_to=stored.id)
        await self._publish_messages(conversation, records)
        return Reply([record.payload for record in records], conversation.state)

    async def _answer_unreadable(self, conversation: ConversationRecord, stored: MessageRecord) -> Reply:
        """A photo, voice message or sticker: not for the bot; the person is asked to type."""
        out = [NewMessage("out", "system", text_message(CHANNEL_ONLY_TEXT), CHANNEL_ONLY_TEXT)]
        records = await self._db(self._store.add_messages, conversation.id, out, reply_to=stored.id)
        await self._publish_messages(conversation, records)
        return Reply([record.payload for record in records], conversation.state)

    async def _crisis_offer(self, conversation: ConversationRecord) -> NewMessage:
        """After the crisis text: the offer to talk with a person when the desk can take it,
        else the handoff's "unavailable" notice (which says where to call instead)."""
        decision = await self._handoff.decide(conversation, "crisis")
        if decision.status == "waiting":
            offer = handoff_offer()
            return NewMessage("out", "system", offer, offer["text"])
        message, _ = await self._hand_off(conversation, "crisis", None, decision)
        return NewMessage("out", "system", message, message["text"])

    async def _hand_off(
        self,
        conversation: ConversationRecord,
        reason: str,
        summary: Mapping[str, Any] | None,
        decision: HandoffDecision | None = None,
    ) -> tuple[Message, State]:
        decision = decision or await self._handoff.decide(conversation, reason)
        handoff = Handoff(
            status=HandoffStatus(decision.status),
            reason=HandoffReason(reason),
            text=decision.text,
            **decision.extra,
        )
        message = dump(handoff)
        changes: dict[str, Any] = {"handoff_reason": reason}
        if summary is not None:
            changes["profile_summary"] = dict(summary)
        if decision.status != "waiting":
            if summary is not None:
                await self._db(self._store.update, conversation.id, profile_summary=dict(summary))
            return message, conversation.state
        from_bot: tuple[State, ...] = ("bot",)
        updated = await self._db(self._store.transition, conversation.id, from_bot, "waiting", **changes)
        if updated is None:  # cannot happen under the lock, unless the row vanished
            raise ConversationNotFound
        await self._publish_state(updated, message)
        return message, "waiting"

    async def _erase_locked(self, conversation: ConversationRecord) -> None:
        """Waits for a Rasa turn still in progress, then deletes (api/services/erasure.py).
        Tracker rows first: if Rasa's store cannot be reached nothing is deleted, and the
        person can try again with the same token."""
        await self._wait_for_late_turn(conversation.id)
        try:
            await self._db(self._erasure.erase, conversation.id)
        except TRACKER_ERRORS as exc:
            logger.error(
                "erase: tracker store not reachable", extra=log_fields(conversation=short_id(conversation.id))
            )
            raise EraseFailed from exc
        event = Event("erased", {"conversation_id": conversation.id})
        await self._bus.publish(conversation_topic(conversation.id), event)
        await self._bus.publish(tenant_topic(conversation.tenant), event)
        logger.info("conversation erased", extra=log_fields(conversation=short_id(conversation.id)))

    async def _publish_messages(self, conversation: ConversationRecord, records: list[MessageRecord]) -> None:
        for record in records:
            event = Event("message", {"conversation_id": conversation.id, **record.public()})
            await self._bus.publish(conversation_topic(conversation.id), event)
            if conversation.state in HANDED_OVER:
                await self._bus.publish(tenant_topic(conversation.tenant), event)

    async def _publish_state(self, conversation: ConversationRecord, notice: Message | None) -> None:
        for observer in self._observers:
            try:
                await observer(conversation)
            except Exception:
                logger.error("state observer failed", exc_info=True)
        event = Event(
            "state",
            {
                "conversation_id": conversation.id,
                "state": conversation.state,
                "reason": conversation.handoff_reason,
                "message": notice,
            },
        )
        await self._bus.publish(conversation_topic(conversation.id), event)
        await self._bus.publish(tenant_topic(conversation.tenant), event)
