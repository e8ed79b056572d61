"""WhatsApp end to end through the gateway: webhook in (signed), the turn, the outbox out to the
Cloud API's stand-in; retries, outages, the 24-hour window, media, buttons, erasure."""

from __future__ import annotations

import time
from datetime import timedelta

from api.channels.service import ChannelMessage
from api.store.channels import ChannelStore, Delivery
from api.store.records import utcnow
from api.texts import CHANNEL_MEDIA_LABELS, CHANNEL_ONLY_TEXT, ERASED, WELCOME
from tests.api.channels.conftest import VERIFY_TOKEN, WA_PATH, Channels, ChannelsFactory
from tests.api.channels.webhooks import new_wamid, wa_button_reply, wa_media, wa_status, wa_text
from tests.api.fakes import CRISIS_TEXT, bot_says

PHONE = "31612345678"


def test_the_verification_handshake_echoes_the_challenge_only_for_our_token(channels: Channels) -> None:
    client = channels.gateway.client
    ok = client.get(
        WA_PATH,
        params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
    )
    assert ok.status_code == 200 and ok.text == "1158201444"
    assert ok.headers["content-type"].startswith("text/plain")
    wrong = client.get(
        WA_PATH, params={"hub.mode": "subscribe", "hub.verify_token": "nee", "hub.challenge": "1"}
    )
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "wrong_verify_token"


def test_a_person_writes_and_gets_the_welcome_and_the_bots_answer_in_order(channels: Channels) -> None:
    response = channels.wa_post(wa_text(PHONE, "ik zorg voor mijn moeder"))
    assert response.status_code == 200
    sent = channels.whatsapp.wait_for(3)
    assert [body["to"] for body in sent] == [PHONE] * 3
    texts = channels.whatsapp.texts()
    assert texts[0] == WELCOME
    assert "wis mijn gegevens" in texts[1] and "knop" not in texts[1]  # no erase button on WhatsApp
    assert texts[2] == "echo: ik zorg voor mijn moeder"
    assert channels.whatsapp.rejected == []


def test_a_forged_or_missing_signature_is_refused_and_nothing_is_stored(channels: Channels) -> None:
    forged = channels.wa_post(wa_text(PHONE, "hallo"), signature="sha256=" + "0" * 64)
    missing = channels.wa_post(wa_text(PHONE, "hallo"), signature=None)
    assert (forged.status_code, forged.json()["error"]["code"]) == (403, "wrong_signature")
    assert (missing.status_code, missing.json()["error"]["code"]) == (401, "missing_signature")
    assert channels.rows("SELECT count(*) FROM conversations") == [(0,)]
    assert channels.rows("SELECT count(*) FROM messages") == [(0,)]


def test_a_retried_webhook_is_answered_once(channels: Channels) -> None:
    payload = wa_text(PHONE, "hoeveel verlof krijg ik?", message_id=new_wamid())
    for _ in range(3):  # Meta retries when our 200 came late
        assert channels.wa_post(payload).status_code == 200
    channels.whatsapp.wait_for(3)
    channels.settle()
    time.sleep(0.3)
    assert channels.gateway.rasa.texts_sent() == ["hoeveel verlof krijg ik?"]
    assert len(channels.whatsapp.sent) == 3
    assert channels.rows("SELECT count(*) FROM messages WHERE direction = 'in'") == [(1,)]


def test_the_number_is_stored_encrypted_and_found_again(channels: Channels) -> None:
    channels.wa_post(wa_text(PHONE, "eerste"))
    channels.wa_post(wa_text(PHONE, "tweede"))
    channels.whatsapp.wait_for(4)
    assert channels.rows("SELECT count(*) FROM conversations") == [(1,)]
    [(address_hash, secret)] = channels.rows("SELECT address_hash, address_secret FROM channel_addresses")
    assert PHONE not in address_hash and PHONE not in secret
    dump = "\n".join(
        str(row)
        for table in ("conversations", "messages", "outbox", "channel_addresses")
        for row in channels.rows(f"SELECT * FROM {table}")
    )
    assert PHONE not in dump


def test_crisis_words_get_113_first(channels: Channels) -> None:
    channels.wa_post(wa_text(PHONE, "dit is een noodgeval"))
    channels.whatsapp.wait_for(3)
    channels.settle()
    texts = channels.whatsapp.texts()
    assert texts[0] == CRISIS_TEXT  # before anything else, even the welcome of a new conversation


