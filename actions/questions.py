"""Questions with a fixed answer (retrieval intent ``faq/<topic>``), answered in their context.

``action_answer_question`` replaces ``utter_faq`` in the rules and stories. It says the answer NLU's
response selector chose, except for a follow-up ("krijg ik dan nog salaris?", "moet ik dat
schriftelijk aanvragen?") about the leave last discussed (``last_topic``: an item of the overview or
an earlier answer): then the answer about that leave, whatever topic NLU picked, or — when it could
be either kind of leave — a question which one. Every answer records what it was about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import bot_api, parsing, rendering
from actions import slots as s
from actions.base import Events, SafeAction
from actions.profile_slots import build_profile

SHORT_LEAVE, LONG_LEAVE, CALAMITY_LEAVE = (
    "kortdurend-zorgverlof",
    "langdurend-zorgverlof",
    "calamiteitenverlof",
)
#: Leave in general: the overview showed both kinds, or the question was about leave as a whole.
ANY_LEAVE = "zorgverlof"
LEAVE_TOPICS = (SHORT_LEAVE, LONG_LEAVE, CALAMITY_LEAVE, ANY_LEAVE)
#: What an answered FAQ topic was about.
TOPIC_OF_ANSWER: dict[str, str] = {
    "leave_paid": ANY_LEAVE,
    "notice_short": SHORT_LEAVE,
    "notice_long": LONG_LEAVE,
    "long_leave_spread": LONG_LEAVE,
    "calamity_leave": CALAMITY_LEAVE,
    "employer_refuse": ANY_LEAVE,
    "who_counts": ANY_LEAVE,
}
_FOLLOW_UP_RE = re.compile(r"\b(?:dan|dat|het|daar|daarvoor|daarbij|die|dit|ervoor|hiervoor)\b")
_PAY_RE = re.compile(r"\b(?:salaris|loon|betaald|doorbetaald|uitbetaald|betaalt|betalen|inkomen|geld)\b")
_NOTICE_RE = re.compile(
    r"\b(?:schriftelijk|aanvragen|aanvraag|melden|van tevoren|vooraf|opgeven|laten weten)\b"
)


ASK_WHICH = "ask_which"
#: Answers about pay during leave: on an employer's intranet followed by what that employer adds.
PAY_TOPICS = frozenset({"leave_paid"})
STATUTORY_LEAVE = (SHORT_LEAVE, LONG_LEAVE, CALAMITY_LEAVE)


def employer_pay(tracker: Tracker, last_topic: Any) -> str | None:
    """What the person's employer adds to the leave asked about (all statutory leave when it is
    not one kind), next to the law's answer; None without a tenant or such arrangements."""
    tenant = tracker.get_slot(s.TENANT)
    if not tenant:
        return None
    kinds = (last_topic,) if last_topic in STATUTORY_LEAVE else STATUTORY_LEAVE
    lines = bot_api.employer_additions(build_profile(tracker.slots), kinds, tenant)
    return "\n".join(lines) if lines else None


def follow_up_topic(text: str, last_topic: Any) -> str | None:
    """The FAQ topic a follow-up about the leave last discussed asks for; ``ASK_WHICH`` when it could
    be either kind; None when the message is no such follow-up."""
    folded = parsing.fold(text)
    if last_topic not in LEAVE_TOPICS or not _FOLLOW_UP_RE.search(folded):
        return None
    if _PAY_RE.search(folded):
        return "leave_paid"
    if _NOTICE_RE.search(folded):
        if last_topic == LONG_LEAVE:
            return "notice_long"
        if last_topic in (SHORT_LEAVE, CALAMITY_LEAVE):
            return "notice_short" if last_topic == SHORT_LEAVE else "calamity_leave"
        return ASK_WHICH
    return None


def chosen_topic(latest: Mapping[str, Any]) -> str | None:
    """The FAQ topic NLU's response selector chose ("leave_paid"), if any."""
    selector = latest.get("response_selector") or {}
    response = (selector.get("faq") or {}).get("response") or {}
    key = response.get("intent_response_key") or ""
    if isinstance(key, str) and key.startswith("faq/"):
        return key.removeprefix("faq/")
    intent = (latest.get("intent") or {}).get("name") or ""
    return intent.removeprefix("faq/") if isinstance(intent, str) and intent.startswith("faq/") else None


class ActionAnswerQuestion(SafeAction):
    def name(self) -> str:
        return "action_answer_question"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        latest = tracker.latest_message or {}
        topic = follow_up_topic(str(latest.get("text") or ""), tracker.get_slot(s.LAST_TOPIC))
        if topic == ASK_WHICH:
            dispatcher.utter_message(**rendering.WHICH_LEAVE)
            return []
        topic = topic or chosen_topic(latest)
        if topic is None:
            dispatcher.utter_message(**rendering.OUT_OF_SCOPE)
            return []
        dispatcher.utter_message(response=f"utter_faq/{topic}")
        if topic in PAY_TOPICS:
            added = employer_pay(tracker, tracker.get_slot(s.LAST_TOPIC))
            if added:
                dispatcher.utter_message(text=added)
        about = TOPIC_OF_ANSWER.get(topic)
        return [SlotSet(s.LAST_TOPIC, about)] if about else []
