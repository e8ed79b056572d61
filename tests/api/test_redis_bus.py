"""The event bus over Redis pub/sub, against a real redis-server started by the test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from pydantic import ValidationError

from api.container import make_bus
from api.events.bus import Event, InProcessEventBus
from api.events.redis_bus import RedisEventBus
from api.settings import Settings
from tests.api.redis_server import RedisServer, running_redis

pytestmark = [pytest.mark.anyio, pytest.mark.redis]


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    with running_redis() as server:
        yield server


@pytest.fixture
async def bus(redis_server: RedisServer) -> AsyncIterator[RedisEventBus]:
    bus = RedisEventBus(redis_server.url)
    yield bus
    await bus.close()


async def next_event(events: AsyncIterator[Event]) -> Event:
    return await asyncio.wait_for(anext(events), 5)


async def test_subscriber_gets_events_of_its_topic_only(bus: RedisEventBus) -> None:
    async with bus.subscribe("conversation:a") as events:
        await bus.publish("conversation:b", Event("message", {"n": 0}))
        await bus.publish("conversation:a", Event("message", {"n": 1}))
        assert await next_event(events) == Event("message", {"n": 1})


async def test_every_subscriber_of_a_topic_gets_the_event(bus: RedisEventBus) -> None:
    async with bus.subscribe("t") as first, bus.subscribe("t") as second:
        await bus.publish("t", Event("state", {"state": "waiting"}))
        assert (await next_event(first)).data == (await next_event(second)).data == {"state": "waiting"}


async def test_another_replica_receives_what_one_publishes(redis_server: RedisServer) -> None:
    publisher, receiver = RedisEventBus(redis_server.url), RedisEventBus(redis_server.url)
    try:
        async with receiver.subscribe("tenant:gemeente-a") as events:
            await publisher.publish("tenant:gemeente-a", Event("message", {"text": "één"}))
            assert await next_event(events) == Event("message", {"text": "één"})
    finally:
        await publisher.close()
        await receiver.close()


async def test_an_event_published_right_after_subscribing_is_not_missed(bus: RedisEventBus) -> None:
    for n in range(20):
        async with bus.subscribe(f"t{n}") as events:
            await bus.publish(f"t{n}", Event("message", {"n": n}))
            assert (await next_event(events)).data == {"n": n}


async def test_events_published_before_subscribing_are_not_delivered(bus: RedisEventBus) -> None:
    await bus.publish("t", Event("early"))
    async with bus.subscribe("t") as events:
        await bus.publish("t", Event("late"))
        assert (await next_event(events)).kind == "late"


async def test_order_within_a_topic_is_kept(bus: RedisEventBus) -> None:
    async with bus.subscribe("t") as events:
        for n in range(50):
            await bus.publish("t", Event("message", {"n": n}))
        assert [(await next_event(events)).data["n"] for _ in range(50)] == list(range(50))


async def test_leaving_unsubscribes(bus: RedisEventBus, redis_server: RedisServer) -> None:
    async with bus.subscribe("t"), bus.subscribe("t"):
        assert bus.subscriber_count("t") == 2
    assert bus.subscriber_count("t") == 0
    probe = RedisEventBus(redis_server.url)
    try:
        for _ in range(50):  # Redis handles the UNSUBSCRIBE a moment later
            if await probe._client.pubsub_numsub("mw:t") == [(b"mw:t", 0)]:
                break
            await asyncio.sleep(0.02)
        assert await probe._client.pubsub_numsub("mw:t") == [(b"mw:t", 0)]
    finally:
        await probe.close()


async def test_slow_subscriber_is_dropped_instead_of_blocking(redis_server: RedisServer) -> None:
    bus = RedisEventBus(redis_server.url, queue_size=2)
    try:
        async with bus.subscribe("t") as slow, bus.subscribe("t") as quick:
            for n in range(5):
                await bus.publish("t", Event("message", {"n": n}))
                await next_event(quick)
            received = [event.data["n"] async for event in slow]
        assert received == [0, 1]
    finally:
        await bus.close()


async def test_close_ends_every_subscription(bus: RedisEventBus) -> None:
    async with bus.subscribe("t") as events:
        await bus.close()
        assert [event async for event in events] == []


async def test_plain_async_for_subscribes_on_first_use(bus: RedisEventBus) -> None:
    subscription = bus.subscribe("t")
    waiter = asyncio.ensure_future(anext(subscription))
    for _ in range(100):
        if bus.subscriber_count("t"):
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.1)
    await bus.publish("t", Event("message"))
    assert (await asyncio.wait_for(waiter, 5)).kind == "message"
    await subscription.aclose()


async def test_a_lost_redis_ends_subscriptions_and_publishing_does_not_raise(
    bus: RedisEventBus, redis_server: RedisServer
) -> None:
    async with bus.subscribe("t") as events:
        redis_server.stop()
        assert [event async for event in events] == []
        await bus.publish("t", Event("message"))  # logged, not raised


async def test_after_redis_is_back_new_subscriptions_work(
    bus: RedisEventBus, redis_server: RedisServer
) -> None:
    async with bus.subscribe("t") as events:
        redis_server.stop()
        assert [event async for event in events] == []
    redis_server.start()
    async with bus.subscribe("t") as events:
        await bus.publish("t", Event("message", {"back": True}))
        assert (await next_event(events)).data == {"back": True}


def test_the_gateway_picks_the_redis_bus_from_its_settings(redis_server: RedisServer) -> None:
    settings = Settings(_env_file=None, event_bus_url=redis_server.url)  # type: ignore[call-arg]
    assert isinstance(make_bus(settings), RedisEventBus)
    assert isinstance(make_bus(Settings(_env_file=None)), InProcessEventBus)  # type: ignore[call-arg]


def test_a_bus_url_that_is_not_redis_is_refused() -> None:
    with pytest.raises(ValidationError, match="only redis://"):
        Settings(_env_file=None, event_bus_url="http://localhost:6379")  # type: ignore[call-arg]
