"""Client for the Rasa server: the gateway channel (messages) and the HTTP API (tracker events).

Messages go to `POST {url}/webhooks/gateway/webhook` (rasa_ext/gateway_channel.py) with the shared
secret; the HTTP API (`?token=`) is used for pause/resume and status. With several Rasa processes
(MW_RASA_URL="http://a,http://b") every conversation always goes to the same one (hash of its id).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from api.logs import log_fields, short_id

logger = logging.getLogger("api.rasa")

WEBHOOK_PATH = "/webhooks/gateway/webhook"
SECRET_HEADER = "X-Gateway-Secret"


class RasaError(Exception):
    """Rasa answered, but not with a usable reply. `code` is short and safe to log."""

    def __init__(self, code: str, status: int | None = None) -> None:
        super().__init__(code if status is None else f"{code} (HTTP {status})")
        self.code = code
        self.status = status


class RasaUnavailable(RasaError):
    """Rasa could not be reached in time (connection refused, timeout)."""


class RasaClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        urls: Sequence[str],
        *,
        secret: str,
        token: str = "",
        connect_timeout: float = 2.0,
        read_timeout: float = 30.0,
    ) -> None:
        if not urls:
            raise ValueError("at least one Rasa URL is needed")
        self._http = http
        self.urls = tuple(url.rstrip("/") for url in urls)
        self._secret = secret
        self._token = token
        self._timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self.read_timeout = read_timeout

    def url_for(self, sender: str) -> str:
        """The Rasa process that owns this conversation (stable for a given list of URLs)."""
        if len(self.urls) == 1:
            return self.urls[0]
        digest = hashlib.sha256(sender.encode()).digest()
        return self.urls[int.from_bytes(digest[:8], "big") % len(self.urls)]

    async def send(self, sender: str, message: str, metadata: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The bot's answer to one message: the list of Rasa output dicts (never empty).

        Raises RasaUnavailable (not reached) or RasaError (reached, but failed or said nothing)."""
        url = self.url_for(sender) + WEBHOOK_PATH
        body = {"sender": sender, "message": message, "metadata": dict(metadata)}
        response = await self._request("POST", url, json=body, headers={SECRET_HEADER: self._secret})
        if response.status_code != 200:
            raise RasaError(_error_code(response), response.status_code)
        try:
            outputs = response.json()
        except ValueError as exc:
            raise RasaError("bad_reply", 200) from exc
        if not isinstance(outputs, list) or not all(isinstance(item, dict) for item in outputs):
            raise RasaError("bad_reply", 200)
        if not outputs:
            raise RasaError("empty_reply", 200)
        return outputs

    async def append_events(self, sender: str, events: Sequence[Mapping[str, Any]]) -> None:
        """Appends tracker events through the HTTP API (needs MW_RASA_TOKEN)."""
        url = f"{self.url_for(sender)}/conversations/{sender}/tracker/events"
        response = await self._request(
            "POST", url, json=[dict(e) for e in events], params={"token": self._token}
        )
        if response.status_code != 200:
            raise RasaError(_error_code(response), response.status_code)

    async def wait_for_turn(self, sender: str, timeout: float) -> None:
        """Returns once Rasa has no turn of this conversation in progress: appending no events
        takes Rasa's conversation lock, which a turn holds until its tracker is saved (needs
        MW_RASA_TOKEN). It may leave session-start rows; the caller deletes afterwards."""
        url = f"{self.url_for(sender)}/conversations/{sender}/tracker/events"
        response = await self._request(
            "POST", url, json=[], params={"token": self._token}, timeout=httpx.Timeout(timeout)
        )
        if response.status_code != 200:
            raise RasaError(_error_code(response), response.status_code)

    async def pause(self, sender: str) -> None:
        """Stops the bot predicting for this conversation (during a handoff)."""
        await self.append_events(sender, [{"event": "pause"}])

    async def resume(self, sender: str) -> None:
        await self.append_events(sender, [{"event": "resume"}])

    async def check(self, url: str, timeout: float) -> str | None:
        """None when the Rasa process at `url` answers (with a loaded model when a token is set),
        else a short reason."""
        path, params = ("/status", {"token": self._token}) if self._token else ("/", {})
        try:
            response = await self._request("GET", url + path, params=params, timeout=httpx.Timeout(timeout))
        except RasaUnavailable as exc:
            return exc.code
        return None if response.status_code == 200 else f"http_{response.status_code}"

    async def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One request; retried once when the connection could not be made (nothing was sent)."""
        for attempt in (1, 2):
            try:
                kwargs.setdefault("timeout", self._timeout)
                return await self._http.request(method, url, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                if attempt == 2:
                    raise RasaUnavailable("connect_failed") from exc
                logger.info("rasa connection failed, retrying", extra=log_fields(url=url.split("?")[0]))
            except httpx.TimeoutException as exc:
                raise RasaUnavailable("timeout") from exc
            except httpx.TransportError as exc:
                raise RasaUnavailable("transport_error") from exc
        raise AssertionError("unreachable")


def _error_code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"][:40]
    return f"http_{response.status_code}"


def describe(exc: RasaError, sender: str) -> dict[str, Any]:
    """Log fields for a failure: its code and status, the conversation only as a short hash."""
    return {"rasa_error": exc.code, "rasa_status": exc.status, "conversation": short_id(sender)}
