"""Long texts into parts within a provider's limit, at the best bound, never cutting a link or number."""

from __future__ import annotations

import random

import pytest

from api.channels.splitting import split_last, split_text, utf16_length

URL = "https://www.mantelzorg.nl/onderwerpen/werk-en-mantelzorg/zorgverlof-aanvragen?bron=chat"
PHONE = "030 760 60 55"
CRISIS_PHONE = "0800-0113"
MAIL = "info@mantelzorg.nl"
PROTECTED = [URL, PHONE, CRISIS_PHONE, MAIL, "+31 6 1234 5678", "0800 5088", "www.113.nl/hulp"]


def words(text: str) -> str:
    return " ".join(text.split())


def assert_good_parts(text: str, parts: list[str], limit: int) -> None:
    assert parts, "a text with words gives at least one part"
    for part in parts:
        assert part, "no empty parts"
        assert part == part.strip(), "parts are stripped"
        assert len(part) <= limit
    assert words(" ".join(parts)) == words(text), "nothing lost, nothing added, order kept"


def test_a_text_within_the_limit_comes_back_unchanged() -> None:
    text = "  Hoi!\n\nIk ben Mantelwijzer.  "
    assert split_text(text, 100) == [text]
    assert split_text("x" * 50, 50) == ["x" * 50]


@pytest.mark.parametrize("text", ["", " ", "\n\n\t "])
def test_a_blank_text_gives_no_parts(text: str) -> None:
    assert split_text(text, 10) == []


def test_limit_must_leave_room() -> None:
    with pytest.raises(ValueError):
        split_text("abc", 1)
    with pytest.raises(ValueError):
        split_last("abc", 0)


def test_paragraph_bounds_come_first() -> None:
    first = "Eerste alinea. Met twee zinnen."
    second = "Tweede alinea, iets langer dan de eerste. Ook met twee zinnen."
    text = f"{first}\n\n{second}"
    assert split_text(text, len(second) + 5) == [first, second]
    # three paragraphs: as many whole paragraphs in a part as fit
    third = "Derde."
    assert split_text(f"{first}\n\n{third}\n\n{second}", len(second)) == [
        f"{first}\n\n{third}",
        second,
    ]


def test_a_paragraph_bound_may_hold_spaces() -> None:
    assert split_text("Een.\n  \nTwee drie vier.", 12) == ["Een.", "Twee drie", "vier."]


def test_then_sentence_bounds() -> None:
    text = "Dit is zin een. Is dit zin twee? Ja! Zin vier volgt hier"
    assert split_text(text, 40) == ["Dit is zin een. Is dit zin twee? Ja!", "Zin vier volgt hier"]
    assert split_text("Een korte regel\nen nog een regel erna", 25) == [
        "Een korte regel",
        "en nog een regel erna",
    ]


def test_a_sentence_may_end_in_a_quote_or_bracket() -> None:
    text = 'Hij zei: "Kom maar." Dan gaan we verder met het gesprek'
    assert split_text(text, 30)[0] == 'Hij zei: "Kom maar."'


def test_then_spaces() -> None:
    text = "een twee drie vier vijf zes zeven acht negen tien"
    parts = split_text(text, 15)
    assert parts == ["een twee drie", "vier vijf zes", "zeven acht", "negen tien"]


def test_a_word_alone_longer_than_the_limit_is_cut() -> None:
    text = "kort " + "a" * 25 + " eind"
    parts = split_text(text, 10)
    assert parts == ["kort", "a" * 10, "a" * 10, "a" * 5 + " eind"]


@pytest.mark.parametrize("token", PROTECTED)
def test_links_phone_numbers_and_mail_addresses_are_never_cut(token: str) -> None:
    text = (
        "Heb je vragen over zorgverlof of over je werk? "
        f"Kijk dan op {token}. Of bel {token} voor hulp, ook in het weekend. "
        f"Schrijf het op: {token}\n\nEen nieuwe alinea met nog wat woorden erachter."
    )
    for limit in range(len(token) + 1, len(text) + 1):
        parts = split_text(text, limit)
        assert_good_parts(text, parts, limit)
        assert sum(part.count(token) for part in parts) == 3, (limit, parts)


