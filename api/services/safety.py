"""The deterministic crisis check in front of Rasa (bot.safety), behind a small callable type so
tests and other deployments can pass their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from api.contract import Button, Offer, text
from bot.safety import CRISIS_HANDOFF_OFFER, CRISIS_OFFER_BUTTONS, CRISIS_TEXT, REQUEST_HUMAN, detect_crisis

__all__ = [
    "REQUEST_HUMAN",
    "CrisisDetector",
    "CrisisHit",
    "bot_crisis_detector",
    "crisis_intent",
    "handoff_offer",
]


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


def handoff_offer() -> dict[str, Any]:
    """bot.safety's offer to talk with a person (the bot's own words and buttons), marked as one."""
    buttons = [Button(title=title, payload=payload) for title, payload in CRISIS_OFFER_BUTTONS]
    return text(CRISIS_HANDOFF_OFFER, buttons, offer=Offer.HANDOFF)
