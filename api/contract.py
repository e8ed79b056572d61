"""The contract messages and the words of the gateway's state, typed in one place.

A contract message is what the widget, the desk and the channels show (architecture.md, "Public web
API"): a discriminated union on `type`. Stored messages stay plain JSON (`dump`), read back with
`parse`. Enums are `StrEnum`s: their members are the stored strings, so records and JSON compare
equal to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class State(StrEnum):
    BOT = "bot"
    WAITING = "waiting"
    ASSIGNED = "assigned"
    CLOSED = "closed"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"
    NOTE = "note"  # internal notes of the desk: never shown to the person


class Sender(StrEnum):
    BOT = "bot"
    USER = "user"
    AGENT = "agent"
    SYSTEM = "system"


class HandoffReason(StrEnum):
    USER_REQUEST = "user_request"
    FALLBACK = "fallback"
    BURDEN = "burden"
    CRISIS = "crisis"


class HandoffStatus(StrEnum):
    WAITING = "waiting"
    ASSIGNED = "assigned"
    UNAVAILABLE = "unavailable"
    CLOSED = "closed"


class EventKind(StrEnum):
    MESSAGE = "message"
    STATE = "state"
    ERASED = "erased"
    TYPING = "typing"  # never stored: {"sender", "active", "name"?}


class Notice(StrEnum):
    """What a gateway notice is, for clients that show it apart from the chat (extension)."""

    PRIVACY = "privacy"  # what is kept and how to erase it: the widget shows it above the messages


class Channel(StrEnum):
    WEB = "web"  # the widget (integrators may name their own web channels)
    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"


#: Channels whose answers leave through the outbox (a provider's send call), not the HTTP answer.
MESSAGING_CHANNELS = frozenset({Channel.WHATSAPP, Channel.TELEGRAM})


class Offer(StrEnum):
    """What a text's buttons offer, marked so no one compares Dutch sentences."""

    HANDOFF = "handoff"  # "talk to a person" (the crisis offer among others)


class Documents(StrEnum):
    PDF = "pdf"
    MAIL = "mail"
    LETTER = "letter"


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Button(_Message):
    title: str
    payload: str


class Text(_Message):
    type: Literal["text"] = "text"
    text: str
    buttons: list[Button] | None = None
    # Extensions: the offer its buttons make; the document buttons the widget shows under it.
    offer: Offer | None = None
    documents: Documents | None = None
    agent: str | None = None  # the desk agent who wrote it
    notice: Notice | None = None


class Recommendations(_Message):
    type: Literal["recommendations"] = "recommendations"
    text: str | None = None
    items: list[dict[str, Any]] = Field(default_factory=list)
    # Extension: the profile the overview was made for (the gateway's documents are made from it).
    profile: dict[str, Any] | None = None
    agent: str | None = None  # a card the desk agent sent


class Handoff(_Message):
    # Extra fields are the handoff policy's (position, expected wait, opening hours, ...).
    model_config = ConfigDict(extra="allow", use_enum_values=True)
    type: Literal["handoff"] = "handoff"
    status: HandoffStatus
    reason: HandoffReason | None = None
    text: str
    agent: str | None = None  # who took the conversation over


class Crisis(_Message):
    type: Literal["crisis"] = "crisis"
    text: str


ContractMessage = Annotated[Text | Recommendations | Handoff | Crisis, Field(discriminator="type")]
_UNION: Any = ContractMessage  # an Annotated union: mypy has no type for it as TypeAdapter's argument
_ADAPTER: TypeAdapter[Any] = TypeAdapter(_UNION)


def parse(data: Mapping[str, Any]) -> Text | Recommendations | Handoff | Crisis:
    """A stored or received message as its type (pydantic's ValidationError when it is none)."""
    message: Text | Recommendations | Handoff | Crisis = _ADAPTER.validate_python(data)
    return message


def dump(message: BaseModel) -> dict[str, Any]:
    """The JSON form that is stored and sent (fields that are not set are left out)."""
    return message.model_dump(mode="json", exclude_none=True)


def text(body: str, buttons: list[Button] | None = None, **extensions: Any) -> dict[str, Any]:
    return dump(Text(text=body, buttons=buttons or None, **extensions))


def shown_name(name: str | None) -> str | None:
    """An agent's name as the person may see it: the display name as the agent set it, never an
    e-mail address (None then: the widget says "Medewerker")."""
    name = (name or "").strip()
    return name if name and "@" not in name else None


def with_shown_name(message: Mapping[str, Any]) -> dict[str, Any]:
    """The message with its `agent` field as `shown_name` keeps it (left out when it would not)."""
    result = dict(message)
    if "agent" in result:
        name = shown_name(result.pop("agent") if isinstance(result.get("agent"), str) else None)
        if name is not None:
            result["agent"] = name
    return result


def offers_handoff(message: Mapping[str, Any]) -> bool:
    return message.get("type") == "text" and message.get("offer") == Offer.HANDOFF
