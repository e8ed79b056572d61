"""actions/documents.py: a document asked for in the chat goes to the gateway as a payload."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from actions.documents import ActionOfferDocuments


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("kun je een brief maken voor mijn werkgever?", "letter"),
        ("mail het overzicht naar mij", "mail"),
        ("kan ik dit als pdf krijgen", "pdf"),
    ],
)
def test_the_action_names_the_document_asked_for(
    make_tracker: Any, dispatcher: Any, text: str, want: str
) -> None:
    asyncio.run(ActionOfferDocuments().run(dispatcher, make_tracker(text=text, intent="ask_documents"), {}))

    assert dispatcher.messages == [{**dispatcher.messages[0], "custom": {"type": "documents", "want": want}}]
    assert not dispatcher.messages[0].get("text")
