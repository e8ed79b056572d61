"""The desk across channels: a WhatsApp conversation in the queue shows its channel; the agent's
replies and cards go out on WhatsApp; a message the provider refuses shows in the desk."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tests.api.channels.conftest import Channels, provider_settings
from tests.api.channels.standins import TelegramStandIn, WhatsAppStandIn
from tests.api.channels.webhooks import wa_text
from tests.api.desk.conftest import TENANT, DeskFactory

PHONE = "31655544433"


def test_agent_replies_and_cards_reach_whatsapp_and_refusals_show_in_the_desk(
    make_desk: DeskFactory, whatsapp: WhatsAppStandIn, telegram: TelegramStandIn
) -> None:
    whatsapp.reset()
    desk = make_desk(
        desk_default_tenant=TENANT,  # the public desk takes conversations without a tenant
        **provider_settings(whatsapp),
        outbox_poll_seconds=0.1,
        outbox_backoff_max_seconds=0.5,
    )
    channels = Channels(desk.gateway, whatsapp, telegram)
    channels.wa_post(wa_text(PHONE, "ik wil een mens spreken"))
    channels.settle()
    [(conversation_id, state)] = channels.rows("SELECT id, state FROM conversations")
    assert state == "waiting"
    person: Any = SimpleNamespace(id=conversation_id)
    anna = desk.agent("anna@a.nl")

    queue = anna.get("/queue").json()
    assert [item["channel"] for item in queue["conversations"]] == ["whatsapp"]
    assert anna.claim(person).status_code == 200
    assert anna.reply(person, "Hoi, ik ben Anna.").status_code == 201
    assert (
        anna.post(f"/conversations/{conversation_id}/cards", {"item_id": "mantelzorglijn"}).status_code == 201
    )
    channels.settle()
    texts = whatsapp.texts()
    assert "Hoi, ik ben Anna." in texts
    assert any("Mantelzorglijn" in text and "030 760 60 55" in text for text in texts), texts

    whatsapp.fail_next(1, 400)  # the provider refuses this one for good
    anna.reply(person, "Ben je er nog?")
    channels.settle()
    view = anna.view(person).json()
    assert view["channel"] == "whatsapp"
    assert view["delivery"] == {"pending": 0, "held": 0, "failed": 1}
    assert whatsapp.rejected == []
