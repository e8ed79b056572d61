"""Builders of the webhook payloads WhatsApp (Cloud API) and Telegram (Bot API) send to the gateway.

Shapes follow the providers' documentation:
- WhatsApp: `{"object": "whatsapp_business_account", "entry": [{"id", "changes": [{"value":
  {"messaging_product", "metadata": {"display_phone_number", "phone_number_id"}, "contacts",
  "messages" | "statuses"}, "field": "messages"}]}]}`; interactive replies carry `context`
  (the business message that held the button) and `interactive.button_reply` / `list_reply`;
  media messages carry `{id, mime_type, sha256}` (audio also `voice`); statuses carry
  `{id, status, timestamp, recipient_id}` plus `pricing` (sent, delivered) or `errors` (failed).
  The request is signed with `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body, app secret>`.
- Telegram: an Update `{"update_id", "message" | "callback_query"}`; Message `{message_id, from,
  chat, date, text | photo | voice | sticker}`; CallbackQuery `{id, from, message, chat_instance,
  data}`.

Every builder returns a fresh dict; message ids default to unique values.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import time
import uuid
from typing import Any

Json = dict[str, Any]

WABA_ID = "102290129340398"  # the WhatsApp Business Account id in entry[].id
DISPLAY_PHONE_NUMBER = "15550783881"
PHONE_NUMBER_ID = "1234567890"  # WhatsAppStandIn's default
BOT: Json = {"id": 123456, "is_bot": True, "first_name": "Mantelwijzer", "username": "mantelwijzer_test_bot"}

_counter = itertools.count(int(time.time()) % 100_000 * 1000)


def _unique() -> int:
    return next(_counter)


def new_wamid() -> str:
    """A fresh WhatsApp message id."""
    return f"wamid.HBgL{uuid.uuid4().hex.upper()}"


def _now() -> int:
    return int(time.time())


# ---------------------------------------------------------------------------------------------
# WhatsApp


def wa_envelope(value: Json, *, phone_number_id: str = PHONE_NUMBER_ID) -> Json:
    """The `messages` webhook around one change value."""
    metadata = {"display_phone_number": DISPLAY_PHONE_NUMBER, "phone_number_id": phone_number_id}
    change = {"value": {"messaging_product": "whatsapp", "metadata": metadata, **value}, "field": "messages"}
    return {"object": "whatsapp_business_account", "entry": [{"id": WABA_ID, "changes": [change]}]}


def wa_inbound(
    from_: str,
    message: Json,
    *,
    message_id: str | None = None,
    name: str = "Test",
    phone_number_id: str = PHONE_NUMBER_ID,
) -> Json:
    """A webhook with one message from a user; `message` holds its type and content."""
    full = {"from": from_, "id": message_id or new_wamid(), "timestamp": str(_now()), **message}
    contacts = [{"profile": {"name": name}, "wa_id": from_}]
    return wa_envelope({"contacts": contacts, "messages": [full]}, phone_number_id=phone_number_id)


def wa_text(
    from_: str,
    text: str,
    *,
    message_id: str | None = None,
    name: str = "Test",
    phone_number_id: str = PHONE_NUMBER_ID,
) -> Json:
    """A text message from a user."""
    message = {"type": "text", "text": {"body": text}}
    return wa_inbound(from_, message, message_id=message_id, name=name, phone_number_id=phone_number_id)


def wa_button_reply(
    from_: str,
    reply_id: str,
    title: str,
    *,
    message_id: str | None = None,
    context_id: str | None = None,
    name: str = "Test",
    phone_number_id: str = PHONE_NUMBER_ID,
) -> Json:
    """A tap on a reply button; `context_id` is the wamid of the message that held the button."""
    interactive = {"type": "button_reply", "button_reply": {"id": reply_id, "title": title}}
    message = {"context": _context(context_id), "type": "interactive", "interactive": interactive}
    return wa_inbound(from_, message, message_id=message_id, name=name, phone_number_id=phone_number_id)


def wa_list_reply(
    from_: str,
    row_id: str,
    title: str,
    description: str | None = None,
    *,
    message_id: str | None = None,
    context_id: str | None = None,
    name: str = "Test",
    phone_number_id: str = PHONE_NUMBER_ID,
) -> Json:
    """A choice from a list message."""
    reply = {"id": row_id, "title": title}
    if description is not None:
        reply["description"] = description
    interactive = {"type": "list_reply", "list_reply": reply}
    message = {"context": _context(context_id), "type": "interactive", "interactive": interactive}
    return wa_inbound(from_, message, message_id=message_id, name=name, phone_number_id=phone_number_id)


def _context(context_id: str | None) -> Json:
    return {"from": DISPLAY_PHONE_NUMBER, "id": context_id or new_wamid()}


_WA_MEDIA: dict[str, tuple[str, Json]] = {
    # kind -> (message type, the media object's own fields besides id, mime_type and sha256)
    "image": ("image", {"mime_type": "image/jpeg"}),
    "audio": ("audio", {"mime_type": "audio/mpeg", "voice": False}),
    "voice": ("audio", {"mime_type": "audio/ogg; codecs=opus", "voice": True}),
    "sticker": ("sticker", {"mime_type": "image/webp", "animated": False}),
    "document": ("document", {"mime_type": "application/pdf", "filename": "brief.pdf"}),
    "video": ("video", {"mime_type": "video/mp4"}),
}


def wa_media(
    from_: str,
    kind: str,
    *,
    caption: str | None = None,
    message_id: str | None = None,
    name: str = "Test",
    phone_number_id: str = PHONE_NUMBER_ID,
) -> Json:
    """A media message: kind is image, audio, voice (audio with voice true), sticker, document or video."""
    if kind not in _WA_MEDIA:
        raise ValueError(f"kind must be one of {sorted(_WA_MEDIA)}, got {kind!r}")
    message_type, fields = _WA_MEDIA[kind]
    media: Json = {**fields, "sha256": hashlib.sha256(uuid.uuid4().bytes).hexdigest(), "id": str(_unique())}
    if caption is not None and message_type in ("image", "video", "document"):
        media["caption"] = caption
    message = {"type": message_type, message_type: media}
    return wa_inbound(from_, message, message_id=message_id, name=name, phone_number_id=phone_number_id)


_WA_STATUSES = ("sent", "delivered", "read", "failed")


def wa_status(
    recipient_id: str,
    wamid: str,
    status: str,
    *,
    error_code: int = 131026,
    error_title: str = "Message undeliverable",
    phone_number_id: str = PHONE_NUMBER_ID,
) -> Json:
    """A status update of a message the business sent; `failed` carries `errors`."""
    if status not in _WA_STATUSES:
        raise ValueError(f"status must be one of {_WA_STATUSES}, got {status!r}")
    entry: Json = {"id": wamid, "status": status, "timestamp": str(_now()), "recipient_id": recipient_id}
    if status in ("sent", "delivered"):
        entry["pricing"] = {
            "billable": False,
            "pricing_model": "PMP",
            "type": "free_customer_service",
            "category": "service",
        }
    if status == "failed":
        entry["errors"] = [_wa_error(error_code, error_title)]
    return wa_envelope({"statuses": [entry]}, phone_number_id=phone_number_id)


def _wa_error(code: int, title: str) -> Json:
    return {
        "code": code,
        "title": title,
        "message": title,
        "error_data": {"details": f"{title} (stand-in)"},
        "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
    }


def wa_sign(body: bytes, app_secret: str) -> str:
    """The X-Hub-Signature-256 header value for `body`: sha256=<hex HMAC-SHA256 with the app secret>."""
    return "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------------------------------
# Telegram


def tg_user(chat_id: int, first_name: str = "Test") -> Json:
    """The private user behind a private chat (their ids are equal)."""
    return {"id": chat_id, "is_bot": False, "first_name": first_name, "language_code": "nl"}


def tg_chat(chat_id: int, first_name: str = "Test") -> Json:
    return {"id": chat_id, "first_name": first_name, "type": "private"}


def tg_update(
    update_id: int, chat_id: int, content: Json, *, message_id: int | None = None, first_name: str = "Test"
) -> Json:
    """An Update with one Message from the user; `content` holds text, photo, voice or sticker."""
    message = {
        "message_id": message_id if message_id is not None else _unique(),
        "from": tg_user(chat_id, first_name),
        "chat": tg_chat(chat_id, first_name),
        "date": _now(),
        **content,
    }
    return {"update_id": update_id, "message": message}


def tg_message(
    update_id: int, chat_id: int, text: str, *, message_id: int | None = None, first_name: str = "Test"
) -> Json:
    """A text message; a leading /command gets its bot_command entity, as Telegram sends it."""
    content: Json = {"text": text}
    if text.startswith("/"):
        command = text.split()[0]
        content["entities"] = [{"offset": 0, "length": len(command), "type": "bot_command"}]
    return tg_update(update_id, chat_id, content, message_id=message_id, first_name=first_name)


def tg_callback(
    update_id: int,
    chat_id: int,
    data: str,
    *,
    message_id: int = 1,
    query_id: str | None = None,
    first_name: str = "Test",
) -> Json:
    """A tap on an inline keyboard button of the bot's message `message_id`."""
    chat = tg_chat(chat_id, first_name)
    bot_message = {"message_id": message_id, "from": dict(BOT), "chat": chat, "date": _now(), "text": "Kies:"}
    query = {
        "id": query_id or str(_unique() * 1000 + 7),
        "from": tg_user(chat_id, first_name),
        "message": bot_message,
        "chat_instance": str(-chat_id * 7919),
        "data": data,
    }
    return {"update_id": update_id, "callback_query": query}


