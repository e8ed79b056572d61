"""What the desk page needs for its warnings and header: whether the person's last message is
unanswered, the opening hours themselves (not a text of login time), and the person's typing on
the live stream (only while the conversation is with the desk)."""

from __future__ import annotations

from api.desk.hours import parse_hours
from api.events.bus import Event, tenant_topic
from tests.api.desk.conftest import TENANT, AgentClient, Desk


def test_unanswered_follows_who_wrote_last(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    person.send("Ben je er nog?")
    assert anna.view(person).json()["unanswered"] is True
    anna.claim(person)  # the system's notice is no answer
    assert anna.view(person).json()["unanswered"] is True
    anna.post(f"/conversations/{person.id}/notes", {"text": "even opzoeken"})  # nor is a note
    assert anna.view(person).json()["unanswered"] is True
    anna.reply(person, "Ja, ik ben er.")
    assert anna.view(person).json()["unanswered"] is False
    person.send("Fijn.")
    assert anna.view(person).json()["unanswered"] is True


def test_me_carries_the_opening_hours_to_compute_from(desk: Desk, anna: AgentClient) -> None:
    desk.accounts.set_hours(TENANT, parse_hours("ma 09:00-17:00; vr 10:00-12:00"))
    tenant = anna.get("/me").json()["tenant"]
    assert tenant["opening"] == {"timezone": "Europe/Amsterdam", "intervals": [[0, 540, 1020], [4, 600, 720]]}


def publish_typing(desk: Desk, conversation_id: str, active: bool) -> None:
    event = Event("typing", {"conversation_id": conversation_id, "sender": "user", "active": active})

    async def publish() -> None:
        await desk.service.bus.publish(tenant_topic(TENANT), event)

    desk.run(publish)


def test_the_persons_typing_reaches_the_desk_only_while_handed_over(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    elsewhere = desk.gateway.start(tenant=TENANT)  # with the bot: nothing for the desk
    with anna.events() as stream:
        next(stream)
        publish_typing(desk, elsewhere.id, True)
        publish_typing(desk, person.id, True)
        event = next(stream)
    assert (event["event"], event["data"]) == (
        "typing",
        {"conversation_id": person.id, "sender": "user", "active": True},
    )
