"""Channel set-up from the command line (settings from MW_* as for the gateway).

    python -m api.channels.cli telegram-webhook https://example.nl/api/v1/channels/telegram/webhook

registers the gateway's webhook with Telegram (setWebhook, with MW_TELEGRAM_SECRET_TOKEN, so
Telegram signs every update with it). WhatsApp's webhook is set in Meta's app dashboard: the URL
and MW_WHATSAPP_VERIFY_TOKEN (the gateway answers the verification handshake).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

import httpx

from api.channels.providers import SendError, TelegramProvider
from api.settings import Settings, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m api.channels.cli", description="Kanalen instellen.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    webhook = commands.add_parser("telegram-webhook", help="de webhook van de gateway bij Telegram aanmelden")
    webhook.add_argument("url", help="het https-adres van /api/v1/channels/telegram/webhook")
    return parser


async def _telegram_webhook(settings: Settings, url: str) -> str:
    if not settings.telegram_enabled:
        return "Fout: zet eerst MW_TELEGRAM_BOT_TOKEN en MW_TELEGRAM_SECRET_TOKEN."
    async with httpx.AsyncClient() as http:
        provider = TelegramProvider(http, settings.telegram_api_url, settings.telegram_bot_token)
        try:
            await provider.set_webhook(url, settings.telegram_secret_token)
        except SendError as exc:
            return f"Fout: Telegram weigerde het ({exc.code})."
    return f"Webhook aangemeld bij Telegram: {url}"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    message = asyncio.run(_telegram_webhook(load_settings(), args.url))
    print(message, file=sys.stderr if message.startswith("Fout") else sys.stdout)
    return 1 if message.startswith("Fout") else 0


if __name__ == "__main__":
    sys.exit(main())
