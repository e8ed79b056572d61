"""Event bus: how parts of the gateway (and later several gateway replicas) tell each other what
happened in a conversation.

    await bus.publish(conversation_topic(cid), Event("message", {...}))
    async with bus.subscribe(conversation_topic(cid)) as events:
        async for event in events:
            ...

The subscription is registered when the `async with` is entered, so nothing published after that
is missed. Events are JSON-ready (`Event.to_json` / `Event.from_json`), so a Redis pub/sub bus can
implement the same interface. A subscriber that falls `queue_size` events behind is dropped: its
iteration ends and it should re-read the transcript and subscribe again.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Protocol

from api.logs import log_fields

logger = logging.getLogger("api.events")

TOPIC_CONVERSATION = "conversation"
TOPIC_TENANT = "tenant"


def conversation_topic(conversation_id: str) -> str:
    """Everything that happens in one conversation (messages of every sender, state changes)."""
    return f"{TOPIC_CONVERSATION}:{conversation_id}"


def tenant_topic(tenant: str | None) -> str:
    """What a tenant's desk needs: state changes and messages of handed-over conversations."""
    return f"{TOPIC_TENANT}:{tenant or '-'}"


@dataclass(frozen=True)
class Event:
    """`kind`: "message" | "state" | "erased" (more may come); `data`: JSON-ready."""

    kind: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "data": dict(self.data)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Event:
        parsed = json.loads(raw)
        return cls(kind=str(parsed["kind"]), data=dict(parsed.get("data") or {}))


class Subscription(Protocol):
    """An async iterator of events, used as an async context manager."""

    async def __aenter__(self) -> Subscription: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def __aiter__(self) -> AsyncIterator[Event]: ...

    async def __anext__(self) -> Event: ...

    async def aclose(self) -> None: ...


class EventBus(Protocol):
    async def publish(self, topic: str, event: Event) -> None: ...

    def subscribe(self, topic: str) -> Subscription: ...

    async def close(self) -> None: ...


_CLOSED = object()


class _LocalSubscription:
    def __init__(self, bus: InProcessEventBus, topic: str, queue_size: int) -> None:
        self._bus = bus
        self.topic = topic
        self._queue: asyncio.Queue[object] = asyncio.Queue(maxsize=queue_size + 1)
        self._queue_size = queue_size
        self._closed = False
        self._registered = False

    async def __aenter__(self) -> _LocalSubscription:
        self._register()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __aiter__(self) -> _LocalSubscription:
        return self

    async def __anext__(self) -> Event:
        self._register()  # plain `async for` without `async with` registers on first use
        item = await self._queue.get()
        if item is _CLOSED:
            self._closed = True
            raise StopAsyncIteration
        assert isinstance(item, Event)
        return item

    async def aclose(self) -> None:
        self._bus._unregister(self)

    def _register(self) -> None:
        if not self._registered:
            self._registered = True
            self._bus._register(self)

    def _offer(self, event: Event) -> None:
        if self._closed:
            return
        if self._queue.qsize() >= self._queue_size:
            logger.warning("subscriber too slow: dropped", extra=log_fields(topic=self.topic.split(":")[0]))
            self._end()
            return
        self._queue.put_nowait(event)

    def _end(self) -> None:
        if not self._closed:
            self._closed = True
            self._queue.put_nowait(_CLOSED)


class InProcessEventBus:
    """The bus within one gateway process. Publishing never blocks."""

    def __init__(self, queue_size: int = 256) -> None:
        self._queue_size = queue_size
        self._subscribers: dict[str, set[_LocalSubscription]] = {}

    def subscribe(self, topic: str) -> _LocalSubscription:
        return _LocalSubscription(self, topic, self._queue_size)

    async def publish(self, topic: str, event: Event) -> None:
        for subscription in list(self._subscribers.get(topic, ())):
            subscription._offer(event)

    def subscriber_count(self, topic: str) -> int:
        return len(self._subscribers.get(topic, ()))

    async def close(self) -> None:
        for subscriptions in list(self._subscribers.values()):
            for subscription in list(subscriptions):
                subscription._end()
        self._subscribers.clear()

    def _register(self, subscription: _LocalSubscription) -> None:
        self._subscribers.setdefault(subscription.topic, set()).add(subscription)

    def _unregister(self, subscription: _LocalSubscription) -> None:
        subscribers = self._subscribers.get(subscription.topic)
        if subscribers is None:
            return
        subscribers.discard(subscription)
        if not subscribers:
            del self._subscribers[subscription.topic]
