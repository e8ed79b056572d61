"""Runs on every user message, before Rasa picks the next action (``action_validate_slot_mappings``).

1. the deterministic crisis check (``bot.safety``): when NLU did not say ``crisis``, the crisis
   message and the handoff go out here, before anything else;
2. the tenant from the message metadata;
3. a note when a message is very long;
4. the intake slots this message fills (``extraction.py``), validated by the same
   ``validate_<slot>`` methods as in the form, so the first story and later corrections count;
5. the weekly hours a leave question is about (``leave_hours_basis``).

Rasa also runs ``action_extract_slots`` when a form starts; that second run for the same message
is skipped here, so nothing is said twice.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from actions import bot_api, parsing, rendering
from actions import slots as s
from actions.base import Events
from actions.extraction import Message, extract_candidates, extract_leave_hours_basis
from actions.intake_form import IntakeValidators, not_understood
from actions.profile_slots import employer_slots
from actions.safety import send_crisis
from actions.session import tenant_from_metadata

logger = logging.getLogger(__name__)

LONG_MESSAGE_CHARS = 2000


def is_new_user_message(tracker: Tracker) -> bool:
    """True on the run right after the person spoke; False on the re-run at form activation."""
    for event in reversed(tracker.events):
        if event.get("event") == "slot":
            continue
        return event.get("event") == "user"
    return False


class ValidateSlotMappings(IntakeValidators, ValidationAction):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        if not is_new_user_message(tracker):
            return []
        events: Events = []
        try:
            message = Message.from_latest(tracker.latest_message)
            tenant = tenant_from_metadata(message.metadata)
            if tenant is not None and tenant != tracker.get_slot(s.TENANT):
                events.append(SlotSet(s.TENANT, tenant))
                tracker.slots[s.TENANT] = tenant
            # On an employer's intranet the person works there, at an employer of the file's size.
            for slot, value in employer_slots(tracker.slots).items():
                events.append(SlotSet(slot, value))
                tracker.slots[slot] = value
            kind = bot_api.detect_crisis(message.text) if not message.is_payload else None
            if message.intent == s.CRISIS and (message.is_payload or kind is not None):
                kinds = [k for k in message.entity_values(s.CRISIS_KIND) if k in bot_api.crisis_kinds()]
                if kinds:
                    events.append(SlotSet(s.CRISIS_KIND, kinds[0]))
                return events  # the crisis rule answers
            # NLU alone said crisis and the check found no sign: "eindhoven" or "te veel, ik slaap
            # slecht" as the answer to the question asked is that answer (and overload is acknowledged).
            if kind is not None:
                send_crisis(dispatcher, kind, tracker, confirmed=True)
                return [*events, SlotSet(s.CRISIS_KIND, kind)]
            if len(message.text) > LONG_MESSAGE_CHARS:
                dispatcher.utter_message(**rendering.LONG_MESSAGE)
            active_loop = (tracker.active_loop or {}).get("name")
            requested = tracker.get_slot(s.REQUESTED_SLOT)
            candidates = extract_candidates(message, requested, active_loop)
            before = dict(tracker.slots)
            validated = await self.validate_candidates(candidates, dispatcher, tracker, domain)
            acknowledgement = rendering.acknowledgement(before, validated)
            if acknowledgement:
                dispatcher.utter_message(**acknowledgement)
            for correction in rendering.corrections(before, validated, requested, bot_api.municipality_name):
                dispatcher.utter_message(**correction)
            if message.intent == s.TELL_SITUATION and parsing.asks_about_leave(message.text):
                # Answer first; the intake's introduction then says how it goes on.
                answer = rendering.leave_question_answer(
                    tracker.get_slot(s.EMPLOYMENT), bot_api.leave_source()
                )
                dispatcher.utter_message(**answer)
            if not any(validated.get(slot) is not None for slot in s.INTAKE_SLOTS):
                validated.update(
                    self._missed(message, candidates, active_loop, requested, dispatcher, tracker)
                )
            events += [SlotSet(slot, value) for slot, value in validated.items()]
            events += self._leave_hours_basis(message, active_loop, requested)
        except Exception:
            logger.exception("slot validation failed for conversation %s", tracker.sender_id)
        return events

    @staticmethod
    def _missed(
        message: Message,
        candidates: dict[str, Any],
        active_loop: str | None,
        requested: str | None,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> dict[str, Any]:
        """A message that tried to answer the asked question but reached no validator (NLU did not
        place it and the question's parser did not understand it either) is a miss too; the
        fallback or out-of-scope action says so, so this stays quiet until the question is skipped."""
        if active_loop != s.INTAKE_FORM or requested not in s.INTAKE_SLOTS or requested in candidates:
            return {}
        if message.is_payload or message.intent not in s.ANSWER_INTENTS | s.UNCLEAR_INTENTS:
            return {}
        return not_understood(requested, dispatcher, tracker, quiet=True)

    @staticmethod
    def _leave_hours_basis(message: Message, active_loop: str | None, requested: str | None) -> Events:
        if message.intent == s.ASK_LEAVE_HOURS:
            return [SlotSet(s.LEAVE_HOURS_BASIS, extract_leave_hours_basis(message))]
        answering = active_loop == s.LEAVE_HOURS_FORM and requested == s.LEAVE_HOURS_BASIS
        if not answering or message.is_payload:
            return []
        if message.intent == s.DONT_KNOW or parsing.is_dont_know(message.text):
            return [SlotSet(s.LEAVE_HOURS_BASIS, s.UNKNOWN)]
        if message.intent in s.ANSWER_INTENTS or parsing.find_numbers(message.text):
            return [SlotSet(s.LEAVE_HOURS_BASIS, message.text)]
        return []
