"""The providers' send calls (WhatsApp Cloud API, Telegram Bot API) and what their answers mean for
a retry. Request bodies come from the renderers; nothing here logs an address or a text."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

import httpx

from api.channels.telegram_render import telegram_bodies
from api.channels.whatsapp_render import whatsapp_bodies
from api.contract import Channel
from api.logs import log_fields
from api.settings import Settings

logger = logging.getLogger("api.channels")

_TIMEOUT = httpx.Timeout(10.0, connect=3.0)


class SendError(Exception):
    """A send call that did not succeed: `code` is short and safe to store and log."""

    def __init__(self, code: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.permanent = permanent
        self.retry_after = retry_after


@dataclass(frozen=True)
class Document:
    """A file to send (the overview PDF)."""

    content: bytes
    media_type: str
    filename: str


class Provider(Protocol):
    channel: Channel
    # After this long without a message from the person only `template` may be sent (None: always open)
    window: timedelta | None

    def bodies(
        self, address: str, message: Mapping[str, Any], message_id: int, *, pdf_available: bool = False
    ) -> list[dict[str, Any]]: ...

    def template(self, address: str) -> dict[str, Any] | None: ...

    async def send(self, body: Mapping[str, Any]) -> str | None:
        """Sends one message; the provider's id for it (None when it gives none)."""
        ...

    async def send_document(self, address: str, document: Document) -> str | None: ...


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


async def _post(
    http: httpx.AsyncClient, url: str, body: Mapping[str, Any] | None = None, **kwargs: Any
) -> httpx.Response:
    """JSON `body`, or multipart (`data` and `files` in kwargs)."""
    try:
        if body is not None:
            kwargs["json"] = body
        return await http.post(url, timeout=_TIMEOUT, **kwargs)
    except httpx.TimeoutException:
        raise SendError("timeout") from None
    except httpx.TransportError:
        raise SendError("unreachable") from None


def _check(response: httpx.Response, retry_after: float | None = None) -> None:
    """2xx passes; 429 and 5xx are worth another try; any other answer will not change."""
    status = response.status_code
    if status < 300:
        return
    if status == 429 or status >= 500:
        raise SendError(f"http_{status}", retry_after=retry_after or _retry_after(response))
    raise SendError(f"http_{status}", permanent=True)


@dataclass
class WhatsAppProvider:
    http: httpx.AsyncClient
    api_url: str
    token: str
    phone_number_id: str
    template_name: str = ""
    template_language: str = "nl"
    channel: Channel = Channel.WHATSAPP
    window: timedelta | None = timedelta(hours=24)

    def bodies(
        self, address: str, message: Mapping[str, Any], message_id: int, *, pdf_available: bool = False
    ) -> list[dict[str, Any]]:
        return whatsapp_bodies(address, message, message_id=message_id, pdf_available=pdf_available)

    def template(self, address: str) -> dict[str, Any] | None:
        if not self.template_name:
            return None
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": address,
            "type": "template",
            "template": {"name": self.template_name, "language": {"code": self.template_language}},
        }

    @property
    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def send(self, body: Mapping[str, Any]) -> str | None:
        response = await _post(
            self.http, f"{self.api_url}/{self.phone_number_id}/messages", body, headers=self._auth
        )
        _check(response)
        try:
            return str(response.json()["messages"][0]["id"])
        except (ValueError, KeyError, IndexError, TypeError):
            return None

    async def send_document(self, address: str, document: Document) -> str | None:
        """Uploads the file (media endpoint), then sends it by its media id."""
        response = await _post(
            self.http,
            f"{self.api_url}/{self.phone_number_id}/media",
            headers=self._auth,
            data={"messaging_product": "whatsapp", "type": document.media_type},
            files={"file": (document.filename, document.content, document.media_type)},
        )
        _check(response)
        try:
            media_id = str(response.json()["id"])
        except (ValueError, KeyError, TypeError):
            raise SendError("bad_media_answer") from None
        return await self.send(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": address,
                "type": "document",
                "document": {"id": media_id, "filename": document.filename},
            }
        )


@dataclass
class TelegramProvider:
    http: httpx.AsyncClient
    api_url: str
    token: str
    channel: Channel = Channel.TELEGRAM
    window: timedelta | None = None

    def _method(self, name: str) -> str:
        return f"{self.api_url}/bot{self.token}/{name}"

    def bodies(
        self, address: str, message: Mapping[str, Any], message_id: int, *, pdf_available: bool = False
    ) -> list[dict[str, Any]]:
        return telegram_bodies(int(address), message, message_id=message_id, pdf_available=pdf_available)

    def template(self, address: str) -> dict[str, Any] | None:
        return None

    async def send(self, body: Mapping[str, Any]) -> str | None:
        self._check(await _post(self.http, self._method("sendMessage"), body))
        return None  # Telegram reports no delivery statuses to match

    async def send_document(self, address: str, document: Document) -> str | None:
        response = await _post(
            self.http,
            self._method("sendDocument"),
            data={"chat_id": address},
            files={"document": (document.filename, document.content, document.media_type)},
        )
        self._check(response)
        return None

    @staticmethod
    def _check(response: httpx.Response) -> None:
        retry_after = None
        if response.status_code == 429:
            try:
                retry_after = float(response.json()["parameters"]["retry_after"])
            except (ValueError, KeyError, TypeError):
                retry_after = None
        _check(response, retry_after)

    async def answer_callback(self, query_id: str) -> None:
        """Stops the spinner on the pressed button (best effort: the answer itself comes anyway)."""
        try:
            _check(
                await _post(self.http, self._method("answerCallbackQuery"), {"callback_query_id": query_id})
            )
        except SendError as exc:
            logger.info("telegram: callback not answered", extra=log_fields(error=exc.code))

    async def set_webhook(self, url: str, secret_token: str) -> dict[str, Any]:
        body = {"url": url, "secret_token": secret_token, "allowed_updates": ["message", "callback_query"]}
        response = await _post(self.http, self._method("setWebhook"), body)
        _check(response)
        result: dict[str, Any] = response.json()
        return result


def make_providers(settings: Settings, http: httpx.AsyncClient) -> dict[str, Provider]:
    """The channels that are on (their settings are set)."""
    providers: dict[str, Provider] = {}
    if settings.whatsapp_enabled:
        providers[Channel.WHATSAPP] = WhatsAppProvider(
            http,
            settings.whatsapp_api_url,
            settings.whatsapp_token,
            settings.whatsapp_phone_number_id,
            settings.whatsapp_template,
            settings.whatsapp_template_language,
        )
    if settings.telegram_enabled:
        providers[Channel.TELEGRAM] = TelegramProvider(
            http, settings.telegram_api_url, settings.telegram_bot_token
        )
    return providers
