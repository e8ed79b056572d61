"""The support desk's API for the desk UI (/desk): sign in, live queue, conversations, questions.

Signed in by an HttpOnly, SameSite=Strict session cookie; every request that changes something
also needs the `X-CSRF-Token` header. Errors have the gateway's shape
`{"error": {"code", "message"}}`; another tenant's conversation is a 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from api.deps import ServicesDep, client_address
from api.desk.arrangements import MAX_YAML_CHARS, ArrangementService, InvalidArrangements
from api.desk.canned import CannedReplies
from api.desk.deps import Acting, ConversationId, DeskDep, SignedIn, valid_conversation_id
from api.desk.errors import DeskError
from api.desk.feed import agent_stream
from api.desk.records import Agent, Tenant
from api.desk.sessions import COOKIE, csrf_token
from api.errors import error_body
from api.insights.desk import desk_report
from api.insights.store import MONTH_PATTERN
from api.texts import desk as texts
from bot import vocabulary
from bot.profile import ENUM_FIELDS

router = APIRouter(prefix="/desk/api", tags=["desk"])

_HARD_LIMIT = 100_000  # the real text limit (MW_MAX_TEXT_LENGTH) is checked by the service


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Login(_Strict):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class TextBody(_Strict):
    text: str = Field(max_length=_HARD_LIMIT)


class CardBody(_Strict):
    item_id: str = Field(min_length=1, max_length=120, pattern=r"^[a-z0-9][a-z0-9-]*$")


class TransferBody(_Strict):
    agent_id: str = Field(min_length=1, max_length=36, description="the colleague's id (GET /colleagues)")


class CannedBody(_Strict):
    # hard limits only: the service checks the real ones (api/desk/canned.py) with Dutch messages
    title: str = Field(max_length=1000)
    text: str = Field(max_length=_HARD_LIMIT)


_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in, or the session expired"},
    403: {"description": "Missing or wrong X-CSRF-Token"},
    404: {"description": "Unknown, or of another tenant"},
    409: {"description": "Claimed by someone else, not yours, or closed"},
    422: {"description": "Empty or too long text, unknown catalogue item"},
}


def _who(agent: Agent, tenant: Tenant, token: str) -> dict[str, Any]:
    return {
        "agent": agent.public(),
        "tenant": {
            "id": tenant.id,
            "name": tenant.name,
            "hours": tenant.hours.describe(),
            # the hours themselves, so the page says "open until …" as time goes by (desk.js)
            "opening": {
                "timezone": tenant.hours.timezone,
                "intervals": [[i.weekday, i.opens, i.closes] for i in tenant.hours.intervals],
            },
        },
        "csrf_token": csrf_token(token),
        # How the desk names each profile value (bot/vocabulary.yml, the one home of those words).
        "profile_labels": {field: vocabulary.texts(field, "label") for field in ENUM_FIELDS},
    }


@router.post("/login", responses={401: _ERRORS[401], 429: {"description": "Too many attempts"}})
async def login(request: Request, services: ServicesDep, desk: DeskDep, body: Login) -> JSONResponse:
    """Signs in with e-mail address and password; sets the session cookie."""
    done = await desk.login(body.email, body.password, client_address(request))
    response = JSONResponse(_who(done.agent, done.tenant, done.token))
    response.set_cookie(
        COOKIE,
        done.token,
        max_age=int(services.settings.desk_session_max_hours * 3600),
        path="/desk",
        httponly=True,
        samesite="strict",
        secure=services.settings.desk_cookie_secure or request.url.scheme == "https",
    )
    return response


@router.post("/logout", status_code=204, responses=_ERRORS)
async def logout(desk: DeskDep, caller: Acting) -> Response:
    await desk.logout(caller.token, caller.agent)
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/desk", httponly=True, samesite="strict")
    return response


@router.get("/me", responses=_ERRORS)
async def me(caller: SignedIn) -> dict[str, Any]:
    """The signed-in agent, their tenant and the CSRF token for this session."""
    return _who(caller.agent, caller.tenant, caller.token)


@router.get("/queue", responses=_ERRORS)
async def queue(desk: DeskDep, caller: SignedIn) -> dict[str, Any]:
    """Conversations waiting (urgent first, then longest waiting) or assigned, and left questions."""
    return await desk.snapshot(caller.agent)


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events"}, **_ERRORS},
)
async def stream(services: ServicesDep, desk: DeskDep, caller: SignedIn) -> StreamingResponse:
    """The agent's live events (see api/desk/feed.py): one stream per signed-in browser tab."""
    return StreamingResponse(
        agent_stream(desk, caller.agent, caller.token, services.settings.sse_heartbeat_seconds),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get("/conversations/{conversation_id}", responses=_ERRORS)
async def conversation(desk: DeskDep, caller: SignedIn, conversation_id: ConversationId) -> dict[str, Any]:
    """The conversation: profile summary, transcript with notes, channel, tenant, waiting time."""
    return await desk.view(caller.agent, conversation_id)


@router.post("/conversations/{conversation_id}/claim", responses=_ERRORS)
async def claim(desk: DeskDep, caller: Acting, conversation_id: ConversationId) -> dict[str, Any]:
    """Takes a waiting conversation (atomic: a second agent gets a 409 `already_claimed`)."""
    return await desk.claim(caller.agent, caller.tenant, conversation_id)


@router.post("/conversations/{conversation_id}/messages", status_code=201, responses=_ERRORS)
async def reply(
    desk: DeskDep, caller: Acting, conversation_id: ConversationId, body: TextBody
) -> dict[str, Any]:
    """A reply to the person (only by the agent who claimed the conversation)."""
    return await desk.reply(caller.agent, conversation_id, body.text)


@router.post("/conversations/{conversation_id}/notes", status_code=201, responses=_ERRORS)
async def note(
    desk: DeskDep, caller: Acting, conversation_id: ConversationId, body: TextBody
) -> dict[str, Any]:
    """An internal note: colleagues see it, the person never does."""
    return await desk.note(caller.agent, conversation_id, body.text)


@router.post("/conversations/{conversation_id}/cards", status_code=201, responses=_ERRORS)
async def card(
    desk: DeskDep, caller: Acting, conversation_id: ConversationId, body: CardBody
) -> dict[str, Any]:
    """Sends a catalogue item to the person as a card (filled in for their situation)."""
    return await desk.send_card(caller.agent, conversation_id, body.item_id)


@router.post(
    "/conversations/{conversation_id}/handback",
    responses={**_ERRORS, 503: {"description": "The bot cannot be reached; nothing changed"}},
)
async def handback(desk: DeskDep, caller: Acting, conversation_id: ConversationId) -> dict[str, Any]:
    """Gives the conversation back to the bot, which answers the person's next message."""
    return await desk.handback(caller.agent, conversation_id)


@router.post("/conversations/{conversation_id}/close", responses=_ERRORS)
async def close(desk: DeskDep, caller: Acting, conversation_id: ConversationId) -> dict[str, Any]:
    return await desk.close(caller.agent, conversation_id)


@router.post("/conversations/{conversation_id}/transfer", responses=_ERRORS)
async def transfer(
    desk: DeskDep, caller: Acting, conversation_id: ConversationId, body: TransferBody
) -> dict[str, Any]:
    """Hands the conversation to another active colleague of the desk (the assignee or a
    supervisor); the person reads who takes over. 422 `unknown_colleague`, 409 `same_colleague`."""
    return await desk.transfer(caller.agent, caller.tenant, conversation_id, body.agent_id)


@router.get("/colleagues", responses=_ERRORS)
async def colleagues(desk: DeskDep, caller: SignedIn) -> dict[str, Any]:
    """The other active accounts of this desk (id and display name), to transfer a conversation to."""
    return {"colleagues": await desk.colleagues(caller.agent)}


@router.get("/catalogue", responses=_ERRORS)
async def catalogue(
    desk: DeskDep,
    caller: SignedIn,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    conversation_id: Annotated[str | None, Query(max_length=36)] = None,
) -> dict[str, Any]:
    """Catalogue items matching `q`, filled in for the conversation's situation when given."""
    cid = valid_conversation_id(conversation_id) if conversation_id else None
    return {"items": await desk.search(caller.agent, q, cid)}


@router.get("/questions/{question_id}", responses=_ERRORS)
async def question(desk: DeskDep, caller: SignedIn, question_id: int) -> dict[str, Any]:
    """A left question with the contact details and consent (the read is audited)."""
    return await desk.question(caller.agent, question_id)


@router.post("/questions/{question_id}/claim", responses=_ERRORS)
async def claim_question(desk: DeskDep, caller: Acting, question_id: int) -> dict[str, Any]:
    return await desk.claim_question(caller.agent, question_id)


@router.post("/questions/{question_id}/done", status_code=204, responses=_ERRORS)
async def question_done(desk: DeskDep, caller: Acting, question_id: int) -> Response:
    """The person has been contacted: the question and their contact details are deleted."""
    await desk.question_done(caller.agent, question_id)
    return Response(status_code=204)


@router.get("/audit", responses=_ERRORS)
async def audit(
    desk: DeskDep, caller: SignedIn, conversation_id: Annotated[str | None, Query(max_length=36)] = None
) -> dict[str, Any]:
    """The audit log of this tenant, newest first (supervisors and admins)."""
    return {"entries": await desk.audit_entries(caller.agent, conversation_id)}


# --- canned replies (api/desk/canned.py): every agent reads them, supervisors and admins manage them ---

CannedId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def _canned(desk: DeskDep) -> CannedReplies:
    if desk.canned is None:  # pragma: no cover - always set by the desk's container
        raise DeskError(404, "desk_disabled")
    return desk.canned


_CANNED_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    403: {"description": "Missing or wrong X-CSRF-Token, or an agent changing them (`forbidden`)"},
    404: {"description": "No such canned reply in this tenant (`canned_not_found`)"},
    422: {"description": "`canned_title` / `canned_text`: empty or too long; `canned_full`"},
}


