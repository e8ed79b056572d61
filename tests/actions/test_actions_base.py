"""actions/base.py: an action error never leaves the person without an answer."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from actions import rendering
from actions.base import SafeAction


class Broken(SafeAction):
    def name(self) -> str:
        return "action_broken"

    async def act(self, dispatcher: Any, tracker: Any, domain: Any) -> list[Any]:
        dispatcher.utter_message(text="half af")
        raise RuntimeError("boom")


def test_error_gives_an_apology_and_a_person_instead(
    make_tracker: Any, dispatcher: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        events = asyncio.run(Broken().run(dispatcher, make_tracker(), {}))
    assert events == []
    assert [m["text"] for m in dispatcher.messages] == [rendering.ACTION_ERROR]
    assert dispatcher.messages[0]["buttons"] == [rendering.HUMAN_BUTTON]
    assert "action_broken failed" in caplog.text
