"""Request and response bodies of the public web API (architecture.md, "Public web API")."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.contract import Sender, State

# Generous hard limits; the real text limit (MW_MAX_TEXT_LENGTH) is checked by the route.
_HARD_TEXT_LIMIT = 100_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StartConversation(_Strict):
    channel: str = Field(default="web", pattern=r"^[a-z][a-z0-9_-]{0,31}$", examples=["web"])
    tenant: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
        examples=["voorbeeld-zorggroep"],
        description="An employer or organisation: only together with `tenant_token`.",
    )
    tenant_token: str | None = Field(
        default=None,
        max_length=4096,
        pattern=r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$",
        description="A JWT (HS256) the tenant's own server signed with its secret: claims `tenant`, "
        '`aud: "mantelwijzer"`, `iat`, `exp` (at most an hour after `iat`). See docs/gateway.md.',
    )
    metadata: dict[str, Any] | None = Field(
        default=None, description="Accepted for integrators; not stored or passed on."
    )


class PostMessage(_Strict):
    text: str = Field(
        default="", max_length=_HARD_TEXT_LIMIT, description="What the person typed or the button title."
    )
    client_message_id: str = Field(
        min_length=1,
        max_length=100,
        pattern=r"^[\x21-\x7e]+$",
        description="Chosen by the client (e.g. a UUID); the same id sent again is answered once.",
    )
    payload: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        description="A button's payload, sent to the bot instead of the text.",
    )


class ContractMessage(BaseModel):
    """{"type": "text" | "recommendations" | "handoff" | "crisis", ...} (see architecture.md; the
    typed union is api/contract.py). Loose here: a transcript also holds the person's own messages
    (with a button's payload) and integrators' clients must not break on an added field."""

    model_config = ConfigDict(extra="allow")
    type: Literal["text", "recommendations", "handoff", "crisis"]


class TenantShown(BaseModel):
    """Extension: the tenant whose signed token was accepted, as the widget shows it."""

    id: str
    name: str
    colour: str | None = None


class ConversationStarted(BaseModel):
    conversation_id: str
    token: str
    messages: list[ContractMessage]
    tenant: TenantShown | None = Field(default=None, description="Extension: set for a signed tenant.")
    retention_days: int = Field(description="Extension: days after the last message the server keeps it.")
    retention_text: str = Field(description="Extension: what is kept and for how long, in Dutch.")


class MessagesReply(BaseModel):
    messages: list[ContractMessage]
    state: State = Field(description="Extension: the conversation's state after this message.")
    erased: bool = Field(
        default=False, description="Extension: true when the message erased the conversation."
    )


class TranscriptEntry(BaseModel):
    id: int
    direction: Literal["in", "out"]
    sender: Sender
    created_at: str
    message: ContractMessage


class Transcript(BaseModel):
    conversation_id: str
    state: State
    messages: list[TranscriptEntry]
    retention_days: int = Field(description="Extension: as in the start answer.")
    retention_text: str = Field(description="Extension: as in the start answer.")


class Typing(_Strict):
    active: StrictBool = Field(
        description="true while typing (at most every 3 s), false when stopped or sent."
    )


class ResumeCodeIssued(BaseModel):
    code: str = Field(description="16 characters of Crockford base32 in four groups: XXXX-XXXX-XXXX-XXXX.")
    expires_at: str = Field(description="ISO 8601, UTC.")


class Resume(_Strict):
    code: str = Field(
        min_length=1, max_length=64, description="A resume code (any case; dashes and spaces are ignored)."
    )


class Resumed(BaseModel):
    conversation_id: str
    token: str = Field(description="A new token for the conversation; earlier tokens stay valid.")
    expires_at: str = Field(description="ISO 8601, UTC: until when the code works.")
