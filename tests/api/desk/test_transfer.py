"""Transfer to a colleague: the assignee (or a supervisor) hands an assigned conversation to another
active agent of the same desk; the person reads the new agent's name, both desks see it live."""

from __future__ import annotations

import json

from api.texts import desk as texts
from tests.api.desk.conftest import OTHER_TENANT, AgentClient, Desk
from tests.api.desk.test_lifecycle import person_events
from tests.api.test_events import frames


def test_the_assignee_transfers_and_the_person_reads_the_new_name(
    desk: Desk, anna: AgentClient, bram: AgentClient
) -> None:
    person = desk.waiting()
    anna.claim(person)
    with person_events(desk, person) as response:
        stream = (f for f in frames(response.iter_lines()) if "event" in f)
        moved = anna.post(f"/conversations/{person.id}/transfer", {"agent_id": bram.agent_id})
        event = next(stream)
    assert moved.status_code == 200
    assert moved.json()["assignee"] == {"id": bram.agent_id, "name": "Bram"}
    assert (event["event"], event["data"]["state"]) == ("state", "assigned")
    notice = event["data"]["message"]
    assert notice["agent"] == "Bram"
    assert notice["text"] == texts.TRANSFERRED.format(name="Bram", tenant="Gemeente A")
    assert "bram@a.nl" not in str(notice)
    assert bram.reply(person, "Hoi, ik neem het over.").status_code == 201
    assert anna.reply(person, "ik ook").json()["error"]["code"] == "not_assigned"


def test_both_desks_see_the_transfer_live(desk: Desk, anna: AgentClient, bram: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    with anna.events() as anna_stream, bram.events() as bram_stream:
        next(anna_stream), next(bram_stream)
        anna.post(f"/conversations/{person.id}/transfer", {"agent_id": bram.agent_id})
        seen = [next(f for f in s if f["event"] == "conversation") for s in (anna_stream, bram_stream)]
    for event in seen:
        assert event["data"]["item"]["assignee"] == {"id": bram.agent_id, "name": "Bram"}
        assert event["data"]["notice"]["agent"] == "Bram"


def test_a_supervisor_may_transfer_a_colleagues_conversation(
    desk: Desk, anna: AgentClient, bram: AgentClient
) -> None:
    supervisor = desk.agent("lisa@a.nl", role="supervisor")
    person = desk.waiting()
    anna.claim(person)
    refused = bram.post(f"/conversations/{person.id}/transfer", {"agent_id": bram.agent_id})
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "not_yours")
    assert (
        supervisor.post(f"/conversations/{person.id}/transfer", {"agent_id": bram.agent_id}).status_code
        == 200
    )


def test_only_to_an_active_colleague_of_the_same_desk(
    desk: Desk, anna: AgentClient, bram: AgentClient, bob: AgentClient
) -> None:
    person = desk.waiting()
    anna.claim(person)
    desk.accounts.set_active("bram@a.nl", False)
    for target in (bob.agent_id, bram.agent_id, "not-an-agent"):
        refused = anna.post(f"/conversations/{person.id}/transfer", {"agent_id": target})
        assert (refused.status_code, refused.json()["error"]["code"]) == (422, "unknown_colleague")
    same = anna.post(f"/conversations/{person.id}/transfer", {"agent_id": anna.agent_id})
    assert (same.status_code, same.json()["error"]["code"]) == (409, "same_colleague")
    assert anna.view(person).json()["assignee"]["id"] == anna.agent_id


def test_a_waiting_or_other_tenants_conversation_cannot_be_transferred(
    desk: Desk, anna: AgentClient, bram: AgentClient, bob: AgentClient
) -> None:
    person = desk.waiting()
    waiting = anna.post(f"/conversations/{person.id}/transfer", {"agent_id": bram.agent_id})
    assert (waiting.status_code, waiting.json()["error"]["code"]) == (409, "not_assigned")
    anna.claim(person)
    assert bob.post(f"/conversations/{person.id}/transfer", {"agent_id": bob.agent_id}).status_code == 404


def test_the_transfer_is_audited_and_the_stay_follows_the_new_agent(
    desk: Desk, anna: AgentClient, bram: AgentClient
) -> None:
    person = desk.waiting()
    anna.claim(person)
    anna.post(f"/conversations/{person.id}/transfer", {"agent_id": bram.agent_id})
    [(agent, _, _, detail)] = desk.audit("transfer", person)
    assert agent == anna.agent_id
    assert json.loads(detail) == {"from_agent": anna.agent_id, "to_agent": bram.agent_id}
    assert desk.gateway.rows("SELECT agent_id, ended_at FROM handoffs") == [(bram.agent_id, None)]


def test_colleagues_lists_the_other_active_agents_by_name_only(
    desk: Desk, anna: AgentClient, bram: AgentClient, bob: AgentClient
) -> None:
    colleagues = anna.get("/colleagues").json()["colleagues"]
    assert [c["name"] for c in colleagues] == ["Bram", "Team"]
    assert bram.agent_id in [c["id"] for c in colleagues]
    assert "@" not in str(colleagues)
    assert OTHER_TENANT not in str(colleagues)