@router.get("/canned-replies", responses=_CANNED_ERRORS)
async def canned_replies(desk: DeskDep, caller: SignedIn) -> dict[str, Any]:
    """The tenant's canned replies, by title."""
    return {"replies": await _canned(desk).for_agent(caller.agent)}


@router.post("/canned-replies", status_code=201, responses=_CANNED_ERRORS)
async def add_canned_reply(desk: DeskDep, caller: Acting, body: CannedBody) -> dict[str, Any]:
    return await _canned(desk).add(caller.agent, body.title, body.text)


@router.put("/canned-replies/{reply_id}", responses=_CANNED_ERRORS)
async def edit_canned_reply(
    desk: DeskDep, caller: Acting, reply_id: CannedId, body: CannedBody
) -> dict[str, Any]:
    return await _canned(desk).edit(caller.agent, reply_id, body.title, body.text)


@router.delete("/canned-replies/{reply_id}", status_code=204, responses=_CANNED_ERRORS)
async def delete_canned_reply(desk: DeskDep, caller: Acting, reply_id: CannedId) -> Response:
    await _canned(desk).remove(caller.agent, reply_id)
    return Response(status_code=204)


# --- insights (api/insights): the tenant's monthly figures, small groups suppressed --------------------


@router.get("/insights", responses={**_ERRORS, 403: {"description": "Agents: supervisors and admins only"}})
async def insights(
    services: ServicesDep,
    caller: SignedIn,
    month: Annotated[
        str | None,
        Query(pattern=MONTH_PATTERN, description="YYYY-MM, a finished month (default: the last one)"),
    ] = None,
) -> dict[str, Any]:
    """Per month: conversations, needs, burden, kinds shown, asked for a person, median wait.
    A group of fewer than 10 people is `{"suppressed": true}` (also when it could be worked out)."""
    return await desk_report(services.store.engine, caller.agent, month)


