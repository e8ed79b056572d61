"""bot.safety: deterministic crisis detection and the fixed crisis texts."""

from __future__ import annotations

import re

import pytest

from bot.safety import (
    ACUTE_DANGER,
    CRISIS_HANDOFF_OFFER,
    CRISIS_TEXT,
    KINDS,
    SUICIDE,
    CrisisMatch,
    detect_crisis,
    normalise,
)
from tests.shared_dir import SHARED

FACTS_FILE = SHARED / "facts" / "werkende-mantelzorgers.md"

# Messages written as people write them: je/u, slips, no accents, shouting, the signal in the middle.
SUICIDE_MESSAGES = [
    "ik wil niet meer leven",
    "Ik wil dood.",
    "soms denk ik aan zelfmoord",
    "ik denk erover om er een einde aan te maken",
    "Ik zie het echt niet meer zitten",
    "ik heb suïcidale gedachten",
    "ik ben bang dat ik mezelf iets aandoe",
    "Het leven heeft geen zin meer sinds ma ziek is",
    "ik wil er niet meer zijn",
    "Zelfmoordgedachten heb ik de laatste tijd vaak",
    "ik heb geen zelfmoordgedachten hoor, maar het is zwaar",
    "wat is het telefoonnummer van zelfmoordpreventie?",
    "k wil dood",
    "ik wil zelfmoort plegen",
    "ik wil zelf moord plegen",
    "suicide",
    "Ik wou dat ik dood was",
    "was ik maar dood",
    "ik ben liever dood dan dat ik zo verder moet",
    "ik wil een eind aan mijn leven maken",
    "ik snij mezelf als het te veel wordt",
    "Ik zorg al drie jaar voor mijn moeder met alzheimer en werk 32 uur. Mijn baas snapt er niks van "
    "en eerlijk gezegd wil ik gewoon niet meer leven. Kun je me helpen met zorgverlof?",
    "IK WIL NIET MEER LEVEN!!!",
    "ik wil niet meer verder.",
    "u moet weten dat ik aan zelfdoding denk",
    "ik ga voor de trein springen",
    "ik wil mezelf van kant maken",
    "ik hoop dat ik morgen niet meer wakker word",
    "ik ben levensmoe",
    "mijn leven is zinloos geworden",
    "ik wil mijzelf iets aandoen",
    "ik zie t niet meer zitten",
    "ik wil doooood",
    "ik denk aan suicide",
    "soms wil ik dood",
    "ik heb geen zin meer in het leven",
    "u moet weten dat ik zelfmoortgedachten heb",
    "ik zie het allemaal niet meer zitten met mn vader en mijn werk",
    "ik maak er een eind aan",
    "ik wil dood gaan",
    "Mijn man is ziek, mijn werk loopt vast en ik ben zo moe. Ik zie het eerlijk gezegd niet meer "
    "zitten. Wat kan ik doen?",
    "ik ga alle pillen innemen die ik heb",
    "Soms denk ik, was ik er maar niet meer",
    "ik zit op het dak en wil springen",
    "ik heb mezelf gesneden",
]

ACUTE_DANGER_MESSAGES = [
    "Mijn moeder is uit het verpleeghuis weggelopen",
    "Hij zit met een mes in de keuken en dreigt",
    "hij slaat me",
    "Mijn man slaat mij als hij boos wordt",
    "als hij boos is slaat hij me",
    "ze is gevallen en reageert niet",
    "mijn vader is weggelopen en ik kan hem niet vinden",
    "ik ben bang dat ik haar iets aandoe",
    "hij dreigt",
    "Mijn moeder is bewusteloos",
    "hij ademt niet meer",
    "ik krijg haar niet wakker",
    "mijn moeder met dementie is sinds vanmiddag vermist",
    "hij heeft me gisteren geslagen",
    "ik word thuis mishandeld",
    "mn vader heeft een mes gepakt",
    "ik voel me niet veilig thuis",
    "hij wil me vermoorden",
    "ik denk dat mijn vader een beroerte krijgt",
    "mijn vader krijgt volgens mij een beroerte",
    "ze bloedt heel erg",
    "mijn moeder heeft te veel pillen ingenomen",
    "hij is gevallen en kan niet meer opstaan",
    "moet ik 112 bellen? hij is helemaal grauw",
    "ik weet niet waar mijn vader is, hij is de deur uit gegaan",
    "Ik ben bang voor hem",
    "hij bedreigt mij steeds",
    "ze is bewusteloss",
    "Mijn vader dreigt ons iets aan te doen",
    "er is brand in de keuken",
    "hij ademd niet",
    "zij reageert nergens meer op",
    "Mijn vrouw ligt op de grond en reageert niet",
    "mijn schoonmoeder is weer zoek, ze heeft dementie",
    "U moet me helpen, mijn man heeft een hartaanval denk ik",
    "mijn zoon dreigt zichzelf iets aan te doen",
    "Ik kan mijn moeder nergens vinden",
    "ik kan em niet vinden, hij is weggelopen uit het verpleeghuis",
    "mijn partner mishandelt me al jaren",
    "mijn man is niet thuisgekomen en hij heeft alzheimer",
    "hij stikt",
    "Mijn broer is agressief en heeft een mes",
]

