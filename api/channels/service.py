"""A message from a messaging channel, from the webhook to the conversation pipeline.

The webhook stores the message first (`accept`, idempotent on the provider's id, so a provider's
retry is answered once) and answers its provider; the turn runs after that (`answer`), and its
replies leave through the outbox like everything else said in the conversation (the widget's
pipeline, the desk's replies and handoff notices). What a person writes on a channel gets the same
crisis check, storage, handoff, desk and erasure as the widget.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from api.channels.addresses import AddressSeal
from api.channels.buttons import parse_button_ref
from api.channels.outbox import OutboxWorker
from api.channels.providers import Provider, SendError
from api.logs import log_fields, short_id
from api.services.conversations import ConversationService, Inbound
from api.services.errors import ConversationClosed, ConversationNotFound, EraseFailed
from api.store.channels import ChannelStore
from api.store.records import utcnow
from api.texts import CHANNEL_MEDIA_LABELS
from api.threads import in_thread

logger = logging.getLogger("api.channels")

#: What Telegram sends when a person opens the bot for the first time.
START_COMMAND = "/start"


@dataclass(frozen=True)
class ChannelMessage:
    """One message a provider delivered: who (`address`: phone number or chat id), its id at the
    provider (for idempotency), and what: typed text, a pressed button's reference, or media."""

    channel: str
    address: str
    provider_id: str
    text: str = ""
    button_ref: str | None = None
    button_title: str | None = None
    media: str | None = None  # "image", "audio", "sticker", ... (never downloaded)


@dataclass(frozen=True)
class Accepted:
    conversation_id: str
    inbound: Inbound
    message: ChannelMessage
    message_id: int
    opens: bool = False  # Telegram's "/start" in a new conversation: the welcome is the answer