def _tg_file(size: int) -> Json:
    return {"file_id": f"AgAC{uuid.uuid4().hex}", "file_unique_id": uuid.uuid4().hex[:16], "file_size": size}


def tg_photo(
    update_id: int, chat_id: int, *, message_id: int | None = None, caption: str | None = None
) -> Json:
    """A photo: PhotoSize objects, smallest first."""
    sizes = [
        {**_tg_file(1_200), "width": 90, "height": 67},
        {**_tg_file(48_000), "width": 800, "height": 600},
    ]
    content: Json = {"photo": sizes}
    if caption is not None:
        content["caption"] = caption
    return tg_update(update_id, chat_id, content, message_id=message_id)


def tg_voice(update_id: int, chat_id: int, *, message_id: int | None = None) -> Json:
    """A voice note."""
    voice = {**_tg_file(9_800), "duration": 3, "mime_type": "audio/ogg"}
    return tg_update(update_id, chat_id, {"voice": voice}, message_id=message_id)


def tg_sticker(update_id: int, chat_id: int, *, message_id: int | None = None) -> Json:
    """A (static, regular) sticker."""
    sticker = {
        **_tg_file(22_000),
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "\U0001f44d",
    }
    return tg_update(update_id, chat_id, {"sticker": sticker}, message_id=message_id)
