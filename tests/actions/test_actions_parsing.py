"""actions/parsing.py: numbers, hours, yes/no and the words for the profile's enums."""

from __future__ import annotations

import pytest

from actions import parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("32", 32.0),
        ("32,5", 32.5),
        ("32.5 uur", 32.5),
        ("tweeëndertig uur", 32.0),
        ("tweeendertig", 32.0),
        ("vierentwintig", 24.0),
        ("twee en twintig", 22.0),
        ("twaalf en een half", 12.5),
        ("twaalfenhalf", 12.5),
        ("12½", 12.5),
        ("anderhalf uur", 1.5),
        ("tweeënhalf uur", 2.5),
        ("honderdachtenzestig", 168.0),
        ("zo'n 10 uurtjes", 10.0),
        ("een uur", 1.0),
    ],
)
def test_parse_number_reads_digits_and_dutch_words(text: str, expected: float) -> None:
    assert parsing.parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("10 à 12 uur", 11.0), ("tussen de 10 en 15", 12.5), ("8-10", 9.0)]
)
def test_parse_number_takes_the_middle_of_a_range(text: str, expected: float) -> None:
    assert parsing.parse_number(text) == expected


@pytest.mark.parametrize("text", ["geen idee", "ik werk bij een klein bedrijf", ""])
def test_parse_number_finds_nothing_without_a_number(text: str) -> None:
    assert parsing.parse_number(text) is None


def test_weekly_hours_multiplies_hours_per_day_by_the_days_given() -> None:
    assert parsing.parse_weekly_hours("2 uur per dag") == 14.0
    assert parsing.parse_weekly_hours("2 uur per dag", days_per_week=5) == 10.0


def test_weekly_hours_reads_days_of_hours() -> None:
    assert parsing.parse_weekly_hours("4 dagen van 8 uur") == 32.0


def test_weekly_hours_spreads_hours_per_month_over_the_weeks() -> None:
    assert parsing.parse_weekly_hours("26 uur per maand") == 6.0


@pytest.mark.parametrize(("value", "text"), [(64.0, "64"), (45.5, "45,5"), (4.6, "4,6")])
def test_format_number_writes_dutch_decimals(value: float, text: str) -> None:
    assert parsing.format_number(value) == text


@pytest.mark.parametrize(
    ("text", "expected"), [("ja", True), ("Klopt!", True), ("nee hoor", False), ("nope", False)]
)
def test_parse_yes_no(text: str, expected: bool) -> None:
    assert parsing.parse_yes_no(text) is expected


@pytest.mark.parametrize(
    "text", ["weet ik niet", "Geen idee", "geen flauw idee", "ik weet het niet", "onbekend"]
)
def test_dont_know_is_recognised(text: str) -> None:
    assert parsing.is_dont_know(text)
    assert parsing.parse_yes_no(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ik zorg voor mijn buurvrouw, mijn zus helpt soms", "friend_neighbour"),
        ("Ik zorg voor mijn buurvrouw, haar kinderen wonen ver weg", "friend_neighbour"),
        ("Mijn buurman wordt ouder en vergeetachtig", "friend_neighbour"),
        ("ik zorg samen met mijn zus voor mijn moeder", "parent"),
        ("Ik zorg voor mijn man en voor zijn moeder", "partner"),
        ("mijn man en ik zorgen samen voor zijn moeder", "extended_family"),
    ],
)
@pytest.mark.parametrize("strict", [False, True])
def test_the_person_cared_for_is_the_relative_named_after_zorg_voor_or_first(
    text: str, expected: str, strict: bool
) -> None:
    # a family word elsewhere in the sentence must not turn a neighbour into family the law names
    assert parsing.parse_relationship(text, strict=strict) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mijn pa", "parent"),
        ("ma", "parent"),
        ("mijn moeder", "parent"),
        ("schoonmoeder", "extended_family"),
        ("mijn stiefmoeder", "extended_family"),
        ("mijn zus", "sibling"),
        ("mijn kleindochter", "grandchild"),
        ("een familielid", "other_family"),
        ("mijn oma", "grandparent"),
        ("de buurvrouw", "friend_neighbour"),
        ("mijn man", "partner"),
        ("onze dochter", "child"),
    ],
)
def test_parse_relationship(text: str, expected: str) -> None:
    assert parsing.parse_relationship(text) == expected


