"""A fake Rasa server and action server behind one httpx.MockTransport."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from api.services.safety import CrisisHit

RASA_URL = "http://rasa.test:5005"
ACTIONS_URL = "http://actions.test:5055"
SECRET = "test-secret"
TOKEN = "test-token"

Reply = Callable[[dict[str, Any]], httpx.Response | Awaitable[httpx.Response]]


def bot_says(*outputs: dict[str, Any]) -> Reply:
    """A reply that answers every message with these Rasa output dicts."""

    def reply(body: dict[str, Any]) -> httpx.Response:
        return httpx.Response(200, json=[{"recipient_id": body["sender"], **o} for o in outputs])

    return reply


def echo(body: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, json=[{"recipient_id": body["sender"], "text": f"echo: {body['message']}"}])


def time_out(body: dict[str, Any]) -> httpx.Response:
    raise httpx.ReadTimeout("read timed out")


def refuse_connection(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@dataclass
class FakeRasa:
    """Records what the gateway sent; `reply` decides the webhook's answer."""

    reply: Reply = echo
    rasa_up: bool = True
    actions_up: bool = True
    delay: float = 0.0
    connect_failures: int = 0  # the next N webhook calls fail to connect
    messages: list[dict[str, Any]] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    on_message: Callable[[dict[str, Any]], None] | None = None
    in_flight: int = 0
    max_in_flight: int = 0

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.host == "actions.test":
            if not self.actions_up:
                refuse_connection(request)
            return httpx.Response(200, json={"status": "ok"})
        if not self.rasa_up:
            refuse_connection(request)
        if request.url.path == "/webhooks/gateway/webhook":
            if self.connect_failures > 0:
                self.connect_failures -= 1
                refuse_connection(request)
            if request.headers.get("X-Gateway-Secret") != SECRET:
                return httpx.Response(401, json={"error": "unauthorised"})
            body = json.loads(request.content)
            self.messages.append(body)
            if self.on_message is not None:
                self.on_message(body)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                if self.delay:
                    await asyncio.sleep(self.delay)
                answer = self.reply(body)
                return await answer if not isinstance(answer, httpx.Response) else answer
            finally:
                self.in_flight -= 1
        if request.url.path == "/status":
            ok = request.url.params.get("token") == TOKEN
            return httpx.Response(200 if ok else 401, json={"model_file": "m.tar.gz"} if ok else {})
        if request.url.path.endswith("/tracker/events"):
            return httpx.Response(200 if request.url.params.get("token") == TOKEN else 401, json={})
        return httpx.Response(404)

    def texts_sent(self) -> list[str]:
        return [m["message"] for m in self.messages]


CRISIS_TEXT = "Bel 113 of 0800-0113. In direct gevaar: 112."


def fake_crisis(text: str) -> CrisisHit | None:
    """Matches the word 'noodgeval' only, so the tests do not depend on bot.safety's lists."""
    return CrisisHit("suicide", CRISIS_TEXT) if "noodgeval" in text.lower() else None


@dataclass
class LateTurnRasa(FakeRasa):
    """Rasa slower than the gateway's timeout: the gateway's request times out at once, while
    Rasa's turn goes on for `turn_seconds` and then saves the tracker (`save(body)`), the way
    Rasa's SQLTrackerStore writes the whole tracker back when a turn ends. Appending events
    through the HTTP API waits for turns in progress (Rasa's conversation lock), unless
    `api_up` is false (then it fails at once). With `held`, a turn lasts until `finish()` (or a
    wait through the HTTP API) instead of `turn_seconds`, so that a slow test machine cannot end
    it early."""

    turn_seconds: float = 0.3
    held: bool = False
    _finished: threading.Event = field(default_factory=threading.Event)
    save: Callable[[dict[str, Any]], None] | None = None
    api_up: bool = True
    waits: int = 0  # calls of the HTTP API that waited for the turn
    _turns: list[asyncio.Future[None]] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)  # senders whose late turn was saved

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/webhooks/gateway/webhook":
            body = json.loads(request.content)
            self.messages.append(body)
            self._turns.append(asyncio.ensure_future(self._turn(body)))
            raise httpx.ReadTimeout("read timed out", request=request)
        if request.url.path.endswith("/tracker/events"):
            if not self.api_up:
                return httpx.Response(500, json={"error": "down"})
            self.waits += 1
            self.finish()
            await asyncio.gather(*self._turns)
            return httpx.Response(200, json={})
        return await super().handle(request)

    def finish(self) -> None:
        """Let held turns end."""
        self._finished.set()

    async def _turn(self, body: dict[str, Any]) -> None:
        if self.held:
            await asyncio.to_thread(self._finished.wait, 30)
        else:
            await asyncio.sleep(self.turn_seconds)
        if self.save is not None:
            await asyncio.to_thread(self.save, body)
        self.saved.append(body["sender"])