def test_buttons_become_reply_buttons_and_a_tap_sends_their_payload(channels: Channels) -> None:
    buttons = [
        {"title": "Mijn moeder", "payload": '/inform{"relationship":"ouder"}'},
        {"title": "Mijn partner", "payload": '/inform{"relationship":"partner"}'},
    ]
    channels.gateway.rasa.reply = bot_says({"text": "Voor wie zorg je?", "buttons": buttons})
    channels.wa_post(wa_text(PHONE, "hoi"))
    question = channels.whatsapp.wait_for(3)[2]
    assert question["type"] == "interactive" and question["interactive"]["type"] == "button"
    reply = question["interactive"]["action"]["buttons"][1]["reply"]
    assert reply["title"] == "Mijn partner" and "relationship" not in reply["id"]  # never a raw payload
    channels.wa_post(wa_button_reply(PHONE, reply["id"], reply["title"]))
    channels.whatsapp.wait_for(4)
    assert channels.gateway.rasa.texts_sent()[-1] == '/inform{"relationship":"partner"}'


def test_a_forged_button_reference_is_read_as_text(channels: Channels) -> None:
    channels.wa_post(wa_text(PHONE, "hoi"))
    channels.whatsapp.wait_for(3)
    channels.wa_post(wa_button_reply(PHONE, "b999999.0", "Ja"))
    channels.whatsapp.wait_for(4)
    assert channels.gateway.rasa.texts_sent()[-1] == "Ja"


def test_photos_voice_and_stickers_get_a_kind_line_and_never_reach_the_bot(channels: Channels) -> None:
    channels.wa_post(wa_media(PHONE, "image"))
    channels.wa_post(wa_media(PHONE, "voice"))
    channels.whatsapp.wait_for(4)
    channels.settle()
    assert channels.whatsapp.texts()[2:] == [CHANNEL_ONLY_TEXT, CHANNEL_ONLY_TEXT]
    assert channels.gateway.rasa.texts_sent() == []
    stored = [
        text for (text,) in channels.rows("SELECT text FROM messages WHERE direction = 'in' ORDER BY id")
    ]
    assert stored == [CHANNEL_MEDIA_LABELS["image"], CHANNEL_MEDIA_LABELS["voice"]]


def test_status_updates_store_nothing(channels: Channels) -> None:
    assert channels.wa_post(wa_status(PHONE, new_wamid(), "delivered")).status_code == 200
    assert channels.rows("SELECT count(*) FROM messages") == [(0,)]


def test_a_failed_status_marks_that_message_failed_for_the_desk(channels: Channels) -> None:
    channels.wa_post(wa_text(PHONE, "hallo"))
    channels.whatsapp.wait_for(3)
    channels.settle()
    answer_wamid = channels.whatsapp.wamids[2]
    channels.wa_post(wa_status(PHONE, channels.whatsapp.wamids[0], "delivered"))
    channels.wa_post(wa_status(PHONE, answer_wamid, "failed"))  # e.g. the person blocked the number
    statuses = channels.rows("SELECT status, error FROM outbox ORDER BY id")
    assert statuses == [("sent", None), ("sent", None), ("failed", "wa_131026")]


def test_a_provider_outage_loses_nothing_and_keeps_the_order(channels: Channels) -> None:
    channels.whatsapp.go_down()
    try:
        channels.wa_post(wa_text(PHONE, "een"))
        channels.wa_post(wa_text(PHONE, "twee"))
        time.sleep(1.5)  # the worker tries and backs off
        attempts = channels.rows("SELECT max(attempts) FROM outbox")[0][0]
        assert attempts >= 1
    finally:
        channels.whatsapp.come_back()
    channels.whatsapp.wait_for(4)
    channels.settle()
    assert channels.whatsapp.texts()[2:] == ["echo: een", "echo: twee"]


def test_429_and_5xx_are_tried_again(channels: Channels) -> None:
    channels.whatsapp.fail_next(2, 429, retry_after=0)
    channels.whatsapp.fail_next(1, 503)
    channels.wa_post(wa_text(PHONE, "hallo"))
    channels.whatsapp.wait_for(3)
    channels.settle()
    assert channels.whatsapp.texts()[2] == "echo: hallo"
    assert channels.rows("SELECT status FROM outbox") == [("sent",)] * 3


