"""A gateway with WhatsApp and Telegram switched on against the local stand-ins of their APIs
(real HTTP servers on loopback), and a fake Rasa."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.fernet import Fernet

from api.services.handoff import OpenDesk
from tests.api.channels.standins import TelegramStandIn, WhatsAppStandIn
from tests.api.channels.webhooks import wa_sign
from tests.api.conftest import Gateway, GatewayFactory
from tests.api.desk.conftest import make_desk  # noqa: F401  (the desk's fixture, for test_channel_desk.py)

APP_SECRET = "wa-app-secret"
VERIFY_TOKEN = "wa-verify-token"
TG_SECRET = "tg-secret_token-1"
WA_PATH = "/api/v1/channels/whatsapp/webhook"
TG_PATH = "/api/v1/channels/telegram/webhook"


@pytest.fixture(scope="module")
def whatsapp() -> Iterator[WhatsAppStandIn]:
    with WhatsAppStandIn() as stand_in:
        yield stand_in


@pytest.fixture(scope="module")
def telegram() -> Iterator[TelegramStandIn]:
    with TelegramStandIn() as stand_in:
        yield stand_in


@dataclass
class Channels:
    gateway: Gateway
    whatsapp: WhatsAppStandIn
    telegram: TelegramStandIn

    def wa_post(self, payload: dict[str, Any], *, signature: str | None = "sign") -> Any:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "sign":
            headers["X-Hub-Signature-256"] = wa_sign(body, APP_SECRET)
        elif signature is not None:
            headers["X-Hub-Signature-256"] = signature
        return self.gateway.client.post(WA_PATH, content=body, headers=headers)

    def tg_post(self, update: dict[str, Any], *, secret: str | None = TG_SECRET) -> Any:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return self.gateway.client.post(TG_PATH, json=update, headers=headers)

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.gateway.rows(sql, *params)

    def call(self, fn: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
        """Runs a service coroutine on the app's event loop (as the desk's routes would)."""
        portal = self.gateway.client.portal
        assert portal is not None
        return portal.call(functools.partial(fn, *args, **kwargs))

    def settle(self, timeout: float = 10.0) -> None:
        """Until the outbox has nothing left that is due (sent, held or failed)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.rows("SELECT id FROM outbox WHERE status = 'pending'"):
                return
            time.sleep(0.05)
        raise AssertionError(f"outbox not empty: {self.rows('SELECT status, error, attempts FROM outbox')}")


ChannelsFactory = Callable[..., Channels]


def provider_settings(
    whatsapp: WhatsAppStandIn,
    telegram: TelegramStandIn | None = None,
    *,
    app_secret: str = APP_SECRET,
    tg_secret: str = TG_SECRET,
    verify_token: str = VERIFY_TOKEN,
) -> dict[str, Any]:
    """The gateway settings that point its channels at the stand-ins (Telegram left off without one)."""
    values: dict[str, Any] = {
        "channel_key": Fernet.generate_key().decode(),
        "whatsapp_api_url": whatsapp.base_url,
        "whatsapp_token": whatsapp.token,
        "whatsapp_app_secret": app_secret,
        "whatsapp_verify_token": verify_token,
        "whatsapp_phone_number_id": whatsapp.phone_number_id,
    }
    if telegram is not None:
        values |= {
            "telegram_api_url": telegram.base_url,
            "telegram_bot_token": telegram.token,
            "telegram_secret_token": tg_secret,
        }
    return values


@pytest.fixture
def make_channels(
    make_gateway: GatewayFactory, whatsapp: WhatsAppStandIn, telegram: TelegramStandIn
) -> ChannelsFactory:
    def build(**settings: Any) -> Channels:
        whatsapp.reset()
        telegram.reset()
        values: dict[str, Any] = {
            **provider_settings(whatsapp, telegram),
            "whatsapp_template": "mantelwijzer_nieuw_bericht",
            "outbox_poll_seconds": 0.1,
            "outbox_backoff_max_seconds": 0.5,
            "rate_limit_enabled": False,
        }
        values.update(settings)
        handoff = values.pop("handoff", OpenDesk())
        return Channels(make_gateway(handoff=handoff, **values), whatsapp, telegram)

    return build


@pytest.fixture
def channels(make_channels: ChannelsFactory) -> Channels:
    return make_channels()
