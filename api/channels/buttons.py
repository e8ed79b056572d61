"""A button's reference on a messaging channel: which stored message, which of its buttons.

Raw Rasa payloads ('/inform{"relationship":"parent"}') never go to WhatsApp or Telegram: a button
carries only `b<message_id>.<index>`, and the webhook looks the payload up in our own stored
message. The reference fits Telegram's callback_data (1-64 bytes) and WhatsApp's reply id (at
most 256 characters) and list row id (at most 200) for any 64-bit message id.
"""

from __future__ import annotations

import re

#: The largest message id a reference may carry: any 64-bit id, signed or unsigned.
MAX_MESSAGE_ID = 2**64 - 1
#: Buttons per message are few; the index is bounded so a reference stays short.
MAX_INDEX = 9_999
#: Telegram's callback_data limit, in bytes (a reference is ASCII: bytes = characters).
MAX_REF_LENGTH = 64

_PREFIX = "b"
# Canonical form only (no sign, no leading zeros, ASCII digits), so every reference has one spelling.
_REF = re.compile(r"b(0|[1-9][0-9]{0,19})\.(0|[1-9][0-9]{0,3})", re.ASCII)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def button_ref(message_id: int, index: int) -> str:
    """The reference of button `index` (0-based) of our stored message `message_id`.

    Raises ValueError for a negative or too large id or index: those are programming errors."""
    if not _is_int(message_id) or not 0 <= message_id <= MAX_MESSAGE_ID:
        raise ValueError(f"message_id must be an integer from 0 to {MAX_MESSAGE_ID}")
    if not _is_int(index) or not 0 <= index <= MAX_INDEX:
        raise ValueError(f"index must be an integer from 0 to {MAX_INDEX}")
    return f"{_PREFIX}{message_id}.{index}"


def parse_button_ref(ref: str) -> tuple[int, int] | None:
    """(message_id, index) of a reference made by button_ref; None for anything else (malformed,
    negative, too long, another bot's data), so the webhook can ignore it without raising."""
    if not isinstance(ref, str) or len(ref) > MAX_REF_LENGTH:
        return None
    match = _REF.fullmatch(ref)
    if match is None:
        return None
    message_id, index = int(match.group(1)), int(match.group(2))
    if message_id > MAX_MESSAGE_ID:
        return None
    return message_id, index
