"""Live help as the person sees it (issue 17): notices in their place, the way back into the bot
after a handback, the end of a closed conversation, agents' names (never an e-mail address),
typing signals, and what is kept for how long."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

import pytest

from api.events.bus import Event, conversation_topic, tenant_topic
from api.services.handoff import OpenDesk
from api.texts import HANDBACK_BUTTONS, RETENTION
from tests.api.conftest import Conversation, Gateway, GatewayFactory
from tests.api.fakes import CRISIS_TEXT, bot_says
from tests.api.test_events import frames

T = TypeVar("T")

HANDOFF = {"custom": {"type": "handoff", "reason": "user_request", "summary": {}}}
BOT_LINE = {"text": "Ik zoek iemand voor je."}


def run(gateway: Gateway, make: Callable[[], Awaitable[T]]) -> T:
    assert gateway.client.portal is not None
    return gateway.client.portal.call(make)


@pytest.fixture
def desk(make_gateway: GatewayFactory) -> Gateway:
    gateway = make_gateway(handoff=OpenDesk(), sse_heartbeat_seconds=0.2)
    gateway.rasa.reply = bot_says(BOT_LINE, HANDOFF)
    return gateway


def heard_while(
    gateway: Gateway,
    feed: Callable[[], AbstractAsyncContextManager[AsyncIterator[Event]]],
    conversation: Conversation,
    text: str,
) -> list[Event]:
    """What a feed (open before) passes on while the person sends `text`, in order."""

    async def listen() -> list[Event]:
        heard: list[Event] = []
        async with feed() as events:
            await asyncio.to_thread(conversation.say, text)
            while True:
                try:
                    heard.append(await asyncio.wait_for(anext(events), 0.3))
                except TimeoutError:
                    return heard

    return run(gateway, listen)


def turn_events(gateway: Gateway, conversation: Conversation, text: str, topic: str) -> list[Event]:
    """What a listener to `topic` (subscribed before) hears while the person sends `text`, in order."""
    return heard_while(gateway, lambda: gateway.services.bus.subscribe(topic), conversation, text)


def person_events(gateway: Gateway, conversation: Conversation, text: str) -> list[Event]:
    """What the person's own events feed (open before) passes on while the person sends `text`."""
    feed = gateway.services.conversations.person_feed
    return heard_while(gateway, lambda: feed(conversation.id), conversation, text)


# --- 4. the handoff notice after the line that led to it --------------------------------------------


def test_the_handoff_notice_comes_after_the_bot_line_in_answer_and_transcript(desk: Gateway) -> None:
    conversation = desk.start()
    messages = conversation.say("mag ik een mens?")
    assert [m["type"] for m in messages] == ["text", "handoff"]
    transcript = desk.client.get(f"{conversation.url}/messages", headers=conversation.headers).json()
    assert [e["message"]["type"] for e in transcript["messages"][-3:]] == ["text", "text", "handoff"]
    assert transcript["messages"][-2]["message"]["text"] == BOT_LINE["text"]


def test_an_open_events_feed_does_not_get_the_handoff_notice_ahead_of_the_answer(desk: Gateway) -> None:
    """Reproduced: with the feed open (e.g. after an earlier handback), the state event of the
    person's own turn overtook the POST answer, and its notice showed above the bot's line."""
    conversation = desk.start()
    heard = person_events(desk, conversation, "mag ik een mens?")
    assert heard == []  # the POST answer carries the notice, in its place


def test_in_a_crisis_the_desk_hears_of_the_handoff_after_the_113_text_is_stored(
    make_gateway: GatewayFactory,
) -> None:
    gateway = make_gateway(handoff=OpenDesk())
    gateway.rasa.reply = bot_says({"custom": {"type": "crisis", "text": "Rasa"}}, HANDOFF)
    conversation = gateway.start()
    heard = turn_events(gateway, conversation, "dit is een noodgeval", conversation_topic(conversation.id))
    kinds = [(e.kind, e.data.get("message", {}).get("type") if e.kind == "message" else None) for e in heard]
    assert kinds == [("message", "text"), ("message", "crisis"), ("message", "handoff"), ("state", None)]
    assert heard[1].data["message"]["text"] == CRISIS_TEXT
    assert heard[-1].data["state"] == "waiting"
    assert heard[-1].data["reply_to"] == heard[0].data["id"]  # the person's message it answers


