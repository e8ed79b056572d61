"""Contract messages -> request bodies for the WhatsApp Cloud API, `POST {api}/{phone_number_id}/messages`.

Limits (Cloud API, interactive and text messages): a text body at most 4096 characters; an
interactive body at most 1024; reply buttons 1-3, each title at most 20 characters and unique,
id at most 256; a list: its button label at most 20, at most 10 rows, a row title at most 24,
description at most 72, id at most 200, a section title at most 24. Button ids are our own
references (api/channels/buttons.py), never Rasa payloads.

Reply buttons are used when every title fits in 20 characters; otherwise, and for 4 or more
buttons, a list, whose rows show the full title (shortened to 24, the whole title below it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from api import texts
from api.channels.buttons import button_ref
from api.channels.overview_text import Button, Outgoing, has_web_address, outgoing
from api.channels.splitting import split_last, split_text

TEXT_LIMIT = 4096
INTERACTIVE_BODY_LIMIT = 1024
REPLY_BUTTONS = 3
REPLY_TITLE_LIMIT = 20
LIST_ROWS = 10
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
LIST_BUTTON_LIMIT = 20
SECTION_TITLE_LIMIT = 24
ELLIPSIS = "…"


def shorten(title: str, limit: int) -> str:
    """`title` within `limit` characters: cut on a word bound where one is near, with "…"."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    room = title[: limit - len(ELLIPSIS) + 1]  # one more: a space right after the cut is a word bound
    space = room.rfind(" ")
    cut = room[:space] if space >= (limit - len(ELLIPSIS)) // 2 else room[:-1]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


def unique_titles(titles: Sequence[str], limit: int) -> list[str]:
    """Each title within `limit`, no two the same (ignoring case): a title that would repeat an
    earlier one gets a number, "Meer over: Kortdu… (2)"."""
    out: list[str] = []
    taken: set[str] = set()
    for title in titles:
        short = shorten(title, limit)
        number = 1
        while short.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            short = shorten(title, limit - len(suffix)) + suffix
        taken.add(short.casefold())
        out.append(short)
    return out


def _envelope(to: str) -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}


def _text_body(to: str, part: str) -> dict[str, Any]:
    return {**_envelope(to), "type": "text", "text": {"body": part, "preview_url": has_web_address(part)}}


def _reply_buttons(buttons: Sequence[Button], message_id: int) -> dict[str, Any]:
    titles = unique_titles([button.title for button in buttons], REPLY_TITLE_LIMIT)
    return {
        "type": "button",
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": button_ref(message_id, button.index), "title": title}}
                for button, title in zip(buttons, titles, strict=True)
            ]
        },
    }


def _list(buttons: Sequence[Button], message_id: int) -> dict[str, Any]:
    titles = unique_titles([button.title for button in buttons], ROW_TITLE_LIMIT)
    rows = []
    for button, title in zip(buttons, titles, strict=True):
        row = {"id": button_ref(message_id, button.index), "title": title}
        if title != button.title:
            row["description"] = shorten(button.title, ROW_DESCRIPTION_LIMIT)
        rows.append(row)
    return {
        "type": "list",
        "action": {
            "button": shorten(texts.CHANNEL_LIST_BUTTON, LIST_BUTTON_LIMIT),
            "sections": [{"title": shorten(texts.CHANNEL_LIST_SECTION, SECTION_TITLE_LIMIT), "rows": rows}],
        },
    }


def _numbered(buttons: Sequence[Button], first: int) -> str:
    lines = [f"{number}. {button.title}" for number, button in enumerate(buttons, start=first)]
    return "\n".join([texts.CHANNEL_MORE_ANSWERS, *lines])


def _with_buttons(to: str, text: str, buttons: Sequence[Button], message_id: int) -> list[dict[str, Any]]:
    if len(buttons) <= REPLY_BUTTONS and all(len(b.title) <= REPLY_TITLE_LIMIT for b in buttons):
        interactive = _reply_buttons(buttons, message_id)
    else:
        shown, typed = buttons[:LIST_ROWS], buttons[LIST_ROWS:]
        if typed:
            text = f"{text.rstrip()}\n\n{_numbered(typed, LIST_ROWS + 1)}"
        interactive = _list(shown, message_id)
    head, tail = split_last(text, INTERACTIVE_BODY_LIMIT)
    bodies = [_text_body(to, part) for part in split_text(head, TEXT_LIMIT)]
    interactive = {"type": interactive["type"], "body": {"text": tail}, "action": interactive["action"]}
    bodies.append({**_envelope(to), "type": "interactive", "interactive": interactive})
    return bodies


def _bodies(to: str, out: Outgoing, message_id: int) -> list[dict[str, Any]]:
    if out.buttons:
        return _with_buttons(to, out.text, out.buttons, message_id)
    return [_text_body(to, part) for part in split_text(out.text, TEXT_LIMIT)]


def whatsapp_bodies(
    to: str, message: Mapping[str, Any], *, message_id: int, pdf_available: bool = False
) -> list[dict[str, Any]]:
    """The Cloud API bodies that send one contract message to `to` (the person's WhatsApp number),
    in order. `message_id` is our stored message's id (its buttons' references);
    `pdf_available`: the sender follows a `documents: "pdf"` message with the overview PDF."""
    bodies: list[dict[str, Any]] = []
    for out in outgoing(message, bold=True, pdf_available=pdf_available):
        bodies.extend(_bodies(to, out, message_id))
    return bodies
