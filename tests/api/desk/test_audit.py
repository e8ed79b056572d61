"""The audit log: who signed in, read, claimed, replied, noted, sent a card, handed back or closed."""

from __future__ import annotations

import json

from tests.api.desk.conftest import AgentClient, Desk


def test_every_step_of_a_stay_with_the_desk_is_logged_in_order(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.view(person)
    anna.claim(person)
    anna.reply(person, "Hoi!")
    anna.post(f"/conversations/{person.id}/notes", {"text": "belt morgen"})
    anna.post(f"/conversations/{person.id}/cards", {"item_id": "mantelzorglijn"})
    anna.post(f"/conversations/{person.id}/handback")
    rows = desk.gateway.rows("SELECT agent_id, action, conversation_id FROM audit_log ORDER BY id")
    assert rows == [
        (anna.agent_id, action, person.id)
        for action in ("read", "claim", "reply", "note", "card", "handback")
    ]


def test_closing_is_logged(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.post(f"/conversations/{person.id}/close")
    assert desk.audit("close", person) == [(anna.agent_id, "close", person.id, None)]


def test_a_refused_claim_is_logged(desk: Desk, anna: AgentClient, bram: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    bram.claim(person)
    assert [row[0] for row in desk.audit("claim_refused")] == [bram.agent_id]


def test_logins_and_failed_logins_are_logged(desk: Desk) -> None:
    anna = desk.add_agent("anna@a.nl")
    anna.login("niet-het-wachtwoord")
    anna.login()
    assert [row[1] for row in desk.gateway.rows("SELECT agent_id, action FROM audit_log ORDER BY id")] == [
        "login_failed",
        "login",
    ]


def test_the_log_holds_no_message_text(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    anna.reply(person, "Een geheim antwoord")
    anna.post(f"/conversations/{person.id}/notes", {"text": "Een geheime notitie"})
    everything = json.dumps(desk.gateway.rows("SELECT * FROM audit_log"))
    assert "geheim" not in everything


def test_the_card_item_is_in_the_log_detail(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    anna.post(f"/conversations/{person.id}/cards", {"item_id": "mantelzorglijn"})
    [(_, _, _, detail)] = desk.audit("card")
    assert json.loads(detail) == {"item_id": "mantelzorglijn"}


def test_the_log_stays_after_the_person_erases_the_conversation(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    assert desk.gateway.client.delete(person.url, headers=person.headers).status_code == 204
    assert desk.gateway.rows("SELECT COUNT(*) FROM conversations") == [(0,)]
    assert [row[1] for row in desk.audit("claim", person)] == ["claim"]


def test_supervisors_read_their_tenants_log(desk: Desk, anna: AgentClient, bob: AgentClient) -> None:
    supervisor = desk.agent("lisa@a.nl", role="supervisor")
    person = desk.waiting()
    anna.claim(person)
    bob.get("/queue")
    entries = supervisor.get("/audit", conversation_id=person.id).json()["entries"]
    assert [(e["action"], e["agent_name"]) for e in entries] == [("claim", "Anna")]


def test_agents_may_not_read_the_log(desk: Desk, anna: AgentClient) -> None:
    response = anna.get("/audit")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
