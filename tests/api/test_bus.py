"""The in-process event bus: publish / subscribe per topic."""

from __future__ import annotations

import asyncio

import pytest

from api.events.bus import Event, InProcessEventBus, conversation_topic, tenant_topic

pytestmark = pytest.mark.anyio


async def test_subscriber_gets_events_of_its_topic_only() -> None:
    bus = InProcessEventBus()
    async with bus.subscribe("conversation:a") as events:
        await bus.publish("conversation:b", Event("message", {"n": 0}))
        await bus.publish("conversation:a", Event("message", {"n": 1}))
        assert await anext(events) == Event("message", {"n": 1})


async def test_every_subscriber_of_a_topic_gets_the_event() -> None:
    bus = InProcessEventBus()
    async with bus.subscribe("t") as first, bus.subscribe("t") as second:
        await bus.publish("t", Event("state", {"state": "waiting"}))
        assert (await anext(first)).data == (await anext(second)).data == {"state": "waiting"}


async def test_events_published_before_subscribing_are_not_delivered() -> None:
    bus = InProcessEventBus()
    await bus.publish("t", Event("early"))
    async with bus.subscribe("t") as events:
        await bus.publish("t", Event("late"))
        assert (await anext(events)).kind == "late"


async def test_leaving_unsubscribes_and_forgets_the_topic() -> None:
    bus = InProcessEventBus()
    async with bus.subscribe("t"):
        assert bus.subscriber_count("t") == 1
    assert bus.subscriber_count("t") == 0
    assert bus._subscribers == {}


async def test_slow_subscriber_is_dropped_instead_of_blocking() -> None:
    bus = InProcessEventBus(queue_size=2)
    async with bus.subscribe("t") as events:
        for n in range(5):
            await bus.publish("t", Event("message", {"n": n}))
        received = [event.data["n"] async for event in events]
    assert received == [0, 1]


async def test_close_ends_every_subscription() -> None:
    bus = InProcessEventBus()
    async with bus.subscribe("t") as events:
        await bus.close()
        assert [event async for event in events] == []


async def test_waiting_subscriber_wakes_on_publish() -> None:
    bus = InProcessEventBus()
    async with bus.subscribe("t") as events:
        waiter = asyncio.ensure_future(anext(events))
        await asyncio.sleep(0)
        await bus.publish("t", Event("message"))
        assert (await asyncio.wait_for(waiter, 1)).kind == "message"


async def test_plain_async_for_subscribes_on_first_use() -> None:
    bus = InProcessEventBus()
    subscription = bus.subscribe("t")
    waiter = asyncio.ensure_future(anext(subscription))
    await asyncio.sleep(0)
    await bus.publish("t", Event("message"))
    assert (await asyncio.wait_for(waiter, 1)).kind == "message"
    await subscription.aclose()
    assert bus.subscriber_count("t") == 0


def test_events_survive_json_for_a_redis_bus() -> None:
    event = Event("message", {"id": 3, "message": {"type": "text", "text": "één"}})
    assert Event.from_json(event.to_json()) == event


def test_topics_name_conversations_and_tenants() -> None:
    assert conversation_topic("abc") == "conversation:abc"
    assert tenant_topic("gemeente-x") == "tenant:gemeente-x"
    assert tenant_topic(None) == "tenant:-"
