"""Live events for the person: Server-Sent Events over fetch, Bearer token, heartbeats."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from api.services.handoff import OpenDesk
from tests.api.conftest import Conversation, Gateway, GatewayFactory
from tests.api.fakes import bot_says


def frames(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    """Parses SSE lines into {"event", "id", "data", "comment"} frames."""
    frame: dict[str, Any] = {}
    for line in lines:
        if not line:
            if frame:
                yield frame
            frame = {}
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "":
            frame["comment"] = value
        elif name == "data":
            frame["data"] = json.loads(value)
        else:
            frame[name] = value


def agent_says(gateway: Gateway, conversation: Conversation, text: str, note: bool = False) -> int:
    service = gateway.services.conversations
    assert gateway.client.portal is not None
    record = gateway.client.portal.call(
        lambda: service.add_message(conversation.id, "agent", {"type": "text", "text": text}, note=note)
    )
    return record.id


@pytest.fixture
def desk(make_gateway: GatewayFactory) -> Gateway:
    gateway = make_gateway(handoff=OpenDesk(), sse_heartbeat_seconds=0.2)
    gateway.rasa.reply = bot_says({"custom": {"type": "handoff", "reason": "user_request"}})
    return gateway


def test_events_need_the_token(conversation: Conversation) -> None:
    response = conversation.gateway.client.get(f"{conversation.url}/events")
    assert response.status_code == 401


def test_events_of_unknown_conversation_are_404(conversation: Conversation) -> None:
    response = conversation.gateway.client.get(
        "/api/v1/conversations/00000000-0000-4000-8000-000000000000/events", headers=conversation.headers
    )
    assert response.status_code == 404


def test_agent_reply_arrives_live_and_notes_do_not(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    with desk.client.stream("GET", f"{conversation.url}/events", headers=conversation.headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = frames(response.iter_lines())
        assert next(stream) == {"retry": "3000"}
        agent_says(desk, conversation, "alleen voor collega's", note=True)
        message_id = agent_says(desk, conversation, "Hoi, ik ben Sanne.")
        event = next(f for f in stream if "comment" not in f)
    assert event["event"] == "message"
    assert event["id"] == str(message_id)
    assert event["data"]["sender"] == "agent"
    assert event["data"]["message"] == {"type": "text", "text": "Hoi, ik ben Sanne."}


def test_state_change_arrives_live(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    service = desk.services.conversations
    assert desk.client.portal is not None
    with desk.client.stream("GET", f"{conversation.url}/events", headers=conversation.headers) as response:
        stream = frames(response.iter_lines())
        next(stream)
        desk.client.portal.call(
            lambda: service.change_state(conversation.id, {"waiting"}, "assigned", assignee_id="a")
        )
        event = next(f for f in stream if "comment" not in f)
    assert event["event"] == "state"
    assert event["data"]["state"] == "assigned"


def test_heartbeat_comments_keep_the_stream_open(desk: Gateway) -> None:
    conversation = desk.start()
    with desk.client.stream("GET", f"{conversation.url}/events", headers=conversation.headers) as response:
        stream = frames(response.iter_lines())
        next(stream)
        assert next(stream) == {"comment": "ping"}
        assert next(stream) == {"comment": "ping"}


def test_last_event_id_replays_missed_agent_replies(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    seen = agent_says(desk, conversation, "eerste")
    agent_says(desk, conversation, "tweede")
    headers = {**conversation.headers, "Last-Event-ID": str(seen)}
    with desk.client.stream("GET", f"{conversation.url}/events", headers=headers) as response:
        stream = frames(response.iter_lines())
        next(stream)
        event = next(stream)
    assert event["data"]["message"]["text"] == "tweede"


def test_erasure_ends_the_stream(desk: Gateway) -> None:
    conversation = desk.start()
    service = desk.services.conversations
    assert desk.client.portal is not None
    with desk.client.stream("GET", f"{conversation.url}/events", headers=conversation.headers) as response:
        stream = frames(response.iter_lines())
        next(stream)
        desk.client.portal.call(lambda: service.erase(conversation.id))
        rest = [f for f in stream if "comment" not in f]
    assert [f["event"] for f in rest] == ["erased"]


def test_events_of_a_closed_conversation_are_409(desk: Gateway) -> None:
    conversation = desk.start()
    service = desk.services.conversations
    assert desk.client.portal is not None
    desk.client.portal.call(lambda: service.change_state(conversation.id, {"bot"}, "closed"))
    response = desk.client.get(f"{conversation.url}/events", headers=conversation.headers)
    assert response.status_code == 409


def test_closed_stream_unsubscribes(desk: Gateway) -> None:
    conversation = desk.start()
    with desk.client.stream("GET", f"{conversation.url}/events", headers=conversation.headers) as response:
        next(frames(response.iter_lines()))
        assert desk.services.bus.subscriber_count(f"conversation:{conversation.id}") == 1  # type: ignore[attr-defined]
    assert desk.services.bus.subscriber_count(f"conversation:{conversation.id}") == 0  # type: ignore[attr-defined]
