"""Webhooks of the messaging channels (architecture.md, "Additions of wave 2").

Each webhook checks the provider's signature or secret before anything else (nothing is stored
otherwise), stores every message, answers 200 at once and runs the turns after the answer.
A channel whose settings are not set answers 404.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Header, Query, Request
from fastapi.responses import PlainTextResponse

from api.channels.service import Accepted, ChannelService
from api.channels.webhooks import telegram_messages, whatsapp_failures, whatsapp_messages
from api.contract import Channel
from api.deps import ServicesDep
from api.errors import ApiError

router = APIRouter(prefix="/api/v1/channels", tags=["channels"])


def _service(services: ServicesDep, channel: Channel) -> ChannelService:
    if services.channels is None or channel not in services.channels.providers:
        raise ApiError(404, "channel_off")
    return services.channels


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        raise ApiError(400, "invalid_json") from None


async def _accept_all(service: ChannelService, messages: list[Any], tasks: BackgroundTasks) -> int:
    """Stores each message first; the turns run after the answer (in the order they came)."""
    accepted: list[Accepted] = [item for message in messages if (item := await service.accept(message))]

    async def answer_all() -> None:
        for item in accepted:
            await service.answer(item)

    if accepted:
        tasks.add_task(answer_all)
    return len(accepted)


@router.get("/whatsapp/webhook", response_class=PlainTextResponse)
async def whatsapp_verify(
    services: ServicesDep,
    mode: Annotated[str, Query(alias="hub.mode")] = "",
    verify_token: Annotated[str, Query(alias="hub.verify_token")] = "",
    challenge: Annotated[str, Query(alias="hub.challenge", max_length=200)] = "",
) -> PlainTextResponse:
    """Meta's verification handshake: the challenge back as plain text when the token is ours."""
    _service(services, Channel.WHATSAPP)
    expected = services.settings.whatsapp_verify_token
    if mode != "subscribe" or not hmac.compare_digest(verify_token.encode(), expected.encode()):
        raise ApiError(403, "wrong_verify_token")
    return PlainTextResponse(challenge)


@router.post("/whatsapp/webhook")
async def whatsapp_webhook(
    request: Request,
    services: ServicesDep,
    tasks: BackgroundTasks,
    signature: Annotated[str | None, Header(alias="X-Hub-Signature-256")] = None,
) -> dict[str, Any]:
    service = _service(services, Channel.WHATSAPP)
    body = await request.body()
    if not signature:
        raise ApiError(401, "missing_signature")
    secret = services.settings.whatsapp_app_secret.encode()
    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(signature.strip().encode(), expected.encode()):
        raise ApiError(403, "wrong_signature")
    payload = _json(body)
    for wamid, error in whatsapp_failures(payload):
        await service.failed_at_provider(wamid, error)
    return {
        "ok": True,
        "accepted": await _accept_all(
            service, whatsapp_messages(payload, services.settings.whatsapp_phone_number_id), tasks
        ),
    }


@router.post("/telegram/webhook")
async def telegram_webhook(
    request: Request,
    services: ServicesDep,
    tasks: BackgroundTasks,
    secret_token: Annotated[str | None, Header(alias="X-Telegram-Bot-Api-Secret-Token")] = None,
) -> dict[str, Any]:
    service = _service(services, Channel.TELEGRAM)
    expected = services.settings.telegram_secret_token.encode()
    if not secret_token or not hmac.compare_digest(secret_token.encode(), expected):
        raise ApiError(401, "wrong_secret_token")
    update = _json(await request.body())
    messages, callback_id = telegram_messages(update)
    if callback_id is not None:
        provider = service.providers[Channel.TELEGRAM]
        answer = getattr(provider, "answer_callback", None)
        if answer is not None:
            tasks.add_task(answer, callback_id)
    return {"ok": True, "accepted": await _accept_all(service, messages, tasks)}
