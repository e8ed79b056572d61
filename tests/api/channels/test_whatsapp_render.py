"""Contract messages -> WhatsApp Cloud API bodies: limits, buttons as our references, the overview."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api import texts
from api.channels.buttons import button_ref, parse_button_ref
from api.channels.whatsapp_render import shorten, unique_titles, whatsapp_bodies

TO = "31612345678"
MID = 4321
URL = "https://www.mantelzorg.nl/onderwerpen/werk-en-mantelzorg"


def check_limits(body: dict[str, Any]) -> None:
    """What the Cloud API accepts (interactive and text messages)."""
    assert body["messaging_product"] == "whatsapp"
    assert body["recipient_type"] == "individual"
    assert body["to"] == TO
    json.dumps(body)  # plain JSON
    if body["type"] == "text":
        assert set(body) == {"messaging_product", "recipient_type", "to", "type", "text"}
        assert 0 < len(body["text"]["body"]) <= 4096
        assert body["text"]["preview_url"] is (
            "http://" in body["text"]["body"] or "https://" in body["text"]["body"]
        )
        return
    assert body["type"] == "interactive"
    interactive = body["interactive"]
    assert 0 < len(interactive["body"]["text"]) <= 1024
    if interactive["type"] == "button":
        buttons = interactive["action"]["buttons"]
        assert 1 <= len(buttons) <= 3
        titles = [b["reply"]["title"] for b in buttons]
        assert len({t.casefold() for t in titles}) == len(titles)
        for button in buttons:
            assert button["type"] == "reply"
            assert 0 < len(button["reply"]["title"]) <= 20
            assert len(button["reply"]["id"]) <= 256
            assert parse_button_ref(button["reply"]["id"]) is not None
    else:
        assert interactive["type"] == "list"
        action = interactive["action"]
        assert 0 < len(action["button"]) <= 20
        assert len(action["sections"]) == 1
        section = action["sections"][0]
        assert len(section.get("title", "")) <= 24
        rows = section["rows"]
        assert 1 <= len(rows) <= 10
        assert len({row["id"] for row in rows}) == len(rows)
        assert len({row["title"].casefold() for row in rows}) == len(rows)
        for row in rows:
            assert set(row) <= {"id", "title", "description"}
            assert 0 < len(row["title"]) <= 24
            assert len(row.get("description", "")) <= 72
            assert len(row["id"]) <= 200
            assert parse_button_ref(row["id"]) is not None


def render(message: dict[str, Any], **kwargs: Any) -> list[dict[str, Any]]:
    bodies = whatsapp_bodies(TO, message, message_id=kwargs.pop("message_id", MID), **kwargs)
    for body in bodies:
        check_limits(body)
    return bodies


def buttons(*titles: str) -> list[dict[str, str]]:
    return [{"title": title, "payload": f'/choose{{"n":{n}}}'} for n, title in enumerate(titles)]


def text_of(body: dict[str, Any]) -> str:
    if body["type"] == "text":
        return str(body["text"]["body"])
    return str(body["interactive"]["body"]["text"])


# --- text -------------------------------------------------------------------------------------------


def test_plain_text() -> None:
    assert render({"type": "text", "text": "Hoi! Waar kan ik je mee helpen?"}) == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": TO,
            "type": "text",
            "text": {"body": "Hoi! Waar kan ik je mee helpen?", "preview_url": False},
        }
    ]


def test_preview_only_for_a_web_address() -> None:
    assert render({"type": "text", "text": f"Kijk op {URL}"})[0]["text"]["preview_url"] is True
    assert render({"type": "text", "text": "Kijk op http://example.nl"})[0]["text"]["preview_url"] is True
    assert (
        render({"type": "text", "text": "Bel 030 760 60 55 of kijk op 113.nl"})[0]["text"]["preview_url"]
        is False
    )


def test_a_long_text_is_split_at_4096_and_per_part_previewed() -> None:
    paragraph = ("Dit is een zin over zorgverlof en werk. " * 60).strip()
    text = f"{paragraph}\n\n{paragraph}\n\nMeer op {URL}"
    bodies = render({"type": "text", "text": text})
    assert len(bodies) >= 2
    assert all(b["type"] == "text" for b in bodies)
    assert " ".join(" ".join(text_of(b) for b in bodies).split()) == " ".join(text.split())
    assert bodies[-1]["text"]["preview_url"] is True
    assert bodies[0]["text"]["preview_url"] is False


def test_raw_payloads_never_reach_whatsapp() -> None:
    message = {
        "type": "text",
        "text": "Voor wie zorg je?",
        "buttons": buttons("Partner", "Ouder", "Kind", "Buur"),
    }
    sent = json.dumps(render(message))
    assert "/choose" not in sent and "payload" not in sent


# --- buttons ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 2, 3])
def test_one_to_three_short_buttons_are_reply_buttons(count: int) -> None:
    titles = ["Ja", "Nee", "Weet ik niet"][:count]
    bodies = render({"type": "text", "text": "Woont je naaste bij jou?", "buttons": buttons(*titles)})
    assert len(bodies) == 1
    interactive = bodies[0]["interactive"]
    assert interactive == {
        "type": "button",
        "body": {"text": "Woont je naaste bij jou?"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": button_ref(MID, i), "title": title}}
                for i, title in enumerate(titles)
            ]
        },
    }


def test_a_title_of_exactly_20_stays_a_reply_button() -> None:
    title = "Hoeveel verlof krijg"  # 20
    assert len(title) == 20
    bodies = render({"type": "text", "text": "Kies:", "buttons": buttons(title, "Nee")})
    assert bodies[0]["interactive"]["type"] == "button"
    assert bodies[0]["interactive"]["action"]["buttons"][0]["reply"]["title"] == title


def test_a_reply_title_too_long_becomes_a_list_row_with_the_whole_title() -> None:
    message = {
        "type": "text",
        "text": "Hoi!",
        "buttons": buttons("Wat past bij mijn situatie?", "Praat met een mens"),
    }
    interactive = render(message)[0]["interactive"]
    assert interactive["type"] == "list"
    rows = interactive["action"]["sections"][0]["rows"]
    assert rows[0] == {
        "id": button_ref(MID, 0),
        "title": "Wat past bij mijn…",
        "description": "Wat past bij mijn situatie?",
    }
    assert rows[1] == {"id": button_ref(MID, 1), "title": "Praat met een mens"}


@pytest.mark.parametrize("count", [4, 7, 10])
def test_four_to_ten_buttons_are_a_list(count: int) -> None:
    titles = [f"Antwoord nummer {n}" for n in range(count)]
    bodies = render(
        {"type": "text", "text": "Waarom heeft je naaste zorg nodig?", "buttons": buttons(*titles)}
    )
    assert len(bodies) == 1
    interactive = bodies[0]["interactive"]
    assert interactive["type"] == "list"
    assert interactive["body"] == {"text": "Waarom heeft je naaste zorg nodig?"}
    assert interactive["action"]["button"] == texts.CHANNEL_LIST_BUTTON
    rows = interactive["action"]["sections"][0]["rows"]
    assert [row["id"] for row in rows] == [button_ref(MID, i) for i in range(count)]
    assert [row["title"] for row in rows] == titles
    assert all("description" not in row for row in rows)


def test_more_than_ten_buttons_the_rest_to_type() -> None:
    titles = [f"Keuze {n}" for n in range(1, 13)]
    bodies = render(
        {"type": "text", "text": "In welke gemeente woont je naaste?", "buttons": buttons(*titles)}
    )
    assert len(bodies) == 1
    interactive = bodies[0]["interactive"]
    rows = interactive["action"]["sections"][0]["rows"]
    assert [row["title"] for row in rows] == titles[:10]
    assert [parse_button_ref(row["id"]) for row in rows] == [(MID, i) for i in range(10)]
    body = interactive["body"]["text"]
    assert body.startswith("In welke gemeente woont je naaste?\n\n")
    assert body.endswith(f"{texts.CHANNEL_MORE_ANSWERS}\n11. Keuze 11\n12. Keuze 12")


def test_many_long_buttons_and_a_long_text_still_fit() -> None:
    titles = [f"Een heel lang antwoord met veel woorden, nummer {n}, dat niet past" for n in range(25)]
    text = ("Dit is een lange vraag. " * 80).strip()
    bodies = render({"type": "text", "text": text, "buttons": buttons(*titles)})
    assert bodies[-1]["type"] == "interactive"
    assert all(b["type"] == "text" for b in bodies[:-1])
    everything = " ".join(text_of(b) for b in bodies)
    assert " ".join(text.split()) in " ".join(everything.split())
    for n in range(10, 25):
        assert f"{n + 1}. {titles[n]}" in everything


def test_shortened_titles_stay_unique() -> None:
    titles = [
        "Meer over: Kortdurend zorgverlof",
        "Meer over: Kortdurend verlof bij ziekte",
        "Meer over: Kortdurend ander verlof",
        "Meer over: Langdurend zorgverlof",
    ]
    rows = render({"type": "text", "text": "Waarover?", "buttons": buttons(*titles)})[0]["interactive"][
        "action"
    ]["sections"][0]["rows"]
    shown = [row["title"] for row in rows]
    assert shown[0] == "Meer over: Kortdurend…"
    assert len(set(shown)) == 4
    assert [row["description"] for row in rows] == titles
    assert all(len(t) <= 24 for t in shown)


def test_same_titles_are_numbered() -> None:
    message = {"type": "text", "text": "Kies:", "buttons": buttons("Ja", "ja", "Nee")}
    shown = [b["reply"]["title"] for b in render(message)[0]["interactive"]["action"]["buttons"]]
    assert shown == ["Ja", "ja (2)", "Nee"]


@pytest.mark.parametrize("limit", [20, 24])
def test_unique_titles_unit(limit: int) -> None:
    titles = ["Gesprek met werkgever voorbereiden"] * 12
    out = unique_titles(titles, limit)
    assert len(set(out)) == 12
    assert all(len(t) <= limit for t in out)
    assert out[11].endswith("(12)")


def test_shorten_on_a_word_bound() -> None:
    assert shorten("Gesprek met werkgever voorbereiden", 24) == "Gesprek met werkgever…"
    assert shorten("Hoe vraag ik dit aan: Kortdurend zorgverlof", 24) == "Hoe vraag ik dit aan…"
    assert shorten("Kort", 24) == "Kort"
    assert shorten("Zorgverlofaanvraagformulierinvullen", 20) == "Zorgverlofaanvraagf…"  # no word bound
    assert shorten("  veel   spaties  ", 24) == "veel spaties"


def test_unicode_titles() -> None:
    titles = ["Één keer per week", "Ongeneeslijk ziek — ëxtra zorg nodig", "Zorg 🙂 thuis", "Naïeve vraag"]
    rows = render({"type": "text", "text": "Kies één:", "buttons": buttons(*titles)})[0]["interactive"][
        "action"
    ]["sections"][0]["rows"]
    assert rows[0]["title"] == "Één keer per week"
    assert rows[1]["title"] == "Ongeneeslijk ziek…"
    assert rows[1]["description"] == titles[1]
    assert rows[2]["title"] == "Zorg 🙂 thuis"


def test_references_fit_for_a_64_bit_message_id() -> None:
    big = 2**63 - 1
    message = {"type": "text", "text": "Kies:", "buttons": buttons(*(f"Optie {n}" for n in range(12)))}
    for body in render(message, message_id=big):
        if body["type"] == "interactive":
            for row in body["interactive"]["action"]["sections"][0]["rows"]:
                assert parse_button_ref(row["id"])[0] == big  # type: ignore[index]


def test_buttons_without_a_title_are_left_out_but_keep_their_place() -> None:
    raw = [{"title": "", "payload": "/a"}, {"payload": "/b"}, "x", {"title": "Ja", "payload": "/affirm"}]
    bodies = render({"type": "text", "text": "Kies:", "buttons": raw})
    assert bodies[0]["interactive"]["action"]["buttons"] == [
        {"type": "reply", "reply": {"id": button_ref(MID, 3), "title": "Ja"}}
    ]


def test_buttons_without_text_get_a_prompt() -> None:
    bodies = render({"type": "text", "text": "", "buttons": buttons("Ja")})
    assert bodies[0]["interactive"]["body"]["text"] == texts.CHANNEL_CHOOSE


def test_a_long_text_with_buttons_keeps_its_last_words_above_the_buttons() -> None:
    first = ("Over zorgverlof is veel te zeggen. " * 50).strip()
    question = "Wil je daar meer over weten?"
    bodies = render({"type": "text", "text": f"{first}\n\n{question}", "buttons": buttons("Ja", "Nee")})
    assert [b["type"] for b in bodies] == ["text", "interactive"]
    assert bodies[0]["text"]["body"] == first
    assert bodies[1]["interactive"]["body"]["text"] == question


# --- crisis and handoff -----------------------------------------------------------------------------


def test_crisis_text_goes_as_it_is_without_buttons() -> None:
    text = (
        "Wat naar dat je je zo voelt. Je bent niet alleen. Denk je aan zelfdoding? "
        "Bel gratis 0800-0113 of 113, dag en nacht. Bij direct gevaar: bel 112."
    )
    bodies = render({"type": "crisis", "text": text, "buttons": buttons("Ja")})
    assert bodies == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": TO,
            "type": "text",
            "text": {"body": text, "preview_url": False},
        }
    ]


@pytest.mark.parametrize("status", ["waiting", "assigned", "unavailable", "closed"])
def test_handoff_says_its_text(status: str) -> None:
    text = "Sanne van Zorggroep heeft je gesprek opgepakt. Je praat nu met een mens."
    bodies = render({"type": "handoff", "status": status, "reason": "user_request", "text": text})
    assert [text_of(b) for b in bodies] == [text]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("waiting", texts.HANDOFF_WAITING),
        ("assigned", texts.HANDOFF_ASSIGNED),
        ("unavailable", texts.HANDOFF_UNAVAILABLE),
        ("closed", texts.HANDOFF_CLOSED),
    ],
)
def test_handoff_without_text_says_the_gateways_text(status: str, expected: str) -> None:
    assert [text_of(b) for b in render({"type": "handoff", "status": status})] == [expected]


def test_handoff_of_unknown_status_without_text_says_nothing() -> None:
    assert render({"type": "handoff", "status": "weird"}) == []


def test_unknown_types_say_their_text_or_nothing() -> None:
    assert [text_of(b) for b in render({"type": "poll", "text": "Hoi", "buttons": buttons("Ja")})] == ["Hoi"]
    assert render({"type": "poll"}) == []
    assert render({}) == []


# --- documents --------------------------------------------------------------------------------------


def test_documents_pdf_when_the_pdf_follows() -> None:
    message = {"type": "text", "text": texts.DOCUMENTS_READY.format(mail=""), "documents": "pdf"}
    assert [text_of(b) for b in render(message, pdf_available=True)] == [texts.CHANNEL_DOCUMENTS_PDF]
    assert texts.CHANNEL_DOCUMENTS_PDF == "Je overzicht komt hieronder als PDF."


@pytest.mark.parametrize("want", ["pdf", "mail", "letter"])
def test_documents_without_a_pdf_point_to_the_website(want: str) -> None:
    message = {"type": "text", "text": texts.DOCUMENTS_READY.format(mail=""), "documents": want}
    assert [text_of(b) for b in render(message)] == [texts.CHANNEL_DOCUMENTS_WEBSITE]


@pytest.mark.parametrize("want", ["mail", "letter"])
def test_documents_letter_or_mail_when_a_pdf_could_be_sent(want: str) -> None:
    message = {"type": "text", "text": "x", "documents": want}
    assert [text_of(b) for b in render(message, pdf_available=True)] == [texts.CHANNEL_DOCUMENTS_PDF_ONLY]


def test_no_invented_web_address_in_channel_texts() -> None:
    for name in dir(texts):
        if name.startswith("CHANNEL_"):
            value = getattr(texts, name)
            assert "http" not in value and "www." not in value, name


# --- the overview -----------------------------------------------------------------------------------


def item(n: int, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": f"item-{n}",
        "kind": "mantelzorglijn",
        "title": f"Regeling {n}",
        "summary": f"Samenvatting {n}.",
        "reasons": [f"Dit past omdat {n}.", "Een tweede reden."],
        "amount": None,
        "how_to": [f"Eerste stap {n}.", "Tweede stap."],
        "contact": {"name": "Mantelzorglijn", "phone": "030 760 60 55", "url": URL},
    }
    base.update(extra)
    return base


def test_overview_with_one_item() -> None:
    message = {
        "type": "recommendations",
        "text": "Dit is je overzicht.",
        "items": [item(1, amount="Tot € 200 per jaar.")],
    }
    bodies = render(message)
    assert [text_of(b) for b in bodies] == [
        "Dit is je overzicht.",
        "*Regeling 1*\n"
        "Tot € 200 per jaar.\n"
        "Waarom: Dit past omdat 1.\n"
        "Eerste stap: Eerste stap 1.\n"
        "Bel 030 760 60 55\n"
        f"Meer informatie: {URL}",
    ]
    assert bodies[1]["text"]["preview_url"] is True


def test_overview_with_eight_items_shows_the_three_most_fitting() -> None:
    items = [item(n) for n in range(1, 9)]
    bodies = render({"type": "recommendations", "text": "Dit is je overzicht.", "items": items})
    said = [text_of(b) for b in bodies]
    assert len(said) == 5
    assert [s.splitlines()[0] for s in said[1:4]] == ["*Regeling 1*", "*Regeling 2*", "*Regeling 3*"]
    assert said[4] == f"{texts.CHANNEL_MORE_ITEMS.format(count=5)} {texts.CHANNEL_SEE_WEBSITE}"
    assert "Regeling 4" not in " ".join(said)


def test_more_items_invite_to_ask_for_the_pdf_when_it_can_be_sent() -> None:
    items = [item(n) for n in range(1, 5)]
    said = [text_of(b) for b in render({"type": "recommendations", "items": items}, pdf_available=True)]
    assert len(said) == 4  # no intro
    assert said[-1] == f"{texts.CHANNEL_MORE_ITEMS_ONE} {texts.CHANNEL_ASK_PDF}"
    assert "stuur mijn overzicht als pdf" in said[-1]


def test_overview_item_without_steps_shows_its_summary_and_without_contact_no_links() -> None:
    bare = {"id": "x", "title": "Huisarts", "summary": "Praat met de huisarts.", "reasons": [], "contact": {}}
    said = [text_of(b) for b in render({"type": "recommendations", "items": [bare]})]
    assert said == ["*Huisarts*\nPraat met de huisarts."]


def test_overview_item_caution_and_unsafe_links() -> None:
    odd = item(
        1, check="Controleer dit bij je gemeente.", contact={"url": "javascript:alert(1)", "phone": None}
    )
    said = text_of(render({"type": "recommendations", "items": [odd]})[0])
    assert "Let op: Controleer dit bij je gemeente." in said
    assert "javascript" not in said and "Bel" not in said


def test_overview_skips_what_is_no_item() -> None:
    message = {"type": "recommendations", "items": ["x", None, item(1), {}]}
    assert [text_of(b).splitlines()[0] for b in render(message)] == ["*Regeling 1*"]
    assert render({"type": "recommendations", "items": "nope"}) == []


def test_overview_from_the_real_engine() -> None:
    from bot.catalogue import default_catalogue
    from bot.engine import recommend
    from bot.profile import Profile

    profile = {
        "relationship": "parent",
        "condition": "dementia",
        "care_hours_per_week": 12.0,
        "employment": "employee",
        "work_hours_per_week": 32.0,
        "employer_size": "large",
        "recipient_municipality": "GM0153",
    }
    items = recommend(Profile.from_dict(profile), default_catalogue())
    assert len(items) > 3
    bodies = render({"type": "recommendations", "text": "Dit is je overzicht.", "items": items})
    said = [text_of(b) for b in bodies]
    assert [s.splitlines()[0] for s in said[1:4]] == [f"*{i['title']}*" for i in items[:3]]
    assert said[-1].startswith(texts.CHANNEL_MORE_ITEMS.format(count=len(items) - 3))
    assert all(len(s) < 1500 for s in said), "short messages"