class ChannelService:
    def __init__(
        self,
        conversations: ConversationService,
        store: ChannelStore,
        seal: AddressSeal,
        providers: Mapping[str, Provider],
        outbox: OutboxWorker,
    ) -> None:
        self._conversations = conversations
        self._store = store
        self._seal = seal
        self.providers = providers
        self._outbox = outbox

    async def accept(self, message: ChannelMessage) -> Accepted | None:
        """Stores the message in the person's open conversation (a new one for a new address or
        after the last was closed), one message of an address at a time (two quick messages of a
        new person make one conversation). None: nothing to answer (a retry of a message stored in
        an earlier conversation, or a button of a conversation that is gone). Raises only when it
        could not be stored: the provider retries."""
        address_hash = self._seal.hash(message.channel, message.address)
        client_id = f"{message.channel}:{self._seal.hash('message', message.provider_id)[:48]}"
        async with self._conversations.locks.hold(f"address:{address_hash}"):
            for _ in range(2):  # the conversation may be closed between finding and storing
                earlier = await in_thread(self._store.seen, message.channel, address_hash, client_id)
                found = earlier or await self._open_conversation(message, address_hash)
                inbound = await self._inbound(found, message, client_id)
                if inbound is None:
                    return None
                conversation_id, new = (
                    (found, False) if found else (await self._start(message, inbound), True)
                )
                try:
                    stored = await self._conversations.accept(conversation_id, inbound)
                except (ConversationClosed, ConversationNotFound):
                    if earlier:
                        return None
                    continue
                await in_thread(self._store.release, conversation_id)  # the person wrote: held may go
                opens = new and message.text.strip().lower() == START_COMMAND
                return Accepted(conversation_id, inbound, message, stored.id, opens)
        raise ConversationClosed

    async def answer(self, accepted: Accepted) -> None:
        """The turn (bot, crisis text, or the desk's queue); its replies go out through the outbox."""
        try:
            if accepted.opens:
                await self._conversations.acknowledge(accepted.conversation_id, accepted.message_id)
                self._outbox.wake()
                return
            reply = await self._conversations.post_message(accepted.conversation_id, accepted.inbound)
        except (ConversationClosed, ConversationNotFound):
            return
        except Exception:
            # stored and not handled: the recovery round answers it later
            logger.error(
                "channel turn failed",
                exc_info=True,
                extra=log_fields(conversation=short_id(accepted.conversation_id)),
            )
            return
        if reply.erased:
            await self._erased(accepted, reply.messages)
        self._outbox.wake()

    async def failed_at_provider(self, provider_id: str, error: str) -> None:
        """The provider could not deliver a message it had taken: the desk shows it as failed."""
        await in_thread(self._store.failed_at_provider, self._seal.hash("sent", provider_id), error)

    async def recover(self, older_than: timedelta = timedelta(seconds=30)) -> int:
        """Answers messages stored by a webhook whose turn never ran (the process stopped)."""
        answered = 0
        for record in await in_thread(self._store.unhandled, utcnow() - older_than):
            try:
                await self._conversations.post_message(record.conversation_id, Inbound.from_record(record))
                answered += 1
            except (ConversationClosed, ConversationNotFound):
                continue
            except Exception:  # one that keeps failing must not stop the others
                logger.error("channel recovery: a message failed", exc_info=True)
        if answered:
            self._outbox.wake()
        return answered

    async def _open_conversation(self, message: ChannelMessage, address_hash: str) -> str | None:
        conversation = await in_thread(self._store.find_open, message.channel, address_hash)
        return conversation.id if conversation is not None else None

    async def _start(self, message: ChannelMessage, inbound: Inbound) -> str:
        """A new conversation for this address, with the person's message stored in it at once."""
        sealed = self._seal.seal(message.channel, message.address)
        started = await self._conversations.start(message.channel, None, sealed, inbound)
        return started.conversation.id

    async def _inbound(
        self, conversation_id: str | None, message: ChannelMessage, client_id: str
    ) -> Inbound | None:
        """What the pipeline gets. The provider's id is stored keyed-hashed (a wamid holds the
        phone number); a button of a conversation that is gone is nothing (None)."""
        if message.media is not None:
            label = CHANNEL_MEDIA_LABELS.get(message.media, CHANNEL_MEDIA_LABELS["other"])
            return Inbound(label, client_id, unreadable=True)
        if message.button_ref is not None:
            button = await self._button(conversation_id, message.button_ref) if conversation_id else None
            if button is not None:
                return Inbound(button["title"], client_id, button["payload"])
            return Inbound(message.button_title, client_id) if message.button_title else None
        return Inbound(message.text, client_id)

    async def _button(self, conversation_id: str, ref: str) -> Mapping[str, Any] | None:
        """The button a reference points to, only among this conversation's messages."""
        parsed = parse_button_ref(ref)
        if parsed is None:
            return None
        message_id, index = parsed
        record = await in_thread(self._store.message, conversation_id, message_id)
        buttons = record.payload.get("buttons") if record is not None else None
        if not isinstance(buttons, list) or not 0 <= index < len(buttons):
            return None
        button = buttons[index]
        return button if isinstance(button, Mapping) and isinstance(button.get("payload"), str) else None

    async def _erased(self, accepted: Accepted, messages: list[dict[str, Any]]) -> None:
        """ "Wis mijn gegevens": the person's other (closed) conversations on this channel go too, and
        the last words are sent straight away (the outbox went with the conversation)."""
        message = accepted.message
        address_hash = self._seal.hash(message.channel, message.address)
        for conversation_id in await in_thread(self._store.conversations_of, message.channel, address_hash):
            try:
                await self._conversations.erase(conversation_id)
            except (ConversationNotFound, EraseFailed):
                logger.warning("channel erase: an older conversation was not erased")
        provider = self.providers.get(message.channel)
        if provider is None:
            return
        for said in messages:
            for body in provider.bodies(message.address, said, 0):
                try:
                    await provider.send(body)
                except SendError as exc:
                    logger.warning("channel erase: goodbye not sent", extra=log_fields(error=exc.code))
                    return
