"""The common base of every custom action: an error never leaves the person without an answer.

``SafeAction.run`` calls ``act``; when that raises, the error is logged with the action's name,
the messages the action had already queued are dropped, and the person gets an apology and
the offer of a person instead.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import rendering

logger = logging.getLogger(__name__)

Events = list[dict[str, Any]]


def apologise(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(**rendering.ACTION_ERROR)


class SafeAction(Action, ABC):
    """Subclasses implement ``name`` and ``act`` (same arguments and result as ``run``). Abstract
    subclasses are skipped when the action server registers actions."""

    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        queued = len(dispatcher.messages)
        try:
            return await self.act(dispatcher, tracker, domain)
        except Exception:
            logger.exception("action %s failed for conversation %s", self.name(), tracker.sender_id)
            del dispatcher.messages[queued:]
            apologise(dispatcher)
            return []
