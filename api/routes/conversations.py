"""The public web API: start a conversation, send messages, live events, transcript, erase."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request, Response
from fastapi.responses import StreamingResponse

from api.contract import MESSAGING_CHANNELS
from api.deps import AuthorisedConversation, ServicesDep, client_address, too_many
from api.errors import ApiError
from api.schemas import (
    ConversationStarted,
    MessagesReply,
    PostMessage,
    Resume,
    ResumeCodeIssued,
    Resumed,
    StartConversation,
    Transcript,
    Typing,
)
from api.services.conversations import Inbound
from api.services.errors import ResumeCodeUnknown
from api.sse import with_heartbeats
from api.tenants.gate import TenantRefused
from api.texts import RETENTION

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Invalid JSON, or an invalid Last-Event-ID"},
    401: {"description": "Missing or wrong token"},
    404: {"description": "Unknown conversation"},
    409: {"description": "The conversation is closed"},
    422: {"description": "Missing, unknown or invalid fields"},
    429: {"description": "Too many requests (see Retry-After)"},
}


@router.post(
    "",
    status_code=201,
    response_model=ConversationStarted,
    responses={
        400: _ERRORS[400],
        403: {"description": "A tenant without a valid tenant_token (tenant_not_accepted)"},
        422: _ERRORS[422],
        429: _ERRORS[429],
    },
)
async def start_conversation(
    request: Request, services: ServicesDep, body: Annotated[StartConversation | None, Body()] = None
) -> ConversationStarted:
    """Starts a conversation. The answer holds the token for every later call and the first
    messages (welcome and privacy notice)."""
    body = body or StartConversation()
    if wait := await services.limits.start_from_address(client_address(request)):
        raise too_many(wait)
    if body.channel in MESSAGING_CHANNELS:  # those start from their webhooks, with an address
        raise ApiError(422, "validation_error", field="channel")
    try:
        tenant = await services.tenants.admit(body.tenant, body.tenant_token, request.headers.get("origin"))
    except TenantRefused:
        raise ApiError(403, "tenant_not_accepted", field="tenant_token") from None
    started = await services.conversations.start(body.channel, tenant.id if tenant else None)
    return ConversationStarted.model_validate(
        {
            "conversation_id": started.conversation.id,
            "token": started.token,
            "messages": started.messages,
            "tenant": asdict(tenant) if tenant else None,
            **_retention(services.settings.retention_days),
        }
    )


def _retention(days: int) -> dict[str, Any]:
    """Extension of the start answer and the transcript: what is kept and for how long."""
    return {"retention_days": days, "retention_text": RETENTION.format(days=days)}


@router.post("/{conversation_id}/messages", response_model=MessagesReply, responses=_ERRORS)
async def post_message(
    request: Request, services: ServicesDep, conversation: AuthorisedConversation, body: PostMessage
) -> MessagesReply:
    """Sends the person's message and returns the answers. The same `client_message_id` sent
    again returns the first answer (stored once)."""
    if wait := await services.limits.message_from_address(client_address(request)):
        raise too_many(wait)
    text = body.text.strip()
    if not text and body.payload is None:
        raise ApiError(422, "empty_text", field="text")
    if len(body.text) > services.settings.max_text_length:
        raise ApiError(422, "text_too_long", field="text", max=services.settings.max_text_length)
    if wait := await services.limits.message_in_conversation(conversation.id):
        raise too_many(wait)
    reply = await services.conversations.post_message(
        conversation.id, Inbound(text, body.client_message_id, body.payload)
    )
    return MessagesReply.model_validate(
        {"messages": reply.messages, "state": reply.state, "erased": reply.erased}
    )


@router.get("/{conversation_id}/messages", response_model=Transcript, responses=_ERRORS)
async def get_transcript(services: ServicesDep, conversation: AuthorisedConversation) -> Transcript:
    """Extension: the conversation so far (to resume after a page reload)."""
    records = await services.conversations.transcript(conversation.id)
    return Transcript.model_validate(
        {
            "conversation_id": conversation.id,
            "state": conversation.state,
            "messages": [record.public() for record in records],
            **_retention(services.settings.retention_days),
        }
    )


@router.get(
    "/{conversation_id}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}, **_ERRORS},
)
async def events(
    services: ServicesDep,
    conversation: AuthorisedConversation,
    last_event_id: Annotated[str | None, Header(description="Id of the last message you have")] = None,
) -> StreamingResponse:
    """Live events (Server-Sent Events over fetch, token in the Authorization header):
    `message` (an agent's reply), `state` (handoff state changed), `erased`; a comment line
    every MW_SSE_HEARTBEAT_SECONDS. With `Last-Event-ID`, stored agent replies after that
    message come first."""
    if conversation.state == "closed":
        raise ApiError(409, "conversation_closed")
    after = _message_id(last_event_id)
    heartbeat = services.settings.sse_heartbeat_seconds

    async def stream() -> AsyncIterator[bytes]:
        async with services.conversations.person_feed(conversation.id, after) as feed:
            yield b"retry: 3000\n\n"
            async for chunk in with_heartbeats(feed, heartbeat):
                yield chunk

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _message_id(last_event_id: str | None) -> int | None:
    """The Last-Event-ID header: a message id (ASCII digits, at most 18) or nothing."""
    value = (last_event_id or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise ApiError(400, "invalid_last_event_id", field="Last-Event-ID")
    return int(value)


@router.delete(
    "/{conversation_id}",
    status_code=204,
    responses={**_ERRORS, 503: {"description": "Erasure failed; nothing deleted, try again"}},
)
async def erase_conversation(services: ServicesDep, conversation: AuthorisedConversation) -> Response:
    """Erases the conversation: its messages in the gateway and its rows in Rasa's tracker store."""
    await services.conversations.erase(conversation.id)
    return Response(status_code=204)


@router.post("/{conversation_id}/typing", status_code=204, responses=_ERRORS)
async def typing(services: ServicesDep, conversation: AuthorisedConversation, body: Typing) -> Response:
    """The person types (`true`, at most every 3 s) or stopped (`false`). The desk hears it while
    the conversation is handed over (waiting or assigned); otherwise nobody. Never stored."""
    if wait := await services.limits.typing(conversation.id, "user"):
        raise too_many(wait)
    await services.conversations.person_typing(conversation, body.active)
    return Response(status_code=204)


@router.post(
    "/{conversation_id}/resume-code", status_code=201, response_model=ResumeCodeIssued, responses=_ERRORS
)
async def issue_resume_code(services: ServicesDep, conversation: AuthorisedConversation) -> ResumeCodeIssued:
    """A code to come back to this conversation from another tab or later (as long as the
    conversation is kept: MW_RETENTION_DAYS after its last message, or until it is erased). A new
    code replaces the earlier one. Only its hash is stored."""
    issued = await services.conversations.issue_resume_code(conversation.id)
    return ResumeCodeIssued(code=issued.code, expires_at=issued.expires_at.isoformat())


@router.post(
    "/resume",
    response_model=Resumed,
    responses={
        400: _ERRORS[400],
        404: {
            "description": "Wrong, expired or replaced code, or an erased conversation (resume_code_unknown)"
        },
        422: _ERRORS[422],
        429: {"description": "Too many wrong codes from this address (see Retry-After)"},
    },
)
async def resume(request: Request, services: ServicesDep, body: Resume) -> Resumed:
    """Back to a conversation with its code: a new token for it (the old tab's token stays valid).
    Wrong codes are limited per address."""
    address = client_address(request)
    try:
        # a right code always works: many people behind one address (an office) are not shut out
        # by someone's wrong ones; guessing one of 2^80 codes stays hopeless either way
        resumed = await services.conversations.resume(body.code)
    except ResumeCodeUnknown:
        if wait := await services.limits.resume_blocked(address):
            retry = {"Retry-After": str(wait)}
            raise ApiError(429, "resume_rate_limited", headers=retry, seconds=wait) from None
        await services.limits.resume_failed(address)
        raise ApiError(404, "resume_code_unknown", field="code") from None
    return Resumed(
        conversation_id=resumed.conversation_id,
        token=resumed.token,
        expires_at=resumed.expires_at.isoformat(),
    )
