"""Typing both ways (issue 17): the person's typing reaches the desk's stream while the conversation
is with the desk; the assigned agent's typing reaches the person's events with the agent's name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.api.conftest import Conversation
from tests.api.desk.conftest import AgentClient, Desk
from tests.api.test_events import frames


def person_typing(conversation: Conversation, active: Any = True) -> int:
    response = conversation.gateway.client.post(
        f"{conversation.url}/typing", json={"active": active}, headers=conversation.headers
    )
    return response.status_code


def agent_typing(
    agent: AgentClient, conversation: Conversation, active: bool = True, csrf: bool = True
) -> int:
    return agent.post(f"/conversations/{conversation.id}/typing", {"active": active}, csrf=csrf).status_code


def next_typing(stream: Iterator[dict[str, Any]]) -> dict[str, Any]:
    return next(f for f in stream if f.get("event") == "typing")


def test_the_persons_typing_reaches_the_desk_while_waiting_and_assigned(
    desk: Desk, anna: AgentClient
) -> None:
    conversation = desk.waiting()
    with anna.events() as stream:
        assert next(stream)["event"] == "queue"
        assert person_typing(conversation) == 204
        assert next_typing(stream)["data"] == {
            "conversation_id": conversation.id,
            "sender": "user",
            "active": True,
        }
        anna.claim(conversation)
        assert person_typing(conversation, False) == 204
        assert next_typing(stream)["data"] == {
            "conversation_id": conversation.id,
            "sender": "user",
            "active": False,
        }


def test_typing_with_the_bot_goes_nowhere_and_is_never_stored(desk: Desk, anna: AgentClient) -> None:
    conversation = desk.gateway.start(tenant="gemeente-a")
    with anna.events() as stream:
        assert next(stream)["event"] == "queue"
        assert person_typing(conversation) == 204
        waiting = desk.waiting()  # something else the desk does hear, to know the typing was not sent
        event = next(f for f in stream if f.get("event") in ("typing", "conversation"))
    assert event["event"] == "conversation"
    assert event["data"]["item"]["conversation_id"] == waiting.id
    # only the welcome and the privacy notice: a typing signal is never stored
    assert desk.gateway.rows("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation.id) == [
        (2,)
    ]


def test_the_person_must_show_the_token_and_send_a_boolean(desk: Desk) -> None:
    conversation = desk.waiting()
    client = desk.gateway.client
    assert client.post(f"{conversation.url}/typing", json={"active": True}).status_code == 401
    assert person_typing(conversation, "ja") == 422
    response = client.post(
        f"{conversation.url}/typing", json={"active": True, "text": "x"}, headers=conversation.headers
    )
    assert response.json()["error"]["code"] == "unknown_field"


def test_the_assigned_agents_typing_reaches_the_person_with_the_agents_name(
    desk: Desk, anna: AgentClient
) -> None:
    conversation = desk.waiting()
    anna.claim(conversation)
    client = desk.gateway.client
    with client.stream("GET", f"{conversation.url}/events", headers=conversation.headers) as response:
        stream = frames(response.iter_lines())
        next(stream)
        assert agent_typing(anna, conversation) == 204
        event = next(f for f in stream if "comment" not in f)
        assert agent_typing(anna, conversation, False) == 204
        stopped = next(f for f in stream if "comment" not in f)
    assert event == {"event": "typing", "data": {"sender": "agent", "name": "Anna", "active": True}}
    assert stopped["data"]["active"] is False


def test_only_the_assigned_agent_may_signal_typing(
    desk: Desk, anna: AgentClient, bram: AgentClient, bob: AgentClient
) -> None:
    conversation = desk.waiting()
    assert agent_typing(anna, conversation) == 403  # waiting: nobody has it yet
    anna.claim(conversation)
    assert agent_typing(bram, conversation) == 403  # a colleague
    assert agent_typing(bob, conversation) == 404  # another organisation's desk
    assert agent_typing(anna, conversation, csrf=False) == 403  # no CSRF token
    assert agent_typing(anna, conversation) == 204
