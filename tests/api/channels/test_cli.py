"""`python -m api.channels.cli telegram-webhook URL` registers the webhook with its secret."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from api.channels import cli
from tests.api.channels.standins import TelegramStandIn

URL = "https://mantelwijzer.example/api/v1/channels/telegram/webhook"


def test_registers_the_webhook_with_the_secret_token(
    telegram: TelegramStandIn, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    telegram.reset()
    monkeypatch.setenv("MW_TELEGRAM_API_URL", telegram.base_url)
    monkeypatch.setenv("MW_TELEGRAM_BOT_TOKEN", telegram.token)
    monkeypatch.setenv("MW_TELEGRAM_SECRET_TOKEN", "geheim_token-1")
    monkeypatch.setenv("MW_CHANNEL_KEY", Fernet.generate_key().decode())
    assert cli.main(["telegram-webhook", URL]) == 0
    assert telegram.webhooks[-1]["url"] == URL and telegram.webhooks[-1]["secret_token"] == "geheim_token-1"
    assert URL in capsys.readouterr().out


def test_without_telegram_settings_it_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MW_TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("MW_TELEGRAM_SECRET_TOKEN", "")
    assert cli.main(["telegram-webhook", URL]) == 1
    assert "MW_TELEGRAM_BOT_TOKEN" in capsys.readouterr().err
