"""The queue's order (crisis first, then the longest waiting) and its waiting times."""

from __future__ import annotations

from tests.api.desk.conftest import HANDOFF, AgentClient, Desk
from tests.api.fakes import bot_says


def _order(agent: AgentClient) -> list[str]:
    return [c["conversation_id"] for c in agent.get("/queue").json()["conversations"]]


def test_the_longest_waiting_comes_first(desk: Desk, anna: AgentClient) -> None:
    first, second, third = desk.waiting(), desk.waiting(), desk.waiting()
    assert _order(anna) == [first.id, second.id, third.id]


def test_accepting_the_crisis_offer_comes_before_everyone_who_waits_longer(
    desk: Desk, anna: AgentClient
) -> None:
    first = desk.waiting()
    urgent = desk.gateway.start(tenant="gemeente-a")
    messages = urgent.say("dit is een noodgeval")
    assert messages[0]["type"] == "crisis"
    yes = next(b for b in messages[-1]["buttons"] if b["payload"] == "/request_human")
    desk.gateway.rasa.reply = bot_says(HANDOFF)  # the bot hands over as for any request
    assert urgent.say(yes["title"], payload=yes["payload"])[-1]["status"] == "waiting"
    queue = anna.get("/queue").json()["conversations"]
    assert [(c["conversation_id"], c["urgent"]) for c in queue] == [(urgent.id, True), (first.id, False)]


def test_a_crisis_handoff_reason_is_urgent(desk: Desk, anna: AgentClient) -> None:
    first = desk.waiting()
    desk.gateway.rasa.reply = bot_says({"custom": {**HANDOFF["custom"], "reason": "crisis"}})
    urgent = desk.waiting()
    assert _order(anna) == [urgent.id, first.id]


def test_waiting_since_is_when_it_was_handed_over_not_the_last_message(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    [before] = anna.get("/queue").json()["conversations"]
    person.send("nog een bericht")
    [after] = anna.get("/queue").json()["conversations"]
    assert after["waiting_since"] == before["waiting_since"]


def test_assigned_conversations_stay_in_the_queue_with_their_agent(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    [item] = anna.get("/queue").json()["conversations"]
    assert (item["state"], item["assignee"]["name"]) == ("assigned", "Anna")


def test_the_stay_with_the_desk_is_recorded(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    anna.post(f"/conversations/{person.id}/close")
    [(tenant, reason, claimed, agent, ended, outcome)] = desk.gateway.rows(
        "SELECT tenant_id, reason, claimed_at IS NOT NULL, agent_id, ended_at IS NOT NULL, outcome "
        "FROM handoffs"
    )
    assert (tenant, reason, claimed, agent, ended, outcome) == (
        "gemeente-a", "user_request", 1, anna.agent_id, 1, "closed"
    )  # fmt: skip
