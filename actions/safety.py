"""Crisis: the fixed 113/112 message first, then a person.

Three nets, so a crisis is never missed (see docs/conversation.md): the gateway's check before
Rasa (it sends ``/crisis{"crisis_kind": ...}``), the ``crisis`` intent from NLU (the rule runs
``action_crisis``, also inside a form), and ``bot.safety.detect_crisis`` on every message in the
global slot validation, which sends the same messages when NLU classified the text otherwise.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import bot_api, parsing, rendering
from actions import slots as s
from actions.base import Events, SafeAction
from actions.extraction import Message
from actions.handoff import handoff_message
from actions.profile_slots import build_profile


def send_crisis(dispatcher: CollectingDispatcher, kind: str, tracker: Tracker, confirmed: bool) -> None:
    """The crisis payload, then the handoff: a handoff payload when a deterministic check found
    the signs (``confirmed``), else (NLU alone) the offer with a button, so a misread message
    does not put someone in the crisis queue unasked."""
    dispatcher.utter_message(json_message={"type": "crisis", "text": bot_api.crisis_text(kind)})
    if confirmed:
        dispatcher.utter_message(json_message=handoff_message("crisis", build_profile(tracker.slots)))
    else:
        dispatcher.utter_message(text=rendering.CRISIS_OFFER, buttons=rendering.CRISIS_OFFER_BUTTONS)


def crisis_kind_of(message: Message, slot_value: Any) -> tuple[str, bool]:
    """The kind to answer and whether a deterministic check confirmed it."""
    kinds = bot_api.crisis_kinds()
    for value in (*message.entity_values(s.CRISIS_KIND), slot_value):
        if isinstance(value, str) and value in kinds:
            return value, True
    detected = bot_api.detect_crisis(message.text) if not message.is_payload else None
    if detected is not None:
        return detected, True
    return "suicide", False  # its text names 113 and 112


def is_overload(message: Message) -> bool:
    """Exhaustion and "te veel" ("het wordt me te veel, ik slaap slecht") that NLU alone read as a
    crisis, while the deterministic check found no sign of suicide or acute danger."""
    return not message.is_payload and parsing.parse_burden(message.text) == "heavy"


def acknowledge_overload(dispatcher: CollectingDispatcher) -> Events:
    """A kind line with where help is, the burden recorded, and the intake on (or the overview, now
    with respite on top, when nothing is left to ask)."""
    dispatcher.utter_message(**rendering.OVERLOAD_ACK)
    return [SlotSet(s.BURDEN, "heavy"), FollowupAction(s.INTAKE_FORM)]


class ActionCrisis(SafeAction):
    def name(self) -> str:
        return "action_crisis"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        message = Message.from_latest(tracker.latest_message)
        kind, confirmed = crisis_kind_of(message, tracker.get_slot(s.CRISIS_KIND))
        if not confirmed and is_overload(message):
            return acknowledge_overload(dispatcher)
        send_crisis(dispatcher, kind, tracker, confirmed)
        return [
            SlotSet(s.CRISIS_KIND, kind),
            ActiveLoop(None),
            SlotSet(s.REQUESTED_SLOT, None),
            FollowupAction("action_listen"),
        ]
