"""Smaller hardening items of issue 13: odd Last-Event-ID headers, the desk page only with its
policy, no typed text as an intent for Rasa (nor in the logs), X-Forwarded-For only from
configured proxies."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from starlette.types import Receive, Scope, Send

from api.middleware import ForwardedForMiddleware
from api.services.conversations import without_intent_prefix
from tests.api.conftest import Conversation, Gateway, GatewayFactory
from tests.api.fakes import bot_says


@pytest.mark.parametrize(
    "value", [b"9" * 4400, "²".encode("latin-1"), "²".encode(), "١٢".encode(), b"-1", b"1e3", b"9" * 19]
)
def test_odd_last_event_id_is_a_clear_400(conversation: Conversation, value: bytes) -> None:
    headers: dict[str, Any] = {**conversation.headers, "Last-Event-ID": value}
    response = conversation.gateway.client.get(f"{conversation.url}/events", headers=headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_last_event_id"
    assert response.json()["error"]["field"] == "Last-Event-ID"


def test_desk_page_is_not_served_as_a_static_file(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(desk_enabled=True)
    for path in ("/static/desk/index.html", "/static/desk/", "/static/desk", "/static//desk/index.html"):
        assert gateway.client.get(path).status_code == 404, path
    page = gateway.client.get("/desk")
    assert page.status_code == 200
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]


def test_desk_files_carry_the_desk_policy(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(desk_enabled=True)
    script = gateway.client.get("/static/desk/desk.js")
    assert script.status_code == 200
    assert (
        script.headers["Content-Security-Policy"]
        == gateway.client.get("/desk").headers["Content-Security-Policy"]
    )
    assert gateway.client.get("/static/widget.js").status_code == 200


@pytest.mark.parametrize(
    ("typed", "for_rasa"),
    [
        ("/restart", "restart"),
        ('//inform{"burden": "heavy"} mijn moeder', 'inform{"burden": "heavy"} mijn moeder'),
        ("  / greet", "greet"),
        ("mijn moeder / vader", "mijn moeder / vader"),
    ],
)
def test_typed_text_never_reaches_rasa_as_an_intent(typed: str, for_rasa: str) -> None:
    assert without_intent_prefix(typed) == for_rasa


def test_slash_text_and_unknown_payloads_are_sent_as_text(
    gateway: Gateway, conversation: Conversation, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    conversation.say("/restart mijn moeder heeft dementie")
    conversation.say("Ja", payload='/inform{"burden":"heavy"}')  # no such button was shown
    assert gateway.rasa.texts_sent() == ["restart mijn moeder heeft dementie", "Ja"]
    logged = caplog.text + "".join(str(record.__dict__) for record in caplog.records)
    assert "dementie" not in logged and "burden" not in logged


def test_payload_of_a_button_the_bot_showed_goes_to_rasa(
    gateway: Gateway, conversation: Conversation
) -> None:
    gateway.rasa.reply = bot_says({"text": "Werk je?", "buttons": [{"title": "Ja", "payload": "/affirm"}]})
    conversation.say("ik zorg voor mijn vader")
    conversation.say("Ja", payload="/affirm")
    conversation.say("Nee", payload="/deny")  # not shown in this conversation
    assert gateway.rasa.texts_sent() == ["ik zorg voor mijn vader", "/affirm", "Nee"]


def test_forwarded_for_is_ignored_without_trusted_proxies(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(rate_conversations_per_address_per_minute=2)
    statuses = [
        gateway.client.post(
            "/api/v1/conversations", headers={"X-Forwarded-For": f"203.0.113.{n}"}
        ).status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]


async def _seen_client(scope: Scope, headers: list[tuple[bytes, bytes]], trusted: tuple[str, ...]) -> Any:
    seen: list[Any] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["client"])

    await ForwardedForMiddleware(app, trusted)({**scope, "headers": headers}, None, None)  # type: ignore[arg-type]
    return seen[0]


@pytest.mark.anyio
async def test_forwarded_for_is_believed_only_from_a_trusted_proxy() -> None:
    xff = [(b"x-forwarded-for", b"198.51.100.7, 10.0.0.9")]
    from_proxy: Scope = {"type": "http", "client": ("10.0.0.2", 5000)}
    from_elsewhere: Scope = {"type": "http", "client": ("192.0.2.1", 5000)}
    assert await _seen_client(from_proxy, xff, ()) == ("10.0.0.2", 5000)
    assert await _seen_client(from_elsewhere, xff, ("10.0.0.0/8",)) == ("192.0.2.1", 5000)
    # the rightmost address that is not one of our proxies is the caller
    assert await _seen_client(from_proxy, xff, ("10.0.0.0/8",)) == ("198.51.100.7", 0)
    assert await _seen_client(from_proxy, [], ("10.0.0.0/8",)) == ("10.0.0.2", 5000)
