"""Client mistakes: each a clear JSON error with a Dutch message, never a 500."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.api.conftest import Conversation, Gateway


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"}
    assert body["error"]["message"]  # Dutch, for people
    detail: dict[str, Any] = body["error"]
    return detail


def post_raw(conversation: Conversation, content: bytes, content_type: str = "application/json") -> Any:
    return conversation.gateway.client.post(
        f"{conversation.url}/messages",
        content=content,
        headers={**conversation.headers, "Content-Type": content_type},
    )


def test_invalid_json_is_400(conversation: Conversation) -> None:
    response = post_raw(conversation, b'{"text": "hoi",')
    assert response.status_code == 400
    assert error(response)["code"] == "invalid_json"


def test_missing_client_message_id_is_422_naming_the_field(conversation: Conversation) -> None:
    response = conversation.gateway.client.post(
        f"{conversation.url}/messages", json={"text": "hoi"}, headers=conversation.headers
    )
    assert response.status_code == 422
    assert error(response) == {
        "code": "missing_field",
        "message": "Er ontbreekt een verplicht veld.",
        "field": "client_message_id",
    }


def test_missing_body_is_422(conversation: Conversation) -> None:
    response = conversation.gateway.client.post(f"{conversation.url}/messages", headers=conversation.headers)
    assert response.status_code == 422
    assert error(response)["code"] == "missing_field"


def test_unknown_field_is_422(conversation: Conversation) -> None:
    response = conversation.send("hoi", admin=True)
    assert response.status_code == 422
    assert error(response)["code"] == "unknown_field"
    assert error(response)["field"] == "admin"


def test_wrong_type_is_422(conversation: Conversation) -> None:
    response = post_raw(conversation, b'{"text": 12, "client_message_id": "a"}')
    assert response.status_code == 422
    assert error(response) | {"message": ""} == {"code": "validation_error", "message": "", "field": "text"}


def test_json_that_is_not_an_object_is_422(conversation: Conversation) -> None:
    response = post_raw(conversation, b'["hoi"]')
    assert response.status_code == 422
    assert error(response)["code"] == "validation_error"


def test_form_body_is_422(conversation: Conversation) -> None:
    response = post_raw(conversation, b"text=hoi", "application/x-www-form-urlencoded")
    assert response.status_code == 422


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_422(conversation: Conversation, text: str) -> None:
    response = conversation.send(text)
    assert response.status_code == 422
    assert error(response)["code"] == "empty_text"


def test_text_of_2000_characters_is_accepted(conversation: Conversation) -> None:
    assert conversation.send("a" * 2000).status_code == 200


def test_text_over_2000_characters_is_422_and_not_stored(conversation: Conversation) -> None:
    response = conversation.send("a" * 2001)
    assert response.status_code == 422
    assert error(response) == {
        "code": "text_too_long",
        "message": "Je bericht is te lang. Gebruik maximaal 2000 tekens.",
        "field": "text",
    }
    assert conversation.gateway.rows("SELECT COUNT(*) FROM messages WHERE direction = 'in'") == [(0,)]


def test_oversized_body_is_413(conversation: Conversation) -> None:
    response = post_raw(conversation, b'{"text": "' + b"a" * 20_000 + b'", "client_message_id": "x"}')
    assert response.status_code == 413
    assert error(response)["code"] == "body_too_large"


def test_oversized_streamed_body_without_length_is_413(conversation: Conversation) -> None:
    def chunks() -> Any:
        yield b'{"text": "'
        for _ in range(40):
            yield b"a" * 1000
        yield b'", "client_message_id": "x"}'

    response = conversation.gateway.client.post(
        f"{conversation.url}/messages",
        content=chunks(),
        headers={**conversation.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_overlong_client_message_id_is_422(conversation: Conversation) -> None:
    response = conversation.send("hoi", client_message_id="x" * 101)
    assert response.status_code == 422
    assert error(response)["field"] == "client_message_id"


def test_missing_token_is_401(conversation: Conversation) -> None:
    response = conversation.gateway.client.post(
        f"{conversation.url}/messages", json={"text": "hoi", "client_message_id": "1"}
    )
    assert response.status_code == 401
    assert error(response)["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer wrong", "Basic abc", "Bearer", "token"])
def test_wrong_token_is_401(conversation: Conversation, header: str) -> None:
    response = conversation.gateway.client.post(
        f"{conversation.url}/messages",
        json={"text": "hoi", "client_message_id": "1"},
        headers={"Authorization": header},
    )
    assert response.status_code == 401


def test_token_of_another_conversation_is_401(gateway: Gateway) -> None:
    mine, other = gateway.start(), gateway.start()
    response = gateway.client.get(f"{mine.url}/messages", headers=other.headers)
    assert response.status_code == 401


def test_wrong_token_does_not_reach_rasa_or_the_store(conversation: Conversation) -> None:
    conversation.token = "not-the-token"
    assert conversation.send("hoi").status_code == 401
    assert conversation.gateway.rasa.messages == []
    assert conversation.gateway.rows("SELECT COUNT(*) FROM messages WHERE direction = 'in'") == [(0,)]


@pytest.mark.parametrize("conversation_id", [str(uuid.uuid4()), "not-a-uuid", "1"])
def test_unknown_conversation_is_404(conversation: Conversation, conversation_id: str) -> None:
    response = conversation.gateway.client.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        json={"text": "hoi", "client_message_id": "1"},
        headers=conversation.headers,
    )
    assert response.status_code == 404
    assert error(response)["code"] == "not_found"


def test_closed_conversation_refuses_messages_with_409(gateway: Gateway, conversation: Conversation) -> None:
    gateway.client.portal.call(  # type: ignore[union-attr]
        lambda: gateway.services.conversations.change_state(conversation.id, {"bot"}, "closed")
    )
    response = conversation.send("hoi")
    assert response.status_code == 409
    assert error(response)["code"] == "conversation_closed"


def test_bad_start_body_is_422(gateway: Gateway) -> None:
    response = gateway.client.post("/api/v1/conversations", json={"tenant": "<script>"})
    assert response.status_code == 422
    assert error(response)["field"] == "tenant"
    response = gateway.client.post("/api/v1/conversations", json={"colour": "red"})
    assert error(response)["code"] == "unknown_field"


def test_start_with_invalid_json_is_400(gateway: Gateway) -> None:
    response = gateway.client.post(
        "/api/v1/conversations", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


def test_unknown_route_is_json_404(gateway: Gateway) -> None:
    response = gateway.client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert error(response)["code"] == "route_not_found"


def test_wrong_method_is_json_405(conversation: Conversation) -> None:
    response = conversation.gateway.client.put(conversation.url, headers=conversation.headers)
    assert response.status_code == 405
    assert error(response)["code"] == "method_not_allowed"
