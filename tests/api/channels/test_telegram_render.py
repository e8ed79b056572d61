"""Contract messages -> Telegram sendMessage bodies: plain text, inline keyboards with our references."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api import texts
from api.channels.buttons import button_ref, parse_button_ref
from api.channels.overview_text import item_text
from api.channels.splitting import utf16_length
from api.channels.telegram_render import telegram_bodies

CHAT = 987654321
MID = 77
URL = "https://www.mantelzorg.nl/onderwerpen/werk-en-mantelzorg"


def check_limits(body: dict[str, Any], chat_id: int | str = CHAT) -> None:
    """What sendMessage accepts: 1-4096 characters of text, callback_data 1-64 bytes."""
    assert set(body) <= {"chat_id", "text", "reply_markup"}
    assert body["chat_id"] == chat_id
    assert "parse_mode" not in body
    assert 1 <= utf16_length(body["text"]) <= 4096
    json.dumps(body)
    if "reply_markup" in body:
        rows = body["reply_markup"]["inline_keyboard"]
        assert rows
        for row in rows:
            assert len(row) == 1, "one button per row"
            button = row[0]
            assert set(button) == {"text", "callback_data"}
            assert button["text"]
            assert 1 <= len(button["callback_data"].encode("utf-8")) <= 64
            assert parse_button_ref(button["callback_data"]) is not None


def render(message: dict[str, Any], chat_id: int | str = CHAT, **kwargs: Any) -> list[dict[str, Any]]:
    bodies = telegram_bodies(chat_id, message, message_id=kwargs.pop("message_id", MID), **kwargs)
    for body in bodies:
        check_limits(body, chat_id)
    return bodies


def buttons(*titles: str) -> list[dict[str, str]]:
    return [{"title": title, "payload": f'/choose{{"n":{n}}}'} for n, title in enumerate(titles)]


def keyboard(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(row[0]["text"], row[0]["callback_data"]) for row in body["reply_markup"]["inline_keyboard"]]


def test_plain_text() -> None:
    assert render({"type": "text", "text": "Hoi! *Niet* vet, _niet_ schuin <b>."}) == [
        {"chat_id": CHAT, "text": "Hoi! *Niet* vet, _niet_ schuin <b>."}
    ]


def test_chat_id_may_be_a_string() -> None:
    assert render({"type": "text", "text": "Hoi"}, chat_id="@kanaal") == [
        {"chat_id": "@kanaal", "text": "Hoi"}
    ]


@pytest.mark.parametrize("count", [1, 3, 4, 10, 12])
def test_buttons_one_per_row_with_full_titles(count: int) -> None:
    titles = [f"Een antwoord dat best lang mag zijn, nummer {n}" for n in range(count)]
    bodies = render({"type": "text", "text": "Kies:", "buttons": buttons(*titles)})
    assert len(bodies) == 1
    assert keyboard(bodies[0]) == [(title, button_ref(MID, n)) for n, title in enumerate(titles)]


def test_raw_payloads_never_reach_telegram() -> None:
    sent = json.dumps(render({"type": "text", "text": "Kies:", "buttons": buttons("Ja", "Nee")}))
    assert "/choose" not in sent and "payload" not in sent


@pytest.mark.parametrize("message_id", [2**63 - 1, 2**64 - 1])
def test_callback_data_fits_64_bytes_for_large_ids(message_id: int) -> None:
    message = {"type": "text", "text": "Kies:", "buttons": buttons(*(f"Optie {n}" for n in range(15)))}
    (body,) = render(message, message_id=message_id)
    for _, data in keyboard(body):
        assert len(data.encode()) <= 64
        assert parse_button_ref(data) is not None
        assert parse_button_ref(data)[0] == message_id  # type: ignore[index]


def test_unicode_titles_pass_as_they_are() -> None:
    titles = ["Één keer per week", "Ongeneeslijk ziek — ëxtra zorg", "Zorg 🙂 thuis"]
    (body,) = render({"type": "text", "text": "Kies één:", "buttons": buttons(*titles)})
    assert [title for title, _ in keyboard(body)] == titles


def test_buttons_without_a_title_are_left_out_but_keep_their_place() -> None:
    raw = [{"title": "  ", "payload": "/a"}, {"title": "Nee", "payload": "/deny"}]
    (body,) = render({"type": "text", "text": "Kies:", "buttons": raw})
    assert keyboard(body) == [("Nee", button_ref(MID, 1))]


def test_a_long_text_is_split_and_the_buttons_go_under_the_last_part() -> None:
    paragraph = ("Over zorgverlof is veel te zeggen, bel 030 760 60 55 of kijk op " + URL + ". ") * 30
    text = f"{paragraph.strip()}\n\n{paragraph.strip()}\n\nWil je meer weten?"
    bodies = render({"type": "text", "text": text, "buttons": buttons("Ja", "Nee")})
    assert len(bodies) >= 2
    assert all("reply_markup" not in b for b in bodies[:-1])
    assert keyboard(bodies[-1]) == [("Ja", button_ref(MID, 0)), ("Nee", button_ref(MID, 1))]
    joined = " ".join(b["text"] for b in bodies)
    assert " ".join(joined.split()) == " ".join(text.split())
    assert joined.count(URL) == text.count(URL)
    assert joined.count("030 760 60 55") == text.count("030 760 60 55")


def test_emoji_count_double_as_telegram_counts() -> None:
    text = "🙂 " * 3000  # 3000 code points of emoji: 6000 UTF-16 units plus the spaces
    bodies = render({"type": "text", "text": text})
    assert len(bodies) >= 2


def test_crisis_text_unchanged_without_buttons() -> None:
    text = "Denk je aan zelfdoding? Bel gratis 0800-0113 of 113, dag en nacht. Bij direct gevaar: bel 112."
    assert render({"type": "crisis", "text": text, "buttons": buttons("Ja")}) == [
        {"chat_id": CHAT, "text": text}
    ]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"type": "handoff", "status": "waiting", "text": "Je bent de tweede."}, ["Je bent de tweede."]),
        ({"type": "handoff", "status": "waiting"}, [texts.HANDOFF_WAITING]),
        ({"type": "handoff", "status": "closed"}, [texts.HANDOFF_CLOSED]),
        ({"type": "handoff", "status": "nonsense"}, []),
        ({"type": "something-new", "text": "Nieuw"}, ["Nieuw"]),
        ({"type": "something-new"}, []),
        ({"type": "text", "text": "   "}, []),
    ],
)
def test_other_messages(message: dict[str, Any], expected: list[str]) -> None:
    assert [b["text"] for b in render(message)] == expected


def test_documents() -> None:
    message = {"type": "text", "text": texts.DOCUMENTS_READY.format(mail=""), "documents": "pdf"}
    assert [b["text"] for b in render(message, pdf_available=True)] == [texts.CHANNEL_DOCUMENTS_PDF]
    assert [b["text"] for b in render(message)] == [texts.CHANNEL_DOCUMENTS_WEBSITE]
    letter = {**message, "documents": "letter"}
    assert [b["text"] for b in render(letter, pdf_available=True)] == [texts.CHANNEL_DOCUMENTS_PDF_ONLY]


def item(n: int, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": f"item-{n}",
        "title": f"Regeling {n}",
        "summary": f"Samenvatting {n}.",
        "reasons": [f"Dit past omdat {n}."],
        "amount": None,
        "how_to": [f"Eerste stap {n}."],
        "contact": {"phone": "0800 5088", "url": URL},
    }
    base.update(extra)
    return base


def test_overview_with_one_item_title_on_its_own_line() -> None:
    message = {
        "type": "recommendations",
        "text": "Dit past bij jou:",
        "items": [item(1, amount="Maximaal 64 uur.")],
    }
    assert [b["text"] for b in render(message)] == [
        "Dit past bij jou:",
        "Regeling 1\nMaximaal 64 uur.\nWaarom: Dit past omdat 1.\nEerste stap: Eerste stap 1.\n"
        f"Bel 0800 5088\nMeer informatie: {URL}",
    ]


def test_overview_with_eight_items() -> None:
    message = {"type": "recommendations", "items": [item(n) for n in range(1, 9)]}
    said = [b["text"] for b in render(message, pdf_available=True)]
    assert [s.splitlines()[0] for s in said[:3]] == ["Regeling 1", "Regeling 2", "Regeling 3"]
    assert said[3] == f"{texts.CHANNEL_MORE_ITEMS.format(count=5)} {texts.CHANNEL_ASK_PDF}"
    assert len(said) == 4


def test_both_channels_share_the_item_text() -> None:
    one = item(1)
    assert item_text(one, bold=True) == item_text(one, bold=False).replace("Regeling 1", "*Regeling 1*", 1)
