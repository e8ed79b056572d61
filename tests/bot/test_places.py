"""bot.places: municipalities, Twente towns, tolerant matching, places in a sentence."""

from __future__ import annotations

import csv

import pytest

from bot.places import (
    DATA_DIR,
    PlaceMatch,
    all_municipalities,
    find_places,
    format_place_match,
    municipality_by_code,
    resolve_place,
)
from tests.shared_dir import SHARED

FACTS = SHARED / "facts"

# The Twente towns of shared/facts/werkende-mantelzorgers.md, written out again here on purpose:
# the data file must agree with this independent copy.
TWENTE_TOWNS = {
    "GM1735": ["Goor", "Delden", "Markelo", "Diepenheim", "Bentelo", "Hengevelde"],
    "GM1742": ["Rijssen", "Holten"],
    "GM1774": [
        "Denekamp",
        "Ootmarsum",
        "Weerselo",
        "Deurningen",
        "Saasveld",
        "Lattrop",
        "Tilligte",
        "Rossum",
    ],
    "GM1700": ["Vriezenveen", "Vroomshoop", "Den Ham", "Westerhaar"],
    "GM0163": ["Nijverdal", "Daarle", "Daarlerveen", "Haarle"],
    "GM0183": ["Albergen", "Geesteren", "Langeveen", "Vasse", "Reutum", "Fleringen", "Harbrinkhoek"],
    "GM0189": ["Enter", "Hoge Hexel", "Notter"],
    "GM0168": ["Overdinkel", "De Lutte", "Glane"],
    "GM0153": ["Glanerbrug", "Boekelo", "Lonneker"],
    "GM0158": ["Buurse", "Sint Isidorushoeve"],
    "GM0147": ["Hertme", "Zenderen"],
    "GM0141": ["Aadorp", "Bornerbroek"],
    "GM0164": ["Beckum"],
}
TOWN_CASES = [(town, code) for code, towns in TWENTE_TOWNS.items() for town in towns]
# Twente towns that CBS also lists as a woonplaats in another municipality: asked back.
TOWNS_ELSEWHERE_TOO = {
    "Deurningen": "GM0173",  # Oldenzaal
    "Rossum": "GM0263",  # Maasdriel
    "Den Ham": "GM1969",  # Westerkwartier
    "Haarle": "GM0183",  # Tubbergen (and Hellendoorn)
    "Geesteren": "GM1859",  # Berkelland
}


def codes(match: PlaceMatch) -> list[str]:
    return sorted(c.code for c in match.candidates)


def code_of(text: str) -> str | None:
    match = resolve_place(text)
    return match.municipality.code if match.municipality else None


# --- the municipality list ---------------------------------------------------------------------


@pytest.mark.skipif(not (FACTS / "gemeenten.csv").exists(), reason="shared/facts not beside the repo")
def test_data_copy_of_gemeenten_is_identical_to_the_facts_file() -> None:
    assert (DATA_DIR / "gemeenten.csv").read_bytes() == (FACTS / "gemeenten.csv").read_bytes()


def test_all_342_municipalities_are_loaded_with_unique_codes() -> None:
    municipalities = all_municipalities()
    assert len(municipalities) == 342
    assert len({m.code for m in municipalities}) == 342


def test_the_14_twente_municipalities_are_marked() -> None:
    twente = sorted(m.display_name for m in all_municipalities() if m.twente)
    expected = "Almelo Borne Dinkelland Enschede Haaksbergen Hellendoorn Hengelo Hof_van_Twente Losser"
    expected += " Oldenzaal Rijssen-Holten Tubbergen Twenterand Wierden"
    assert twente == sorted(name.replace("_", " ") for name in expected.split())


def test_display_name_drops_the_cbs_province_suffix() -> None:
    hengelo = municipality_by_code("GM0164")
    assert hengelo is not None
    assert (hengelo.name, hengelo.display_name) == ("Hengelo (O.)", "Hengelo")


def test_display_name_of_s_gravenhage_is_den_haag() -> None:
    den_haag = municipality_by_code("GM0518")
    assert den_haag is not None
    assert (den_haag.name, den_haag.display_name) == ("'s-Gravenhage", "Den Haag")