def test_state_changes_from_the_desk_still_reach_the_person(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    service = desk.services.conversations

    async def claim_while_listening() -> list[Event]:
        async with service.person_feed(conversation.id) as events:
            await service.change_state(conversation.id, {"waiting"}, "assigned", assignee_id="a")
            return [await asyncio.wait_for(anext(events), 2)]

    [event] = run(desk, claim_while_listening)
    assert (event.kind, event.data["state"]) == ("state", "assigned")


# --- 3. after a handback: buttons back into the bot; after closing: the end --------------------------


def test_the_handback_notice_offers_buttons_back_into_the_bot(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    service = desk.services.conversations
    run(desk, lambda: service.change_state(conversation.id, {"waiting"}, "assigned", assignee_id="a"))
    notice = {"type": "text", "text": "Bedankt voor het gesprek met Anna."}
    run(desk, lambda: service.change_state(conversation.id, {"assigned"}, "bot", notice=notice))
    transcript = desk.client.get(f"{conversation.url}/messages", headers=conversation.headers).json()
    shown = transcript["messages"][-1]["message"]
    assert shown["buttons"] == [dict(b) for b in HANDBACK_BUTTONS]
    # the bot gets a button's payload (it was shown), not its title
    desk.rasa.reply = bot_says({"text": "Hier is je overzicht."})
    conversation.say("Mijn overzicht", payload="/show_overview")
    assert desk.rasa.messages[-1]["message"] == "/show_overview"


def test_the_handback_buttons_are_intents_the_bot_knows() -> None:
    import yaml

    with open("domain.yml", encoding="utf-8") as domain_file:
        intents = {i if isinstance(i, str) else next(iter(i)) for i in yaml.safe_load(domain_file)["intents"]}
    assert {b["payload"].removeprefix("/") for b in HANDBACK_BUTTONS} <= intents


def test_closing_tells_the_person_and_ends_the_events_stream(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    service = desk.services.conversations
    run(desk, lambda: service.change_state(conversation.id, {"waiting"}, "assigned", assignee_id="a"))
    notice = {"type": "handoff", "status": "closed", "text": "Anna heeft het gesprek afgesloten."}
    with desk.client.stream("GET", f"{conversation.url}/events", headers=conversation.headers) as response:
        stream = frames(response.iter_lines())
        next(stream)
        run(desk, lambda: service.change_state(conversation.id, {"assigned"}, "closed", notice=notice))
        rest = [f for f in stream if "comment" not in f]  # ends by itself
    assert [(f["event"], f["data"]["state"]) for f in rest] == [("state", "closed")]
    assert rest[0]["data"]["message"]["status"] == "closed"
    transcript = desk.client.get(f"{conversation.url}/messages", headers=conversation.headers).json()
    assert transcript["state"] == "closed"
    refused = conversation.send("nog een vraag")
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "conversation_closed")


# --- 2. the agent's name, never an e-mail address ----------------------------------------------------


@pytest.mark.parametrize(("given", "shown"), [("Anna", "Anna"), (" Anna ", "Anna"), ("anna@a.nl", None)])
def test_agent_messages_carry_the_display_name_never_an_email(
    desk: Gateway, given: str, shown: str | None
) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    service = desk.services.conversations
    claim = {"type": "handoff", "status": "assigned", "text": "Opgepakt.", "agent": given}
    run(
        desk,
        lambda: service.change_state(conversation.id, {"waiting"}, "assigned", notice=claim, assignee_id="a"),
    )
    run(
        desk,
        lambda: service.add_message(
            conversation.id, "agent", {"type": "text", "text": "Hoi", "agent": given}
        ),
    )
    card = {"type": "recommendations", "items": [{"id": "x"}], "agent": given}
    run(desk, lambda: service.add_message(conversation.id, "agent", card))
    transcript = desk.client.get(f"{conversation.url}/messages", headers=conversation.headers).json()
    assert [e["message"].get("agent") for e in transcript["messages"][-3:]] == [shown, shown, shown]
    assert "@" not in str(desk.rows("SELECT payload FROM messages"))


# --- 1. typing (the desk's side: tests/api/desk/test_typing.py) ----------------------------------------


def test_the_person_typing_is_heard_only_while_handed_over(desk: Gateway) -> None:
    conversation = desk.start()
    service = desk.services.conversations

    async def typing_heard() -> list[Event]:
        heard: list[Event] = []
        record = await service.find(conversation.id)
        assert record is not None
        async with desk.services.bus.subscribe(tenant_topic(None)) as events:
            await service.person_typing(record, True)
            with contextlib.suppress(TimeoutError):
                heard.append(await asyncio.wait_for(anext(events), 0.3))
        return heard

    assert run(desk, typing_heard) == []  # with the bot
    conversation.say("mag ik een mens?")
    [event] = run(desk, typing_heard)
    assert (event.kind, event.data) == (
        "typing",
        {"conversation_id": conversation.id, "sender": "user", "active": True},
    )


def test_typing_signals_are_rate_limited(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(handoff=OpenDesk())
    conversation = gateway.start()
    url, headers = f"{conversation.url}/typing", conversation.headers
    answers = [gateway.client.post(url, json={"active": True}, headers=headers) for _ in range(41)]
    assert {a.status_code for a in answers[:40]} == {204}
    assert answers[40].status_code == 429
    assert int(answers[40].headers["Retry-After"]) >= 1


def test_an_agents_typing_needs_the_assignment(desk: Gateway) -> None:
    conversation = desk.start()
    conversation.say("mag ik een mens?")
    service = desk.services.conversations
    assert run(desk, lambda: service.agent_typing(conversation.id, "a", "Anna", True)) is False
    run(desk, lambda: service.change_state(conversation.id, {"waiting"}, "assigned", assignee_id="a"))
    assert run(desk, lambda: service.agent_typing(conversation.id, "b", "Bram", True)) is False

    async def heard(name: str) -> dict[str, Any]:
        async with service.person_feed(conversation.id) as events:
            assert await service.agent_typing(conversation.id, "a", name, True)
            event = await asyncio.wait_for(anext(events), 2)
        return {"kind": event.kind, **event.data}

    assert run(desk, lambda: heard("Anna")) == {
        "kind": "typing",
        "conversation_id": conversation.id,
        "sender": "agent",
        "name": "Anna",
        "active": True,
    }
    assert "name" not in run(desk, lambda: heard("anna@a.nl"))


# --- 6. what is kept, for how long -------------------------------------------------------------------


def test_start_and_transcript_say_what_is_kept_and_for_how_long(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(retention_days=14)
    response = gateway.client.post("/api/v1/conversations")
    body = response.json()
    assert body["retention_days"] == 14
    assert body["retention_text"] == RETENTION.format(days=14)
    assert "14 dagen na je laatste bericht" in body["retention_text"]
    headers = {"Authorization": f"Bearer {body['token']}"}
    transcript = gateway.client.get(
        f"/api/v1/conversations/{body['conversation_id']}/messages", headers=headers
    )
    assert (transcript.json()["retention_days"], transcript.json()["retention_text"]) == (
        14,
        body["retention_text"],
    )
