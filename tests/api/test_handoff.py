"""Handoff: the bot's request, the policy's decision, the state machine the desk builds on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from api.events.bus import Event, tenant_topic
from api.services.conversations import Inbound
from api.services.errors import ConversationClosed, StateConflict
from api.services.handoff import OpenDesk
from api.services.safety import REQUEST_HUMAN
from api.texts import HANDOFF_UNAVAILABLE, HANDOFF_WAITING
from tests.api.conftest import Gateway, GatewayFactory
from tests.api.fakes import bot_says

T = TypeVar("T")

HANDOFF = {"custom": {"type": "handoff", "reason": "user_request", "summary": {"relationship": "parent"}}}


def run(gateway: Gateway, make: Callable[[], Awaitable[T]]) -> T:
    """Runs a coroutine of the services on the app's own event loop."""
    assert gateway.client.portal is not None
    return gateway.client.portal.call(make)


@pytest.fixture
def desk(make_gateway: GatewayFactory) -> Gateway:
    gateway = make_gateway(handoff=OpenDesk())
    gateway.rasa.reply = bot_says({"text": "Ik zoek iemand voor je."}, HANDOFF)
    return gateway


def test_without_a_desk_a_handoff_is_unavailable_and_the_bot_stays(gateway: Gateway) -> None:
    gateway.rasa.reply = bot_says(HANDOFF)
    conversation = gateway.start()
    response = conversation.send("mag ik een mens?")
    assert response.json()["messages"] == [
        {"type": "handoff", "status": "unavailable", "reason": "user_request", "text": HANDOFF_UNAVAILABLE}
    ]
    assert response.json()["state"] == "bot"
    assert gateway.rows("SELECT state, profile_summary FROM conversations") == [
        ("bot", '{"relationship": "parent"}')
    ]


def test_with_a_desk_a_handoff_waits_and_keeps_the_summary(desk: Gateway) -> None:
    conversation = desk.start()
    response = conversation.send("mag ik een mens?")
    assert response.json()["messages"][-1] == {
        "type": "handoff",
        "status": "waiting",
        "reason": "user_request",
        "text": HANDOFF_WAITING,
    }
    assert response.json()["state"] == "waiting"
    assert desk.rows("SELECT state, handoff_reason, profile_summary FROM conversations") == [
        ("waiting", "user_request", '{"relationship": "parent"}')
    ]


def test_messages_while_waiting_go_to_the_desk_not_to_rasa(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")

    async def listen_and_send() -> list[Event]:
        async with desk.services.bus.subscribe(tenant_topic(None)) as events:
            await desk.services.conversations.post_message(conversation.id, Inbound("nog een vraag", "x"))
            return [await anext(events)]

    [event] = run(desk, listen_and_send)
    assert event.kind == "message"
    assert event.data["sender"] == "user"
    assert event.data["message"] == {"type": "text", "text": "nog een vraag"}
    assert len(desk.rasa.messages) == 1


def test_reply_while_waiting_is_empty_and_stored_once(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    first = conversation.send("hallo?", client_message_id="w1")
    again = conversation.send("hallo?", client_message_id="w1")
    assert first.json() == again.json() == {"messages": [], "state": "waiting", "erased": False}
    assert desk.rows("SELECT COUNT(*) FROM messages WHERE client_message_id = 'w1'") == [(1,)]


def test_request_human_button_works_while_rasa_is_down(desk: Gateway) -> None:
    desk.rasa.rasa_up = False
    conversation = desk.start()
    messages = conversation.say("Ja, met een medewerker praten", payload=REQUEST_HUMAN)
    assert messages == [
        {"type": "handoff", "status": "waiting", "reason": "user_request", "text": HANDOFF_WAITING}
    ]


def test_claim_is_atomic_second_claim_conflicts(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    service = desk.services.conversations
    claimed = run(
        desk, lambda: service.change_state(conversation.id, {"waiting"}, "assigned", assignee_id="agent-1")
    )
    assert (claimed.state, claimed.assignee_id) == ("assigned", "agent-1")
    with pytest.raises(StateConflict):
        run(
            desk,
            lambda: service.change_state(conversation.id, {"waiting"}, "assigned", assignee_id="agent-2"),
        )
    assert desk.rows("SELECT assignee_id FROM conversations") == [("agent-1",)]


def test_impossible_transition_is_a_programming_error(desk: Gateway) -> None:
    conversation = desk.start()
    with pytest.raises(ValueError, match="no transition"):
        run(desk, lambda: desk.services.conversations.change_state(conversation.id, {"closed"}, "bot"))


def test_handback_lets_the_bot_answer_again(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    service = desk.services.conversations
    run(desk, lambda: service.change_state(conversation.id, {"waiting"}, "assigned", assignee_id="a"))
    run(desk, lambda: service.change_state(conversation.id, {"assigned"}, "bot", assignee_id=None))
    desk.rasa.reply = bot_says({"text": "Ik ben er weer."})
    assert conversation.say("hoi") == [{"type": "text", "text": "Ik ben er weer."}]


def test_agent_reply_to_a_closed_conversation_is_refused(desk: Gateway) -> None:
    conversation = desk.start()
    service = desk.services.conversations
    run(desk, lambda: service.change_state(conversation.id, {"bot"}, "closed"))
    with pytest.raises(ConversationClosed):
        run(desk, lambda: service.add_message(conversation.id, "agent", {"type": "text", "text": "hoi"}))


def test_state_change_notice_is_stored_in_the_transcript(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    notice: dict[str, Any] = {
        "type": "handoff",
        "status": "assigned",
        "text": "Een medewerker heeft je gesprek opgepakt.",
    }
    run(
        desk,
        lambda: desk.services.conversations.change_state(
            conversation.id, {"waiting"}, "assigned", notice=notice
        ),
    )
    transcript = desk.client.get(f"{conversation.url}/messages", headers=conversation.headers).json()
    assert transcript["state"] == "assigned"
    assert transcript["messages"][-1]["message"] == notice


def test_a_request_for_a_person_inside_a_longer_sentence_reaches_the_bot_as_that_request(
    desk: Gateway,
) -> None:
    conversation = desk.start()
    conversation.say("Ik heb een vraag over de Wlz, kan ik misschien even met iemand van jullie bellen?")
    assert desk.rasa.messages[-1]["message"] == REQUEST_HUMAN


def test_a_request_for_a_person_in_words_works_while_rasa_is_down(desk: Gateway) -> None:
    desk.rasa.rasa_up = False
    conversation = desk.start()
    messages = conversation.say("dit lukt me niet, mag ik een medewerker spreken?")
    assert messages == [
        {"type": "handoff", "status": "waiting", "reason": "user_request", "text": HANDOFF_WAITING}
    ]
