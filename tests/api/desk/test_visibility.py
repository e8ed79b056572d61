"""What the desk may see: a conversation while it waits or is assigned, and for
MW_DESK_VISIBILITY_MINUTES after a handback or close; then a 404, for every role. What the person
tells the bot after that window is never shown, not in the view and not on the live stream."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from api.desk.tables import HANDOFFS
from api.events.bus import Event, tenant_topic
from api.store.conversations import MESSAGES
from tests.api.conftest import Conversation
from tests.api.desk.conftest import TENANT, AgentClient, Desk, DeskFactory


def _minutes_pass(desk: Desk, person: Conversation, minutes: float) -> None:
    """Moves the conversation's stays and messages `minutes` into the past (no sleeping in tests)."""
    delta = timedelta(minutes=minutes)
    with desk.service.queue.engine.begin() as connection:
        stays = connection.execute(
            select(HANDOFFS.c.id, HANDOFFS.c.requested_at, HANDOFFS.c.claimed_at, HANDOFFS.c.ended_at).where(
                HANDOFFS.c.conversation_id == person.id
            )
        ).all()
        for stay in stays:
            connection.execute(
                update(HANDOFFS)
                .where(HANDOFFS.c.id == stay.id)
                .values(
                    requested_at=stay.requested_at - delta,
                    claimed_at=stay.claimed_at - delta if stay.claimed_at else None,
                    ended_at=stay.ended_at - delta if stay.ended_at else None,
                )
            )
        messages = connection.execute(
            select(MESSAGES.c.id, MESSAGES.c.created_at).where(MESSAGES.c.conversation_id == person.id)
        ).all()
        for message in messages:
            connection.execute(
                update(MESSAGES)
                .where(MESSAGES.c.id == message.id)
                .values(created_at=message.created_at - delta)
            )


def _handed_back(desk: Desk, anna: AgentClient) -> Conversation:
    person = desk.waiting()
    assert anna.claim(person).status_code == 200
    person.send("Mijn vader woont bij ons in.")
    assert anna.post(f"/conversations/{person.id}/handback").status_code == 200
    return person


def _texts(view: dict[str, object]) -> list[str]:
    messages = view["messages"]
    assert isinstance(messages, list)
    return [m["message"].get("text", "") for m in messages]


def test_within_the_window_a_handed_back_conversation_is_still_readable(
    desk: Desk, anna: AgentClient
) -> None:
    person = _handed_back(desk, anna)
    person.send("nog een vraag aan de bot")
    view = anna.view(person)
    assert view.status_code == 200
    assert "Mijn vader woont bij ons in." in _texts(view.json())
    assert "nog een vraag aan de bot" in _texts(view.json())


def test_after_the_window_it_is_a_404_for_agents_supervisors_and_admins(
    desk: Desk, anna: AgentClient
) -> None:
    person = _handed_back(desk, anna)
    _minutes_pass(desk, person, 16)
    supervisor = desk.agent("lisa@a.nl", role="supervisor")
    admin = desk.agent("piet@a.nl", role="admin")
    for agent in (anna, supervisor, admin):
        response = agent.view(person)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert anna.post(f"/conversations/{person.id}/notes", {"text": "nog iets"}).status_code == 404
    assert anna.get("/catalogue", q="verlof", conversation_id=person.id).status_code == 404


def test_a_closed_conversation_goes_out_of_view_the_same_way(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    assert anna.post(f"/conversations/{person.id}/close").status_code == 200
    assert anna.view(person).status_code == 200
    _minutes_pass(desk, person, 16)
    assert anna.view(person).status_code == 404


def test_the_audit_log_keeps_working_after_the_window(desk: Desk, anna: AgentClient) -> None:
    person = _handed_back(desk, anna)
    _minutes_pass(desk, person, 16)
    supervisor = desk.agent("lisa@a.nl", role="supervisor")
    entries = supervisor.get("/audit", conversation_id=person.id).json()["entries"]
    assert [e["action"] for e in entries] == ["handback", "claim"]


def test_the_window_is_a_setting(make_desk: DeskFactory) -> None:
    desk = make_desk(desk_visibility_minutes=0)
    anna = desk.agent("anna@a.nl")
    person = _handed_back(desk, anna)
    assert anna.view(person).status_code == 404


def test_what_the_person_tells_the_bot_after_the_window_is_never_shown(desk: Desk, anna: AgentClient) -> None:
    person = _handed_back(desk, anna)
    _minutes_pass(desk, person, 20)
    person.send("iets wat alleen de bot mag weten")
    person.send("ik wil toch weer een mens spreken")  # back in the queue: visible again
    view = anna.view(person)
    assert view.status_code == 200
    texts = _texts(view.json())
    assert "Mijn vader woont bij ons in." in texts  # from the earlier stay
    assert "iets wat alleen de bot mag weten" not in texts
    assert "bot: iets wat alleen de bot mag weten" not in texts  # nor the bot's answer to it


def test_the_live_stream_does_not_carry_what_the_person_tells_the_bot(desk: Desk, anna: AgentClient) -> None:
    person = _handed_back(desk, anna)
    with anna.events() as stream:
        assert next(stream)["event"] == "queue"
        person.send("na de overdracht aan de bot")
        other = desk.waiting()  # something that does reach the stream, to know the first has passed
        seen = []
        for event in stream:
            seen.append(event)
            if event["event"] == "conversation" and event["data"]["item"]["conversation_id"] == other.id:
                break
    assert not [e for e in seen if e["event"] == "message" and e["data"]["conversation_id"] == person.id]


def test_the_live_stream_drops_messages_of_a_conversation_out_of_view(desk: Desk, anna: AgentClient) -> None:
    person = _handed_back(desk, anna)
    _minutes_pass(desk, person, 16)
    late = Event("message", {"conversation_id": person.id, "id": 999, "sender": "user", "message": {}})
    with anna.events() as stream:
        assert next(stream)["event"] == "queue"

        async def publish() -> None:
            await desk.service.bus.publish(tenant_topic(TENANT), late)

        desk.run(publish)
        other = desk.waiting()
        event = next(stream)
    assert event["event"] == "conversation" and event["data"]["item"]["conversation_id"] == other.id
