"""Nothing a person writes is lost while the conversation changes hands: every message during
waiting, the claim, the assignment and the handback is stored and reaches the agent (or the bot)."""

from __future__ import annotations

import asyncio

import httpx

from tests.api.desk.conftest import AgentClient, Desk


def _texts(view: dict[str, object]) -> list[str]:
    messages = view["messages"]
    assert isinstance(messages, list)
    return [m["message"]["text"] for m in messages if m["sender"] == "user"]


def test_messages_written_while_waiting_are_there_when_the_agent_opens_it(
    desk: Desk, anna: AgentClient
) -> None:
    person = desk.waiting()
    for text in ("ben je er?", "het gaat over mijn vader", "hij woont in Goor"):
        assert person.send(text).status_code == 200
    anna.claim(person)
    assert _texts(anna.view(person).json()) == [
        "ik wil een mens spreken",
        "ben je er?",
        "het gaat over mijn vader",
        "hij woont in Goor",
    ]


def test_messages_written_while_waiting_reach_the_agent_live(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    with anna.events() as stream:
        next(stream)
        person.send("hallo, is daar iemand?")
        event = next(f for f in stream if f["event"] == "message")
    assert event["data"]["message"]["text"] == "hallo, is daar iemand?"


def test_messages_sent_during_the_claim_are_all_kept_in_order(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    app = desk.gateway.client.app

    async def talk_while_claiming() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            sends = [
                client.post(
                    f"{person.url}/messages",
                    json={"text": f"bericht {n}", "client_message_id": f"m{n}"},
                    headers=person.headers,
                )
                for n in range(10)
            ]
            claim = client.post(f"/desk/api/conversations/{person.id}/claim", headers=anna.headers())
            return await asyncio.gather(*sends[:5], claim, *sends[5:])

    responses = desk.run(talk_while_claiming)
    assert [r.status_code for r in responses] == [200] * 11
    assert sorted(_texts(anna.view(person).json())[1:]) == sorted(f"bericht {n}" for n in range(10))
    assert len(desk.gateway.rasa.messages) == 1  # only the request for a person went to the bot


def test_messages_after_the_handback_go_to_the_bot_and_are_kept(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    person.send("voor de medewerker")
    anna.post(f"/conversations/{person.id}/handback")
    person.send("voor de bot")
    # the request for a person reaches the bot as that request; the person's words are kept as typed
    assert desk.gateway.rasa.texts_sent() == ["/request_human", "voor de bot"]
    assert _texts(anna.view(person).json()) == [
        "ik wil een mens spreken",
        "voor de medewerker",
        "voor de bot",
    ]


def test_a_reconnecting_agent_gets_the_queue_again_and_misses_no_message(
    desk: Desk, anna: AgentClient
) -> None:
    person = desk.waiting()
    with anna.events() as stream:
        next(stream)
    person.send("terwijl de medewerker weg was")
    with anna.events() as stream:
        [item] = next(stream)["data"]["conversations"]
    assert item["conversation_id"] == person.id
    assert "terwijl de medewerker weg was" in _texts(anna.view(person).json())


def test_a_crisis_while_waiting_still_gets_the_fixed_text_and_moves_to_the_front(
    desk: Desk, anna: AgentClient
) -> None:
    first, second = desk.waiting(), desk.waiting()
    answer = second.say("dit is een noodgeval")
    assert answer[0]["type"] == "crisis"
    queue = anna.get("/queue").json()["conversations"]
    assert [(c["conversation_id"], c["urgent"]) for c in queue] == [(second.id, True), (first.id, False)]