# Messages that must NOT give a crisis text: exhaustion, grief, idioms, past events, questions.
NO_CRISIS_MESSAGES = [
    "Mijn werkgever dreigt mijn contract niet te verlengen",
    "Ik doe mezelf tekort",
    "Ik ben bang dat hij valt als ik weg ben",
    "Mijn vader slaat zijn medicijnen over",
    "Hij kreeg in 2021 een beroerte en sindsdien zorg ik voor hem",
    "Mijn moeder is vorige week gevallen, ze ligt nu in het ziekenhuis",
    "als ik er niet meer ben, wie zorgt dan voor haar?",
    "Ze is vaak de weg kwijt",
    "De ambulance bracht hem vorig jaar naar het ziekenhuis",
    "Mijn moeder ligt op sterven",
    "Hij reageert niet op mijn appjes maar hij is vaak op zijn telefoon",
    "mijn moeder is op zoek naar een verzorgingshuis in de buurt",
    "ik wil mijn facturen zien",
    "ik ben doodop",
    "ik ben dood op na een week zorgen",
    "ik ben doodmoe van het regelen",
    "ik zou er een moord voor doen, een weekje vrij",
    "mijn vader is dood gegaan vorig jaar",
    "sinds de dood van mijn moeder zorg ik voor mijn vader",
    "ik kan niet meer, het is te veel",
    "ik zie het niet zitten om dit met mijn baas te bespreken",
    "mijn moeder heeft vorig jaar een beroerte gehad",
    "hij heeft een hartaanval gehad in 2019",
    "de gemeente reageert niet op mijn mail",
    "mijn werkgever reageert niet",
    "ik kan mijn loonstrook niet vinden",
    "ze is op zoek naar een nieuwe baan",
    "mijn moeder loopt soms weg als ze onrustig is",
    "ik ben doodsbang dat hij valt",
    "dat slaat nergens op",
    "dat slaat op mij",
    "ik sla die vraag over",
    "mijn vader is agressief geworden door zijn dementie",
    "de situatie dreigt uit de hand te lopen",
    "hij dreigt te vallen als hij opstaat",
    "ik snijd de groenten voor haar",
    "ze moet haar pillen innemen",
    "wat is het nummer van de Mantelzorglijn",
    "hoeveel zorgverlof krijg ik bij 32 uur",
    "ik wil niet meer zo veel uren werken",
    "ik wil niet meer alleen voor mijn moeder zorgen",
    "het leven is duur geworden",
    "dit is doodnormaal toch?",
    "ik heb me doodgeschrokken",
    "mijn vader wil niet meer naar de dagbesteding",
    "ik ben bang voor de toekomst",
    "ik voel me niet gesteund door mijn werkgever",
    "de dokter zei dat ze niet meer beter wordt",
    "mijn vader is vorige maand overleden",
    "hij heeft een niet-reanimeren verklaring",
    "ik kan hem wel vermoorden als hij weer zijn sleutels kwijt is",
    "ik ben de weg kwijt in alle regels",
    "mijn baas dreigt met ontslag",
    "ik heb een doodsimpele vraag",
    "ik kan haar medicijnen niet vinden",
    "ik vind haar zorgplan nergens",
    "mijn moeder wordt 's nachts niet wakker van de wekker",
    "hoe regel ik respijtzorg in Goor",
    "ik ben bang dat ik haar niet genoeg help",
    "ik doe haar boodschappen en was",
    "nee, ik wil niet meer weten, dank je",
    "mijn vader reageert niet op zijn nieuwe medicijnen",
    "hij reageert niet meer op zijn naam sinds de dementie erger werd",
    "Ik trek het niet meer, ik moet minder gaan werken",
    "ik heb een reanimatiecursus gedaan",
    "mijn moeder is in 2020 gevallen en heeft haar heup gebroken",
    "ik word er doodziek van",
    "we hebben de ambulance niet nodig gehad",
    "ik ga eraan onderdoor",
    "mijn man is zijn portemonnee kwijt",
    "als ik dood ben, wie zorgt er dan voor haar?",
    "mijn vader ligt op sterven en ik wil zorgverlof",
    "ik wil stoppen met werken",
    "ik kamp met veel stress",
    "de zorg valt me zwaar",
    "ik ben er helemaal klaar mee met die wachtlijsten",
    "mijn moeder heeft dementie en verdwaalt soms in de supermarkt",
]


