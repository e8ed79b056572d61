"""The overview on a messaging channel: the three most fitting items as short messages, and on
request ("stuur mijn overzicht als pdf") the overview PDF as a document in the chat."""

from __future__ import annotations

from api.texts import CHANNEL_ASK_PDF, CHANNEL_DOCUMENTS_PDF
from tests.api.channels.conftest import Channels
from tests.api.channels.webhooks import tg_message, wa_text
from tests.api.documents_support import overview_items, overview_reply
from tests.api.fakes import bot_says

PHONE = "31698765432"
CHAT = 55501


def _ask_for_pdf(channels: Channels) -> None:
    channels.gateway.rasa.reply = bot_says({"custom": {"type": "documents", "want": "pdf"}})


def test_whatsapp_overview_then_the_pdf_as_a_document(channels: Channels) -> None:
    channels.gateway.rasa.reply = overview_reply(count=6)
    channels.wa_post(wa_text(PHONE, "ik zorg voor mijn zus met dementie en werk 32 uur"))
    channels.settle()
    texts = channels.whatsapp.texts()
    titles = [item["title"] for item in overview_items(count=6)]
    assert texts[2] == "Dit is je overzicht."
    assert [titles[i] in texts[3 + i] for i in range(3)] == [True, True, True]  # most fitting first
    assert not any(title in " ".join(texts) for title in titles[3:])
    assert CHANNEL_ASK_PDF in texts[-1]
    _ask_for_pdf(channels)
    channels.wa_post(wa_text(PHONE, "stuur mijn overzicht als pdf"))
    channels.settle()
    assert channels.whatsapp.texts()[-2] == CHANNEL_DOCUMENTS_PDF
    document = channels.whatsapp.sent[-1]
    assert document["type"] == "document" and document["document"]["filename"].endswith(".pdf")
    [upload] = channels.whatsapp.uploads
    assert upload["type"] == "application/pdf" and upload["size"] > 10_000
    assert document["document"]["id"] == upload["id"]
    assert channels.whatsapp.rejected == []


def test_telegram_pdf_as_a_document(channels: Channels) -> None:
    channels.gateway.rasa.reply = overview_reply(count=2)
    channels.tg_post(tg_message(70, CHAT, "ik zorg voor mijn zus"))
    channels.settle()
    _ask_for_pdf(channels)
    channels.tg_post(tg_message(71, CHAT, "stuur mijn overzicht als pdf"))
    channels.settle()
    assert channels.telegram.texts()[-1] == CHANNEL_DOCUMENTS_PDF
    [document] = channels.telegram.documents
    assert str(document["chat_id"]) == str(CHAT) and document["size"] > 10_000
    assert channels.telegram.rejected == []
