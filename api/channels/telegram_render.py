"""Contract messages -> request bodies for the Telegram Bot API's `sendMessage`.

Plain text (no parse_mode), so nothing needs escaping; a text at most 4096 characters (counted
in UTF-16 code units, as Telegram counts, to be safe with emoji). Buttons are an inline keyboard
under the last part, one button per row, each with our own reference as callback_data (at most
64 bytes; api/channels/buttons.py), never a Rasa payload.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.channels.buttons import button_ref
from api.channels.overview_text import Outgoing, outgoing
from api.channels.splitting import split_text

TEXT_LIMIT = 4096


def _bodies(chat_id: int | str, out: Outgoing, message_id: int) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = [
        {"chat_id": chat_id, "text": part} for part in split_text(out.text, TEXT_LIMIT, utf16=True)
    ]
    if out.buttons and bodies:
        keyboard = [
            [{"text": button.title, "callback_data": button_ref(message_id, button.index)}]
            for button in out.buttons
        ]
        bodies[-1]["reply_markup"] = {"inline_keyboard": keyboard}
    return bodies


def telegram_bodies(
    chat_id: int | str, message: Mapping[str, Any], *, message_id: int, pdf_available: bool = False
) -> list[dict[str, Any]]:
    """The sendMessage bodies that send one contract message to the chat `chat_id`, in order.
    `message_id` is our stored message's id (its buttons' references); `pdf_available`: the
    sender follows a `documents: "pdf"` message with the overview PDF (sendDocument)."""
    bodies: list[dict[str, Any]] = []
    for out in outgoing(message, bold=False, pdf_available=pdf_available):
        bodies.extend(_bodies(chat_id, out, message_id))
    return bodies