def test_every_cbs_name_resolves_to_its_own_municipality_unless_a_village_elsewhere_has_it() -> None:
    # Beuningen is also a village in Losser, Hoorn one on Terschelling, Buren one on Ameland, ...:
    # those names list both municipalities (the person is asked).
    wrong = [m.name for m in all_municipalities() if code_of(m.name) != m.code]
    assert wrong == [
        "Beuningen",
        "Buren",
        "Heusden",
        "Hoorn",
        "Noordwijk",
        "Oosterhout",
        "Scherpenzeel",
        "Steenbergen",
        "Voorst",
    ]
    for name in wrong:
        assert len(resolve_place(name).candidates) == 2


def test_every_display_name_resolves_to_its_municipality_or_lists_it_as_candidate() -> None:
    wrong = [m.name for m in all_municipalities() if m not in resolve_place(m.display_name).candidates]
    assert wrong == []


@pytest.mark.parametrize("code", ["GM0153", "gm0153", " GM0153 ", "0153"])
def test_municipality_by_code_accepts_code_forms(code: str) -> None:
    municipality = municipality_by_code(code)
    assert municipality is not None and municipality.name == "Enschede"


@pytest.mark.parametrize("code", ["GM9999", "", "Enschede", None, 153])
def test_municipality_by_code_gives_none_for_unknown_codes(code: object) -> None:
    assert municipality_by_code(code) is None  # type: ignore[arg-type]


# --- towns of Twente ---------------------------------------------------------------------------


@pytest.mark.parametrize(("town", "code"), TOWN_CASES, ids=[t for t, _ in TOWN_CASES])
def test_twente_town_resolves_to_its_municipality_and_names_the_town(town: str, code: str) -> None:
    match = resolve_place(town)
    if town in TOWNS_ELSEWHERE_TOO:
        assert match.municipality is None
        assert codes(match) == sorted([code, TOWNS_ELSEWHERE_TOO[town]])
    else:
        assert match.municipality is not None and match.municipality.code == code
    assert match.town == town


def test_village_with_the_municipality_name_gives_no_town() -> None:
    match = resolve_place("Hellendoorn")
    assert match.municipality is not None and match.municipality.code == "GM0163"
    assert match.town is None


def test_mariaparochie_is_ambiguous_between_tubbergen_and_almelo() -> None:
    match = resolve_place("Mariaparochie")
    assert match.municipality is None
    assert codes(match) == ["GM0141", "GM0183"]
    assert match.town == "Mariaparochie"


def test_beuningen_is_the_village_in_losser_or_the_municipality_in_gelderland() -> None:
    match = resolve_place("Beuningen")
    assert match.municipality is None
    assert codes(match) == ["GM0168", "GM0209"]


def test_bergen_without_province_is_ambiguous() -> None:
    match = resolve_place("Bergen")
    assert match.municipality is None
    assert codes(match) == ["GM0373", "GM0893"]


def test_hengelo_means_hengelo_in_overijssel() -> None:
    assert code_of("Hengelo") == "GM0164"


@pytest.mark.parametrize("text", ["Hengelo (Gld.)", "Hengelo Gelderland", "hengelo gld"])
def test_hengelo_in_gelderland_is_the_village_in_bronckhorst(text: str) -> None:
    match = resolve_place(text)
    assert match.municipality is not None and match.municipality.code == "GM1876"
    assert match.town == "Hengelo"


# --- tolerant matching -------------------------------------------------------------------------

VARIANTS = [
    ("goor", "GM1735"),
    ("GOOR", "GM1735"),
    ("  Goor  ", "GM1735"),
    ("rijssen holten", "GM1742"),
    ("Rijssen-Holten", "GM1742"),
    ("rijssenholten", "GM1742"),
    ("Hof v Twente", "GM1735"),
    ("hof v. twente", "GM1735"),
    ("'s-Hertogenbosch", "GM0796"),
    ("s hertogenbosch", "GM0796"),
    ("’s Hertogenbosch", "GM0796"),
    ("den bosch", "GM0796"),
    ("Den Bosch", "GM0796"),
    ("Den Haag", "GM0518"),
    ("'s-Gravenhage", "GM0518"),
    ("Súdwest-Fryslân", "GM1900"),
    ("sudwest fryslan", "GM1900"),
    ("Alphen a/d Rijn", "GM0484"),
    ("Capelle aan den IJssel", "GM0502"),
    ("Capelle a.d. IJssel", "GM0502"),
    ("Ysselstein", "GM0353"),
    ("St. Isidorushoeve", "GM0158"),
    ("Sint-Michielsgestel", "GM0845"),
    ("st michielsgestel", "GM0845"),
    ("gemeente Enschede", "GM0153"),
    ("Gemeente Hof van Twente", "GM1735"),
    ("de gemeente Losser", "GM0168"),
    ("in Goor", "GM1735"),
    ("in de buurt van Goor", "GM1735"),
    ("Goor en omgeving", "GM1735"),
    ("De Bilt", "GM0310"),
    ("in De Bilt", "GM0310"),
    ("Enschede (Overijssel)", "GM0153"),
    ("Hengelo (O.)", "GM0164"),
    ("Hengelo Overijssel", "GM0164"),
    ("Bergen (NH.)", "GM0373"),
    ("Bergen NH", "GM0373"),
    ("Bergen Noord-Holland", "GM0373"),
    ("Bergen (L.)", "GM0893"),
    ("Bergen Limburg", "GM0893"),
    ("Nuenen", "GM0820"),
    ("Enschedé", "GM0153"),
]


