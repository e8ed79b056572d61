"""Rasa output dicts -> the public API's contract messages (architecture.md, "Bot messages")."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from api.contract import Button, Crisis, HandoffReason, Offer, Recommendations, Text, dump
from api.insights.payload import KEY as INSIGHT_KEY
from api.insights.payload import Insight, read_insight
from api.logs import log_fields
from api.services.safety import REQUEST_HUMAN

logger = logging.getLogger("api.rasa")

Message = dict[str, Any]


@dataclass(frozen=True)
class HandoffRequest:
    """The bot asked to hand the conversation to a person; the service decides what that means."""

    reason: str
    summary: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class DocumentsRequest:
    """The person asked for a document (the overview as PDF, mailed, or a letter): the gateway
    answers, because it knows whether mail is set up and whether an overview was shown."""

    want: str


@dataclass
class Translation:
    """In order: contract messages and handoff requests (where the bot placed them)."""

    parts: list[Message | HandoffRequest | DocumentsRequest] = field(default_factory=list)
    erase_requested: bool = False
    # what an overview tells the monthly figures (api/insights): read from its `insight` key,
    # which is not part of the contract message and so is neither stored nor sent on
    insight: Insight | None = None


_DOCUMENTS = {"letter", "mail", "pdf"}


def _buttons(raw: Any) -> list[Button]:
    if not isinstance(raw, list):
        return []
    buttons = []
    for button in raw:
        if isinstance(button, Mapping) and isinstance(button.get("title"), str):
            payload = button.get("payload")
            buttons.append(Button(title=button["title"], payload=payload if isinstance(payload, str) else ""))
    return buttons


def _text_message(output: Mapping[str, Any]) -> Message:
    buttons = _buttons(output.get("buttons"))
    offer = Offer.HANDOFF if any(b.payload == REQUEST_HUMAN for b in buttons) else None
    return dump(Text(text=str(output["text"]), buttons=buttons or None, offer=offer))


def _custom(custom: Mapping[str, Any], translation: Translation) -> None:
    kind = custom.get("type")
    if kind == "recommendations":
        items = custom.get("items")
        text = custom.get("text")
        profile = custom.get("profile")
        recommendations = Recommendations(
            text=text if isinstance(text, str) else None,
            items=[dict(item) for item in items if isinstance(item, Mapping)]
            if isinstance(items, list)
            else [],
            # the profile the overview was made for, stored with it, so the gateway's documents
            # (api/documents) are made from it even while Rasa is down
            profile=dict(profile) if isinstance(profile, Mapping) else None,
        )
        translation.parts.append(dump(recommendations))
        translation.insight = read_insight(custom.get(INSIGHT_KEY), recommendations.items)
    elif kind == "crisis" and isinstance(custom.get("text"), str):
        translation.parts.append(dump(Crisis(text=custom["text"])))
    elif kind == "handoff":
        reason = custom.get("reason")
        summary = custom.get("summary")
        translation.parts.append(
            HandoffRequest(
                reason=reason if reason in set(HandoffReason) else HandoffReason.USER_REQUEST,
                summary=summary if isinstance(summary, Mapping) else None,
            )
        )
    elif kind == "documents":
        want = custom.get("want")
        translation.parts.append(DocumentsRequest(want if want in _DOCUMENTS else "pdf"))
    elif kind == "erase_request":
        translation.erase_requested = True
    else:
        logger.warning("unknown custom payload dropped", extra=log_fields(payload_type=str(kind)[:40]))


def translate(outputs: Iterable[Mapping[str, Any]]) -> Translation:
    translation = Translation()
    for output in outputs:
        if isinstance(output.get("text"), str) and output["text"].strip():
            translation.parts.append(_text_message(output))
        custom = output.get("custom")
        if isinstance(custom, Mapping):
            _custom(custom, translation)
    return translation
