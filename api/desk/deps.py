"""FastAPI dependencies of the desk: the desk service, the signed-in agent, the CSRF check."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Path, Request

from api.deps import ServicesDep
from api.desk.errors import DeskError, not_found
from api.desk.records import Agent, Tenant
from api.desk.service import DeskService
from api.desk.sessions import COOKIE, csrf_matches


def desk_service(services: ServicesDep) -> DeskService:
    if services.desk is None:
        raise DeskError(404, "desk_disabled")
    return services.desk


DeskDep = Annotated[DeskService, Depends(desk_service)]


@dataclass(frozen=True)
class Caller:
    agent: Agent
    tenant: Tenant
    token: str


async def signed_in(request: Request, desk: DeskDep) -> Caller:
    """The agent of the session cookie: 401 `not_logged_in` or `session_expired` otherwise."""
    token = request.cookies.get(COOKIE)
    if not token:
        raise DeskError(401, "not_logged_in")
    agent, tenant = await desk.agent_of_session(token)
    return Caller(agent, tenant, token)


async def signed_in_with_csrf(
    caller: Annotated[Caller, Depends(signed_in)],
    x_csrf_token: Annotated[str | None, Header(description="From the login answer or /desk/api/me")] = None,
) -> Caller:
    """For every request that changes something: the session plus its CSRF token (403 otherwise)."""
    if not csrf_matches(caller.token, x_csrf_token):
        raise DeskError(403, "csrf_failed")
    return caller


SignedIn = Annotated[Caller, Depends(signed_in)]
Acting = Annotated[Caller, Depends(signed_in_with_csrf)]


def valid_conversation_id(value: str) -> str:
    """A conversation id in its canonical form; anything that is not one is a 404."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise not_found() from None


def _path_conversation_id(conversation_id: Annotated[str, Path()]) -> str:
    return valid_conversation_id(conversation_id)


ConversationId = Annotated[str, Depends(_path_conversation_id)]