@pytest.mark.parametrize(("text", "code"), VARIANTS, ids=[t for t, _ in VARIANTS])
def test_written_variant_resolves_exactly(text: str, code: str) -> None:
    match = resolve_place(text)
    assert match.municipality is not None and match.municipality.code == code
    assert match.corrected is False


SLIPS = [
    ("Enschde", "GM0153"),  # letter missing
    ("Ensvhede", "GM0153"),  # letter wrong
    ("Enshcede", "GM0153"),  # two letters swapped
    ("Nijverdaal", "GM0163"),  # letter extra, a town
    ("Tubergen", "GM0183"),
    ("Vrizenveen", "GM1700"),
    ("Hof van Twnte", "GM1735"),
    ("Oldnzal", "GM0173"),  # two slips in a name of 9 letters
    ("Amsterdm", "GM0363"),
]


@pytest.mark.parametrize(("text", "code"), SLIPS, ids=[t for t, _ in SLIPS])
def test_spelling_slip_resolves_and_is_marked_corrected(text: str, code: str) -> None:
    match = resolve_place(text)
    assert match.municipality is not None and match.municipality.code == code
    assert match.corrected is True


@pytest.mark.parametrize(
    "text",
    [
        "Goer",  # 4 letters: too short for a correction
        "Enschd",  # two slips in a name of 8 letters
        "Ammen",  # one slip from both Ommen and Emmen: not unique
        "xyz",
        "weet ik niet",
        "nee",
        "baan",
    ],
)
def test_unknown_or_not_uniquely_close_text_gives_no_municipality(text: str) -> None:
    match = resolve_place(text)
    assert (match.municipality, match.candidates, match.town) == (None, (), None)


def test_empty_text_gives_no_match() -> None:
    assert resolve_place("   ") == PlaceMatch(None, (), None)


def test_alphen_alone_lists_every_alphen() -> None:
    # Alphen aan den Rijn, the village Alphen in West Maas en Waal, and Alphen-Chaam.
    assert codes(resolve_place("Alphen")) == ["GM0484", "GM0668", "GM1723"]


def test_resolve_place_rejects_non_text_with_one_line() -> None:
    with pytest.raises(TypeError, match="verwacht tekst"):
        resolve_place(None)  # type: ignore[arg-type]


def test_resolve_place_finds_the_one_place_in_a_sentence() -> None:
    match = resolve_place("mijn moeder woont in Goor")
    assert match.municipality is not None and match.municipality.code == "GM1735"
    assert match.town == "Goor"


def test_resolve_place_of_a_sentence_with_two_places_lists_both() -> None:
    match = resolve_place("mijn moeder woont in Goor en ik in Hengelo")
    assert match.municipality is None
    assert codes(match) == ["GM0164", "GM1735"]


def test_match_equality_ignores_the_written_text() -> None:
    assert resolve_place("goor") == resolve_place("in Goor")


# --- places in a sentence ----------------------------------------------------------------------


def test_find_places_finds_each_place_in_order() -> None:
    found = find_places("mijn moeder woont in Goor en ik in Hengelo")
    assert [(m.town, m.municipality.code if m.municipality else None) for m in found] == [
        ("Goor", "GM1735"),
        (None, "GM0164"),
    ]
    assert [m.text for m in found] == ["Goor", "Hengelo"]


def test_find_places_reports_a_place_named_twice_once() -> None:
    assert len(find_places("Goor is klein, maar in Goor is alles dichtbij")) == 1


def test_find_places_reads_multi_word_names() -> None:
    found = find_places("Mijn schoonmoeder woont in 's-Hertogenbosch en mijn vader in Den Haag")
    assert [m.municipality.code if m.municipality else None for m in found] == ["GM0796", "GM0518"]