# --- Regelingen: the employer's own arrangements, for the tenant's admins (api/desk/arrangements.py) ---


class ArrangementsBody(_Strict):
    yaml: str = Field(max_length=MAX_YAML_CHARS + 1, description="the employer file, as text")


def _arrangements(desk: DeskDep) -> ArrangementService:
    if desk.arrangements is None:  # pragma: no cover - always set by the desk's container
        raise DeskError(404, "desk_disabled")
    return desk.arrangements


def _invalid(error: InvalidArrangements) -> JSONResponse:
    return JSONResponse({**error_body(error.code, error.message), **error.check.public()}, status_code=422)


_ARRANGEMENT_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    403: {"description": "Missing or wrong X-CSRF-Token, or not an admin (`admin_only`)"},
    404: {"description": "No such version"},
    422: {
        "description": "`arrangements_invalid`: the file has errors (`errors`, in Dutch); nothing published"
    },
}


@router.get("/arrangements", responses=_ARRANGEMENT_ERRORS)
async def arrangements(desk: DeskDep, caller: SignedIn) -> dict[str, Any]:
    """The tenant's versions, newest first: who uploaded and published each, and the active one."""
    return await _arrangements(desk).overview(caller.agent)


@router.post("/arrangements/preview", responses=_ARRANGEMENT_ERRORS)
async def preview_arrangements(desk: DeskDep, caller: Acting, body: ArrangementsBody) -> dict[str, Any]:
    """Checks a file without publishing it: `{ok, errors, warnings, items}` (errors and warnings in
    Dutch with line and field; items as a person sees them)."""
    check = await _arrangements(desk).check(caller.agent, body.yaml)
    return check.public()