def test_strict_relationship_needs_a_possessive() -> None:
    assert parsing.parse_relationship("er kwam een oudere vrouw langs", strict=True) is None
    assert parsing.parse_relationship("ik zorg voor mijn lieve man", strict=True) == "partner"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("alzheimer", "dementia"),
        ("ze is erg vergeetachtig", "dementia"),
        ("ongeneeslijk ziek", "terminal"),
        ("een verstandelijke beperking", "intellectual_disability"),
        ("parkinson", "chronic_illness"),
        ("depressie", "mental_illness"),
        ("ze zit in een rolstoel", "physical_disability"),
        ("ouderdom", "old_age"),
    ],
)
def test_parse_condition(text: str, expected: str) -> None:
    assert parsing.parse_condition(text) == expected


def test_strict_condition_ignores_the_bare_word_ziek() -> None:
    assert parsing.parse_condition("ik meld me ziek", strict=True) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in loondienst", "employee"),
        ("ik ben zzp'er", "self_employed"),
        ("ik heb een eigen zaak", "employer_owner"),
        ("ik studeer nog", "student"),
        ("ik werk niet", "not_working"),
        ("met pensioen", "not_working"),
    ],
)
def test_parse_employment(text: str, expected: str) -> None:
    assert parsing.parse_employment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("goed te doen", "light"),
        ("het valt mee", "light"),
        ("best zwaar", "moderate"),
        ("soms pittig", "moderate"),
        ("te zwaar", "heavy"),
        ("ik kan niet meer", "heavy"),
        ("het is zwaar", "heavy"),
    ],
)
def test_parse_burden(text: str, expected: str) -> None:
    assert parsing.parse_burden(text) == expected


def test_respite_wish_in_a_story_is_a_need() -> None:
    text = "Ik werk 24 uur en wil af en toe even vrij zijn van de zorg."
    assert parsing.parse_needs(text, strict=True) == ["respite"]
    assert parsing.parse_needs("ik wil even vrij van mijn werk", strict=True) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ik ben kapot en weet niet hoe lang ik dit nog volhoud.", "heavy"),
        ("ik weet niet hoe lang ik het nog vol hou", "heavy"),
        ("mijn fiets is kapot, dus ik kom later", None),
    ],
)
def test_parse_burden_in_a_story_is_strict(text: str, expected: str | None) -> None:
    assert parsing.parse_burden(text, strict=True) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("minder dan 10", "small"),
        ("we zijn met 6 collega's", "small"),
        ("klein", "small"),
        ("250 medewerkers", "large"),
        ("een groot bedrijf", "large"),
        ("weet ik niet", "unknown"),
    ],
)
def test_parse_employer_size(text: str, expected: str) -> None:
    assert parsing.parse_employer_size(text) == expected


def test_strict_employer_size_does_not_read_a_hospital_visit() -> None:
    assert parsing.parse_employer_size("mijn moeder ligt in het ziekenhuis", strict=True) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ja", "yes"),
        ("ze heeft een Wlz-indicatie", "yes"),
        ("geen indicatie", "no"),
        ("weet ik niet", "unknown"),
    ],
)
def test_parse_wlz(text: str, expected: str) -> None:
    assert parsing.parse_wlz(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ze woont bij ons", True),
        ("we wonen samen", True),
        ("ze woont alleen", False),
        ("verpleeghuis", False),
        ("nee", False),
    ],
)
def test_parse_lives_together(text: str, expected: bool) -> None:
    assert parsing.parse_lives_together(text) is expected


def test_strict_lives_together_ignores_a_plain_no() -> None:
    assert parsing.parse_lives_together("nee", strict=True) is None


def test_parse_needs_finds_several_needs_in_profile_order() -> None:
    assert parsing.parse_needs("wat geld en respijtzorg") == ["respite", "money"]


def test_parse_needs_alles_means_every_need() -> None:
    assert parsing.parse_needs("alles") == list(parsing.ALL_NEEDS)


def test_a_typo_in_a_direct_answer_is_read_as_the_word_it_is_close_to() -> None:
    from actions.parsing import parse_condition, parse_employment, parse_relationship

    assert parse_relationship("mijn moedr") == "parent"
    assert parse_condition("demetie") == "dementia"
    assert parse_employment("loondiest") == "employee"
    assert parse_relationship("water") is None  # too far from "vader"
    assert parse_relationship("mijn moedr", strict=True) is None  # a story is read exactly
