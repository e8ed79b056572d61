"""The providers' webhook payloads -> the messages they carry (`ChannelMessage`). Anything else
(delivery statuses, reactions, group chats, edits) carries nothing for the conversation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.channels.service import ChannelMessage
from api.contract import Channel

# WhatsApp message types that are not text: never downloaded, the person is asked to type
_WA_MEDIA = {"image", "audio", "video", "document", "sticker", "location", "contacts"}
_TG_MEDIA = ("photo", "voice", "audio", "video", "video_note", "document", "sticker", "location", "contact")


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _whatsapp_message(raw: Mapping[str, Any]) -> ChannelMessage | None:
    sender, message_id, kind = raw.get("from"), raw.get("id"), raw.get("type")
    if not isinstance(sender, str) or not sender.isdigit() or not isinstance(message_id, str):
        return None
    base = {"channel": Channel.WHATSAPP, "address": sender, "provider_id": message_id}
    if kind == "text":
        body = _dict(raw.get("text")).get("body")
        return ChannelMessage(**base, text=body) if isinstance(body, str) else None
    if kind == "interactive":
        interactive = _dict(raw.get("interactive"))
        reply = _dict(interactive.get(interactive.get("type") or ""))  # button_reply or list_reply
        ref, title = reply.get("id"), reply.get("title")
        if isinstance(ref, str):
            return ChannelMessage(
                **base, button_ref=ref, button_title=title if isinstance(title, str) else None
            )
        return None
    if kind == "button":  # a template's quick reply: its text is what the person chose
        text = _dict(raw.get("button")).get("text")
        return ChannelMessage(**base, text=text) if isinstance(text, str) else None
    if kind == "audio" and _dict(raw.get("audio")).get("voice"):
        return ChannelMessage(**base, media="voice")
    if kind in _WA_MEDIA:
        return ChannelMessage(**base, media=str(kind))
    return None  # reactions, unsupported, system messages


def whatsapp_messages(payload: Any, phone_number_id: str) -> list[ChannelMessage]:
    """The messages in a Cloud API webhook (`entry[].changes[].value.messages[]`) sent to our
    number (another number of the same Meta app is not ours to answer)."""
    messages = []
    for entry in _list(_dict(payload).get("entry")):
        for change in _list(_dict(entry).get("changes")):
            value = _dict(_dict(change).get("value"))
            if _dict(change).get("field") != "messages":
                continue
            if _dict(value.get("metadata")).get("phone_number_id") != phone_number_id:
                continue
            for raw in _list(value.get("messages")):
                message = _whatsapp_message(_dict(raw))
                if message is not None:
                    messages.append(message)
    return messages


def whatsapp_failures(payload: Any) -> list[tuple[str, str]]:
    """(wamid, error code) of each "failed" status in a webhook: a message WhatsApp could not
    deliver (e.g. the person blocked the number). Other statuses (sent, delivered, read) change nothing."""
    failures = []
    for entry in _list(_dict(payload).get("entry")):
        for change in _list(_dict(entry).get("changes")):
            for status in _list(_dict(_dict(change).get("value")).get("statuses")):
                status = _dict(status)
                wamid = status.get("id")
                if status.get("status") == "failed" and isinstance(wamid, str):
                    errors = _list(status.get("errors"))
                    code = _dict(errors[0]).get("code") if errors else None
                    failures.append((wamid, f"wa_{code}" if isinstance(code, int) else "wa_failed"))
    return failures


def telegram_messages(update: Any) -> tuple[list[ChannelMessage], str | None]:
    """The message in a Bot API update, and the id of a callback query to answer (a pressed button).
    Only private chats: the assistant is a one-to-one conversation."""
    update = _dict(update)
    update_id = update.get("update_id")
    if not isinstance(update_id, int):
        return [], None
    provider_id = str(update_id)
    callback = _dict(update.get("callback_query"))
    if callback:
        chat = _dict(_dict(callback.get("message")).get("chat"))
        query_id, data = callback.get("id"), callback.get("data")
        query = query_id if isinstance(query_id, str) else None
        if chat.get("type") != "private" or not isinstance(chat.get("id"), int) or not isinstance(data, str):
            return [], query
        message = ChannelMessage(Channel.TELEGRAM, str(chat["id"]), provider_id, button_ref=data)
        return [message], query
    raw = _dict(update.get("message"))
    chat = _dict(raw.get("chat"))
    if chat.get("type") != "private" or not isinstance(chat.get("id"), int):
        return [], None
    address = str(chat["id"])
    if isinstance(raw.get("text"), str):
        return [ChannelMessage(Channel.TELEGRAM, address, provider_id, text=raw["text"])], None
    for kind in _TG_MEDIA:
        if kind in raw:
            media = {"photo": "image", "video_note": "video", "contact": "contacts"}.get(kind, kind)
            return [ChannelMessage(Channel.TELEGRAM, address, provider_id, media=media)], None
    return [], None
