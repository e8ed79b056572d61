"""A greeting: never a second introduction.

The gateway opens every conversation with its welcome, which introduces the assistant, so
``action_greet`` (the rule for ``greet`` outside the intake) only says hello: where to start when
nothing happened yet, and "we gaan verder waar we waren" later in the conversation. During the
intake the rule's ``utter_greet_again`` says hello and the form asks its question again.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import rendering
from actions import slots as s
from actions.base import Events, SafeAction


def conversation_under_way(tracker: Tracker) -> bool:
    """Whether the bot said something since the conversation (re)started — a restart forgets
    what came before it — or the person told something about their situation (kept from an
    earlier session too)."""
    events = list(tracker.events)
    starts = [i for i, event in enumerate(events) if event.get("event") in ("restart", "session_started")]
    since = events[starts[-1] + 1 :] if starts else events
    if any(event.get("event") == "bot" for event in since):
        return True
    return any(tracker.get_slot(slot) not in (None, []) for slot in s.INTAKE_SLOTS)


class ActionGreet(SafeAction):
    def name(self) -> str:
        return "action_greet"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        dispatcher.utter_message(
            **(rendering.GREET_BACK if conversation_under_way(tracker) else rendering.GREET)
        )
        return []
