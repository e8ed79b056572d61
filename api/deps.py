"""FastAPI dependencies: the app's services, the caller's address, the conversation of a token."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Header, Path, Request

from api.container import Services
from api.errors import ApiError
from api.store.records import ConversationRecord


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def client_address(request: Request) -> str:
    """The caller's address (behind a proxy: run uvicorn with --proxy-headers)."""
    return request.client.host if request.client else "unknown"


def too_many(seconds: int) -> ApiError:
    return ApiError(429, "rate_limited", headers={"Retry-After": str(seconds)}, seconds=seconds)


def _bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


def _valid_id(conversation_id: str) -> str:
    try:
        return str(uuid.UUID(conversation_id))
    except ValueError:
        raise ApiError(404, "not_found") from None


async def conversation_of_token(
    services: ServicesDep,
    conversation_id: Annotated[str, Path(description="From the creation answer.")],
    authorization: Annotated[
        str | None, Header(description="Bearer <token from the creation answer>")
    ] = None,
) -> ConversationRecord:
    """The conversation the bearer token opens: 401 without (a good) token, 404 when unknown."""
    token = _bearer_token(authorization)
    return await services.conversations.authenticate(_valid_id(conversation_id), token)


AuthorisedConversation = Annotated[ConversationRecord, Depends(conversation_of_token)]
