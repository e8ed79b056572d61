"""Handing the conversation to a person: on request, after two misunderstandings in a row
(``fallback.py``), for a heavy burden (``overview.py``) and in a crisis (``safety.py``).

The gateway reads ``{"type": "handoff", "reason": ..., "summary": {profile}}`` and puts the
conversation in the desk's queue; the summary spares the person telling it all again.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import rendering
from actions import slots as s
from actions.base import Events, SafeAction
from actions.profile_slots import build_profile

REASONS = ("user_request", "fallback", "burden", "crisis")


def handoff_message(reason: str, profile: Any) -> dict[str, Any]:
    if reason not in REASONS:
        raise ValueError(f"unknown handoff reason {reason!r}")
    return {"type": "handoff", "reason": reason, "summary": profile.to_dict()}


def hand_off(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str) -> Events:
    """Say why, send the payload, stop any form and wait: the gateway says whether a person can
    take the conversation (and what to do instead when nobody can)."""
    reason_reply = rendering.handoff_reason(reason)
    if reason_reply:
        dispatcher.utter_message(**reason_reply)
    dispatcher.utter_message(json_message=handoff_message(reason, build_profile(tracker.slots)))
    return [ActiveLoop(None), SlotSet(s.REQUESTED_SLOT, None), FollowupAction("action_listen")]


class ActionHandoff(SafeAction):
    def name(self) -> str:
        return "action_handoff"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        return hand_off(dispatcher, tracker, "user_request")