def test_a_refused_message_is_marked_failed_for_the_desk(channels: Channels) -> None:
    channels.whatsapp.fail_next(1, 400)
    channels.wa_post(wa_text(PHONE, "hallo"))
    channels.whatsapp.wait_for(2)
    channels.settle()
    statuses = channels.rows("SELECT status, error FROM outbox ORDER BY id")
    assert statuses[0] == ("failed", "http_400") and statuses[1:] == [("sent", None)] * 2
    [(conversation_id,)] = channels.rows("SELECT id FROM conversations")
    delivery = ChannelStore(channels.gateway.services.store.engine).delivery([conversation_id])
    assert delivery == {conversation_id: Delivery(failed=1)}  # what the desk shows


def test_a_message_stored_by_a_process_that_stopped_is_answered_later(channels: Channels) -> None:
    service = channels.gateway.services.channels
    assert service is not None
    accepted = channels.call(service.accept, ChannelMessage("whatsapp", PHONE, new_wamid(), text="hallo"))
    assert channels.gateway.rasa.texts_sent() == []  # stored; its turn never ran
    assert channels.call(service.recover, timedelta(0)) == 1
    channels.whatsapp.wait_for(3)
    assert channels.whatsapp.texts()[2] == "echo: hallo" and accepted.inbound.text == "hallo"


def test_after_24_hours_only_the_template_goes_out_until_the_person_writes(channels: Channels) -> None:
    channels.wa_post(wa_text(PHONE, "hallo"))
    channels.whatsapp.wait_for(3)
    channels.settle()
    [(conversation_id,)] = channels.rows("SELECT id FROM conversations")
    long_ago = (utcnow() - timedelta(hours=25)).isoformat()
    channels.gateway.rows("UPDATE messages SET created_at = ? WHERE direction = 'in'", long_ago)
    service = channels.gateway.services.conversations
    for text in ("Hoe gaat het nu?", "Ik ben er morgen weer."):
        channels.call(service.add_message, conversation_id, "agent", {"type": "text", "text": text})
    sent = channels.whatsapp.wait_for(4)
    channels.settle()
    time.sleep(0.3)
    assert sent[3]["type"] == "template" and len(channels.whatsapp.sent) == 4  # one template only
    assert channels.rows("SELECT status FROM outbox WHERE status = 'held'") == [("held",)] * 2
    channels.wa_post(wa_text(PHONE, "ik ben er weer"))
    channels.whatsapp.wait_for(7)
    assert channels.whatsapp.texts()[4:7] == [
        "Hoe gaat het nu?",
        "Ik ben er morgen weer.",
        "echo: ik ben er weer",
    ]


def test_wis_mijn_gegevens_erases_the_conversation_and_the_number(make_channels: ChannelsFactory) -> None:
    channels = make_channels()
    channels.wa_post(wa_text(PHONE, "hallo"))
    channels.whatsapp.wait_for(3)
    channels.gateway.rasa.reply = bot_says({"custom": {"type": "erase_request"}})
    channels.wa_post(wa_text(PHONE, "wis mijn gegevens"))
    channels.whatsapp.wait_for(4)
    assert channels.whatsapp.texts()[3] == ERASED
    for table in ("conversations", "messages", "outbox", "channel_addresses"):
        assert channels.rows(f"SELECT count(*) FROM {table}") == [(0,)], table


def test_the_web_api_cannot_start_a_whatsapp_conversation(channels: Channels) -> None:
    response = channels.gateway.client.post("/api/v1/conversations", json={"channel": "whatsapp"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "channel"


def test_an_outage_of_a_minute_loses_nothing_with_the_default_backoff(make_channels: ChannelsFactory) -> None:
    """The issue's figure: the provider is unreachable for 60 seconds while the person writes three
    times; with the default backoff (at most 30 s) everything arrives, in order, soon after."""
    channels = make_channels(outbox_backoff_max_seconds=30.0, outbox_poll_seconds=1.0)
    channels.whatsapp.go_down()
    went_down = time.monotonic()
    try:
        for text in ("een", "twee", "drie"):
            channels.wa_post(wa_text(PHONE, text))
            time.sleep(5)
        time.sleep(max(0.0, 60 - (time.monotonic() - went_down)))
        assert channels.whatsapp.sent == []
    finally:
        channels.whatsapp.come_back()
    back = time.monotonic()
    channels.whatsapp.wait_for(5, timeout=45)
    channels.settle(timeout=45)
    assert channels.whatsapp.texts()[2:] == ["echo: een", "echo: twee", "echo: drie"]
    print(f"delivered {time.monotonic() - back:.1f} s after the provider came back")
