"""Structured logs: one JSON line per request, without message content, tokens or raw ids."""

from __future__ import annotations

import json
import logging

import pytest

from api.logs import JsonFormatter, short_id
from tests.api.conftest import Conversation


def request_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "api.request"]


def test_request_is_logged_with_route_template_status_and_duration(
    conversation: Conversation, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    conversation.say("geheime inhoud")
    [line] = request_lines(caplog)
    assert line["method"] == "POST"
    assert line["route"] == "/api/v1/conversations/{conversation_id}/messages"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["conversation"] == short_id(conversation.id)


def test_logs_hold_no_content_token_or_raw_id(
    conversation: Conversation, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    conversation.gateway.rasa.rasa_up = False
    conversation.say("geheime inhoud")
    conversation.send("x" * 3000)
    formatter = JsonFormatter()
    everything = "\n".join(formatter.format(record) for record in caplog.records)
    assert "geheime inhoud" not in everything
    assert conversation.token not in everything
    assert conversation.id not in everything
    assert "bot did not answer" in everything


def test_exceptions_are_logged_without_their_text() -> None:
    try:
        raise ValueError("de tekst van iemand")
    except ValueError:
        record = logging.LogRecord(
            "t", logging.ERROR, __file__, 1, "failed", None, __import__("sys").exc_info()
        )
    line = json.loads(JsonFormatter().format(record))
    assert line["error_type"] == "ValueError"
    assert "de tekst van iemand" not in json.dumps(line)
