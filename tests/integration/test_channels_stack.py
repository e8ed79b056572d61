"""People on WhatsApp and Telegram with the real Rasa and action server (the session's stack) and
a gateway with both channels on against the providers' local stand-ins, a desk open always with a
real agent: an overview, 113 first, an agent, and back to the bot."""

from __future__ import annotations

import json
import sqlite3
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from api.main import create_app
from api.settings import Settings
from api.texts import CHANNEL_DOCUMENTS_PDF
from scripts.stack import StackConfig
from tests.api.channels.conftest import provider_settings
from tests.api.channels.standins import TelegramStandIn, WhatsAppStandIn
from tests.api.channels.webhooks import (
    tg_callback,
    tg_message,
    wa_button_reply,
    wa_list_reply,
    wa_sign,
    wa_text,
)
from tests.desk_cli import PASSWORD, seed_agent, seed_tenant

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.stack

DESK = "publiek"
AGENT = "sanne@example.nl"
APP_SECRET = "stack-app-secret"
TG_SECRET = "stack-tg-secret"
SITUATION = (
    "Ik zorg voor mijn moeder met dementie, ze woont in Goor. Ik werk 32 uur per week in loondienst "
    "bij een groot ziekenhuis en zorg zo'n 12 uur per week. Waar heb ik recht op?"
)
CRISIS_WORDS = "Ik kan het niet meer aan, ik wil niet meer leven"


