"""Leaving a question outside opening hours (with contact preference and consent), and the desk
handling it: in the queue, claimed by one agent, deleted when done."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Conversation
from tests.api.desk.conftest import TENANT, AgentClient, Desk

QUESTION = {
    "question": "Kan ik zorgverlof opnemen voor mijn buurvrouw?",
    "contact_method": "phone",
    "contact_value": "06 1234 5678",
    "consent": True,
}


@pytest.fixture
def closed(desk: Desk) -> Desk:
    desk.accounts.set_hours(TENANT, ())
    return desk


def leave(person: Conversation, **changes: Any) -> Any:
    return person.gateway.client.post(
        f"{person.url}/questions", json={**QUESTION, **changes}, headers=person.headers
    )


def person_told_closed(desk: Desk) -> Conversation:
    person = desk.gateway.start(tenant=TENANT)
    notice = person.say("ik wil een mens spreken")[-1]
    assert notice["status"] == "unavailable" and "leave_question" in notice
    return person


def test_a_question_with_consent_is_confirmed_in_the_chat(closed: Desk) -> None:
    person = person_told_closed(closed)
    response = leave(person)
    assert response.status_code == 201
    [confirmation] = response.json()["messages"]
    assert confirmation["text"].startswith(
        "Dank je, je vraag is bewaard. Een medewerker van Gemeente A belt je"
    )
    transcript = closed.gateway.client.get(f"{person.url}/messages", headers=person.headers).json()
    assert transcript["messages"][-1]["message"] == confirmation


def test_the_question_lands_in_the_queue_without_its_details(closed: Desk, anna: AgentClient) -> None:
    person = person_told_closed(closed)
    with anna.events() as stream:
        next(stream)
        leave(person)
        event = next(stream)
    assert event["event"] == "question"
    assert set(event["data"]) == {"id", "state", "created_at", "contact_method", "assignee"}
    [queued] = anna.get("/queue").json()["questions"]
    assert (queued["state"], queued["contact_method"]) == ("open", "phone")


def test_the_agent_reads_question_contact_and_consent(closed: Desk, anna: AgentClient) -> None:
    person = person_told_closed(closed)
    leave(person)
    [queued] = anna.get("/queue").json()["questions"]
    question = anna.get(f"/questions/{queued['id']}").json()
    assert question["question"] == QUESTION["question"]
    assert question["contact_value"] == "0612345678"
    assert question["consent_text"].startswith("Ik vind het goed dat Gemeente A")
    assert question["profile"] == {"relationship": "parent"}
    assert closed.audit("question_read")[0][0] == anna.agent_id


def test_without_consent_nothing_is_stored(closed: Desk) -> None:
    person = person_told_closed(closed)
    response = leave(person, consent=False)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "consent_required"
    assert closed.gateway.rows("SELECT COUNT(*) FROM left_questions") == [(0,)]


@pytest.mark.parametrize(
    ("method", "value", "code"),
    [
        ("phone", "bel me", "invalid_phone"),
        ("phone", "123", "invalid_phone"),
        ("email", "geen-adres", "invalid_email"),
    ],
)
def test_a_wrong_contact_is_a_clear_422(closed: Desk, method: str, value: str, code: str) -> None:
    person = person_told_closed(closed)
    response = leave(person, contact_method=method, contact_value=value)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


def test_an_email_address_is_accepted(closed: Desk) -> None:
    person = person_told_closed(closed)
    response = leave(person, contact_method="email", contact_value="sanne@voorbeeld.nl")
    assert "mailt je" in response.json()["messages"][0]["text"]


def test_a_question_needs_the_token_and_is_left_once(closed: Desk) -> None:
    person = person_told_closed(closed)
    assert closed.gateway.client.post(f"{person.url}/questions", json=QUESTION).status_code == 401
    assert leave(person).status_code == 201
    assert leave(person).json()["error"]["code"] == "question_exists"


def test_an_over_long_question_is_a_422(closed: Desk) -> None:
    person = person_told_closed(closed)
    assert leave(person, question="x" * 2001).json()["error"]["code"] == "text_too_long"


def test_one_agent_claims_a_question_and_deletes_it_when_done(
    closed: Desk, anna: AgentClient, bram: AgentClient
) -> None:
    person = person_told_closed(closed)
    leave(person)
    [queued] = anna.get("/queue").json()["questions"]
    assert anna.post(f"/questions/{queued['id']}/claim").status_code == 200
    second = bram.post(f"/questions/{queued['id']}/claim")
    assert second.status_code == 409
    assert second.json()["error"]["message"] == "Deze vraag is al opgepakt door Anna."
    assert bram.post(f"/questions/{queued['id']}/done").json()["error"]["code"] == "not_yours"
    assert anna.post(f"/questions/{queued['id']}/done").status_code == 204
    assert closed.gateway.rows("SELECT COUNT(*) FROM left_questions") == [(0,)]
    assert [row[1] for row in closed.audit("question_done")] == ["question_done"]


def test_another_tenants_question_is_a_404(closed: Desk, bob: AgentClient) -> None:
    person = person_told_closed(closed)
    leave(person)
    question_id = closed.gateway.rows("SELECT id FROM left_questions")[0][0]
    assert bob.get(f"/questions/{question_id}").status_code == 404
    assert bob.post(f"/questions/{question_id}/claim").status_code == 404
    assert bob.get("/queue").json()["questions"] == []


def test_erasing_the_conversation_deletes_the_question(closed: Desk) -> None:
    person = person_told_closed(closed)
    leave(person)
    closed.gateway.client.delete(person.url, headers=person.headers)
    assert closed.gateway.rows("SELECT COUNT(*) FROM left_questions") == [(0,)]


def test_a_tenant_without_desk_cannot_take_questions(desk: Desk) -> None:
    person = desk.gateway.start(tenant="onbekend")  # signed, but the organisation has no agents
    response = leave(person)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "no_desk"