@pytest.mark.parametrize("text", SUICIDE_MESSAGES)
def test_suicide_signal_is_detected(text: str) -> None:
    match = detect_crisis(text)
    assert match is not None and match.kind == SUICIDE


@pytest.mark.parametrize("text", ACUTE_DANGER_MESSAGES)
def test_acute_danger_is_detected(text: str) -> None:
    match = detect_crisis(text)
    assert match is not None and match.kind == ACUTE_DANGER


@pytest.mark.parametrize("text", NO_CRISIS_MESSAGES)
def test_message_without_crisis_gives_none(text: str) -> None:
    assert detect_crisis(text) is None


def test_tables_hold_at_least_40_positive_and_40_negative_messages() -> None:
    assert len(SUICIDE_MESSAGES) + len(ACUTE_DANGER_MESSAGES) >= 40
    assert len(NO_CRISIS_MESSAGES) >= 40


# --- decisions on borderline phrases (documented in bot/safety_words.py) --------------------------


def test_negated_suicidal_thoughts_still_count() -> None:
    assert detect_crisis("ik heb geen zelfmoordgedachten") == CrisisMatch(SUICIDE)


def test_asking_for_the_suicide_prevention_line_counts() -> None:
    assert detect_crisis("zelfmoordpreventie telefoonnummer?") == CrisisMatch(SUICIDE)


def test_not_seeing_it_anymore_counts_but_not_fancying_it_does_not() -> None:
    assert detect_crisis("ik zie het niet meer zitten") == CrisisMatch(SUICIDE)
    assert detect_crisis("ik zie het niet zitten om mijn baas te bellen") is None


def test_exhaustion_is_not_a_crisis() -> None:
    assert [detect_crisis(t) for t in ("ik ben doodop", "ik kan niet meer", "doodmoe")] == [None] * 3


def test_suicide_wins_when_both_kinds_are_signalled() -> None:
    assert detect_crisis("hij slaat me en ik wil dood") == CrisisMatch(SUICIDE)


def test_match_names_the_rule_that_fired() -> None:
    match = detect_crisis("ik wil dood")
    assert match is not None and match.rule == "wil_dood"


def test_signal_in_the_middle_of_a_long_message_is_found() -> None:
    filler = "Ik zorg voor mijn moeder en werk 32 uur per week bij een groot bedrijf. " * 40
    assert detect_crisis(filler + "Eerlijk gezegd wil ik niet meer leven. " + filler) == CrisisMatch(SUICIDE)


def test_clause_boundary_stops_a_rule() -> None:
    # "niet meer" and "leven" in different sentences do not make "niet meer leven".
    assert detect_crisis("Ik wil niet meer. Leven met dementie is zwaar voor haar.") is None


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "?!", "\n\n"])
def test_empty_or_symbol_only_message_gives_none(text: str) -> None:
    assert detect_crisis(text) is None


def test_same_text_gives_the_same_answer() -> None:
    text = "ze is gevallen en reageert niet"
    assert detect_crisis(text) == detect_crisis(text) == CrisisMatch(ACUTE_DANGER)


def test_non_text_is_rejected_with_one_line() -> None:
    with pytest.raises(TypeError, match="verwacht tekst"):
        detect_crisis(None)  # type: ignore[arg-type]


# --- normalisation -----------------------------------------------------------------------------


def test_normalise_lowercases_strips_accents_and_collapses_spaces() -> None:
    assert normalise("  Ik   denk aan SUÏCIDE  ") == "ik denk aan suicide"


