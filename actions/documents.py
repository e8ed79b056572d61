"""The person asks for a document in the chat: the gateway answers with the same buttons and
forms as under the overview (api/texts/ holds the words, because only the gateway knows whether
mail is set up and whether an overview was shown)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import Events, SafeAction
from bot.documents_request import wanted_document


class ActionOfferDocuments(SafeAction):
    def name(self) -> str:
        return "action_offer_documents"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        text = str(tracker.latest_message.get("text") or "")
        dispatcher.utter_message(json_message={"type": "documents", "want": wanted_document(text)})
        return []
