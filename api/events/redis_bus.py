"""The event bus over Redis pub/sub, for a gateway that runs as several replicas
(MW_EVENT_BUS_URL=redis://host:6379/0).

Same interface and promises as InProcessEventBus: a subscription is registered (Redis has
confirmed the SUBSCRIBE) when its `async with` is entered, so nothing published after that is
missed; a subscriber that falls `queue_size` events behind is dropped. Every event goes through
Redis, also to subscribers in the publishing process, so all replicas see one order per topic.

One Redis connection per process carries all subscriptions; a reader task hands each message to
the local subscribers of its topic. When that connection breaks, every local subscription ends
(the widget and the desk then re-read what they missed and subscribe again) and the next
subscription connects anew. Publishing never raises: when Redis is down the event is logged as
lost (the message itself is already stored) and readers catch up from the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from types import TracebackType

import redis.asyncio as redis
from redis.exceptions import RedisError

from api.events.bus import Event, InProcessEventBus, _LocalSubscription
from api.logs import log_fields

logger = logging.getLogger("api.events")

PREFIX = "mw:"  # channel = PREFIX + topic, so a shared Redis can hold other things


class _RedisSubscription:
    def __init__(self, bus: RedisEventBus, topic: str) -> None:
        self._bus = bus
        self.topic = topic
        self._local: _LocalSubscription | None = None

    async def __aenter__(self) -> _RedisSubscription:
        await self._open()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __aiter__(self) -> _RedisSubscription:
        return self

    async def __anext__(self) -> Event:
        await self._open()  # plain `async for` without `async with` subscribes on first use
        assert self._local is not None
        return await self._local.__anext__()

    async def _open(self) -> None:
        if self._local is None:
            self._local = await self._bus._attach(self.topic)

    async def aclose(self) -> None:
        if self._local is not None:
            local, self._local = self._local, None
            await self._bus._detach(local)


class RedisEventBus:
    def __init__(self, url: str, queue_size: int = 256) -> None:
        self._client = redis.Redis.from_url(url)
        self._queue_size = queue_size
        self._local = InProcessEventBus(queue_size)
        self._pubsub: redis.client.PubSub | None = None
        self._reader: asyncio.Task[None] | None = None
        self._members: dict[str, set[_LocalSubscription]] = {}  # topic -> its local subscriptions
        self._confirmed: dict[str, asyncio.Future[None]] = {}
        self._lock = asyncio.Lock()
        self._closed = False

    def subscribe(self, topic: str) -> _RedisSubscription:
        return _RedisSubscription(self, topic)

    async def publish(self, topic: str, event: Event) -> None:
        try:
            await self._client.publish(PREFIX + topic, event.to_json())
        except (RedisError, OSError) as exc:
            fields = log_fields(topic=topic.split(":")[0], error=type(exc).__name__)
            logger.error("event bus: publish failed", extra=fields)

    async def ping(self) -> bool:
        try:
            return bool(await self._client.ping())
        except (RedisError, OSError):
            return False

    def subscriber_count(self, topic: str) -> int:
        return self._local.subscriber_count(topic)

    async def close(self) -> None:
        self._closed = True
        await self._stop_reader()
        await self._local.close()
        await self._client.aclose()

    # --- internals -------------------------------------------------------------------------------

    async def _attach(self, topic: str) -> _LocalSubscription:
        if self._closed:
            raise RuntimeError("the event bus is closed")
        local = self._local.subscribe(topic)
        await local.__aenter__()  # registered locally first: nothing confirmed by Redis is missed
        try:
            confirmed: asyncio.Future[None] | None
            async with self._lock:
                members = self._members.setdefault(topic, set())
                members.add(local)
                if len(members) == 1:
                    confirmed = await self._send_subscribe(topic)
                else:
                    confirmed = self._confirmed.get(topic)
            if confirmed is not None:
                await asyncio.wait_for(asyncio.shield(confirmed), timeout=10)
        except BaseException:
            await self._detach(local)
            raise
        return local

    async def _send_subscribe(self, topic: str) -> asyncio.Future[None]:
        if self._pubsub is None:
            self._pubsub = self._client.pubsub()
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._confirmed[topic] = future
        await self._pubsub.subscribe(PREFIX + topic)
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read(self._pubsub))
        return future

    async def _detach(self, local: _LocalSubscription) -> None:
        await local.aclose()
        topic = local.topic
        async with self._lock:
            members = self._members.get(topic)
            if members is None or local not in members:
                return  # from before a reset: that connection is gone already
            members.discard(local)
            if not members:
                del self._members[topic]
                self._confirmed.pop(topic, None)
                if self._pubsub is not None:
                    with contextlib.suppress(RedisError, OSError):
                        await self._pubsub.unsubscribe(PREFIX + topic)

    async def _read(self, pubsub: redis.client.PubSub) -> None:
        try:
            while True:
                message = await pubsub.get_message(timeout=1.0)
                if message is None:
                    continue
                channel = message["channel"]
                topic = (channel.decode() if isinstance(channel, bytes) else str(channel))[len(PREFIX) :]
                if message["type"] == "subscribe":
                    future = self._confirmed.get(topic)
                    if future is not None and not future.done():
                        future.set_result(None)
                elif message["type"] == "message":
                    try:
                        event = Event.from_json(message["data"])
                    except (ValueError, KeyError, TypeError):
                        logger.warning("event bus: unreadable event dropped")
                        continue
                    await self._local.publish(topic, event)
        except asyncio.CancelledError:
            raise
        except (RedisError, OSError) as exc:
            logger.error("event bus: connection lost", extra=log_fields(error=type(exc).__name__))
            await self._reset()

    async def _reset(self) -> None:
        """After a lost connection: end every local subscription; the next one reconnects."""
        async with self._lock:
            pubsub, self._pubsub, self._reader = self._pubsub, None, None
            for future in self._confirmed.values():
                if not future.done():
                    future.set_exception(ConnectionError("event bus connection lost"))
            self._confirmed.clear()
            self._members.clear()
            await self._local.close()
            self._local = InProcessEventBus(self._queue_size)
        if pubsub is not None:
            with contextlib.suppress(RedisError, OSError):
                await pubsub.aclose()

    async def _stop_reader(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, RedisError, OSError):
                await reader
        pubsub, self._pubsub = self._pubsub, None
        if pubsub is not None:
            with contextlib.suppress(RedisError, OSError):
                await pubsub.aclose()
