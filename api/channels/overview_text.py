"""What a contract message says on a messaging channel, in words: shared by the WhatsApp and the
Telegram renderers, so each Dutch line lives in one place (api/texts/__init__.py) and both say the same.

A message becomes one or more outgoing texts; the last one may carry buttons. Splitting into the
provider's lengths, and how buttons look, is the renderers' part.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from api import texts

#: The overview on a channel shows this many items, the most fitting first (the engine's order).
SHOWN_ITEMS = 3

_HANDOFF_TEXTS = {
    "waiting": texts.HANDOFF_WAITING,
    "assigned": texts.HANDOFF_ASSIGNED,
    "unavailable": texts.HANDOFF_UNAVAILABLE,
    "closed": texts.HANDOFF_CLOSED,
}
_WEB_ADDRESS = re.compile(r"https?://\S", re.IGNORECASE)


@dataclass(frozen=True)
class Button:
    """A button to show: its position in the contract message's `buttons` and its title."""

    index: int
    title: str


@dataclass(frozen=True)
class Outgoing:
    """One text to send (before splitting) and the buttons under it."""

    text: str
    buttons: tuple[Button, ...] = ()


def one_line(value: Any) -> str:
    """A string value with all whitespace as single spaces; '' for anything else."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _text(value: Any) -> str:
    """A string value stripped; '' for anything else."""
    return value.strip() if isinstance(value, str) else ""


def has_web_address(text: str) -> bool:
    return _WEB_ADDRESS.search(text) is not None


def buttons_of(message: Mapping[str, Any]) -> tuple[Button, ...]:
    """The message's buttons that have a title, each with its index in the contract message."""
    raw = message.get("buttons")
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        return ()
    found = []
    for index, button in enumerate(raw):
        if isinstance(button, Mapping):
            title = one_line(button.get("title"))
            if title:
                found.append(Button(index, title))
    return tuple(found)


def _web_address(value: Any) -> str:
    url = _text(value)
    return url if re.fullmatch(r"https?://\S+", url, re.IGNORECASE) else ""


def item_text(item: Mapping[str, Any], *, bold: bool) -> str:
    """One overview item as a short message: the title (WhatsApp bold with `*`; in plain text just
    its own first line), the amount, why it fits, the first step (or the summary), a caution where
    the facts could not be checked, and the phone number and web address as plain text (the app
    makes them tappable)."""
    lines = []
    title = one_line(item.get("title"))
    if title:
        lines.append(f"*{title}*" if bold else title)
    amount = _text(item.get("amount"))
    if amount:
        lines.append(amount)
    reasons = item.get("reasons")
    if isinstance(reasons, Sequence) and not isinstance(reasons, str):
        reason = next((_text(r) for r in reasons if _text(r)), "")
        if reason:
            lines.append(texts.CHANNEL_WHY.format(reason=reason))
    steps = item.get("how_to")
    step = ""
    if isinstance(steps, Sequence) and not isinstance(steps, str):
        step = next((_text(s) for s in steps if _text(s)), "")
    if step:
        lines.append(texts.CHANNEL_FIRST_STEP.format(step=step))
    elif _text(item.get("summary")):
        lines.append(_text(item.get("summary")))
    check = _text(item.get("check"))
    if check:
        lines.append(texts.CHANNEL_CHECK.format(check=check))
    contact = item.get("contact")
    if isinstance(contact, Mapping):
        phone = one_line(contact.get("phone"))
        if phone:
            lines.append(texts.CHANNEL_CALL.format(phone=phone))
        url = _web_address(contact.get("url"))
        if url:
            lines.append(texts.CHANNEL_MORE_INFO.format(url=url))
    return "\n".join(lines)


def _more_items(count: int, pdf_available: bool) -> str:
    said = texts.CHANNEL_MORE_ITEMS_ONE if count == 1 else texts.CHANNEL_MORE_ITEMS.format(count=count)
    return f"{said} {texts.CHANNEL_ASK_PDF if pdf_available else texts.CHANNEL_SEE_WEBSITE}"


def overview_texts(message: Mapping[str, Any], *, bold: bool, pdf_available: bool) -> list[str]:
    """A recommendations message: its intro, the most fitting items one message each, and how many
    more there are (and how to get them all)."""
    out = []
    intro = _text(message.get("text"))
    if intro:
        out.append(intro)
    raw = message.get("items")
    items = raw if isinstance(raw, Sequence) and not isinstance(raw, str) else []
    said = [text for text in (item_text(i, bold=bold) for i in items if isinstance(i, Mapping)) if text]
    out.extend(said[:SHOWN_ITEMS])
    if len(said) > SHOWN_ITEMS:
        out.append(_more_items(len(said) - SHOWN_ITEMS, pdf_available))
    return out


def documents_text(want: Any, *, pdf_available: bool) -> str:
    """Instead of the widget's document buttons: what this chat can do with the overview."""
    if pdf_available:
        return texts.CHANNEL_DOCUMENTS_PDF if want == "pdf" else texts.CHANNEL_DOCUMENTS_PDF_ONLY
    return texts.CHANNEL_DOCUMENTS_WEBSITE


def handoff_text(message: Mapping[str, Any]) -> str:
    """The handoff notice; the gateway's text for its status when it came without one."""
    return _text(message.get("text")) or _HANDOFF_TEXTS.get(str(message.get("status")), "")


def outgoing(message: Mapping[str, Any], *, bold: bool, pdf_available: bool = False) -> list[Outgoing]:
    """The texts to send for one contract message, in order; buttons only on a text's last one.

    A crisis text goes as it is, never with buttons; unknown types send their text, if any."""
    kind = message.get("type")
    if kind == "recommendations":
        return [Outgoing(text) for text in overview_texts(message, bold=bold, pdf_available=pdf_available)]
    if kind == "handoff":
        text = handoff_text(message)
        return [Outgoing(text)] if text else []
    if kind == "crisis":  # as it is: not even stripped
        raw = message.get("text")
        return [Outgoing(raw)] if isinstance(raw, str) and raw.strip() else []
    text = _text(message.get("text"))
    if kind != "text":
        return [Outgoing(text)] if text else []
    if message.get("documents"):
        text = documents_text(message.get("documents"), pdf_available=pdf_available)
    buttons = buttons_of(message)
    if buttons and not text:
        text = texts.CHANNEL_CHOOSE
    return [Outgoing(text, buttons)] if text else []