def test_normalise_marks_clause_boundaries() -> None:
    assert normalise("Nee, ik wil niet meer! Echt?") == "nee . ik wil niet meer . echt"


def test_normalise_expands_contractions_and_chat_spelling() -> None:
    assert normalise("k kan m'n pa niet vinden, 'k zoek 'm") == "ik kan mijn pa niet vinden . ik zoek hem"


def test_normalise_shortens_stretched_letters() -> None:
    assert normalise("ik wil doooood") == "ik wil dood"


@pytest.mark.parametrize(
    "text",
    [
        "ik wil d\u200bood",  # zero-width space inside a word
        "ik wil niet meer le\u00adven",  # soft hyphen
        "ik wil niet meer\u2060 leven",  # word joiner
        "\ufeffik wil dood",  # byte-order mark
        "ik wil niet meer l e v e n",  # letters spaced out
        "ik   wil\tdood",  # odd spacing
        "ik denk aan zelf\u200cmoord",  # zero-width non-joiner
    ],
)
def test_crisis_words_are_found_through_invisible_characters_and_odd_spacing(text: str) -> None:
    assert detect_crisis(text) is not None


def test_single_letters_in_ordinary_text_stay_apart_below_three() -> None:
    assert normalise("ik heb a en b gedaan") == "ik heb a en b gedaan"


@pytest.mark.parametrize(
    "text",
    [
        "het wordt me eigenlijk te veel, ik slaap slecht",
        "ik kan het niet meer aan",
        "ik ben helemaal op en slaap slecht",
        "het is me te veel geworden",
    ],
)
def test_overload_is_not_a_crisis(text: str) -> None:
    assert detect_crisis(text) is None


@pytest.mark.parametrize(
    ("word", "fixed"),
    [
        ("zelfmoort", "zelfmoord"),
        ("zelfmoortgedachten", "zelfmoordgedachten"),
        ("bewusteloss", "bewusteloos"),
        ("ovrdosis", "overdosis"),
        ("suicde", "suicide"),
    ],
)
def test_normalise_corrects_one_slip_in_a_keyword(word: str, fixed: str) -> None:
    assert normalise(word) == fixed


def test_normalise_leaves_ordinary_long_words_alone() -> None:
    assert normalise("mantelzorgwaardering aanvragen") == "mantelzorgwaardering aanvragen"


# --- the fixed texts ---------------------------------------------------------------------------


def test_there_is_a_crisis_text_for_every_kind() -> None:
    assert set(CRISIS_TEXT) == set(KINDS) == {SUICIDE, ACUTE_DANGER}


def test_suicide_text_first_line_says_not_alone_and_gives_113() -> None:
    first = CRISIS_TEXT[SUICIDE].splitlines()[0]
    assert "niet alleen" in first
    for part in ("113", "0800-0113", "113.nl", "gratis", "anoniem", "24/7"):
        assert part in first


def test_suicide_text_gives_112_for_direct_danger() -> None:
    assert "112" in CRISIS_TEXT[SUICIDE]


def test_acute_danger_text_first_line_says_call_112() -> None:
    assert "Bel meteen 112" in CRISIS_TEXT[ACUTE_DANGER].splitlines()[0]


def test_acute_danger_text_names_huisartsenpost_mantelzorglijn_and_113() -> None:
    text = CRISIS_TEXT[ACUTE_DANGER]
    for part in ("huisartsenpost", "Mantelzorglijn", "030 760 60 55", "113", "0800-0113"):
        assert part in text


@pytest.mark.skipif(not FACTS_FILE.exists(), reason="shared/facts not beside the repo")
def test_every_phone_number_in_the_texts_comes_from_the_facts() -> None:
    facts = FACTS_FILE.read_text(encoding="utf-8")
    texts = " ".join([*CRISIS_TEXT.values(), CRISIS_HANDOFF_OFFER])
    numbers = set(re.findall(r"\d[\d -]*\d|\d", texts)) - {"24/7", "24", "7"}
    missing = [number for number in numbers if number.strip() not in facts]
    assert missing == []


def test_handoff_offer_asks_whether_they_want_to_talk_to_a_person() -> None:
    assert CRISIS_HANDOFF_OFFER.startswith("Wil je")
    assert "?" in CRISIS_HANDOFF_OFFER
