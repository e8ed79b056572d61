"""A tiny fake of the gateway's public web API, for the widget's browser tests only.

It serves `api/static/` like the real gateway (`/`, `/widget.js`, `/static/…`) and answers with canned
messages: a greeting with buttons, a personal overview (recommendations in two groups), a handoff, a
crisis message, erasure by text and an echo that repeats the person's text (so HTML in bot text can be
tested). Shapes follow the real gateway: POST answers carry `state` (and `erased`), the transcript and
the `message` events wrap each contract message in `{id, direction, sender, created_at, message}`.
Agent messages, typing signals and state changes are pushed over Server-Sent Events by the tests
themselves (`FakeGateway.push`), from the test thread into the server's event loop.

Issue 17's contract is faked too: the gateway's own privacy notice at the start (a `system` message,
as `api/services/lifecycle.py` sends it), the person's typing signal (`POST …/typing`, recorded in
`FakeGateway.typing`), resume codes (`POST …/resume-code`, `POST /api/v1/conversations/resume`: a new
token per resume, the old ones stay valid) and 409 `conversation_closed` for messages to a closed
conversation. A handoff publishes its `state` event before the POST is answered, as the real gateway does.
A pushed `state` event's notice is stored as the real gateway stores it (a `system` message), and
`FakeGateway.drop_streams` ends the events streams (with messages stored meanwhile), so the widget
reconnects and resyncs from the transcript.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import socket
import threading
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from api.contract import Notice, text
from api.routes.web import widget_script
from api.services.resume import new_code, normalise
from api.texts import ERRORS, PRIVACY_NOTICE, RETENTION

STATIC_DIR = Path(__file__).resolve().parents[2] / "api" / "static"
MAX_TEXT = 2000

Message = dict[str, Any]

GREETING: list[Message] = [
    {
        "type": "text",
        "text": "Hoi! Ik ben Mantelwijzer (testversie). Vertel voor wie je zorgt en wat voor werk je doet.",
        "buttons": [
            {"title": "Ik zorg voor iemand", "payload": "/tell_situation"},
            {"title": "Ik wil een medewerker", "payload": "/request_human"},
        ],
    }
]

OVERVIEW: list[Message] = [
    {
        "type": "recommendations",
        "text": "Dit is je persoonlijke overzicht.",
        "items": [
            {
                "id": "kortdurend-zorgverlof",
                "kind": "kortdurend-zorgverlof",
                "group": "werk",
                "title": "Kortdurend zorgverlof",
                "summary": "Verlof om korte tijd voor iemand te zorgen.",
                "reasons": ["Je werkt in loondienst.", "Je zorgt voor je moeder."],
                "amount": "Tot 64 uur per 12 maanden (2 × 32 uur).",
                "how_to": [
                    "Vertel je werkgever vooraf dat je zorgverlof wilt opnemen.",
                    "Spreek af hoeveel uur.",
                ],
                "contact": {"url": "https://example.org/zorgverlof"},
                "check": None,
            },
            {
                "id": "flexibel-werken",
                "kind": "flexibel-werken",
                "group": "werk",
                "title": "Flexibel werken",
                "summary": "Andere werktijden of thuiswerken aanvragen.",
                "reasons": ["Je werkgever heeft 10 of meer mensen in dienst."],
                "amount": None,
                "how_to": ["Vraag het schriftelijk aan, minstens 2 maanden vooraf."],
                "contact": {"url": "javascript:alert('link')"},
                "check": None,
            },
            {
                "id": "mantelzorgsteunpunt-test",
                "kind": "mantelzorgsteunpunt",
                "group": "gemeente",
                "title": "Mantelzorgsteunpunt",
                "summary": "Advies en een luisterend oor bij jou in de buurt.",
                "reasons": ["Je moeder woont in Enschede."],
                "amount": None,
                "how_to": ["Bel of mail het steunpunt voor een gesprek."],
                "contact": {"url": "https://example.org/steunpunt"},
                "check": "Controleer dit bij je gemeente: de openingstijden kunnen anders zijn.",
            },
            {
                "id": "mantelzorglijn",
                "kind": "mantelzorglijn",
                "group": "steun",
                "title": "Mantelzorglijn",
                "summary": "Advies over alles rond mantelzorg.",
                "reasons": ["Iedere mantelzorger kan hier terecht."],
                "amount": None,
                "how_to": ["Bel de Mantelzorglijn: 030 760 60 55, of kijk op mantelzorg.nl."],
                "contact": {"phone": "030 760 60 55"},
                "check": None,
            },
        ],
    },
    {
        "type": "text",
        "text": "Wil je nog iets anders weten?",
        "buttons": [{"title": "Ik wil een medewerker", "payload": "/request_human"}],
    },
]

RETENTION_DAYS = 30
#: The gateway's own privacy notice, as api/services/lifecycle.py sends it.
PRIVACY: Message = text(PRIVACY_NOTICE.format(days=RETENTION_DAYS), notice=Notice.PRIVACY)
RETENTION_TEXT = RETENTION.format(days=RETENTION_DAYS)

LONG_ANSWER: Message = {
    "type": "text",
    "text": "Zo werkt langdurend zorgverlof. "
    + " ".join(
        f"Stap {n}: lees dit rustig door, want elke stap telt voor je aanvraag." for n in range(1, 41)
    ),
}

HANDOFF_LINE: Message = {"type": "text", "text": "Ik zet je gesprek door naar een medewerker."}

CLOSE_STREAM = "__close__"  # not an SSE event: ends the stream it is put on


ERASED: list[Message] = [{"type": "text", "text": "Je gesprek en je gegevens zijn gewist."}]

HANDOFF_NOTICE: Message = {
    "type": "handoff",
    "status": "waiting",
    "reason": "user_request",
    "text": "Je wacht op een medewerker. Je kunt je vraag alvast typen.",
}
HANDOFF: list[Message] = [HANDOFF_LINE, HANDOFF_NOTICE]

CRISIS: list[Message] = [
    {
        "type": "crisis",
        "text": "Praat er nu over met iemand. Bel 113 of 0800-0113. Bij direct gevaar: bel 112.",
    },
    {"type": "handoff", "status": "waiting", "reason": "crisis", "text": "Een medewerker komt zo bij je."},
]


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class Conversation:
    token: str
    tenant: str | None
    tokens: set[str] = field(default_factory=set)  # tokens of resumed tabs
    state: str = "bot"
    transcript: list[Message] = field(default_factory=list)
    answers: dict[str, list[Message]] = field(default_factory=dict)
    listeners: list[asyncio.Queue[tuple[str, Any]]] = field(default_factory=list)

    def store(self, message: Message, direction: str, sender: str) -> Message:
        """Keep the message; returns the record as the transcript and events show it."""
        record = {
            "id": len(self.transcript) + 1,
            "direction": direction,
            "sender": sender,
            "created_at": _now(),
            "message": message,
        }
        self.transcript.append(record)
        return record

    def publish(self, event: str, data: Any) -> None:
        for queue in self.listeners:
            queue.put_nowait((event, data))


def _reply(conversation: Conversation, text: str, payload: str | None) -> list[Message]:
    """The canned answer to one inbound message."""
    lowered = text.lower()
    if conversation.state in ("waiting", "assigned"):
        return []  # goes to the desk; the agent answers over the events stream
    if "lang antwoord" in lowered:
        return [LONG_ANSWER]
    if "niemand" in lowered:
        return [{"type": "handoff", "status": "unavailable", "reason": "user_request"}]
    if payload == "/request_human" or "medewerker" in lowered:
        conversation.state = "waiting"  # the event goes out before the POST is answered, as in the gateway
        conversation.publish(
            "state", {"state": "waiting", "reason": "user_request", "message": HANDOFF_NOTICE}
        )
        return HANDOFF
    if "wis mijn gegevens" in lowered:
        return ERASED
    if "niet meer leven" in lowered:
        conversation.state = "waiting"
        conversation.publish("state", {"state": "waiting", "reason": "crisis", "message": CRISIS[1]})
        return CRISIS
    if payload == "/tell_situation" or "zorg voor" in lowered:
        return OVERVIEW
    return [{"type": "text", "text": f"Dat begrijp ik nog niet. Je schreef: {text}"}]


class FakeGateway:
    """The fake app plus helpers the tests use to play the agent."""

    def __init__(self) -> None:
        self.conversations: dict[str, Conversation] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.typing: list[tuple[str, bool]] = []  # (conversation id, active) the person signalled
        self.resume_codes: dict[str, tuple[str, datetime]] = {}  # code -> (conversation id, expires)
        self.app = self._build()

    def push(self, conversation_id: str, event: str, data: Any) -> None:
        """Send an SSE event (`message`, `state` or `typing`) to the conversation's listeners, from any
        thread; a `message` is stored as the agent's, a `state` event's `message` as a system notice."""
        conversation = self.conversations[conversation_id]

        def deliver() -> None:  # runs in the server's event loop
            payload = data
            if event == "message":
                payload = conversation.store(data, "out", "agent")
            elif event == "state":
                conversation.state = data["state"]
                if isinstance(data.get("message"), dict):
                    conversation.store(data["message"], "out", "system")
            conversation.publish(event, payload)

        assert self.loop is not None, "no conversation was started yet"
        self.loop.call_soon_threadsafe(deliver)

    def drop_streams(self, conversation_id: str, missed: list[Message] | None = None) -> None:
        """End the conversation's events streams (a lost connection), after storing `missed` as agent
        messages that no listener hears of: the widget only finds them by reloading the transcript."""
        conversation = self.conversations[conversation_id]

        def drop() -> None:  # runs in the server's event loop
            for message in missed or []:
                conversation.store(message, "out", "agent")
            conversation.publish(CLOSE_STREAM, None)

        assert self.loop is not None, "no conversation was started yet"
        self.loop.call_soon_threadsafe(drop)

    def _conversation(self, request: Request, conversation_id: str) -> Conversation | JSONResponse:
        conversation = self.conversations.get(conversation_id)
        if conversation is None:
            return _error(404, "not_found", "Dit gesprek bestaat niet (meer). Begin een nieuw gesprek.")
        tokens = {f"Bearer {token}" for token in (conversation.token, *conversation.tokens)}
        if request.headers.get("authorization") not in tokens:
            return _error(
                401, "unauthorized", "Je hebt geen toegang tot dit gesprek. Begin een nieuw gesprek."
            )
        return conversation

    def _build(self) -> FastAPI:
        app = FastAPI()
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

        @app.get("/")
        async def index() -> FileResponse:
            return FileResponse(STATIC_DIR / "index.html")

        @app.get("/widget.js")
        async def widget() -> Response:
            return Response(widget_script(STATIC_DIR), media_type="text/javascript")

        @app.post("/api/v1/conversations", status_code=201)
        async def create(request: Request) -> dict[str, Any]:
            self.loop = asyncio.get_running_loop()
            body = await request.json()
            conversation_id = uuid.uuid4().hex
            conversation = Conversation(token=secrets.token_urlsafe(16), tenant=body.get("tenant"))
            self.conversations[conversation_id] = conversation
            for message in GREETING:
                conversation.store(message, "out", "bot")
            conversation.store(PRIVACY, "out", "system")
            return {
                "conversation_id": conversation_id,
                "token": conversation.token,
                "messages": [*GREETING, PRIVACY],
                "retention_days": RETENTION_DAYS,
                "retention_text": RETENTION_TEXT,
            }

        @app.post("/api/v1/conversations/resume", response_model=None)
        async def resume(request: Request) -> dict[str, Any] | JSONResponse:
            code = normalise(str((await request.json()).get("code", "")))  # as the gateway reads it
            found = self.resume_codes.get(code or "")
            if found is None or found[1] < datetime.now(UTC) or found[0] not in self.conversations:
                return _error(404, "resume_code_unknown", ERRORS["resume_code_unknown"])
            conversation = self.conversations[found[0]]
            token = secrets.token_urlsafe(16)
            conversation.tokens.add(token)
            return {"conversation_id": found[0], "token": token, "expires_at": found[1].isoformat()}

        @app.post("/api/v1/conversations/{conversation_id}/resume-code", status_code=201, response_model=None)
        async def resume_code(conversation_id: str, request: Request) -> dict[str, Any] | JSONResponse:
            conversation = self._conversation(request, conversation_id)
            if isinstance(conversation, JSONResponse):
                return conversation
            code = new_code()
            expires = datetime.now(UTC) + timedelta(days=RETENTION_DAYS)
            self.resume_codes[code.replace("-", "")] = (conversation_id, expires)
            return {"code": code, "expires_at": expires.isoformat()}

        @app.post("/api/v1/conversations/{conversation_id}/typing", response_model=None)
        async def typing(conversation_id: str, request: Request) -> Response:
            conversation = self._conversation(request, conversation_id)
            if isinstance(conversation, JSONResponse):
                return conversation
            self.typing.append((conversation_id, bool((await request.json()).get("active"))))
            return Response(status_code=204)

        @app.post("/api/v1/conversations/{conversation_id}/messages", response_model=None)
        async def post_message(conversation_id: str, request: Request) -> dict[str, Any] | JSONResponse:
            conversation = self._conversation(request, conversation_id)
            if isinstance(conversation, JSONResponse):
                return conversation
            body = await request.json()
            text, key = str(body.get("text", "")), str(body.get("client_message_id", ""))
            if not text.strip() or not key:
                return _error(422, "missing_field", "Er ontbreekt een verplicht veld.")
            if conversation.state == "closed":
                return _error(
                    409, "conversation_closed", "Dit gesprek is afgesloten. Begin een nieuw gesprek."
                )
            if len(text) > MAX_TEXT:
                return _error(
                    422, "text_too_long", f"Je bericht is te lang. Gebruik maximaal {MAX_TEXT} tekens."
                )
            if key not in conversation.answers:
                conversation.store({"type": "text", "text": text}, "in", "user")
                replies = _reply(conversation, text, body.get("payload"))
                if replies is ERASED:
                    del self.conversations[conversation_id]
                    conversation.publish("erased", {})
                    return {"messages": replies, "state": "closed", "erased": True}
                for message in replies:
                    conversation.store(message, "out", "bot")
                conversation.answers[key] = replies
            return {"messages": conversation.answers[key], "state": conversation.state}

        @app.get("/api/v1/conversations/{conversation_id}/messages", response_model=None)
        async def transcript(conversation_id: str, request: Request) -> dict[str, Any] | JSONResponse:
            conversation = self._conversation(request, conversation_id)
            if isinstance(conversation, JSONResponse):
                return conversation
            return {
                "conversation_id": conversation_id,
                "state": conversation.state,
                "messages": conversation.transcript,
                "retention_days": RETENTION_DAYS,
                "retention_text": RETENTION_TEXT,
            }

        @app.delete("/api/v1/conversations/{conversation_id}", response_model=None)
        async def erase(conversation_id: str, request: Request) -> Response:
            conversation = self._conversation(request, conversation_id)
            if isinstance(conversation, JSONResponse):
                return conversation
            del self.conversations[conversation_id]
            conversation.publish("erased", {})
            return Response(status_code=204)

        @app.get("/api/v1/conversations/{conversation_id}/events", response_model=None)
        async def events(conversation_id: str, request: Request) -> StreamingResponse | JSONResponse:
            conversation = self._conversation(request, conversation_id)
            if isinstance(conversation, JSONResponse):
                return conversation
            if conversation.state == "closed":
                return _error(409, "conversation_closed", "Dit gesprek is afgesloten.")
            self.loop = asyncio.get_running_loop()
            queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
            conversation.listeners.append(queue)

            async def stream() -> AsyncIterator[str]:
                try:
                    yield "retry: 3000\n\n"
                    while not await request.is_disconnected():
                        try:
                            event, data = await asyncio.wait_for(queue.get(), timeout=0.5)
                        except TimeoutError:
                            yield ": heartbeat\n\n"
                            continue
                        if event == CLOSE_STREAM:
                            return
                        yield f"event: {event}\ndata: {json.dumps(data)}\n\n"
                finally:
                    conversation.listeners.remove(queue)

            return StreamingResponse(stream(), media_type="text/event-stream")

        return app


class FakeGatewayServer:
    """Runs a FakeGateway with uvicorn in a background thread on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.gateway = FakeGateway()
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        config = uvicorn.Config(self.gateway.app, log_level="warning", timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def start(self) -> None:
        self._thread.start()
        for _ in range(200):
            if self._server.started:
                return
            threading.Event().wait(0.05)
        raise RuntimeError("the fake gateway did not start within 10 seconds")

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()
