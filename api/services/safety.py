"""The deterministic crisis check in front of Rasa (bot.safety), behind a small callable type so
tests and other deployments can pass their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from api.texts import OFFER_NO, OFFER_YES
from bot.safety import CRISIS_HANDOFF_OFFER, CRISIS_TEXT, detect_crisis

REQUEST_HUMAN = "/request_human"


@dataclass(frozen=True)
class CrisisHit:
    kind: str  # "suicide" | "acute_danger"
    text: str  # the fixed Dutch message for that kind


CrisisDetector = Callable[[str], CrisisHit | None]


def bot_crisis_detector(text: str) -> CrisisHit | None:
    """bot.safety's word lists and fixed texts."""
    match = detect_crisis(text)
    return CrisisHit(match.kind, CRISIS_TEXT[match.kind]) if match is not None else None


def crisis_intent(kind: str) -> str:
    """What Rasa gets instead of the person's words when the check matched."""
    return f'/crisis{{"crisis_kind":"{kind}"}}'


def is_handoff_offer(message: dict[str, Any]) -> bool:
    return message.get("type") == "text" and message.get("text") == CRISIS_HANDOFF_OFFER


def handoff_offer() -> dict[str, Any]:
    """bot.safety's offer to talk with a person, with buttons the bot understands."""
    return {
        "type": "text",
        "text": CRISIS_HANDOFF_OFFER,
        "buttons": [{"title": OFFER_YES, "payload": REQUEST_HUMAN}, {"title": OFFER_NO, "payload": "/deny"}],
    }
