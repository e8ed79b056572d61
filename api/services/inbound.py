"""A person's message, from storing it to the answer. `InboundPipeline.post_message` runs, under
the conversation's lock, these steps in this order:

1. store (`_receive`): the message is stored first (once per client_message_id) and published;
2. replay (`_replay`): a repeated client_message_id gets the stored answer of the first;
3. unreadable media (`_answer_unreadable`): a photo, voice message or sticker asks to type;
4. crisis check (`_check_crisis`): the gateway's own detector, before any bot;
5. the bot turn (`_answer_with_bot`): Rasa (`_ask_rasa`), its translation, a handoff (`_hand_off`),
   the documents offer (`_documents_offer`), the crisis offer (`_crisis_offer`), erasure on
   request; or, waiting or assigned, the handed-over path (`_answer_handed_over`);
6. loop breaking (`_break_loops`, the bot turn only);
7. store the replies and publish them (`_reply`).

`accept` runs only step 1 (a webhook answers its provider at once); `post_message` with the same
client_message_id answers it later.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from api.contract import (
    Crisis,
    Handoff,
    HandoffReason,
    HandoffStatus,
    dump,
    offers_handoff,
    text,
)
from api.insights.recorder import InsightRecorder
from api.locks import ConversationLocks
from api.logs import log_fields, short_id
from api.rasa.client import RasaClient, RasaError, RasaUnavailable, describe
from api.rasa.translate import DocumentsRequest, HandoffRequest, Translation, translate
from api.services.errors import ConversationClosed, ConversationNotFound, EraseFailed
from api.services.feed import Message, Publisher, text_message
from api.services.handoff import HandoffDecision, HandoffPolicy
from api.services.lifecycle import LateTurns
from api.services.safety import (
    REQUEST_HUMAN,
    CrisisDetector,
    CrisisHit,
    crisis_intent,
    handoff_offer,
)
from api.store.conversations import ConversationStore
from api.store.records import ConversationRecord, Direction, MessageRecord, NewMessage, State
from api.texts import (
    ASSISTANT_DOWN,
    CHANNEL_ONLY_TEXT,
    DOCUMENTS_MAIL,
    DOCUMENTS_NOT_YET,
    DOCUMENTS_READY,
    ERASED,
    LOOP_BREAK,
    LOOP_BREAK_BUTTONS,
)
from api.texts import ERRORS as ERROR_TEXTS
from api.threads import in_thread
from bot.person_request import asks_for_a_person

logger = logging.getLogger("api.conversations")


# Payloads a client may send without a button in the transcript: "talk to a person"
ALWAYS_ALLOWED = frozenset({REQUEST_HUMAN})

# Rasa failures after which its turn may still be running (and will save the tracker when it ends)
_TURN_MAY_GO_ON = frozenset({"timeout", "transport_error"})

# Erases a conversation whose lock is held (Lifecycle.erase_locked)
EraseLocked = Callable[[ConversationRecord], Awaitable[None]]

# State changes of a turn, told to the bus once the turn's replies are stored (so the handoff
# notice never overtakes the bot's line or the crisis text that led to it)
Changes = list[tuple[ConversationRecord, Message | None]]


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

    @classmethod
    def from_record(cls, record: MessageRecord) -> Inbound:
        """The message as it was stored (the inverse of `stored`): to answer it later."""
        payload = record.payload.get("payload")
        return cls(
            record.text,
            record.client_message_id,
            payload if isinstance(payload, str) else None,
            unreadable=bool(record.payload.get("media")),
        )


@dataclass(frozen=True)
class Reply:
    messages: list[Message]
    state: State
    erased: bool = False


class InboundPipeline:
    """A person's messages (to the bot or the desk), each under its conversation's lock."""

    def __init__(
        self,
        *,
        store: ConversationStore,
        rasa: RasaClient,
        locks: ConversationLocks,
        handoff: HandoffPolicy,
        crisis: CrisisDetector,
        publisher: Publisher,
        late_turns: LateTurns,
        erase_locked: EraseLocked,
        mail_enabled: bool = False,
        insights: InsightRecorder | None = None,
    ) -> None:
        self._store = store
        self._rasa = rasa
        self._locks = locks
        self._handoff = handoff
        self._crisis = crisis
        self._publisher = publisher
        self._late_turns = late_turns
        self._erase_locked = erase_locked
        self._mail_enabled = mail_enabled
        self._insights = insights  # the monthly figures (api/insights)

    # --- public -------------------------------------------------------------------------------

    async def accept(self, conversation_id: str, inbound: Inbound) -> MessageRecord:
        """Only stores the message (a webhook answers its provider at once); `post_message` with
        the same client_message_id answers it later. ConversationClosed when it is closed.
        Without the conversation's lock (a turn may hold it for Rasa's whole timeout, and the
        webhook must answer at once): storing is one idempotent transaction."""
        _, stored, _ = await self._receive(conversation_id, inbound)
        return stored

    async def acknowledge(self, conversation_id: str, message_id: int) -> None:
        """Marks a stored message answered without an answer (Telegram's "/start": the welcome
        already said everything)."""
        async with self._locks.hold(conversation_id):
            await in_thread(self._store.add_messages, conversation_id, [], reply_to=message_id)

    async def post_message(self, conversation_id: str, inbound: Inbound) -> Reply:
        """Stores the message first, then answers it (bot, crisis text, or the desk's queue).
        A repeated client_message_id gets the stored answer of the first."""
        async with self._locks.hold(conversation_id):
            conversation, stored, is_new = await self._receive(conversation_id, inbound)
            if not is_new and stored.handled_at is not None:
                return await self._replay(conversation, stored)
            return await self._answer(conversation, stored, inbound)

    # --- 1. store -----------------------------------------------------------------------------

    async def _receive(
        self, conversation_id: str, inbound: Inbound
    ) -> tuple[ConversationRecord, MessageRecord, bool]:
        """Stores the message (a repeated client_message_id finds the first) and publishes it
        when it is new. ConversationNotFound, or ConversationClosed when it is closed."""
        conversation, stored, is_new = await in_thread(self._store.receive, conversation_id, inbound.stored())
        if conversation is None:
            raise ConversationNotFound
        if stored is None:
            raise ConversationClosed
        if is_new:
            await self._publisher.publish_messages(conversation, [stored])
        return conversation, stored, is_new

    # --- 2. replay ----------------------------------------------------------------------------

    async def _replay(self, conversation: ConversationRecord, stored: MessageRecord) -> Reply:
        """The stored answer of a message already answered."""
        replies = await in_thread(self._store.replies, stored.id)
        return Reply([reply.payload for reply in replies], conversation.state)

    # --- 3.-5. the answer ---------------------------------------------------------------------

    async def _answer(
        self, conversation: ConversationRecord, stored: MessageRecord, inbound: Inbound
    ) -> Reply:
        if inbound.unreadable:
            return await self._answer_unreadable(conversation, stored)
        crisis = self._check_crisis(inbound.text)
        if conversation.state == "bot":
            return await self._answer_with_bot(conversation, stored, inbound, crisis)
        return await self._answer_handed_over(conversation, stored, crisis)

    async def _answer_unreadable(self, conversation: ConversationRecord, stored: MessageRecord) -> Reply:
        """A photo, voice message or sticker: not for the bot; the person is asked to type."""
        out = [NewMessage("out", "system", text_message(CHANNEL_ONLY_TEXT), CHANNEL_ONLY_TEXT)]
        return await self._reply(conversation, stored, out, conversation.state)

    def _check_crisis(self, text: str) -> CrisisHit | None:
        if not text:
            return None
        try:
            return self._crisis(text)
        except Exception:  # a broken check must not lose the message: Rasa's crisis rule remains
            logger.error("crisis check failed", exc_info=True)
            return None

    # --- 5. the bot turn ----------------------------------------------------------------------

    async def _answer_with_bot(
        self,
        conversation: ConversationRecord,
        stored: MessageRecord,
        inbound: Inbound,
        crisis: CrisisHit | None,
    ) -> Reply:
        outgoing: tuple[Direction, ...] = ("out",)
        shown = await in_thread(self._store.transcript, conversation.id, outgoing)  # what was sent so far
        for_rasa = crisis_intent(crisis.kind) if crisis else self._for_rasa(conversation, inbound, shown)
        translation, bot_failed = await self._ask_rasa(conversation, for_rasa)
        if translation.insight is not None and self._insights is not None:
            await self._insights.overview(conversation, translation.insight)
        out = self._first_messages(crisis, translation, bot_failed, for_rasa)
        changes: Changes = []
        state = await self._add_parts(conversation, crisis, translation, shown, out, changes)
        if translation.erase_requested:
            erased = await self._erase_on_request(conversation, out)
            if erased is not None:
                return erased
        return await self._reply(conversation, stored, self._break_loops(out, shown), state, changes)

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

    @staticmethod
    def _for_bot(text: str) -> str:
        """The text for Rasa; a request for a person anywhere in it ("…, kan ik met iemand van jullie
        bellen?") becomes that request, which the classifier alone may miss in a longer sentence."""
        return REQUEST_HUMAN if asks_for_a_person(text) else text

    async def _ask_rasa(self, conversation: ConversationRecord, for_rasa: str) -> tuple[Translation, bool]:
        """Rasa's answer, translated; an empty one and True when the bot did not answer. A turn
        the gateway gave up on is noted: it may still run, and erasure waits for it."""
        metadata = {"channel": conversation.channel, "tenant": conversation.tenant}
        try:
            return translate(await self._rasa.send(conversation.id, for_rasa, metadata)), False
        except RasaError as exc:
            logger.warning("bot did not answer", extra=log_fields(**describe(exc, conversation.id)))
            if isinstance(exc, RasaUnavailable) and exc.code in _TURN_MAY_GO_ON:
                self._late_turns.note(conversation.id)
            return Translation(), True
        except BaseException:  # cancelled while Rasa works on it: its turn goes on without us
            self._late_turns.note(conversation.id)
            raise

    @staticmethod
    def _first_messages(
        crisis: CrisisHit | None, translation: Translation, bot_failed: bool, for_rasa: str
    ) -> list[NewMessage]:
        """What comes before Rasa's answer: the crisis text, or the notice that the bot is down."""
        out: list[NewMessage] = []
        if crisis is not None:
            out.append(crisis_message(crisis.text))
        elif bot_failed and for_rasa == REQUEST_HUMAN:
            # The person pressed "talk to a person": the desk needs no bot for that.
            translation.parts.append(HandoffRequest("user_request"))
        elif bot_failed:
            out.append(NewMessage("out", "system", text_message(ASSISTANT_DOWN), ASSISTANT_DOWN))
        return out

    async def _add_parts(
        self,
        conversation: ConversationRecord,
        crisis: CrisisHit | None,
        translation: Translation,
        shown: list[MessageRecord],
        out: list[NewMessage],
        changes: Changes,
    ) -> State:
        """Adds Rasa's answer to `out`: its messages, a handoff (once), the documents offer, and
        after a crisis the offer of a person unless one was made. Returns the state after it;
        a state change goes to `changes` (told once the replies are stored)."""
        state = conversation.state
        handed_off = offered = False
        for part in translation.parts:
            if isinstance(part, HandoffRequest):
                if not handed_off:
                    handed_off = True
                    reason = "crisis" if crisis else part.reason
                    if self._insights is not None:
                        await self._insights.asked(conversation)
                    message, state = await self._hand_off(conversation, reason, part.summary, changes)
                    out.append(NewMessage("out", "system", message, message["text"]))
            elif isinstance(part, DocumentsRequest):
                out.append(self._documents_offer(part.want, [*shown, *out]))
            elif not (crisis is not None and part["type"] == "crisis"):
                offered = offered or offers_handoff(part)
                out.append(NewMessage("out", "bot", part, str(part.get("text") or "")))
        if crisis is not None and not (handed_off or offered):
            out.append(await self._crisis_offer(conversation, changes))
        return state

    async def _hand_off(
        self,
        conversation: ConversationRecord,
        reason: str,
        summary: Mapping[str, Any] | None,
        changes: Changes,
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
        columns: dict[str, Any] = {"handoff_reason": reason}
        if summary is not None:
            columns["profile_summary"] = dict(summary)
        if decision.status != "waiting":
            if summary is not None:
                await in_thread(self._store.update, conversation.id, profile_summary=dict(summary))
            return message, conversation.state
        from_bot: tuple[State, ...] = ("bot",)
        updated = await in_thread(self._store.transition, conversation.id, from_bot, "waiting", **columns)
        if updated is None:  # cannot happen under the lock, unless the row vanished
            raise ConversationNotFound
        changes.append((updated, message))
        return message, "waiting"

    def _documents_offer(self, want: str, said: Sequence[MessageRecord | NewMessage]) -> NewMessage:
        """The answer to "kan ik dit als PDF krijgen?" / "maak een brief": after an overview the
        widget's document buttons (`documents` names the one asked for), before it when they come."""
        mail = DOCUMENTS_MAIL if self._mail_enabled else ""
        if not any(m.payload.get("type") == "recommendations" for m in said):
            not_yet = DOCUMENTS_NOT_YET.format(mail=mail)
            return NewMessage("out", "system", text(not_yet), not_yet)
        ready = DOCUMENTS_READY.format(mail=mail)
        return NewMessage("out", "system", text(ready, documents=want), ready)

    async def _crisis_offer(self, conversation: ConversationRecord, changes: Changes) -> NewMessage:
        """After the crisis text: the offer to talk with a person when the desk can take it,
        else the handoff's "unavailable" notice (which says where to call instead)."""
        decision = await self._handoff.decide(conversation, "crisis")
        if decision.status == "waiting":
            offer = handoff_offer()
            return NewMessage("out", "system", offer, offer["text"])
        message, _ = await self._hand_off(conversation, "crisis", None, changes, decision)
        return NewMessage("out", "system", message, message["text"])

    async def _erase_on_request(
        self, conversation: ConversationRecord, out: list[NewMessage]
    ) -> Reply | None:
        """The bot's "wis mijn gegevens": the answer so far and the goodbye, or (None) when the
        erasure failed, a notice added to `out` and the turn goes on."""
        try:
            await self._erase_locked(conversation)
        except EraseFailed:
            out.append(NewMessage("out", "system", text_message(ERROR_TEXTS["erase_failed"])))
            return None
        return Reply([m.payload for m in out] + [text_message(ERASED)], "closed", erased=True)

    # --- 5. or: handed over -------------------------------------------------------------------

    async def _answer_handed_over(
        self, conversation: ConversationRecord, stored: MessageRecord, crisis: CrisisHit | None
    ) -> Reply:
        """Waiting or assigned: the message is for the desk (published above), not for Rasa.
        A crisis still gets the fixed text at once, and the conversation becomes urgent."""
        out: list[NewMessage] = []
        changes: Changes = []
        if crisis is not None:
            out.append(crisis_message(crisis.text))
            if conversation.handoff_reason != "crisis":
                await in_thread(self._store.update, conversation.id, handoff_reason="crisis")
                changes.append((replace(conversation, handoff_reason="crisis"), None))
        return await self._reply(conversation, stored, out, conversation.state, changes)

    # --- 6. loop breaking ---------------------------------------------------------------------

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

    # --- 7. store the replies, publish --------------------------------------------------------

    async def _reply(
        self,
        conversation: ConversationRecord,
        stored: MessageRecord,
        out: list[NewMessage],
        state: State,
        changes: Sequence[tuple[ConversationRecord, Message | None]] = (),
    ) -> Reply:
        """Stores the replies as the answer to `stored`, publishes them, then the turn's state
        changes (after the replies: the desk reads a complete transcript when it hears of them;
        marked as the answer to `stored`, so the person's feed leaves them to the POST answer),
        and returns them."""
        records = await in_thread(self._store.add_messages, conversation.id, out, reply_to=stored.id)
        await self._publisher.publish_messages(conversation, records)
        for changed, notice in changes:
            await self._publisher.publish_state(changed, notice, reply_to=stored.id)
        return Reply([record.payload for record in records], state)
