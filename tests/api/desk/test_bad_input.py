"""Bad input to the desk: each a clear error, never a 500, nothing changed."""

from __future__ import annotations

import pytest

from tests.api.conftest import Gateway
from tests.api.desk.conftest import AgentClient, Desk


def test_an_over_long_reply_is_a_422_and_not_sent(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    response = anna.reply(person, "x" * 2001)
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "text_too_long",
        "message": "Het bericht is te lang. Gebruik maximaal 2000 tekens.",
        "field": "text",
    }
    assert desk.gateway.rows("SELECT COUNT(*) FROM messages WHERE sender = 'agent'") == [(0,)]


def test_a_reply_of_exactly_the_limit_is_sent(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    assert anna.reply(person, "x" * 2000).status_code == 201


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_empty_reply_or_note_is_a_422(desk: Desk, anna: AgentClient, text: str) -> None:
    person = desk.waiting()
    anna.claim(person)
    assert anna.reply(person, text).json()["error"]["code"] == "empty_text"
    assert anna.post(f"/conversations/{person.id}/notes", {"text": text}).status_code == 422


def test_replying_to_a_closed_conversation_is_a_409(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    anna.post(f"/conversations/{person.id}/close")
    response = anna.reply(person, "nog even dit")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conversation_closed"
    assert anna.post(f"/conversations/{person.id}/notes", {"text": "x"}).status_code == 409


def test_replying_before_claiming_is_a_409(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    response = anna.reply(person, "hallo")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_assigned"


def test_an_unknown_catalogue_item_is_a_422(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    response = anna.post(f"/conversations/{person.id}/cards", {"item_id": "bestaat-niet"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unknown_item"


def test_another_tenants_catalogue_item_is_a_422(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    employer_item = next(i for i in desk.service.cards.catalogue.items if i.tenant is not None)
    response = anna.post(f"/conversations/{person.id}/cards", {"item_id": employer_item.id})
    assert response.json()["error"]["code"] == "unknown_item"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"text": "hoi", "extra": 1}, "unknown_field"),
        ({}, "missing_field"),
        ({"text": 3}, "validation_error"),
    ],
)
def test_malformed_bodies_are_clear_errors(desk: Desk, anna: AgentClient, body: object, code: str) -> None:
    person = desk.waiting()
    anna.claim(person)
    response = anna.post(f"/conversations/{person.id}/messages", body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


def test_invalid_json_is_a_400(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    response = desk.gateway.client.post(
        f"/desk/api/conversations/{person.id}/messages",
        content=b"{niet json",
        headers={**anna.headers(), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


def test_handing_back_a_conversation_that_is_with_the_bot_is_a_409(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    anna.post(f"/conversations/{person.id}/handback")
    assert anna.post(f"/conversations/{person.id}/handback").json()["error"]["code"] == "not_waiting"


def test_the_desk_api_is_a_404_when_the_desk_is_off(gateway: Gateway) -> None:
    response = gateway.client.post("/desk/api/login", json={"email": "a@b.nl", "password": "x"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "desk_disabled"
    assert gateway.client.get("/desk").status_code == 404
