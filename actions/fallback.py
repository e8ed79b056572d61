"""When NLU does not understand: a helpful Dutch reply that fits the input, and after two
misunderstandings in a row a person. Also the kind answer to questions outside the assistant's
scope, which NLU does understand.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import parsing, rendering
from actions.base import Events, SafeAction
from actions.handoff import hand_off
from actions.intake_form import answered_this_turn

FALLBACK_ACTION = "action_handle_fallback"
OUT_OF_SCOPE_ACTION = "action_out_of_scope"
TOO_LONG_CHARS = 2000


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DUTCH_WORDS = _words(
    "de het een ik je jij u mijn m'n en van voor met niet wat hoe is zijn ben heb hebt werk werken zorg "
    "zorgen uur uren moeder vader naar ook maar dat die er kan wil over mag krijg ze hij we wij ons onze "
    "hoeveel waar wanneer welke graag dank hallo hoi goedemorgen nee ja verlof"
)
_FOREIGN_WORDS = _words(
    # English
    "the you what how can my have are please with does this that need want about would could where why "
    "mother father work hours i'm it's don't hello thanks thank help leave care caregiver am and for "
    # German
    "ich und nicht mit sie meine mutter vater arbeit habe bitte kann fur uber wie viel stunden pflege "
    # French
    "le la les est pour avec mere pere travail bonjour merci vous mon une qui que soins "
    # Turkish / Polish / Spanish (a few very common words)
    "bir ve bu icin annem babam merhaba nie jest dla por favor gracias hola quiero"
)
_VOWELS = set("aeiouy")
_KEYBOARD_RUNS = ("qwert", "asdf", "zxcv", "hjkl", "uiop", "fghj", "bnm")


def _is_emoji_or_symbol(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk", "Cs", "Mn", "Cf") or ord(ch) >= 0x1F000


def _looks_like_a_word(word: str) -> bool:
    if len(word) < 3:
        return True
    if not _VOWELS.intersection(word):
        return False
    if re.search(r"[^aeiouy\W\d]{5,}", word) or re.search(r"(.)\1{3,}", word):
        return False
    return not any(run in word for run in _KEYBOARD_RUNS)


def classify_input(text: str) -> str:
    """What kind of message NLU could not place: empty, emoji, too_long, other_language,
    gibberish, or unclear (ordinary Dutch that was not understood)."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if len(stripped) > TOO_LONG_CHARS:
        return "too_long"
    letters = [ch for ch in stripped if ch.isalpha()]
    if not letters and not any(ch.isdigit() for ch in stripped):
        return "emoji" if any(_is_emoji_or_symbol(ch) for ch in stripped) else "unclear"
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    if letters and latin / len(letters) < 0.5:
        return "other_language"
    words = re.findall(r"[a-z']+", parsing.fold(stripped))
    dutch = sum(1 for w in words if w in _DUTCH_WORDS)
    foreign = sum(1 for w in words if w in _FOREIGN_WORDS)
    if foreign >= 2 and foreign > dutch:
        return "other_language"
    if words and dutch == 0 and sum(1 for w in words if not _looks_like_a_word(w)) * 2 >= len(words):
        return "gibberish"
    return "unclear"


NOT_UNDERSTOOD_KINDS = ("gibberish", "emoji", "empty")


def previous_turn_was_fallback(tracker: Tracker) -> bool:
    """Whether the person's message before this one was not understood either: handled by the
    fallback, or read as out of scope while it was gibberish, emoji or empty."""
    users = 0
    previous_text = ""
    handled_by: list[str] = []
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            users += 1
            if users == 2:
                previous_text = str(event.get("text") or "")
                break
        elif kind == "action" and users == 1:
            handled_by.append(str(event.get("name")))
    if FALLBACK_ACTION in handled_by:
        return True
    return OUT_OF_SCOPE_ACTION in handled_by and classify_input(previous_text) in NOT_UNDERSTOOD_KINDS


class ActionHandleFallback(SafeAction):
    def name(self) -> str:
        return FALLBACK_ACTION

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        if answered_this_turn(tracker):
            return []
        if previous_turn_was_fallback(tracker):
            return hand_off(dispatcher, tracker, "fallback")
        kind = classify_input(str((tracker.latest_message or {}).get("text") or ""))
        dispatcher.utter_message(**rendering.fallback(kind, rendering.FALLBACK_BUTTONS))
        return []


class ActionOutOfScope(SafeAction):
    def name(self) -> str:
        return OUT_OF_SCOPE_ACTION

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        if answered_this_turn(tracker):
            return []
        # Not understood, then nothing we can help with: two turns in a row without help.
        if previous_turn_was_fallback(tracker):
            return hand_off(dispatcher, tracker, "fallback")
        kind = classify_input(str((tracker.latest_message or {}).get("text") or ""))
        if kind == "other_language":
            dispatcher.utter_message(**rendering.fallback(kind, [rendering.HUMAN_BUTTON]))
        elif kind in ("emoji", "gibberish", "empty"):
            dispatcher.utter_message(**rendering.fallback(kind, rendering.FALLBACK_BUTTONS))
        else:
            dispatcher.utter_message(**rendering.OUT_OF_SCOPE)
        return []
