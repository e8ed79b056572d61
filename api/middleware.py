"""Pure ASGI middleware (streaming-safe): request log, body size limit, last-resort error answer,
the caller's address behind trusted proxies."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Mapping
from ipaddress import ip_address, ip_network

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_body
from api.logs import log_fields, short_id
from api.texts import ERRORS

logger = logging.getLogger("api.request")


class _BodyTooLarge(StarletteHTTPException):
    """An HTTPException, so FastAPI passes it on while reading the body (the handler answers 413)."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


async def _send_json(send: Send, status: int, body: dict[str, object]) -> None:
    raw = json.dumps(body, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": raw})


class RequestLogMiddleware:
    """One log line per request: method, route template, status, duration, short conversation hash.

    Also the last line of defence: an unexpected exception becomes a plain JSON 500 here, logged
    by type and place only (its text may quote what a person wrote)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_and_note(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = int(message["status"])
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        except Exception:
            logger.error("unhandled error", exc_info=True)
            if not response_started:
                status = 500
                await _send_json(send, 500, error_body("internal_error", ERRORS["internal_error"]))
        finally:
            route = scope.get("route")
            conversation_id = (scope.get("path_params") or {}).get("conversation_id")
            fields = {
                "method": scope["method"],
                "route": getattr(route, "path", None) or "(unmatched)",
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            }
            if conversation_id:
                fields["conversation"] = short_id(str(conversation_id))
            logger.info("request", extra=log_fields(**fields))


class BodyLimitMiddleware:
    """Refuses request bodies over `max_bytes` with a JSON 413 (by Content-Length or while reading).
    `larger` gives paths (prefixes) a limit of their own: an employer's file upload in the desk."""

    def __init__(self, app: ASGIApp, max_bytes: int, larger: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = dict(larger or {})

    def _limit(self, path: str) -> int:
        return next(
            (limit for prefix, limit in self.larger.items() if path.startswith(prefix)), self.max_bytes
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = error_body("body_too_large", ERRORS["body_too_large"])
        max_bytes = self._limit(str(scope.get("path", ""))) if self.larger else self.max_bytes
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > max_bytes:
                await _send_json(send, 413, too_large)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise _BodyTooLarge
            return message

        response_started = False

        async def note_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, note_send)
        except _BodyTooLarge:
            if not response_started:
                await _send_json(send, 413, too_large)


class ForwardedForMiddleware:
    """The caller's address from `X-Forwarded-For`, but only when the request comes from one of
    MW_TRUSTED_PROXIES (addresses or networks; default none: the header is ignored). The
    rightmost address that is not a trusted proxy is the caller's; it replaces `scope["client"]`,
    which the rate limits and the desk's login limit read.

    Run uvicorn with `--no-proxy-headers`: by default uvicorn itself believes the header from
    127.0.0.1 before this middleware sees the request."""

    def __init__(self, app: ASGIApp, trusted: Iterable[str]) -> None:
        self.app = app
        self.trusted = tuple(ip_network(value, strict=False) for value in trusted)

    def _is_trusted(self, host: str) -> bool:
        try:
            address = ip_address(host.strip().strip("[]"))
        except ValueError:
            return False
        return any(address in network for network in self.trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if self.trusted and scope["type"] in ("http", "websocket") and client and self._is_trusted(client[0]):
            forwarded = [
                part.strip()
                for name, value in scope.get("headers", [])
                if name == b"x-forwarded-for"
                for part in value.decode("latin-1").split(",")
                if part.strip()
            ]
            for host in reversed(forwarded):
                if not self._is_trusted(host):
                    scope = {**scope, "client": (host, 0)}
                    break
        await self.app(scope, receive, send)