def test_find_places_keeps_the_province_of_hengelo_in_gelderland() -> None:
    (match,) = find_places("ze woont in Hengelo (Gld.) bij haar zus")
    assert match.municipality is not None and match.municipality.code == "GM1876"
    assert match.text == "Hengelo (Gld.)"


@pytest.mark.parametrize(
    "sentence",
    [
        "de buren helpen soms",
        "Buren helpen mij af en toe",
        "het is best zwaar",
        "ik moet kracht putten uit iets",
        "dat kan leiden tot problemen",
        "druk op enter",
        "wat een goor weer",
        "ik ben een losser type geworden",
        "we hebben houten vloeren",
    ],
)
def test_find_places_ignores_everyday_words_that_are_also_place_names(sentence: str) -> None:
    assert find_places(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("ik woon in Culemborg", "GM0216"),
        ("mijn vader woont in Best", "GM0753"),
        ("mijn vader komt uit Best", "GM0753"),
        ("ze woont in enter", "GM0189"),
        ("Mijn vader woont vlakbij Leiden", "GM0546"),
    ],
)
def test_find_places_accepts_everyday_word_names_after_a_cue_or_with_a_capital(
    sentence: str, code: str
) -> None:
    (match,) = find_places(sentence)
    assert match.municipality is not None and match.municipality.code == code


@pytest.mark.parametrize(
    "sentence",
    [
        "ik ben mijn baan kwijt",
        "ik heb in jaren geen vakantie gehad",
        "in de winter is het zwaar",
        "in totaal zorg ik 20 uur",
        "ik werk in loondienst",
        "in principe wel",
        "in overleg met mijn baas",
    ],
)
def test_find_places_corrects_no_everyday_words_into_places(sentence: str) -> None:
    assert find_places(sentence) == []


def test_find_places_corrects_a_slip_after_a_cue() -> None:
    (match,) = find_places("mijn moeder woont in enschde")
    assert match.municipality is not None and match.municipality.code == "GM0153"
    assert match.corrected is True


def test_find_places_gives_ambiguous_town_with_candidates() -> None:
    (match,) = find_places("Mijn vader woont in Mariaparochie")
    assert codes(match) == ["GM0141", "GM0183"]


# --- the Dutch line ----------------------------------------------------------------------------


def test_format_town_names_its_municipality_and_code() -> None:
    assert format_place_match(resolve_place("Goor")) == "Goor hoort bij de gemeente Hof van Twente (GM1735)."


def test_format_municipality_by_its_own_name() -> None:
    assert format_place_match(resolve_place("enschede")) == "Enschede is een gemeente (GM0153)."


def test_format_municipality_by_the_name_people_use_gives_the_cbs_name() -> None:
    assert format_place_match(resolve_place("Den Haag")) == "Den Haag is de gemeente 's-Gravenhage (GM0518)."


def test_format_ambiguous_lists_the_candidates_and_asks() -> None:
    line = format_place_match(resolve_place("Mariaparochie"))
    assert line == (
        "Mariaparochie kan bij meer dan één gemeente horen: Almelo (GM0141) of Tubbergen (GM0183). "
        "Welke bedoel je?"
    )


def test_format_ambiguous_municipality_name_uses_cbs_names() -> None:
    line = format_place_match(resolve_place("Bergen"))
    assert "Bergen (L.) (GM0893) of Bergen (NH.) (GM0373)" in line


def test_format_corrected_says_what_it_assumes() -> None:
    line = format_place_match(resolve_place("Nijverdaal"))
    assert line == "Ik denk dat je Nijverdal bedoelt. Nijverdal hoort bij de gemeente Hellendoorn (GM0163)."


def test_format_unknown_repeats_the_text_and_asks_for_the_municipality() -> None:
    line = format_place_match(resolve_place("Atlantis"))
    assert line.startswith('Ik ken geen gemeente of plaats met de naam "Atlantis".')


def test_format_empty_says_no_place_was_named() -> None:
    assert format_place_match(resolve_place("")).startswith("Je hebt geen plaats genoemd.")


def test_twente_data_file_lists_every_town_of_the_facts() -> None:
    with (DATA_DIR / "twente_towns.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["town"]: row["cbs_codes"].split() for row in csv.DictReader(handle)}
    missing = [town for town, code in TOWN_CASES if code not in rows.get(town, [])]
    assert missing == []


def test_match_text_is_the_name_without_leading_filler_words() -> None:
    assert resolve_place("in de gemeente Enschede").text == "Enschede"
