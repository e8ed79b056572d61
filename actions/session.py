"""The conversation's session: the tenant from the gateway's metadata, and erasure.

The gateway sends ``metadata: {"tenant": "<id>", "channel": ...}`` with every message. Rasa
copies the first message's metadata of a session into ``session_started_metadata``;
``action_session_start`` reads the tenant from there, and the global slot validation keeps it
up to date from each message's own metadata.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, AllSlotsReset, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import rendering
from actions import slots as s
from actions.base import Events, SafeAction
from actions.profile_slots import employer_slots

TENANT_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")  # as bot.profile accepts it
#: Slots a new session keeps: the person's answers (the intake does not start over after a break).
CARRIED_OVER: tuple[str, ...] = (*s.INTAKE_SLOTS, s.TENANT)


def tenant_from_metadata(metadata: Any) -> str | None:
    """The tenant id in the gateway's metadata, when it is a valid id."""
    if not isinstance(metadata, Mapping):
        return None
    tenant = metadata.get("tenant")
    return tenant if isinstance(tenant, str) and TENANT_RE.match(tenant) else None


class ActionSessionStart(SafeAction):
    def name(self) -> str:
        return "action_session_start"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        events: Events = [SessionStarted()]
        for slot in CARRIED_OVER:
            value = tracker.get_slot(slot)
            if value is not None:
                events.append(SlotSet(slot, value))
        tenant = tenant_from_metadata(tracker.get_slot(s.SESSION_STARTED_METADATA))
        if tenant is not None:
            events.append(SlotSet(s.TENANT, tenant))
            carried = {slot: tracker.get_slot(slot) for slot in CARRIED_OVER}
            for slot, value in employer_slots({**carried, s.TENANT: tenant}).items():
                events.append(SlotSet(slot, value))
        events.append(ActionExecuted("action_listen"))
        return events

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        events = await super().run(dispatcher, tracker, domain)
        # A failed start must still start the session, or Rasa would not listen.
        return events or [SessionStarted(), ActionExecuted("action_listen")]


class ActionEraseData(SafeAction):
    """ "Wis mijn gegevens": forget everything here and ask the gateway to erase the conversation
    (``{"type": "erase_request"}``, an extension of the bot payloads, see docs/internal-contracts.md)."""

    def name(self) -> str:
        return "action_erase_data"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        dispatcher.utter_message(**rendering.ERASE)
        dispatcher.utter_message(json_message={"type": "erase_request"})
        tenant = tracker.get_slot(s.TENANT)
        events: Events = [AllSlotsReset()]
        if tenant is not None:
            events.append(SlotSet(s.TENANT, tenant))
        return events