@router.post("/arrangements", status_code=201, responses=_ARRANGEMENT_ERRORS)
async def publish_arrangements(desk: DeskDep, caller: Acting, body: ArrangementsBody) -> Any:
    """Publishes a file as the next version: conversations use it from their next message."""
    try:
        version, check = await _arrangements(desk).publish(caller.agent, body.yaml)
    except InvalidArrangements as error:
        return _invalid(error)
    return {
        "version": version,
        "message": texts.ARRANGEMENTS_PUBLISHED.format(version=version),
        **check.public(),
    }


VersionNumber = Annotated[int, Path(ge=1, le=2_147_483_647)]  # a database integer: never a 500


@router.get("/arrangements/versions/{version}", responses=_ARRANGEMENT_ERRORS)
async def arrangement_version(desk: DeskDep, caller: SignedIn, version: VersionNumber) -> dict[str, Any]:
    """One version's text (to look at, or to start a new version from)."""
    return {"version": version, "yaml": await _arrangements(desk).version_text(caller.agent, version)}


@router.post("/arrangements/versions/{version}/publish", responses=_ARRANGEMENT_ERRORS)
async def publish_arrangement_version(desk: DeskDep, caller: Acting, version: VersionNumber) -> Any:
    """Makes an earlier version the active one again (checked again first)."""
    try:
        check = await _arrangements(desk).publish_again(caller.agent, version)
    except InvalidArrangements as error:
        return _invalid(error)
    return {
        "version": version,
        "message": texts.ARRANGEMENTS_PUBLISHED.format(version=version),
        **check.public(),
    }


# --- typing (issue 17): the assigned agent types; the person's events stream hears it --------------


class TypingBody(_Strict):
    active: bool = Field(description="true while typing (at most every 3 s), false when stopped or sent")


@router.post(
    "/conversations/{conversation_id}/typing",
    status_code=204,
    responses={**_ERRORS, 403: {"description": "CSRF, or not the agent the conversation is assigned to"}},
)
async def typing(
    services: ServicesDep, desk: DeskDep, caller: Acting, conversation_id: ConversationId, body: TypingBody
) -> Response:
    """The person sees "<name> typt…" (their events stream: `typing` with the agent's display name).
    Only the agent the conversation is assigned to (403 `not_assigned`); another desk's: 404. Never stored."""
    conversation = await services.conversations.find(conversation_id)
    if conversation is None or desk.queue.desk_of(conversation.tenant) != caller.agent.tenant_id:
        raise DeskError(404, "not_found")
    agent = caller.agent
    if conversation.state != "assigned" or conversation.assignee_id != agent.id:
        raise DeskError(403, "not_assigned")
    if await services.limits.typing(conversation_id, "agent"):
        return Response(status_code=204)  # more often than clients send (every 3 s): not passed on
    if not await services.conversations.agent_typing(
        conversation_id, agent.id, agent.display_name, body.active
    ):
        raise DeskError(403, "not_assigned")
    return Response(status_code=204)
