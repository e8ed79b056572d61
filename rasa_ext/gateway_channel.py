"""The REST channel the gateway talks to: like Rasa's `rest` channel, but honest about failures.

Rasa's own REST webhook is not covered by the API token and answers `200 []` when an action
fails or the conversation is paused (see shared/design/rasa-notes.md). This channel:

- requires the shared secret in `X-Gateway-Secret` (env `MW_RASA_SECRET`), else 401;
- requires a `sender` and a text `message`, else 400;
- answers 500 `{"error": "action_failed", "action": name}` when Rasa's processor swallowed an
  exception while running an action (detected through its log record, per request);
- answers 502 `{"error": "empty_reply"}` when the bot produced nothing at all;
- answers 200 with the list of output messages otherwise.

Registered in credentials.yml as `rasa_ext.gateway_channel.GatewayInput`; URL
`/webhooks/gateway/webhook`.
"""

from __future__ import annotations

import contextvars
import hmac
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

_SECRET_HEADER = "X-Gateway-Secret"
_failures: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "gateway_action_failures", default=None
)


class _ActionFailureRecorder(logging.Handler):
    """Notes, for the request being handled, that Rasa swallowed an exception in an action."""

    def emit(self, record: logging.LogRecord) -> None:
        failures = _failures.get()
        if failures is None or record.levelno < logging.ERROR:
            return
        message = record.getMessage()
        if "while running action" in message:
            failures.append(message.split("'")[1] if "'" in message else "unknown")


_recorder = _ActionFailureRecorder()


def _install_recorder() -> None:
    processor_logger = logging.getLogger("rasa.core.processor")
    if _recorder not in processor_logger.handlers:
        processor_logger.addHandler(_recorder)


class GatewayInput(InputChannel):
    """Input channel for the Mantelwijzer gateway."""

    def __init__(self, secret: str | None = None) -> None:
        self.secret = secret or os.environ.get("MW_RASA_SECRET", "")
        if not self.secret:
            raise ValueError("MW_RASA_SECRET is not set: the gateway channel needs a shared secret")
        _install_recorder()

    @classmethod
    def name(cls) -> str:
        return "gateway"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GatewayInput:
        return cls((credentials or {}).get("secret"))

    def _authorised(self, request: Request) -> bool:
        given = request.headers.get(_SECRET_HEADER, "")
        return hmac.compare_digest(given.encode(), self.secret.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("gateway_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self._authorised(request):
                return response.json({"error": "unauthorised"}, status=401)
            body = request.json if isinstance(request.json, dict) else {}
            sender = body.get("sender")
            text = body.get("message")
            if not isinstance(sender, str) or not sender or not isinstance(text, str):
                return response.json({"error": "sender and message are required"}, status=400)
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            return await self._handle(on_new_message, sender, text, metadata)

        return webhook

    async def _handle(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        sender: str,
        text: str,
        metadata: dict[str, Any] | None,
    ) -> HTTPResponse:
        collector = CollectingOutputChannel()
        failures: list[str] = []
        token = _failures.set(failures)
        try:
            await on_new_message(
                UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
            )
        except Exception as exc:  # Rasa raised instead of answering: report it, never hide it
            logger.exception("gateway channel: message handling failed")
            return response.json({"error": "rasa_failed", "detail": type(exc).__name__}, status=500)
        finally:
            _failures.reset(token)
        if failures:
            return response.json({"error": "action_failed", "action": failures[0]}, status=500)
        if not collector.messages:
            return response.json({"error": "empty_reply"}, status=502)
        return response.json(collector.messages)
