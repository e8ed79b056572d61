"""A conversation's stay with the desk: queue, claim, live messages both ways, notes, cards,
handback to the bot and closing."""

from __future__ import annotations

from contextlib import AbstractContextManager

import httpx

from api.texts import HANDBACK_BUTTONS
from api.texts import desk as texts
from tests.api.conftest import Conversation
from tests.api.desk.conftest import AgentClient, Desk
from tests.api.test_events import frames


def person_events(desk: Desk, person: Conversation) -> AbstractContextManager[httpx.Response]:
    """The person's live stream (what the widget reads)."""
    return desk.gateway.client.stream("GET", f"{person.url}/events", headers=person.headers)


def test_handoff_puts_the_conversation_in_the_queue_with_its_summary(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    [item] = anna.get("/queue").json()["conversations"]
    assert (item["conversation_id"], item["state"], item["reason"]) == (person.id, "waiting", "user_request")
    assert anna.view(person).json()["profile"] == {"relationship": "parent"}


def test_the_person_hears_what_happens_next_and_how_long_it_takes(desk: Desk, anna: AgentClient) -> None:
    person = desk.gateway.start(tenant="gemeente-a")
    notice = person.say("ik wil een mens spreken")[-1]
    assert notice["status"] == "waiting"
    assert "Gemeente A" in notice["text"]
    assert "ongeveer 5 minuten" in notice["text"]
    assert notice["expected_wait_minutes"] == 5


def test_claim_assigns_the_conversation_and_tells_the_person(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    with person_events(desk, person) as response:
        stream = (f for f in frames(response.iter_lines()) if "event" in f)
        claimed = anna.claim(person)
        event = next(stream)
    assert claimed.status_code == 200
    assert claimed.json()["state"] == "assigned"
    assert claimed.json()["assignee"]["name"] == "Anna"
    assert event["event"] == "state"
    assert event["data"]["state"] == "assigned"
    assert event["data"]["message"]["text"].startswith("Anna van Gemeente A heeft je gesprek opgepakt")


def test_claim_pauses_the_bot_in_rasa(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    [request] = [r for r in desk.gateway.rasa.requests if r.url.path.endswith("/tracker/events")]
    assert request.url.path == f"/conversations/{person.id}/tracker/events"
    assert request.content == b'[{"event":"pause"}]'


def test_agent_reply_reaches_the_person_live(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    with person_events(desk, person) as response:
        stream = (f for f in frames(response.iter_lines()) if "event" in f)
        sent = anna.reply(person, "Hoi, ik ben Anna. Waar kan ik je mee helpen?")
        event = next(stream)
    assert sent.status_code == 201
    assert event["event"] == "message"
    assert event["id"] == str(sent.json()["id"])
    assert event["data"]["sender"] == "agent"
    assert event["data"]["message"]["text"] == "Hoi, ik ben Anna. Waar kan ik je mee helpen?"


def test_person_messages_reach_the_agent_live_and_not_the_bot(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    sent_to_bot = len(desk.gateway.rasa.messages)
    with anna.events() as stream:
        assert next(stream)["event"] == "queue"
        reply = person.send("Mijn moeder heeft dementie.")
        event = next(f for f in stream if f["event"] == "message")
    assert reply.json() == {"messages": [], "state": "assigned", "erased": False}
    assert event["data"]["conversation_id"] == person.id
    assert event["data"]["sender"] == "user"
    assert event["data"]["message"]["text"] == "Mijn moeder heeft dementie."
    assert len(desk.gateway.rasa.messages) == sent_to_bot


def test_notes_reach_colleagues_but_never_the_person(
    desk: Desk, anna: AgentClient, bram: AgentClient
) -> None:
    person = desk.waiting()
    anna.claim(person)
    with bram.events() as stream:
        next(stream)
        note = anna.post(f"/conversations/{person.id}/notes", {"text": "Terugbellen na 17 uur."})
        event = next(f for f in stream if f["event"] == "message")
    assert note.status_code == 201
    assert event["data"]["direction"] == "note"
    transcript = desk.gateway.client.get(f"{person.url}/messages", headers=person.headers).json()
    assert "Terugbellen na 17 uur." not in str(transcript)
    assert "Terugbellen na 17 uur." in str(bram.view(person).json()["messages"])


def test_a_catalogue_item_goes_to_the_person_as_one_card(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    sent = anna.post(f"/conversations/{person.id}/cards", {"item_id": "mantelzorglijn"})
    assert sent.status_code == 201
    message = sent.json()["message"]
    assert message["type"] == "recommendations"
    [item] = message["items"]
    assert item["id"] == "mantelzorglijn"
    assert item["contact"]["phone"] == "030 760 60 55"
    transcript = desk.gateway.client.get(f"{person.url}/messages", headers=person.headers).json()
    assert transcript["messages"][-1]["message"] == message


def test_handback_resumes_the_bot_which_answers_the_next_message(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    back = anna.post(f"/conversations/{person.id}/handback")
    assert back.status_code == 200
    assert back.json()["state"] == "bot"
    events = [r.content for r in desk.gateway.rasa.requests if r.url.path.endswith("/tracker/events")]
    assert events == [b'[{"event":"pause"}]', b'[{"event":"resume"}]']
    polite = back.json()["messages"][-1]["message"]
    assert polite == {
        "type": "text",
        "text": texts.HANDED_BACK.format(name="Anna"),
        "agent": "Anna",
        "buttons": [dict(button) for button in HANDBACK_BUTTONS],  # ways back into the bot
    }
    assert person.say("hoeveel verlof krijg ik?") == [
        {"type": "text", "text": "bot: hoeveel verlof krijg ik?"}
    ]


def test_handback_while_rasa_is_down_changes_nothing(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    desk.gateway.rasa.rasa_up = False
    back = anna.post(f"/conversations/{person.id}/handback")
    assert back.status_code == 503
    assert back.json()["error"]["code"] == "rasa_unavailable"
    assert anna.view(person).json()["state"] == "assigned"


def test_claim_works_while_rasa_is_down(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    desk.gateway.rasa.rasa_up = False
    assert anna.claim(person).status_code == 200


def test_close_tells_the_person_and_ends_the_conversation(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    closed = anna.post(f"/conversations/{person.id}/close")
    assert closed.status_code == 200
    assert closed.json()["messages"][-1]["message"]["status"] == "closed"
    assert person.send("hallo?").status_code == 409


def test_closed_and_handed_back_conversations_leave_the_queue(desk: Desk, anna: AgentClient) -> None:
    first, second = desk.waiting(), desk.waiting()
    anna.claim(first)
    anna.claim(second)
    with anna.events() as stream:
        assert len(next(stream)["data"]["conversations"]) == 2
        anna.post(f"/conversations/{first.id}/close")
        removed = next(f for f in stream if f["event"] == "removed")
    anna.post(f"/conversations/{second.id}/handback")
    assert removed["data"] == {"conversation_id": first.id, "state": "closed"}
    assert anna.get("/queue").json()["conversations"] == []


def test_a_new_handoff_appears_in_the_queue_live(desk: Desk, anna: AgentClient) -> None:
    with anna.events() as stream:
        assert next(stream)["data"] == {"conversations": [], "questions": []}
        person = desk.waiting()
        event = next(f for f in stream if f["event"] == "conversation")
    assert event["data"]["item"]["conversation_id"] == person.id
    assert event["data"]["item"]["state"] == "waiting"
    assert event["data"]["notice"]["status"] == "waiting"


def test_a_handed_back_conversation_can_come_back_to_the_desk(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    anna.post(f"/conversations/{person.id}/handback")
    assert person.send("ik wil toch weer een mens").json()["state"] == "waiting"
    assert anna.claim(person).status_code == 200
    assert desk.gateway.rows("SELECT outcome FROM handoffs ORDER BY id") == [("bot",), (None,)]


def test_a_colleague_cannot_reply_in_a_claimed_conversation(
    desk: Desk, anna: AgentClient, bram: AgentClient
) -> None:
    person = desk.waiting()
    anna.claim(person)
    reply = bram.reply(person, "ik ook")
    assert reply.status_code == 409
    assert reply.json()["error"]["code"] == "not_assigned"


def test_a_supervisor_may_close_a_colleagues_conversation(
    desk: Desk, anna: AgentClient, bram: AgentClient
) -> None:
    supervisor = desk.agent("lisa@a.nl", role="supervisor")
    person = desk.waiting()
    anna.claim(person)
    assert bram.post(f"/conversations/{person.id}/close").json()["error"]["code"] == "not_yours"
    assert supervisor.post(f"/conversations/{person.id}/close").status_code == 200
