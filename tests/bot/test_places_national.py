"""bot.places across the country: layers, questions back, answers that choose, postcodes, sentences."""

from __future__ import annotations

import pytest

from bot.places import PlaceMatch, find_places, format_place_match, resolve_place


def codes(match: PlaceMatch) -> list[str]:
    return sorted(c.code for c in match.candidates)


def test_woonplaats_names_its_town_and_municipality() -> None:
    assert format_place_match(resolve_place("Hoofddorp")) == (
        "Hoofddorp hoort bij de gemeente Haarlemmermeer (GM0394)."
    )


def test_former_municipality_names_its_successor() -> None:
    match = resolve_place("Beemster")
    assert match.municipality is not None and match.municipality.code == "GM0439"
    assert match.town == "Beemster"


def test_split_former_municipality_asks_among_its_successors() -> None:
    assert codes(resolve_place("Maasdonk")) == ["GM0796", "GM0828"]


def test_woonplaats_in_several_municipalities_is_asked_by_municipality() -> None:
    line = format_place_match(resolve_place("Beek"))
    assert line == (
        "Beek kan bij meer dan één gemeente horen: Beek (L.) (GM0888), Berg en Dal (GM1945) "
        "of Montferland (GM1955). Welke bedoel je?"
    )


def test_hengelo_alone_stays_the_municipality_in_overijssel() -> None:
    match = resolve_place("Hengelo")
    assert match.municipality is not None and match.municipality.code == "GM0164"


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("Montferland", "GM1955"),
        ("Beek Montferland", "GM1955"),
        ("Beek, gemeente Berg en Dal", "GM1945"),
        ("Beek Limburg", "GM0888"),
        ("Haren Groningen", "GM0014"),
        ("Haren (Gn)", "GM0014"),
        ("Haren bij Oss", "GM0828"),
        ("Spaarndam Haarlem", "GM0392"),
        ("gemeente Hoorn", "GM0405"),
        ("Hoorn Noord-Holland", "GM0405"),
        ("Rossum Gelderland", "GM0263"),
        ("Hengelo Bronckhorst", "GM1876"),
    ],
)
def test_an_answer_naming_province_or_municipality_chooses(answer: str, code: str) -> None:
    match = resolve_place(answer)
    assert match.municipality is not None and match.municipality.code == code


def test_bare_name_of_a_qualified_woonplaats_finds_it() -> None:
    match = resolve_place("Meddo")  # CBS: "Winterswijk Meddo"
    assert match.municipality is not None and match.municipality.code == "GM0294"
    assert match.town == "Meddo"


@pytest.mark.parametrize(("text", "code"), [("7694 AB", "GM0160"), ("4062PP", None), ("4062 PL", "GM0281")])
def test_postcode_letters_choose_within_a_split_postcode(text: str, code: str | None) -> None:
    match = resolve_place(text)
    assert (match.municipality.code if match.municipality else None) == code
    assert len(match.candidates) == (1 if code else 2)


def test_postcode_line_names_the_postcode() -> None:
    assert format_place_match(resolve_place("7511 ab")) == (
        "Postcode 7511 AB hoort bij de gemeente Enschede (GM0153)."
    )


def test_unknown_postcode_is_unknown() -> None:
    assert resolve_place("1000").candidates == ()


def test_name_beats_the_postcode_beside_it() -> None:
    (match,) = find_places("Hoofdstraat 1, 7511 AB Enschede")
    assert match.text == "Enschede"


def test_country_is_not_the_hamlet_with_its_name() -> None:
    assert resolve_place("Nederland").candidates == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "ik ben de beste",
        "echt niet",
        "mijn moeder heeft dementie",
        "ze woont in een verpleeghuis",
        "in heel Nederland is het zo",
        "ik werk in de wijk",
        "het loon is laag",
        "Best wel zwaar allemaal",
        "Echt heel zwaar",
        "Hoe vraag ik aan om minder te werken?",
        "hoe boek ik een camping in Frankrijk",
        "sinds 2019 zorg ik voor haar",
        "ik werk 1600 uur per jaar",
        "Dieren zijn fijn gezelschap",
    ],
)
def test_ordinary_sentences_name_no_place(sentence: str) -> None:
    assert find_places(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("mijn vader woont in Echt", "GM1711"),
        ("mijn oma komt uit Made", "GM1719"),
        ("ik woon in hoofddorp", "GM0394"),
        ("hij woont te Lemmer", "GM1940"),
        ("Mijn moeder woont in de buurt van Weesp", "GM0363"),
        ("mijn moeder en Badhoevedorp zijn ver weg", "GM0394"),  # a capital mid-sentence
        ("ze woont in Scheveningen", "GM0518"),
        ("mijn postcode is 7511 AB", "GM0153"),
        ("postcode 7511", "GM0153"),
        ("ik woon in De Meern", "GM0344"),
    ],
)
def test_places_in_sentences_with_a_cue_or_a_capital(sentence: str, code: str) -> None:
    (match,) = find_places(sentence)
    assert match.municipality is not None and match.municipality.code == code


@pytest.mark.parametrize("sentence", ["ik kom uit Nes", "we wonen in Beek"])
def test_short_or_shared_name_in_a_sentence_asks(sentence: str) -> None:
    (match,) = find_places(sentence)
    assert match.municipality is None and len(match.candidates) >= 2


def test_district_is_found_only_after_a_cue() -> None:
    assert find_places("Scheveningen is mooi") == []
    assert [m.town for m in find_places("ze woont in scheveningen")] == ["Scheveningen"]


def test_slip_in_a_woonplaats_is_corrected() -> None:
    match = resolve_place("Hoofdorp")
    assert match.municipality is not None and match.municipality.code == "GM0394"
    assert match.corrected is True


@pytest.mark.parametrize(("text", "code"), [("in de stad Utrecht", "GM0344"), ("in de stad", None)])
def test_filler_words_are_no_hamlet(text: str, code: str | None) -> None:
    match = resolve_place(text)
    assert (match.municipality.code if match.municipality else None) == code
    assert len(match.candidates) == (1 if code else 0)


@pytest.mark.parametrize(
    "text",
    ["Friesland", "Zeeland", "Noord-Brabant", "Overijssel", "Overijsel", "Polen", "Veluwe", "Achterhoek",
     "Zuid", "het buitenland"],
)  # fmt: skip
def test_a_province_region_or_country_is_no_municipality(text: str) -> None:
    # all of these are also a hamlet's name or a slip away from one: a person means the area
    match = resolve_place(text)
    assert match.municipality is None and match.candidates == ()


def test_a_province_is_asked_back_as_a_province() -> None:
    line = format_place_match(resolve_place("Friesland"))
    assert line.startswith("Friesland is een provincie. In welke gemeente of plaats is het?")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("ik werk in Friesland", []),
        ("mijn moeder woont in Zeeland", []),
        ("mijn vader woont in Polen", []),
        ("ze woont in Noord-Brabant, in Breda", ["Breda"]),
    ],
)
def test_areas_in_a_sentence_are_no_places(text: str, names: list[str]) -> None:
    assert [m.municipality.name for m in find_places(text) if m.municipality] == names
    assert all(m.municipality for m in find_places(text))
