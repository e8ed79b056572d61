"""Telegram end to end through the gateway, and the desk across channels (handoff, an agent's
replies and the handback reach the person on their channel)."""

from __future__ import annotations

from api.services.safety import REQUEST_HUMAN
from api.texts import WELCOME
from tests.api.channels.conftest import Channels
from tests.api.channels.webhooks import tg_callback, tg_message, tg_photo, wa_text
from tests.api.fakes import CRISIS_TEXT, bot_says

CHAT = 987654321


def test_a_wrong_or_missing_secret_token_is_refused_and_nothing_is_stored(channels: Channels) -> None:
    for secret in ("niet-het-goede", None):
        response = channels.tg_post(tg_message(1, CHAT, "hallo"), secret=secret)
        assert (response.status_code, response.json()["error"]["code"]) == (401, "wrong_secret_token")
    assert channels.rows("SELECT count(*) FROM messages") == [(0,)]


def test_start_gets_the_welcome_only_and_text_reaches_the_bot(channels: Channels) -> None:
    channels.tg_post(tg_message(10, CHAT, "/start"))
    channels.telegram.wait_for(2)
    channels.settle()
    assert channels.gateway.rasa.texts_sent() == []
    channels.tg_post(tg_message(11, CHAT, "ik werk 32 uur"))
    sent = channels.telegram.wait_for(3)
    assert [body["chat_id"] for body in sent] == [CHAT] * 3
    assert channels.telegram.texts() == [WELCOME, channels.telegram.texts()[1], "echo: ik werk 32 uur"]
    assert channels.telegram.rejected == []


def test_a_retried_update_is_answered_once(channels: Channels) -> None:
    update = tg_message(20, CHAT, "hallo")
    for _ in range(2):
        assert channels.tg_post(update).status_code == 200
    channels.telegram.wait_for(3)
    channels.settle()
    assert channels.gateway.rasa.texts_sent() == ["hallo"]
    assert len(channels.telegram.sent) == 3


def test_inline_buttons_carry_short_keys_and_a_tap_is_answered(channels: Channels) -> None:
    payload = '/inform{"employment":"loondienst"}'
    channels.gateway.rasa.reply = bot_says(
        {"text": "Hoe werk je?", "buttons": [{"title": "In loondienst", "payload": payload}]}
    )
    channels.tg_post(tg_message(30, CHAT, "hoi"))
    question = channels.telegram.wait_for(3)[2]
    [[button]] = question["reply_markup"]["inline_keyboard"]
    assert button["text"] == "In loondienst" and len(button["callback_data"].encode()) <= 64
    assert "employment" not in button["callback_data"]
    channels.tg_post(tg_callback(31, CHAT, button["callback_data"], query_id="q-31"))
    channels.telegram.wait_for(4)
    assert channels.gateway.rasa.texts_sent()[-1] == payload
    assert [answer["callback_query_id"] for answer in channels.telegram.callback_answers] == ["q-31"]


def test_a_photo_is_not_read(channels: Channels) -> None:
    channels.tg_post(tg_photo(40, CHAT))
    channels.telegram.wait_for(3)
    assert channels.gateway.rasa.texts_sent() == []


def test_crisis_first_then_the_desk_then_back_to_the_bot(channels: Channels) -> None:
    """A person on Telegram in crisis: 113 first, then the offer; they ask for a person, an agent
    replies from the desk and hands back; every step reaches them as text on Telegram."""
    offer_buttons = [{"title": "Ja, met een medewerker praten", "payload": REQUEST_HUMAN}]
    channels.gateway.rasa.reply = bot_says({"text": "Wil je iemand spreken?", "buttons": offer_buttons})
    channels.tg_post(tg_message(50, CHAT, "het is een noodgeval"))
    sent = channels.telegram.wait_for(4)
    assert channels.telegram.texts()[0] == CRISIS_TEXT  # first, even before the welcome
    [[yes]] = sent[3]["reply_markup"]["inline_keyboard"]
    channels.gateway.rasa.reply = bot_says(
        {"custom": {"type": "handoff", "reason": "user_request", "summary": {}}}
    )
    channels.tg_post(tg_callback(51, CHAT, yes["callback_data"]))
    channels.telegram.wait_for(5)
    [(conversation_id, state, channel)] = channels.rows("SELECT id, state, channel FROM conversations")
    assert (state, channel) == ("waiting", "telegram")

    service = channels.gateway.services.conversations
    channels.call(
        service.add_message, conversation_id, "agent", {"type": "text", "text": "Hoi, ik ben Sanne."}
    )
    channels.tg_post(tg_message(52, CHAT, "fijn dat je er bent"))  # for the desk, not the bot
    notice = {"type": "handoff", "status": "closed", "text": "De medewerker heeft het gesprek teruggegeven."}

    async def hand_back() -> None:
        await service.change_state(conversation_id, ["waiting"], "bot", notice=notice)

    channels.call(hand_back)
    channels.telegram.wait_for(7)
    channels.settle()
    texts = channels.telegram.texts()
    assert "Hoi, ik ben Sanne." in texts and texts[-1] == notice["text"]
    assert "fijn dat je er bent" not in channels.gateway.rasa.texts_sent()


def test_the_same_number_on_whatsapp_and_a_chat_on_telegram_are_two_conversations(channels: Channels) -> None:
    channels.tg_post(tg_message(60, CHAT, "hallo"))
    channels.wa_post(wa_text("31687654321", "hallo"))
    channels.telegram.wait_for(3)
    channels.whatsapp.wait_for(3)
    assert sorted(channels.rows("SELECT channel FROM conversations")) == [("telegram",), ("whatsapp",)]
