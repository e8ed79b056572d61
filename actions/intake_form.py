"""The intake form: one ``validate_<slot>`` per slot, and a dynamic list of questions.

``IntakeValidators`` turns raw candidates (entity values, button payloads, typed answers) into
profile values, or asks again with a Dutch example. The global slot validation
(``slot_mappings.py``) uses it on every message, so what the person says at any moment — the
first long story, a correction ("nee, ik werk 24 uur") — is stored; ``ValidateIntakeForm``
uses it again inside the form (values already valid pass silently).

``ValidateIntakeForm.required_slots`` asks only what changes the overview: the fields
``bot.engine.open_questions`` still lists, minus those the person could not answer. When that
list is empty the form ends and the overview follows.
"""

from __future__ import annotations

import logging
import re
from abc import abstractmethod
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions import bot_api, parsing, rendering
from actions import slots as s
from actions.base import Events, SafeAction, apologise
from actions.extraction import Message
from actions.profile_slots import build_profile
from bot.profile import (  # the profile's allowed values, defined once
    BURDENS,
    CONDITIONS,
    EMPLOYER_SIZES,
    EMPLOYMENTS,
    NEEDS,
    RELATIONSHIPS,
    WLZ_INDICATIONS,
)

logger = logging.getLogger(__name__)

Result = dict[str, Any]
Domain = dict[str, Any]

CARE_HOURS_MAX = 168.0
WORK_HOURS_MAX = 80.0
_CBS_CODE_RE = re.compile(r"^GM\d{4}$")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def not_understood(
    slot: str,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    say: rendering.Reply | None = None,
    quiet: bool = False,
) -> Result:
    """An answer that gives no value. To the question being asked: ask again (``text`` or the
    slot's own re-ask line; nothing when ``quiet``: another action answers); at the
    ``MAX_MISSES``-th miss, record "onbekend", say so kindly and move on, so nobody is asked the
    same thing a third time. Not asked: only say what was wrong."""
    if tracker.get_slot(s.REQUESTED_SLOT) != slot:
        dispatcher.utter_message(**(say or rendering.reask(slot)))
        return {slot: None}
    misses = dict(tracker.get_slot(s.UNANSWERED) or {})
    misses[slot] = int(misses.get(slot, 0)) + 1
    if misses[slot] >= s.MAX_MISSES:
        dispatcher.utter_message(**rendering.SKIPPED)
        return {slot: s.UNKNOWN, s.UNANSWERED: misses}
    if not quiet:
        dispatcher.utter_message(**(say or rendering.reask(slot)))
    return {slot: None, s.UNANSWERED: misses}


