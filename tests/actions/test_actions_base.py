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
    make_tracker: Any, dispatcher: Any, helpers: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        events = asyncio.run(Broken().run(dispatcher, make_tracker(), {}))
    assert events == []
    assert helpers.responses(dispatcher) == ["utter_action_error"]
    assert helpers.texts(dispatcher)[0].startswith("Sorry, er ging bij mij iets mis.")
    assert helpers.buttons_of(dispatcher.messages[0]) == [rendering.HUMAN_BUTTON]
    assert "action_broken failed" in caplog.text


def test_the_action_server_registers_every_custom_action_of_the_domain() -> None:
    """rasa_sdk registers every concrete Action subclass at start: one that cannot name itself stops
    the whole action server (an abstract base must stay abstract)."""
    from pathlib import Path

    import yaml
    from rasa_sdk.executor import ActionExecutor

    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
    executor = ActionExecutor()
    executor.register_package("actions")
    custom = {
        a for a in domain["actions"] if a.startswith(("action_", "validate_")) and a != "action_session_start"
    }
    assert custom <= set(executor.actions)
