"""A fake Rasa server and action server behind one httpx.MockTransport."""

from __future__ import annotations

import asyncio
import json
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
