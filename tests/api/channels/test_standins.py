"""The provider stand-ins accept documented shapes, refuse wrong ones, fail on demand and go down;
the webhook builders produce the documented payloads."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.channels import webhooks
from tests.api.channels.standins import StandIn, TelegramStandIn, WhatsAppStandIn

Json = dict[str, Any]
WA_AUTH = {"Authorization": "Bearer wa-test-token"}
TG_TOKEN = "123456:test-token"


# One server per provider for the module (stopping one takes ~0.2 s); each test starts from reset().


@pytest.fixture(scope="module")
def wa_server() -> Iterator[WhatsAppStandIn]:
    with WhatsAppStandIn() as standin:
        yield standin


@pytest.fixture(scope="module")
def tg_server() -> Iterator[TelegramStandIn]:
    with TelegramStandIn() as standin:
        yield standin


@pytest.fixture
def wa(wa_server: WhatsAppStandIn) -> WhatsAppStandIn:
    wa_server.reset()
    return wa_server


@pytest.fixture
def tg(tg_server: TelegramStandIn) -> TelegramStandIn:
    tg_server.reset()
    return tg_server


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """One client for the module: building one (its TLS context) takes ~0.1-0.3 s."""
    with httpx.Client(timeout=5) as http:
        yield http


def wa_send(client: httpx.Client, wa: WhatsAppStandIn, body: Json, **kwargs: Any) -> httpx.Response:
    headers = kwargs.pop("headers", WA_AUTH)
    return client.post(f"{wa.base_url}/{wa.phone_number_id}/messages", json=body, headers=headers, **kwargs)


def tg_call(client: httpx.Client, tg: TelegramStandIn, method: str, **kwargs: Any) -> httpx.Response:
    return client.post(f"{tg.base_url}/bot{TG_TOKEN}/{method}", **kwargs)


def wa_message(kind: str, content: Json) -> Json:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "31612345678",
        "type": kind,
        kind: content,
    }


def buttons(*titles: str) -> Json:
    replies = [
        {"type": "reply", "reply": {"id": f"id-{i}", "title": title}} for i, title in enumerate(titles)
    ]
    return {"type": "button", "body": {"text": "Wat wilt u doen?"}, "action": {"buttons": replies}}


def list_message(rows: int = 3, sections: int = 1) -> Json:
    def section(s: int) -> Json:
        items = [{"id": f"r{s}-{r}", "title": f"Optie {r}", "description": "Uitleg"} for r in range(rows)]
        return {"title": f"Deel {s}", "rows": items}

    action = {"button": "Kies", "sections": [section(s) for s in range(sections)]}
    return {
        "type": "list",
        "header": {"type": "text", "text": "Regelingen"},
        "body": {"text": "Kies er een"},
        "action": action,
    }


VALID_WA = {
    "text": wa_message("text", {"body": "Hallo mantelzorger", "preview_url": False}),
    "buttons": wa_message("interactive", buttons("Ja", "Nee", "Weet ik niet")),
    "list": wa_message("interactive", list_message(rows=5, sections=2)),
    "template": wa_message("template", {"name": "herinnering", "language": {"code": "nl"}}),
    "document": wa_message(
        "document", {"link": "https://example.org/brief.pdf", "filename": "brief.pdf", "caption": "Uw brief"}
    ),
}
VISIBLE = {
    "text": "Hallo mantelzorger",
    "buttons": "Wat wilt u doen?",
    "list": "Kies er een",
    "template": "herinnering",
    "document": "Uw brief",
}


def list_of(*sections: Json, button: str = "Kies") -> Json:
    """A list message with exactly these sections."""
    return wa_message(
        "interactive", {**list_message(), "action": {"button": button, "sections": list(sections)}}
    )


def without(body: Json, key: str) -> Json:
    body = copy.deepcopy(body)
    del body[key]
    return body


WRONG_WA = {
    "four buttons": wa_message("interactive", buttons("A", "B", "C", "D")),
    "title of 21 characters": wa_message("interactive", buttons("x" * 21)),
    "duplicate titles": wa_message("interactive", buttons("Ja", "Ja")),
    "no messaging_product": without(VALID_WA["text"], "messaging_product"),
    "to with a plus": {**VALID_WA["text"], "to": "+31612345678"},
    "empty text": wa_message("text", {"body": ""}),
    "text of 4097 characters": wa_message("text", {"body": "x" * 4097}),
    "11 rows": wa_message("interactive", list_message(rows=11)),
    "untitled sections": list_of(
        {"rows": [{"id": "a", "title": "A"}]}, {"rows": [{"id": "b", "title": "B"}]}
    ),
    "row title of 25 characters": list_of({"rows": [{"id": "a", "title": "x" * 25}]}),
    "list button of 21 characters": list_of({"rows": [{"id": "a", "title": "A"}]}, button="x" * 21),
    "unknown type": wa_message("image", {"link": "https://example.org/a.png"}),
    "template without language": wa_message("template", {"name": "herinnering"}),
    "document with link and id": wa_message("document", {"link": "https://example.org/a.pdf", "id": "1"}),
}


# --------------------------------------------------------------------------------------------- WhatsApp


@pytest.mark.parametrize("name", list(VALID_WA))
def test_whatsapp_accepts_documented_messages(wa: WhatsAppStandIn, client: httpx.Client, name: str) -> None:
    response = wa_send(client, wa, VALID_WA[name])

    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["messaging_product"] == "whatsapp"
    assert answer["contacts"] == [{"input": "31612345678", "wa_id": "31612345678"}]
    assert answer["messages"][0]["id"].startswith("wamid.")
    assert wa.sent == [VALID_WA[name]]
    assert wa.wamids == [answer["messages"][0]["id"]]
    assert wa.texts() == [VISIBLE[name]]
    assert wa.rejected == []


@pytest.mark.parametrize("name", list(WRONG_WA))
def test_whatsapp_refuses_wrong_shapes(wa: WhatsAppStandIn, client: httpx.Client, name: str) -> None:
    response = wa_send(client, wa, WRONG_WA[name])

    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["type"] == "OAuthException"
    assert error["code"] == 100
    assert error["fbtrace_id"]
    assert error["error_data"]["details"]
    assert wa.sent == []
    assert wa.rejected == [(400, WRONG_WA[name])]
    assert len(wa.refusals) == 1


def test_whatsapp_refuses_a_wrong_token(wa: WhatsAppStandIn, client: httpx.Client) -> None:
    response = wa_send(client, wa, VALID_WA["text"], headers={"Authorization": "Bearer wrong"})
    missing = wa_send(client, wa, VALID_WA["text"], headers={})

    assert (response.status_code, missing.status_code) == (401, 401)
    assert response.json()["error"]["code"] == 190
    assert response.json()["error"]["type"] == "OAuthException"
    assert [status for status, _ in wa.rejected] == [401, 401]
    assert wa.sent == []


def test_whatsapp_refuses_a_wrong_path_and_content_type(wa: WhatsAppStandIn, client: httpx.Client) -> None:
    other_number = client.post(f"{wa.base_url}/999/messages", json=VALID_WA["text"], headers=WA_AUTH)
    not_json = client.post(
        f"{wa.base_url}/{wa.phone_number_id}/messages",
        content=json.dumps(VALID_WA["text"]),
        headers={**WA_AUTH, "Content-Type": "text/plain"},
    )
    unknown = client.get(f"{wa.base_url}/{wa.phone_number_id}/nothing", headers=WA_AUTH)

    assert other_number.status_code == 400
    assert other_number.json()["error"]["error_subcode"] == 33
    assert not_json.status_code == 400
    assert unknown.status_code == 400
    assert len(wa.rejected) == 3
    assert wa.sent == []


def test_whatsapp_uploads_a_document(wa: WhatsAppStandIn, client: httpx.Client) -> None:
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 4
    response = client.post(
        f"{wa.base_url}/{wa.phone_number_id}/media",
        data={"messaging_product": "whatsapp", "type": "application/pdf"},
        files={"file": ("overzicht.pdf", pdf, "application/pdf")},
        headers=WA_AUTH,
    )

    assert response.status_code == 200, response.text
    media_id = response.json()["id"]
    assert wa.uploads == [
        {
            "id": media_id,
            "filename": "overzicht.pdf",
            "content_type": "application/pdf",
            "type": "application/pdf",
            "size": len(pdf),
        }
    ]
    sent = wa_send(client, wa, wa_message("document", {"id": media_id, "filename": "overzicht.pdf"}))
    assert sent.status_code == 200
    assert wa.texts() == ["overzicht.pdf"]


def test_whatsapp_fails_on_demand_then_succeeds(wa: WhatsAppStandIn, client: httpx.Client) -> None:
    wa.fail_next(1, 429, retry_after=3)
    wa.fail_next(1, 500)

    limited = wa_send(client, wa, VALID_WA["text"])
    broken = wa_send(client, wa, VALID_WA["text"])
    fine = wa_send(client, wa, VALID_WA["text"])

    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "3"
    error = limited.json()["error"]
    assert (error["code"], error["type"], error["message"]) == (
        130429,
        "OAuthException",
        "(#130429) Rate limit hit",
    )
    assert error["error_data"]["messaging_product"] == "whatsapp"
    assert broken.status_code == 500
    assert broken.json()["error"]["code"] == 131000
    assert fine.status_code == 200
    assert len(wa.sent) == 1
    assert len(wa.failed) == 2
    assert wa.rejected == []


# --------------------------------------------------------------------------------------------- Telegram


KEYBOARD = {
    "inline_keyboard": [
        [{"text": "Ja", "callback_data": "ja"}],
        [{"text": "Meer", "url": "https://example.org"}],
    ]
}
VALID_TG = {"chat_id": 4242, "text": "Hallo mantelzorger", "parse_mode": "HTML", "reply_markup": KEYBOARD}


def keyboard_of(button: Json) -> Json:
    return {"chat_id": 4242, "text": "Kies", "reply_markup": {"inline_keyboard": [[button]]}}


WRONG_TG = {
    "callback_data of 65 bytes": keyboard_of({"text": "Ja", "callback_data": "x" * 65}),
    "callback_data of 66 bytes in 33 characters": keyboard_of({"text": "Ja", "callback_data": "é" * 33}),
    "empty callback_data": keyboard_of({"text": "Ja", "callback_data": ""}),
    "callback_data and url": keyboard_of({"text": "Ja", "callback_data": "ja", "url": "https://example.org"}),
    "no action": keyboard_of({"text": "Ja"}),
    "keyboard not rows": {
        **keyboard_of({}),
        "reply_markup": {"inline_keyboard": [{"text": "Ja", "callback_data": "j"}]},
    },
    "no chat_id": {"text": "Hallo"},
    "empty text": {"chat_id": 4242, "text": ""},
    "text of 4097 characters": {"chat_id": 4242, "text": "x" * 4097},
    "unknown parse_mode": {"chat_id": 4242, "text": "Hallo", "parse_mode": "html5"},
}


def test_telegram_accepts_a_message_with_a_keyboard(tg: TelegramStandIn, client: httpx.Client) -> None:
    first = tg_call(client, tg, "sendMessage", json=VALID_TG)
    second = tg_call(client, tg, "sendMessage", json={"chat_id": "4242", "text": "Nog iets"})

    assert first.status_code == 200, first.text
    assert first.json()["ok"] is True
    message = first.json()["result"]
    assert message["chat"] == {"id": 4242, "type": "private"}
    assert message["text"] == "Hallo mantelzorger"
    assert message["reply_markup"] == KEYBOARD
    assert isinstance(message["date"], int)
    assert second.json()["result"]["message_id"] > message["message_id"]
    assert tg.sent == [VALID_TG, {"chat_id": "4242", "text": "Nog iets"}]
    assert tg.texts() == ["Hallo mantelzorger", "Nog iets"]
    assert tg.rejected == []


@pytest.mark.parametrize("name", list(WRONG_TG))
def test_telegram_refuses_wrong_shapes(tg: TelegramStandIn, client: httpx.Client, name: str) -> None:
    response = tg_call(client, tg, "sendMessage", json=WRONG_TG[name])

    assert response.status_code == 400, response.text
    body = response.json()
    assert body["ok"] is False
    assert body["error_code"] == 400
    assert body["description"].startswith("Bad Request: ")
    assert tg.sent == []
    assert tg.rejected == [(400, WRONG_TG[name])]


def test_telegram_refuses_a_wrong_token_and_unknown_methods(
    tg: TelegramStandIn, client: httpx.Client
) -> None:
    wrong = client.post(f"{tg.base_url}/bot999:other/sendMessage", json=VALID_TG)
    unknown = tg_call(client, tg, "sendTelepathy", json={})

    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert unknown.status_code == 404
    assert [status for status, _ in tg.rejected] == [401, 404]
    assert tg.sent == []


def test_telegram_answers_callbacks_and_sets_webhooks(tg: TelegramStandIn, client: httpx.Client) -> None:
    answered = tg_call(client, tg, "answerCallbackQuery", json={"callback_query_id": "77"})
    as_json = tg_call(
        client, tg, "setWebhook", json={"url": "https://gw.example/tg", "secret_token": "s3cret_-X"}
    )
    as_form = tg_call(client, tg, "setWebhook", data={"url": "http://127.0.0.1:8000/tg"})
    no_query = tg_call(client, tg, "answerCallbackQuery", json={})
    bad_secret = tg_call(
        client, tg, "setWebhook", json={"url": "https://gw.example/tg", "secret_token": "not allowed!"}
    )

    assert [r.status_code for r in (answered, as_json, as_form)] == [200, 200, 200]
    assert answered.json() == {"ok": True, "result": True}
    assert tg.callback_answers == [{"callback_query_id": "77"}]
    assert tg.webhooks == [
        {"url": "https://gw.example/tg", "secret_token": "s3cret_-X"},
        {"url": "http://127.0.0.1:8000/tg"},
    ]
    assert (no_query.status_code, bad_secret.status_code) == (400, 400)
    assert len(tg.rejected) == 2


def test_telegram_takes_a_document(tg: TelegramStandIn, client: httpx.Client) -> None:
    response = tg_call(
        client,
        tg,
        "sendDocument",
        data={"chat_id": "4242", "caption": "Uw overzicht"},
        files={"document": ("overzicht.pdf", b"%PDF-1.7 data", "application/pdf")},
    )

    assert response.status_code == 200, response.text
    assert response.json()["result"]["document"]["file_name"] == "overzicht.pdf"
    assert tg.documents == [
        {
            "chat_id": "4242",
            "filename": "overzicht.pdf",
            "content_type": "application/pdf",
            "size": 13,
            "caption": "Uw overzicht",
            "message_id": response.json()["result"]["message_id"],
        }
    ]


def test_telegram_fails_on_demand_then_succeeds(tg: TelegramStandIn, client: httpx.Client) -> None:
    tg.fail_next(1, 429, retry_after=7)
    tg.fail_next(1, 502)

    limited = tg_call(client, tg, "sendMessage", json=VALID_TG)
    broken = tg_call(client, tg, "sendMessage", json=VALID_TG)
    fine = tg_call(client, tg, "sendMessage", json=VALID_TG)

    assert limited.status_code == 429
    assert limited.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    assert broken.status_code == 502
    assert broken.json() == {"ok": False, "error_code": 502, "description": "Bad Gateway"}
    assert fine.status_code == 200
    assert len(tg.sent) == 1


# --------------------------------------------------------------------------------------------- both


def send_one(standin: StandIn, client: httpx.Client, text: str) -> httpx.Response:
    if isinstance(standin, WhatsAppStandIn):
        return wa_send(client, standin, wa_message("text", {"body": text}))
    assert isinstance(standin, TelegramStandIn)
    return tg_call(client, standin, "sendMessage", json={"chat_id": 1, "text": text})


@pytest.fixture(params=["whatsapp", "telegram"])
def standin(request: pytest.FixtureRequest, wa: WhatsAppStandIn, tg: TelegramStandIn) -> StandIn:
    return wa if request.param == "whatsapp" else tg


def test_start_and_stop_as_a_context_manager(client: httpx.Client) -> None:
    standin = WhatsAppStandIn(token="other", phone_number_id="42", version="v99.0")
    with pytest.raises(RuntimeError):
        standin.base_url  # noqa: B018  (not started: no port yet)

    with standin:
        assert standin.base_url == f"http://127.0.0.1:{standin.port}/v99.0"
        body = wa_message("text", {"body": "hoi"})
        sent = client.post(
            f"{standin.base_url}/42/messages", json=body, headers={"Authorization": "Bearer other"}
        )
        assert sent.status_code == 200

    with pytest.raises(httpx.ConnectError):
        client.post(f"{standin.base_url}/42/messages", json=body, headers={"Authorization": "Bearer other"})


def test_go_down_refuses_connections_and_come_back_serves_the_same_port(
    standin: StandIn, client: httpx.Client
) -> None:
    base_url = standin.base_url
    assert send_one(standin, client, "voor").status_code == 200

    standin.go_down()
    with pytest.raises(httpx.ConnectError):
        send_one(standin, client, "tijdens")
    standin.come_back()

    assert standin.base_url == base_url
    assert send_one(standin, client, "na").status_code == 200
    assert standin.texts() == ["voor", "na"]


def test_wait_for_returns_what_arrives_from_elsewhere(standin: StandIn, client: httpx.Client) -> None:
    thread = threading.Timer(0.2, send_one, args=(standin, client, "later"))
    thread.start()
    try:
        sent = standin.wait_for(1, timeout=5)
    finally:
        thread.join()
    assert standin.visible_text(sent[0]) == "later"


def test_wait_for_times_out_with_what_was_sent(standin: StandIn, client: httpx.Client) -> None:
    send_one(standin, client, "alleen dit")

    with pytest.raises(AssertionError) as raised:
        standin.wait_for(2, timeout=0.3)

    message = str(raised.value)
    assert "expected at least 2" in message
    assert "got 1" in message
    assert "alleen dit" in message


def test_reset_forgets_everything(wa: WhatsAppStandIn, client: httpx.Client) -> None:
    wa_send(client, wa, VALID_WA["text"])
    wa_send(client, wa, WRONG_WA["four buttons"])
    wa.fail_next(2)

    wa.reset()

    assert (wa.sent, wa.rejected, wa.refusals, wa.wamids) == ([], [], [], [])
    assert wa_send(client, wa, VALID_WA["text"]).status_code == 200


# --------------------------------------------------------------------------------------------- webhooks


def only_change(payload: Json) -> Json:
    assert payload["object"] == "whatsapp_business_account"
    [entry] = payload["entry"]
    assert entry["id"]
    [change] = entry["changes"]
    assert change["field"] == "messages"
    value = change["value"]
    assert value["messaging_product"] == "whatsapp"
    assert set(value["metadata"]) == {"display_phone_number", "phone_number_id"}
    return dict(value)


def only_message(payload: Json) -> Json:
    value = only_change(payload)
    [contact] = value["contacts"]
    [message] = value["messages"]
    assert contact["wa_id"] == message["from"]
    assert message["id"].startswith("wamid.")
    assert message["timestamp"].isdigit()
    return dict(message)


def test_wa_text_has_the_documented_fields() -> None:
    payload = webhooks.wa_text("31612345678", "Hallo", name="Anja", phone_number_id="555")

    value = only_change(payload)
    assert value["metadata"]["phone_number_id"] == "555"
    assert value["contacts"] == [{"profile": {"name": "Anja"}, "wa_id": "31612345678"}]
    message = only_message(payload)
    assert (message["from"], message["type"], message["text"]) == ("31612345678", "text", {"body": "Hallo"})


def test_builders_return_fresh_dicts_with_unique_ids() -> None:
    first, second = webhooks.wa_text("316", "a"), webhooks.wa_text("316", "a")
    first["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = "changed"

    assert only_message(second)["text"]["body"] == "a"
    assert only_message(first)["id"] != only_message(second)["id"]
    assert only_message(webhooks.wa_text("316", "a", message_id="wamid.fixed"))["id"] == "wamid.fixed"
    tg_ids = {webhooks.tg_message(1, 5, "a")["message"]["message_id"] for _ in range(3)}
    assert len(tg_ids) == 3


def test_wa_replies_carry_context_and_interactive() -> None:
    button = only_message(webhooks.wa_button_reply("316", "ja", "Ja", context_id="wamid.ctx"))
    choice = only_message(webhooks.wa_list_reply("316", "r1", "Respijtzorg", "Even vrij"))

    assert button["context"] == {"from": webhooks.DISPLAY_PHONE_NUMBER, "id": "wamid.ctx"}
    assert button["type"] == "interactive"
    assert button["interactive"] == {"type": "button_reply", "button_reply": {"id": "ja", "title": "Ja"}}
    assert choice["interactive"] == {
        "type": "list_reply",
        "list_reply": {"id": "r1", "title": "Respijtzorg", "description": "Even vrij"},
    }
    assert choice["context"]["id"].startswith("wamid.")


@pytest.mark.parametrize(
    ("kind", "message_type"),
    [
        (kind, "audio" if kind == "voice" else kind)
        for kind in ("image", "audio", "voice", "sticker", "document", "video")
    ],
)
def test_wa_media_has_the_media_object(kind: str, message_type: str) -> None:
    message = only_message(webhooks.wa_media("316", kind))

    assert message["type"] == message_type
    media = message[message_type]
    assert {"id", "mime_type", "sha256"} <= set(media)
    if message_type == "audio":
        assert media["voice"] is (kind == "voice")


def test_wa_status_has_the_documented_fields() -> None:
    delivered = only_change(webhooks.wa_status("316", "wamid.x", "delivered"))["statuses"][0]
    failed = only_change(webhooks.wa_status("316", "wamid.x", "failed"))["statuses"][0]

    assert {key: delivered[key] for key in ("id", "status", "recipient_id")} == {
        "id": "wamid.x",
        "status": "delivered",
        "recipient_id": "316",
    }
    assert delivered["timestamp"].isdigit()
    assert "errors" not in delivered
    [error] = failed["errors"]
    assert {"code", "title", "message", "error_data", "href"} <= set(error)
    with pytest.raises(ValueError):
        webhooks.wa_status("316", "wamid.x", "lost")


def test_wa_sign_matches_an_independent_hmac() -> None:
    body = json.dumps(webhooks.wa_text("316", "Hallo")).encode()

    expected = hmac.new(b"app-secret", body, hashlib.sha256).hexdigest()
    assert webhooks.wa_sign(body, "app-secret") == f"sha256={expected}"


def test_tg_message_and_callback_have_the_documented_fields() -> None:
    update = webhooks.tg_message(10, 4242, "/start", first_name="Anja")
    callback = webhooks.tg_callback(11, 4242, "ja", message_id=5, query_id="q1")

    assert update["update_id"] == 10
    message = update["message"]
    assert message["from"] == {"id": 4242, "is_bot": False, "first_name": "Anja", "language_code": "nl"}
    assert message["chat"] == {"id": 4242, "first_name": "Anja", "type": "private"}
    assert (message["text"], isinstance(message["date"], int)) == ("/start", True)
    assert message["entities"] == [{"offset": 0, "length": 6, "type": "bot_command"}]
    query = callback["callback_query"]
    assert (callback["update_id"], query["id"], query["data"]) == (11, "q1", "ja")
    assert query["from"]["id"] == 4242
    assert query["message"]["message_id"] == 5
    assert query["message"]["chat"]["id"] == 4242
    assert query["chat_instance"]


def test_tg_media_updates() -> None:
    photo = webhooks.tg_photo(1, 7)["message"]["photo"]
    voice = webhooks.tg_voice(2, 7)["message"]["voice"]
    sticker = webhooks.tg_sticker(3, 7)["message"]["sticker"]

    assert all({"file_id", "file_unique_id", "width", "height"} <= set(size) for size in photo)
    assert {"file_id", "file_unique_id", "duration", "mime_type"} <= set(voice)
    assert {"file_id", "file_unique_id", "type", "width", "height", "is_animated", "is_video"} <= set(sticker)