@pytest.mark.parametrize("limit", [20, 30, 50])
def test_the_mantelzorglijn_stays_whole_in_a_crisis_text(limit: int) -> None:
    text = f"Bel de Mantelzorglijn op {PHONE}. Denk je aan zelfdoding? Bel {CRISIS_PHONE} of 113."
    parts = split_text(text, limit)
    assert_good_parts(text, parts, limit)
    assert any(PHONE in part for part in parts)
    assert any(CRISIS_PHONE in part for part in parts)


def test_an_address_longer_than_the_limit_is_cut_on_its_own() -> None:
    text = f"Kijk op {URL} voor meer."
    parts = split_text(text, 40)
    assert parts == ["Kijk op", URL[:40], URL[40:80], URL[80:] + " voor meer."]
    assert all(len(part) <= 40 for part in parts)


def test_an_address_ending_a_sentence_still_ends_it() -> None:
    text = f"Kijk op {URL}. Daarna bel je ons."
    parts = split_text(text, len(URL) + 10)
    assert parts == [f"Kijk op {URL}.", "Daarna bel je ons."]


def test_unicode_counts_characters_not_bytes() -> None:
    text = "één twee drie ë ï ö ü café naïef"
    assert split_text(text, len(text)) == [text]
    parts = split_text(text * 3, 20)
    assert_good_parts(text * 3, parts, 20)


def test_utf16_counts_emoji_as_two() -> None:
    text = "🙂" * 10
    assert split_text(text, 10) == [text]
    assert split_text(text, 10, utf16=True) == ["🙂" * 5, "🙂" * 5]
    sentence = "Fijn 🙂 dat je er bent 🙂. " * 40
    for part in split_text(sentence, 100, utf16=True):
        assert utf16_length(part) <= 100


def test_utf16_length() -> None:
    assert utf16_length("abc") == 3
    assert utf16_length("é") == 1
    assert utf16_length("🙂") == 2


def test_random_texts_keep_every_promise() -> None:
    rng = random.Random(20260611)
    vocabulary = ["zorg", "verlof", "werkgever", "mantelzorger", "de", "je", "gemeente", "ééntje", *PROTECTED]
    for _ in range(300):
        pieces = []
        for _ in range(rng.randint(1, 80)):
            pieces.append(rng.choice(vocabulary))
            pieces.append(rng.choice([" ", " ", " ", ". ", "? ", "\n", "\n\n", ", "]))
        text = "".join(pieces)
        limit = rng.randint(max(len(t) for t in PROTECTED) + 1, 300)
        parts = split_text(text, limit)
        if not text.strip():
            assert parts == []
            continue
        if len(text) <= limit:
            assert parts == [text]
            continue
        assert_good_parts(text, parts, limit)
        joined = " ".join(parts)
        for token in PROTECTED:
            assert joined.count(token) >= text.count(token)


# --- split_last: the last part within a smaller limit (a WhatsApp interactive body) -----------------


def test_split_last_keeps_a_short_text_whole() -> None:
    assert split_last("  Kies een antwoord.  ", 100) == ("", "Kies een antwoord.")


def test_split_last_takes_the_longest_tail_at_the_best_bound() -> None:
    text = "Eerste alinea met wat tekst.\n\nTweede zin. Wat wil je doen?"
    assert split_last(text, 40) == ("Eerste alinea met wat tekst.", "Tweede zin. Wat wil je doen?")
    assert split_last(text, 20) == ("Eerste alinea met wat tekst.\n\nTweede zin.", "Wat wil je doen?")


def test_split_last_never_cuts_a_phone_number() -> None:
    text = f"Dit is een heel lange inleiding zonder punt bel {PHONE} nu"
    head, tail = split_last(text, 18)
    assert tail == f"{PHONE} nu"
    assert head.endswith("bel")


def test_split_last_cuts_a_long_run_only_when_it_must() -> None:
    head, tail = split_last("a" * 30, 10)
    assert (head, tail) == ("a" * 20, "a" * 10)


def test_split_last_random() -> None:
    rng = random.Random(7)
    for _ in range(200):
        text = " ".join(
            rng.choice(["Ja.", "nee", PHONE, URL, "zorg\n\n", "werk?"]) for _ in range(rng.randint(1, 60))
        )
        limit = rng.randint(len(URL) + 1, 400)
        head, tail = split_last(text, limit)
        assert tail and len(tail) <= limit
        assert tail == tail.strip() and head == head.strip()
        assert words(f"{head} {tail}") == words(text)
        assert tail.count(URL) + head.count(URL) == text.count(URL)
        assert tail.count(PHONE) + head.count(PHONE) == text.count(PHONE)
