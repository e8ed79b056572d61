"""Too many requests: 429 with a Retry-After header and a clear JSON body."""

from __future__ import annotations

from tests.api.conftest import GatewayFactory


def test_messages_per_conversation_are_limited(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(rate_messages_per_conversation_per_minute=3)
    conversation = gateway.start()
    statuses = [conversation.send(f"bericht {n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = conversation.send("nog een")
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert response.json()["error"]["code"] == "rate_limited"
    assert "Wacht" in response.json()["error"]["message"]


def test_limited_message_is_not_stored_or_sent(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(rate_messages_per_conversation_per_minute=1)
    conversation = gateway.start()
    conversation.say("een")
    assert conversation.send("twee").status_code == 429
    assert gateway.rasa.texts_sent() == ["een"]
    assert gateway.rows("SELECT text FROM messages WHERE direction = 'in'") == [("een",)]


def test_messages_per_address_are_limited_across_conversations(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(rate_messages_per_address_per_minute=2)
    first, second = gateway.start(), gateway.start()
    assert [first.send("a").status_code, second.send("b").status_code, first.send("c").status_code] == [
        200,
        200,
        429,
    ]


def test_new_conversations_per_address_are_limited(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(rate_conversations_per_address_per_minute=2)
    statuses = [gateway.client.post("/api/v1/conversations").status_code for _ in range(3)]
    assert statuses == [201, 201, 429]


def test_limits_can_be_switched_off(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(rate_limit_enabled=False, rate_conversations_per_address_per_minute=1)
    assert [gateway.client.post("/api/v1/conversations").status_code for _ in range(3)] == [201] * 3
