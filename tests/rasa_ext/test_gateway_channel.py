"""The gateway's Rasa channel turns Rasa's silent failures into errors (runs in .venv-rasa)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

pytest.importorskip("rasa", reason="runs in .venv-rasa: make test-rasa")

from rasa.core.channels.channel import UserMessage

from rasa_ext.gateway_channel import GatewayInput


def _handle(on_new_message: Any) -> tuple[int, Any]:
    channel = GatewayInput(secret="s3cret")
    result = asyncio.run(channel._handle(on_new_message, "conv-1", "hallo", {"channel": "web"}))
    assert result.body is not None
    return result.status, json.loads(result.body)


def test_bot_output_is_returned_as_a_list() -> None:
    async def answer(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "Hoi!")

    status, body = _handle(answer)
    assert status == 200
    assert body == [{"recipient_id": "conv-1", "text": "Hoi!"}]


def test_an_action_failure_that_rasa_only_logs_becomes_a_500() -> None:
    async def failing_action(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "half")
        try:
            raise ConnectionError("action server down")
        except ConnectionError:
            logging.getLogger("rasa.core.processor").exception(
                "Encountered an exception while running action 'action_show_overview'."
            )

    status, body = _handle(failing_action)
    assert status == 500
    assert body == {"error": "action_failed", "action": "action_show_overview"}


def test_no_output_at_all_is_a_502_not_an_empty_success() -> None:
    async def silent(message: UserMessage) -> None:
        return None

    status, body = _handle(silent)
    assert (status, body) == (502, {"error": "empty_reply"})


def test_an_exception_from_rasa_is_a_500() -> None:
    async def broken(message: UserMessage) -> None:
        raise RuntimeError("boom")

    status, body = _handle(broken)
    assert status == 500 and body["error"] == "rasa_failed"


def test_a_failure_in_another_conversation_does_not_leak_into_this_one() -> None:
    async def answer(message: UserMessage) -> None:
        logging.getLogger("rasa.core.processor").error("Encountered an exception while running action 'x'.")

    channel = GatewayInput(secret="s3cret")
    asyncio.run(channel._handle(answer, "other", "hoi", None))

    async def fine(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "Hoi!")

    assert _handle(fine)[0] == 200


def test_the_channel_refuses_to_start_without_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MW_RASA_SECRET", raising=False)
    with pytest.raises(ValueError, match="MW_RASA_SECRET"):
        GatewayInput()


class _Request:
    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [({"X-Gateway-Secret": "s3cret"}, True), ({"X-Gateway-Secret": "wrong"}, False), ({}, False)],
)
def test_only_the_gateway_with_the_shared_secret_may_post(headers: dict[str, str], allowed: bool) -> None:
    request: Any = _Request(headers)  # only .headers is read
    assert GatewayInput(secret="s3cret")._authorised(request) is allowed
