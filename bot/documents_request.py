"""Which document a person asks for in the chat ("kun je een brief maken voor mijn werkgever?",
"mail het overzicht naar mij", "kan ik dit als pdf krijgen?"). NLU recognises that a document is
asked for (intent `ask_documents`); this reads which one, so the widget opens the right form.
"""

from __future__ import annotations

import re
from typing import Literal

Wanted = Literal["letter", "mail", "pdf"]

#: Words that point at one document, checked in this order (a letter mailed is still a letter).
_WORDS: tuple[tuple[Wanted, re.Pattern[str]], ...] = (
    ("letter", re.compile(r"\b(?:brief|briefje|aanvraag|verzoek|formulier|verlofaanvraag)\b")),
    ("mail", re.compile(r"\b(?:mail|mailen|e-?mail|mailtje|gemaild|mailbox|inbox)\b")),
)


def wanted_document(text: str) -> Wanted:
    """The document asked for; the overview as PDF when the message names none."""
    folded = text.casefold()
    for wanted, words in _WORDS:
        if words.search(folded):
            return wanted
    return "pdf"