class IntakeValidators:
    """``validate_<slot>(value, dispatcher, tracker, domain) -> {slot: value}`` for every intake
    slot; an invalid value gives ``{slot: None}`` and a message that says what to answer."""

    # --- enums -----------------------------------------------------------------------------------

    @staticmethod
    def _enum(
        slot: str,
        value: Any,
        allowed: tuple[str, ...],
        parser: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> Result:
        if value is None or value == s.UNKNOWN or value in allowed:
            return {slot: value}
        if isinstance(value, str):
            parsed = parser(value)
            if parsed in allowed:
                return {slot: parsed}
        return not_understood(slot, dispatcher, tracker)

    def validate_relationship(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        return self._enum(
            s.RELATIONSHIP, slot_value, RELATIONSHIPS, parsing.parse_relationship, dispatcher, tracker
        )

    def validate_condition(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        return self._enum(s.CONDITION, slot_value, CONDITIONS, parsing.parse_condition, dispatcher, tracker)

    def validate_employment(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        return self._enum(
            s.EMPLOYMENT, slot_value, EMPLOYMENTS, parsing.parse_employment, dispatcher, tracker
        )

    def validate_employer_size(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        return self._enum(
            s.EMPLOYER_SIZE, slot_value, EMPLOYER_SIZES, parsing.parse_employer_size, dispatcher, tracker
        )

    def validate_wlz_indication(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        return self._enum(
            s.WLZ_INDICATION, slot_value, WLZ_INDICATIONS, parsing.parse_wlz, dispatcher, tracker
        )

    def validate_burden(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        return self._enum(s.BURDEN, slot_value, BURDENS, parsing.parse_burden, dispatcher, tracker)

    def validate_needs(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        if slot_value is None:
            return {s.NEEDS: None}
        values = slot_value if isinstance(slot_value, list) else [slot_value]
        new: list[str] = []
        for value in values:
            if value in NEEDS or value == s.UNKNOWN:
                new.append(value)
            elif isinstance(value, str):
                new += parsing.parse_needs(value)
        if not new:
            return not_understood(s.NEEDS, dispatcher, tracker)
        known = [v for v in tracker.get_slot(s.NEEDS) or [] if v in NEEDS]
        merged = [v for v in NEEDS if v in known or v in new]
        return {s.NEEDS: merged or [s.UNKNOWN]}

    def validate_lives_together(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        if slot_value is None or slot_value == s.UNKNOWN or isinstance(slot_value, bool):
            return {s.LIVES_TOGETHER: slot_value}
        if isinstance(slot_value, str):
            folded = parsing.fold(slot_value)
            if folded in ("true", "false"):
                return {s.LIVES_TOGETHER: folded == "true"}
            parsed = parsing.parse_lives_together(slot_value)
            if parsed is not None:
                return {s.LIVES_TOGETHER: parsed}
        return not_understood(s.LIVES_TOGETHER, dispatcher, tracker)

    # --- numbers ---------------------------------------------------------------------------------

    @staticmethod
    def _hours(
        slot: str,
        value: Any,
        days_per_week: int,
        maximum: float,
        out_of_range: rendering.Reply,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> Result:
        if value is None or value == s.UNKNOWN:
            return {slot: value}
        hours = float(value) if _is_number(value) else None
        if isinstance(value, str):
            if parsing.counts_people(value):  # "6 man" is no number of hours
                return not_understood(slot, dispatcher, tracker)
            hours = parsing.parse_weekly_hours(value, days_per_week=days_per_week)
        if hours is None:
            return not_understood(slot, dispatcher, tracker)
        if not 0 <= hours <= maximum:
            return not_understood(slot, dispatcher, tracker, out_of_range)
        return {slot: hours}

    def validate_care_hours_per_week(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        return self._hours(
            s.CARE_HOURS, slot_value, 7, CARE_HOURS_MAX, rendering.CARE_HOURS_RANGE, dispatcher, tracker
        )

    def validate_work_hours_per_week(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        result = self._hours(
            s.WORK_HOURS, slot_value, 5, WORK_HOURS_MAX, rendering.WORK_HOURS_RANGE, dispatcher, tracker
        )
        # A zero-hours or on-call contract: leave counts the hours actually worked, so ask once for the
        # average; a second 0 stands.
        if (
            result.get(s.WORK_HOURS) == 0
            and tracker.get_slot(s.EMPLOYMENT) in ("employee", "student")
            and not (tracker.get_slot(s.UNANSWERED) or {}).get(s.WORK_HOURS)
        ):
            return not_understood(s.WORK_HOURS, dispatcher, tracker, rendering.ZERO_HOURS_AVERAGE)
        return result

    # --- places ----------------------------------------------------------------------------------

    @staticmethod
    def _place(slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> Result:
        if value is None or value == s.UNKNOWN:
            return {slot: value}
        text = str(value).strip()
        if _CBS_CODE_RE.match(text.upper()) and bot_api.municipality_name(text.upper()) is not None:
            return {slot: text.upper(), s.PLACE_CANDIDATES: None}
        place = bot_api.resolve_place(text)
        if place.code is not None:
            if place.town and place.name and place.town != place.name:
                dispatcher.utter_message(**rendering.place_note(place.town, place.name))
            return {slot: place.code, s.PLACE_CANDIDATES: None}
        if place.candidates:
            return {slot: None, s.PLACE_CANDIDATES: [code for code, _ in place.candidates]}
        line = {"text": place.line} if place.line else None  # assembled from the places data
        return {**not_understood(slot, dispatcher, tracker, line), s.PLACE_CANDIDATES: None}

    def validate_recipient_municipality(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        return self._place(s.RECIPIENT_MUNICIPALITY, slot_value, dispatcher, tracker)

    def validate_caregiver_municipality(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Result:
        return self._place(s.CAREGIVER_MUNICIPALITY, slot_value, dispatcher, tracker)

    # --- used by both validation actions ---------------------------------------------------------

    async def validate_candidates(
        self,
        candidates: Mapping[str, Any],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Domain,
    ) -> Result:
        """Every candidate through its validator; later validators see earlier results."""
        result: Result = {}
        for slot, value in candidates.items():
            validator = getattr(self, f"validate_{slot}", None)
            if validator is None:
                continue
            output = validator(value, dispatcher, tracker, domain)
            result.update(output)
            tracker.slots.update(output)
        return result


def open_intake_slots(slot_values: Mapping[str, Any]) -> list[str]:
    """The questions still worth asking, most important first (``bot.engine.open_questions``,
    minus the fields the person already answered or said they do not know)."""
    profile = build_profile(slot_values)
    questions = bot_api.open_questions(profile, slot_values.get(s.TENANT))
    return [f for f in questions if f in s.INTAKE_SLOTS and slot_values.get(f) is None]


#: Without these the overview cannot say what someone is entitled to: always asked when they matter.
ESSENTIAL_SLOTS = (s.EMPLOYMENT, s.RELATIONSHIP, s.RECIPIENT_MUNICIPALITY, s.WORK_HOURS)
#: The other questions refine the overview (its items then say "als …"); at most this many are asked
#: in one intake, most important first, so a whole story reaches the overview within three turns.
MAX_REFINEMENTS = 2


def asked_refinements(events: list[dict[str, Any]]) -> set[str]:
    """The refining questions the form asked since the conversation (re)started."""
    asked: set[str] = set()
    for event in events:
        if event.get("event") in ("restart", "session_started"):
            asked.clear()
        elif event.get("event") == "slot" and event.get("name") == s.REQUESTED_SLOT:
            value = event.get("value")
            if isinstance(value, str) and value in s.INTAKE_SLOTS and value not in ESSENTIAL_SLOTS:
                asked.add(value)
    return asked


def questions_to_ask(open_slots: list[str], asked: set[str]) -> list[str]:
    """The essential open questions, and refinements while fewer than ``MAX_REFINEMENTS`` were asked
    (a refinement already being asked stays, so its answer is not cut off)."""
    budget = MAX_REFINEMENTS - len(asked)
    result = []
    for slot in open_slots:
        if slot in ESSENTIAL_SLOTS or slot in asked:
            result.append(slot)
        elif budget > 0:
            result.append(slot)
            budget -= 1
    return result


def answered_since_user_message(tracker: Tracker) -> bool:
    """Whether the form runs on the person's latest message (not when it picks up again after
    another action answered a side question)."""
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "action" and event.get("name") not in (s.INTAKE_FORM, s.LEAVE_HOURS_FORM, "action_listen"):
            return False
    return False


def answered_this_turn(tracker: Tracker) -> bool:
    """Whether the latest message filled an intake question (or, after a second miss, recorded it as
    unknown): the intake goes on, so "I did not understand" would be wrong."""
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return False
        if kind == "slot" and event.get("name") in s.INTAKE_SLOTS and event.get("value") is not None:
            return True
    return False


class ValidateIntakeForm(IntakeValidators, FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> list[str]:
        filled = [slot for slot in s.INTAKE_SLOTS if tracker.get_slot(slot) is not None]
        asked = asked_refinements(tracker.events)
        return filled + questions_to_ask(open_intake_slots(tracker.slots), asked)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> Events:
        try:
            if answered_since_user_message(tracker):
                message = Message.from_latest(tracker.latest_message)
                if message.intent == s.CRISIS and not answered_this_turn(tracker):
                    return []  # nothing filled: the form is rejected and the crisis rule answers
                kind = bot_api.detect_crisis(message.text) if not message.is_payload else None
                if kind is not None:
                    # The global slot validation already sent the crisis message: stop here.
                    return [
                        SlotSet(s.CRISIS_KIND, kind),
                        SlotSet(s.REQUESTED_SLOT, None),
                        FollowupAction("action_listen"),
                    ]
            return list(await super().run(dispatcher, tracker, domain))
        except Exception:
            logger.exception("intake form validation failed for conversation %s", tracker.sender_id)
            apologise(dispatcher)
            return [
                SlotSet(s.PLACE_CANDIDATES, None),
                SlotSet(s.REQUESTED_SLOT, None),
                FollowupAction("action_listen"),
            ]


class _AskPlace(SafeAction):
    """Asks where someone lives; after an ambiguous name, with a button per municipality."""

    slot = s.RECIPIENT_MUNICIPALITY
    response = "utter_ask_recipient_municipality"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> Events:
        codes = [code for code in tracker.get_slot(s.PLACE_CANDIDATES) or [] if isinstance(code, str)]
        names = [(code, bot_api.municipality_name(code)) for code in codes]
        candidates = [(code, name) for code, name in names if name]
        if len(candidates) > 1:
            dispatcher.utter_message(**rendering.place_choice(self.slot, candidates))
        else:
            dispatcher.utter_message(response=self.response)
        return []


class _AskWithChoices(SafeAction):
    """Asks a question with a fixed set of answers: the text from the domain (``utter_ask_<slot>``),
    a button per profile value with its title from ``bot/vocabulary.yml``. Abstract (``slot``), so
    the action server registers only the subclasses."""

    @property
    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> Events:
        dispatcher.utter_message(
            response=f"utter_ask_{self.slot}", buttons=rendering.choice_buttons(self.slot)
        )
        return []


class ActionAskRelationship(_AskWithChoices):
    slot = s.RELATIONSHIP


class ActionAskCondition(_AskWithChoices):
    slot = s.CONDITION


class ActionAskEmployment(_AskWithChoices):
    slot = s.EMPLOYMENT


class ActionAskEmployerSize(_AskWithChoices):
    slot = s.EMPLOYER_SIZE


class ActionAskWlzIndication(_AskWithChoices):
    slot = s.WLZ_INDICATION


class ActionAskNeeds(_AskWithChoices):
    slot = s.NEEDS


class ActionAskBurden(_AskWithChoices):
    slot = s.BURDEN


class ActionAskRecipientMunicipality(_AskPlace):
    def name(self) -> str:
        return "action_ask_recipient_municipality"


class ActionAskCaregiverMunicipality(_AskPlace):
    slot = s.CAREGIVER_MUNICIPALITY
    response = "utter_ask_caregiver_municipality"

    def name(self) -> str:
        return "action_ask_caregiver_municipality"


class ActionRestart(SafeAction):
    """ "Opnieuw beginnen" (intent ``restart``): replaces Rasa's default ``action_restart``, which its
    built-in rule runs for that intent. Forgets the conversation (keeps the tenant) and starts the
    intake again."""

    def name(self) -> str:
        return "action_restart"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> Events:
        dispatcher.utter_message(**rendering.RESTARTED)
        events: Events = [Restarted()]
        tenant = tracker.get_slot(s.TENANT)
        if tenant is not None:
            events.append(SlotSet(s.TENANT, tenant))
        events.append(FollowupAction(s.INTAKE_FORM))
        return events
