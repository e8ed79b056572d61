"""A short written preparation for the talk with the manager, from whatever the profile knows:
the situation in one paragraph, what to ask for, the rules that back it up, a review date."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import bot_api, rendering
from actions import slots as s
from actions.base import Events, SafeAction
from actions.profile_slots import build_profile

SELF_EMPLOYED = ("self_employed", "employer_owner")
NO_EMPLOYER = ("student", "not_working")


def preparation(profile: dict[str, Any], employer_items: list[str], today: date) -> list[str]:
    """The messages of the preparation, in order."""
    employment = profile.get("employment")
    if employment in SELF_EMPLOYED:
        return [rendering.EMPLOYER_TALK_SELF_EMPLOYED]
    messages = [rendering.EMPLOYER_TALK_INTRO]
    if employment in NO_EMPLOYER:
        messages.append(rendering.EMPLOYER_TALK_NO_EMPLOYER)
    work_hours = profile.get("work_hours_per_week")
    short = long = None
    if work_hours:
        short, long = bot_api.leave_hours(work_hours)
    messages += [
        rendering.employer_talk_situation(profile),
        rendering.employer_talk_requests(work_hours, short, long),
        rendering.employer_talk_rules(profile.get("employer_size"), employer_items),
        rendering.employer_talk_closing(today),
    ]
    return messages


class ActionPrepareEmployerTalk(SafeAction):
    def name(self) -> str:
        return "action_prepare_employer_talk"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        profile = build_profile(tracker.slots)
        tenant = tracker.get_slot(s.TENANT)
        employer_items = [
            str(item["title"])
            for item in bot_api.recommend(profile, tenant)
            if item.get("tenant") and item.get("kind") == "werkgeversregeling"
        ]
        for text in preparation(profile.to_dict(), employer_items, date.today()):
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(**rendering.AFTER_EMPLOYER_TALK)
        return []