@dataclass
class Site:
    client: TestClient
    database: Path
    whatsapp: WhatsAppStandIn
    telegram: TelegramStandIn
    csrf: str = ""
    update_ids: Iterator[int] = field(default_factory=lambda: iter(range(1000, 10_000)))

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.database) as connection:
            return list(connection.execute(sql, params))

    def settle(self, timeout: float = 20.0) -> None:
        """The turn ran before the webhook's answer (TestClient waits for it); now the outbox."""
        deadline = time.monotonic() + timeout
        while self.rows("SELECT id FROM outbox WHERE status = 'pending'"):
            assert time.monotonic() < deadline, self.rows("SELECT status, error FROM outbox")
            time.sleep(0.05)

    def wa(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": wa_sign(body, APP_SECRET)}
        assert (
            self.client.post("/api/v1/channels/whatsapp/webhook", content=body, headers=headers).status_code
            == 200
        )
        self.settle()

    def tg(self, update: dict[str, Any]) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": TG_SECRET}
        assert (
            self.client.post("/api/v1/channels/telegram/webhook", json=update, headers=headers).status_code
            == 200
        )
        self.settle()

    def has_overview(self) -> bool:
        return bool(self.rows("SELECT id FROM messages WHERE payload LIKE '%\"recommendations\"%'"))

    def desk(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.client.request(
            method, f"/desk/api{path}", headers={"X-CSRF-Token": self.csrf}, **kwargs
        )
        assert response.status_code < 300, response.text
        return response.json()


@pytest.fixture(scope="module")
def site(stack: StackConfig, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    database = tmp_path_factory.mktemp("channels") / "gateway.db"
    url = f"sqlite:///{database}"
    seed_tenant(url, DESK, "Mantelwijzer", "altijd")
    seed_agent(url, DESK, AGENT, "Sanne")
    with WhatsAppStandIn() as whatsapp, TelegramStandIn() as telegram:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=url,
            rasa_url=(stack.rasa_url,),
            rasa_secret=stack.rasa_secret,
            rasa_token=stack.rasa_token,
            rasa_tracker_db_url=f"sqlite:///{stack.tracker_db}",
            action_server_url=stack.actions_url,
            desk_enabled=True,
            desk_default_tenant=DESK,
            rate_limit_enabled=False,
            purge_on_startup=False,
            purge_interval_hours=0,
            log_level="WARNING",
            **provider_settings(whatsapp, telegram, app_secret=APP_SECRET, tg_secret=TG_SECRET),
            outbox_poll_seconds=0.2,
        )
        with TestClient(create_app(settings)) as client:
            yield Site(client, database, whatsapp, telegram)


def _wa_answer(site: Site, phone: str) -> None:
    """Answers the last question: its first option when it had buttons or a list, else in words."""
    last = site.whatsapp.sent[-1]
    interactive = last.get("interactive") or {}
    if interactive.get("type") == "button":
        reply = interactive["action"]["buttons"][0]["reply"]
        site.wa(wa_button_reply(phone, reply["id"], reply["title"]))
    elif interactive.get("type") == "list":
        row = interactive["action"]["sections"][0]["rows"][0]
        site.wa(wa_list_reply(phone, row["id"], row["title"]))
    else:
        site.wa(wa_text(phone, "weet ik niet"))


def test_whatsapp_overview_crisis_agent_and_back(site: Site) -> None:
    phone = "31611223344"
    site.wa(wa_text(phone, SITUATION))
    for _ in range(12):
        if site.has_overview():
            break
        _wa_answer(site, phone)
    else:
        pytest.fail(f"no overview after 12 answers: {site.whatsapp.texts()}")
    texts = site.whatsapp.texts()
    assert any("64" in text and "zorgverlof" in text.lower() for text in texts), texts

    site.wa(wa_text(phone, "stuur mijn overzicht als pdf"))  # what the overview's last line says to type
    assert site.whatsapp.texts()[-2] == CHANNEL_DOCUMENTS_PDF
    assert site.whatsapp.sent[-1]["type"] == "document" and len(site.whatsapp.uploads) == 1

    before = len(site.whatsapp.sent)
    site.wa(wa_text(phone, CRISIS_WORDS))
    crisis = site.whatsapp.texts()[before]
    assert "113" in crisis and "112" in crisis  # the first thing said after the crisis words

    # the desk is open: the crisis handoff puts the person in the queue (or the offer is accepted)
    [(conversation_id, state)] = site.rows("SELECT id, state FROM conversations WHERE channel = 'whatsapp'")
    if state == "bot":
        _wa_answer(site, phone)  # "Ja, met een medewerker praten"
        [(state,)] = site.rows("SELECT state FROM conversations WHERE id = ?", conversation_id)
    assert state == "waiting"

    login = site.client.post("/desk/api/login", json={"email": AGENT, "password": PASSWORD})
    assert login.status_code == 200, login.text
    site.csrf = login.json()["csrf_token"]
    view = site.desk("GET", f"/conversations/{conversation_id}")
    assert view["channel"] == "whatsapp" and view["urgent"] is True
    site.desk("POST", f"/conversations/{conversation_id}/claim")
    site.desk(
        "POST",
        f"/conversations/{conversation_id}/messages",
        json={"text": "Hoi, ik ben Sanne. Ik ben er voor je."},
    )
    site.settle()
    site.wa(wa_text(phone, "dank je, het gaat al iets beter"))
    site.desk("POST", f"/conversations/{conversation_id}/handback")
    site.settle()
    texts = site.whatsapp.texts()
    assert "Hoi, ik ben Sanne. Ik ben er voor je." in texts
    [(state,)] = site.rows("SELECT state FROM conversations WHERE id = ?", conversation_id)
    assert state == "bot"
    before = len(site.whatsapp.sent)
    site.wa(wa_text(phone, "hoeveel uur kortdurend zorgverlof krijg ik?"))
    assert len(site.whatsapp.sent) > before  # the bot answers again
    assert site.whatsapp.rejected == []


def test_telegram_overview_and_crisis_first(site: Site) -> None:
    chat = 424242
    site.tg(tg_message(next(site.update_ids), chat, "/start"))
    site.tg(tg_message(next(site.update_ids), chat, SITUATION))
    for _ in range(12):
        if site.rows(
            "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id "
            "WHERE c.channel = 'telegram' AND m.payload LIKE '%\"recommendations\"%'"
        ):
            break
        keyboard = (site.telegram.sent[-1].get("reply_markup") or {}).get("inline_keyboard")
        if keyboard:
            site.tg(tg_callback(next(site.update_ids), chat, keyboard[0][0]["callback_data"]))
        else:
            site.tg(tg_message(next(site.update_ids), chat, "weet ik niet"))
    else:
        pytest.fail(f"no overview after 12 answers: {site.telegram.texts()}")
    before = len(site.telegram.sent)
    site.tg(tg_message(next(site.update_ids), chat, CRISIS_WORDS))
    assert "113" in site.telegram.texts()[before]
    assert site.telegram.rejected == []
