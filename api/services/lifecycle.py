"""A conversation's life: its start with a token, the token's check, and its end (erasure on
request, retention). Erasure first waits for a Rasa turn the gateway gave up on (`LateTurns`)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from api.contract import MESSAGING_CHANNELS, Notice, text
from api.events.bus import Event, EventBus, conversation_topic, tenant_topic
from api.locks import ConversationLocks
from api.logs import log_fields, short_id
from api.rasa.client import RasaClient, RasaError, describe
from api.rasa.tracker_store import TrackerStore
from api.services.erasure import TRACKER_ERRORS, Erasure
from api.services.errors import ConversationNotFound, EraseFailed, Unauthorized
from api.services.feed import Message, text_message
from api.store.conversations import ConversationStore, SealedAddress
from api.store.records import ConversationRecord, NewMessage, utcnow
from api.store.resume import ResumeStore
from api.texts import CHANNEL_PRIVACY_NOTICE, PRIVACY_NOTICE, WELCOME
from api.threads import in_thread

logger = logging.getLogger("api.conversations")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Started:
    conversation: ConversationRecord
    token: str
    messages: list[Message]


class LateTurns:
    """Rasa turns the gateway gave up on (the pipeline notes them), which may still run and save
    the tracker when they end: erasure waits for them first."""

    def __init__(self, rasa: RasaClient, seconds: float) -> None:
        self._rasa = rasa
        self._seconds = seconds
        # conversation -> until when (monotonic) a Rasa turn the gateway gave up on may still run
        self._until: dict[str, float] = {}

    def note(self, conversation_id: str) -> None:
        now = time.monotonic()
        if len(self._until) > 1000:
            self._until = {key: until for key, until in self._until.items() if until > now}
        self._until[conversation_id] = now + self._seconds

    async def wait(self, conversation_id: str) -> None:
        """Before erasing: if a Rasa turn of this conversation may still run (the gateway gave up
        on it), wait until Rasa has saved it (bounded by the read timeout), so the delete comes
        after Rasa's write. If that fails, the tombstone's sweep deletes the rows again."""
        until = self._until.pop(conversation_id, None)
        if until is None or until <= time.monotonic():
            return
        try:
            await self._rasa.wait_for_turn(conversation_id, self._rasa.read_timeout)
        except RasaError as exc:
            logger.warning(
                "erase: could not wait for Rasa's turn", extra=log_fields(**describe(exc, conversation_id))
            )


class Lifecycle:
    """Start, authenticate, erase, retention. Every change happens under the conversation's lock."""

    def __init__(
        self,
        *,
        store: ConversationStore,
        tracker: TrackerStore,
        bus: EventBus,
        locks: ConversationLocks,
        erasure: Erasure,
        late_turns: LateTurns,
        retention: timedelta,
    ) -> None:
        self._store = store
        self._tracker = tracker
        self._bus = bus
        self._locks = locks
        self._erasure = erasure
        self._late_turns = late_turns
        self._retention = retention
        self._resume = ResumeStore(store.engine)  # the further tokens of resumed conversations

    async def start(
        self,
        channel: str,
        tenant: str | None,
        address: SealedAddress | None = None,
        opening: NewMessage | None = None,
    ) -> Started:
        """A new conversation with its welcome; a messaging channel's with whom it is (sealed) and
        the person's first message (`opening`, stored in the same transaction, before the welcome:
        the outbox sends nothing while a turn is due, so a crisis text in its answer goes first)."""
        token = secrets.token_urlsafe(32)
        privacy = CHANNEL_PRIVACY_NOTICE if channel in MESSAGING_CHANNELS else PRIVACY_NOTICE
        notice = privacy.format(days=self._retention.days)
        first = [
            *([opening] if opening is not None else []),
            NewMessage("out", "system", text_message(WELCOME), WELCOME),
            NewMessage("out", "system", text(notice, notice=Notice.PRIVACY), notice),
        ]
        conversation, records = await in_thread(
            self._store.create, str(uuid.uuid4()), hash_token(token), channel, tenant, first, address
        )
        logger.info("conversation started", extra=log_fields(conversation=short_id(conversation.id)))
        return Started(conversation, token, [record.payload for record in records])

    async def authenticate(self, conversation_id: str, token: str) -> ConversationRecord:
        conversation = await in_thread(self._store.get, conversation_id)
        if conversation is None:
            raise ConversationNotFound
        given = hash_token(token)
        if hmac.compare_digest(given, conversation.token_hash):
            return conversation
        # a token handed out when the conversation was resumed with its code (api/services/resume.py)
        further = await in_thread(self._resume.token_hashes, conversation_id)
        if not any([hmac.compare_digest(given, stored) for stored in further]):
            raise Unauthorized
        return conversation

    async def get(self, conversation_id: str) -> ConversationRecord:
        conversation = await in_thread(self._store.get, conversation_id)
        if conversation is None:
            raise ConversationNotFound
        return conversation

    async def erase(self, conversation_id: str) -> None:
        """Deletes the conversation from the gateway store and from Rasa's tracker store."""
        async with self._locks.hold(conversation_id):
            await self.erase_locked(await self.get(conversation_id))

    async def erase_locked(self, conversation: ConversationRecord) -> None:
        """Waits for a Rasa turn still in progress, then deletes (api/services/erasure.py).
        Tracker rows first: if Rasa's store cannot be reached nothing is deleted, and the
        person can try again with the same token."""
        await self._late_turns.wait(conversation.id)
        try:
            await in_thread(self._erasure.erase, conversation.id)
        except TRACKER_ERRORS as exc:
            logger.error(
                "erase: tracker store not reachable", extra=log_fields(conversation=short_id(conversation.id))
            )
            raise EraseFailed from exc
        event = Event("erased", {"conversation_id": conversation.id})
        await self._bus.publish(conversation_topic(conversation.id), event)
        await self._bus.publish(tenant_topic(conversation.tenant), event)
        logger.info("conversation erased", extra=log_fields(conversation=short_id(conversation.id)))

    async def purge_inactive(self) -> int:
        """Retention: deletes conversations without activity for MW_RETENTION_DAYS, with their
        Rasa tracker rows. Returns how many conversations were deleted."""
        cutoff = utcnow() - self._retention
        purged = 0
        while ids := await in_thread(self._store.inactive_before, cutoff, 200):
            for conversation_id in ids:
                if await self._purge_one(conversation_id, cutoff):
                    purged += 1
        await self._purge_tracker(cutoff)
        await in_thread(self._resume.purge_expired, utcnow())  # resume codes past their time
        if purged:
            logger.info("retention purge", extra=log_fields(purged=purged))
        return purged

    async def _purge_one(self, conversation_id: str, cutoff: datetime) -> bool:
        """One conversation, if it is still inactive since `cutoff`; the person's feed hears of it."""
        async with self._locks.hold(conversation_id):
            if not await in_thread(self._erasure.purge_inactive, conversation_id, cutoff):
                return False
            await self._bus.publish(
                conversation_topic(conversation_id),
                Event("erased", {"conversation_id": conversation_id}),
            )
            return True

    async def _purge_tracker(self, cutoff: datetime) -> None:
        """Rasa's tracker rows without activity since `cutoff` (also those the gateway never knew)."""
        try:
            if await in_thread(self._tracker.erase_inactive, cutoff):
                await in_thread(self._tracker.checkpoint)
        except TRACKER_ERRORS:
            logger.warning("retention: tracker store not reachable", exc_info=True)

    async def sweep_erased(self) -> int:
        """Deletes again the tracker rows of recently erased conversations (a Rasa turn that
        outlived the gateway's timeout writes the whole tracker back when it ends)."""
        return await in_thread(self._erasure.sweep)
