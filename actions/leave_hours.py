"""How many hours of care leave for N hours of work: 2x (kortdurend) and 6x (langdurend) the
weekly hours, per 12 months (``bot.leave``).

The hours come from the question itself ("bij 32 uur"), else from what the person said about
their work; else ``leave_hours_form`` asks for them (``validate_leave_hours_form``).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions import bot_api, parsing, rendering
from actions import slots as s
from actions.base import Events, SafeAction, apologise
from actions.intake_form import WORK_HOURS_MAX
from actions.questions import employer_pay

logger = logging.getLogger(__name__)

Result = dict[str, Any]


def parse_basis(value: Any) -> float | None:
    """Weekly hours from a slot value: a number, or text such as "32" / "4 dagen van 8 uur"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        hours: float | None = float(value)
    elif isinstance(value, str) and value != s.UNKNOWN:
        hours = parsing.parse_weekly_hours(value, days_per_week=5)
    else:
        return None
    return hours if hours is not None and 0 < hours <= WORK_HOURS_MAX else None


def leave_answer(basis: Any, work_hours: Any, employment: str | None) -> rendering.Reply:
    """The answer, with its source: computed for the hours asked about or worked, else the rule itself."""
    hours = parse_basis(basis)
    if hours is None:
        hours = parse_basis(work_hours)
    if hours is None:
        return rendering.leave_rule(employment, bot_api.leave_source())
    short, long = bot_api.leave_hours(hours)
    return rendering.leave_hours(hours, short, long, employment, bot_api.leave_source())


class ValidateLeaveHoursForm(FormValidationAction):
    def name(self) -> str:
        return "validate_leave_hours_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        if tracker.get_slot(s.LEAVE_HOURS_BASIS) is None and parse_basis(tracker.get_slot(s.WORK_HOURS)):
            return []  # the hours the person works are known: no need to ask
        return [s.LEAVE_HOURS_BASIS]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        try:
            return list(await super().run(dispatcher, tracker, domain))
        except Exception:
            logger.exception("leave hours form validation failed for conversation %s", tracker.sender_id)
            apologise(dispatcher)
            return [
                SlotSet(s.LEAVE_HOURS_BASIS, s.UNKNOWN),
                SlotSet(s.REQUESTED_SLOT, None),
                FollowupAction("action_listen"),
            ]

    def validate_leave_hours_basis(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Result:
        if slot_value == s.UNKNOWN or parse_basis(slot_value) is not None:
            return {s.LEAVE_HOURS_BASIS: slot_value}
        if slot_value is not None:
            dispatcher.utter_message(**rendering.reask(s.WORK_HOURS))
        return {s.LEAVE_HOURS_BASIS: None}


class ActionLeaveHours(SafeAction):
    def name(self) -> str:
        return "action_leave_hours"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        answer = leave_answer(
            tracker.get_slot(s.LEAVE_HOURS_BASIS),
            tracker.get_slot(s.WORK_HOURS),
            tracker.get_slot(s.EMPLOYMENT),
        )
        dispatcher.utter_message(**answer)
        added = employer_pay(tracker, None)  # what the person's employer adds to this leave
        if added:
            dispatcher.utter_message(text=added)
        return []
