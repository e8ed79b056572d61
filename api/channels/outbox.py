"""The outbox worker: sends what the messaging channels' conversations have to say, in order, and
keeps trying while a provider is down or busy (429, 5xx, no connection), with backoff.

A message stays in the outbox until the provider took every part of it; `parts_sent` makes a retry
go on after the last part that arrived. A message the provider refuses for good (another 4xx) or
that could not go out for MW_OUTBOX_GIVE_UP_HOURS is marked failed: the desk shows it.
WhatsApp: after 24 hours without a message from the person only the approved template may go out;
the other messages wait ("held") until the person writes again.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from api.channels.addresses import AddressSeal
from api.channels.providers import Document, Provider, SendError
from api.logs import log_fields, short_id
from api.store.channels import ChannelStore, OutboxItem
from api.store.records import utcnow
from api.threads import in_thread

logger = logging.getLogger("api.channels")


#: The overview of a conversation as a PDF (None when it has no overview yet).
MakePdf = Callable[[str], Awaitable[Document | None]]


class OutboxWorker:
    def __init__(
        self,
        store: ChannelStore,
        seal: AddressSeal,
        providers: Mapping[str, Provider],
        *,
        poll_seconds: float = 1.0,
        backoff_max_seconds: float = 30.0,
        give_up_after: timedelta = timedelta(hours=24),
        lease: timedelta = timedelta(seconds=60),
        make_pdf: MakePdf | None = None,
    ) -> None:
        self._store = store
        self._seal = seal
        self._providers = providers
        self._poll = poll_seconds
        self._backoff_max = backoff_max_seconds
        self._give_up_after = give_up_after
        self._lease = lease
        self._wake = asyncio.Event()
        self._make_pdf = make_pdf

    def wake(self) -> None:
        """Something was put in the outbox: look now instead of at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        while True:
            try:
                if await self.tick():
                    continue  # a conversation's next message is due now: no waiting for the poll
            except Exception:
                logger.error("outbox: round failed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll)
            self._wake.clear()

    async def tick(self) -> int:
        """One round: every conversation's next due message, sent side by side. Returns how many."""
        now = utcnow()
        items = [
            item
            for item in await in_thread(self._store.due, now)
            if await in_thread(self._store.claim, item.id, now, now + self._lease)
        ]
        await asyncio.gather(*(self._deliver(item) for item in items))
        return len(items)

    async def _deliver(self, item: OutboxItem) -> None:
        fields = log_fields(conversation=short_id(item.conversation_id), channel=item.channel)
        provider = self._providers.get(item.channel)
        if provider is None:  # the channel was switched off: keep the message for when it is back
            await self._retry(item, SendError("channel_off"))
            return
        secret = await in_thread(self._store.address_of, item.conversation_id)
        address = self._seal.open(secret) if secret is not None else None
        if address is None:
            logger.warning("outbox: no address for the conversation", extra=fields)
            await in_thread(self._store.failed, item.id, "no_address")
            return
        try:
            if await self._window_closed(provider, item):
                await self._hold(provider, item, address)
                return
            steps = self._steps(provider, address, item)
            for index in range(item.parts_sent, len(steps)):
                provider_id = await steps[index]()
                # kept keyed-hashed, to match a later status: a wamid holds the phone number
                sealed = self._seal.hash("sent", provider_id) if provider_id else None
                await in_thread(self._store.progress, item.id, index + 1, sealed)
        except SendError as exc:
            await self._retry(item, exc)
            return
        except Exception:  # a bug or the database: try again later, never resend in a loop
            logger.error("outbox: delivery failed", exc_info=True, extra=fields)
            await self._retry(item, SendError("internal"))
            return
        await in_thread(self._store.sent, item.id)

    def _steps(
        self, provider: Provider, address: str, item: OutboxItem
    ) -> list[Callable[[], Awaitable[str | None]]]:
        """The send calls of one message: its parts, and after "Je overzicht komt hieronder als PDF"
        the overview PDF as a document."""
        pdf = self._make_pdf is not None
        bodies = provider.bodies(address, item.payload, item.message_id, pdf_available=pdf)
        steps: list[Callable[[], Awaitable[str | None]]] = [
            functools.partial(provider.send, body) for body in bodies
        ]
        if pdf and item.payload.get("documents") == "pdf":
            steps.append(functools.partial(self._send_pdf, provider, address, item))
        return steps

    async def _send_pdf(self, provider: Provider, address: str, item: OutboxItem) -> str | None:
        assert self._make_pdf is not None
        try:
            document = await self._make_pdf(item.conversation_id)
        except Exception:
            logger.error("outbox: overview PDF not made", exc_info=True)
            raise SendError("pdf_failed", permanent=True) from None
        return await provider.send_document(address, document) if document is not None else None

    async def _window_closed(self, provider: Provider, item: OutboxItem) -> bool:
        if provider.window is None:
            return False
        last = await in_thread(self._store.last_inbound_at, item.conversation_id)
        return last is not None and utcnow() - last > provider.window

    async def _hold(self, provider: Provider, item: OutboxItem, address: str) -> None:
        """Outside the window: the template once (it tells the person there is news), the messages
        wait. Only when nothing was held yet, so an agent's three replies send one template."""
        delivery = (await in_thread(self._store.delivery, [item.conversation_id])).get(item.conversation_id)
        template = provider.template(address)
        if template is not None and (delivery is None or delivery.held == 0):
            await provider.send(template)
        await in_thread(self._store.hold, item.conversation_id)
        logger.info(
            "outbox: window closed, held", extra=log_fields(conversation=short_id(item.conversation_id))
        )

    async def _retry(self, item: OutboxItem, error: SendError) -> None:
        fields = log_fields(
            conversation=short_id(item.conversation_id), channel=item.channel, error=error.code
        )
        if error.permanent or utcnow() - item.created_at > self._give_up_after:
            logger.warning("outbox: message failed", extra=fields)
            await in_thread(self._store.failed, item.id, error.code)
            return
        attempts = item.attempts + 1
        delay = error.retry_after or min(self._backoff_max, 2 ** min(attempts, 10) / 2)
        delay *= 1 + random.uniform(0, 0.2)  # replicas and conversations do not retry in step
        logger.info("outbox: will try again", extra={**fields, "attempt": attempts})
        await in_thread(self._store.retry, item.id, attempts, _after(delay), error.code)


def _after(seconds: float) -> datetime:
    return utcnow() + timedelta(seconds=seconds)
