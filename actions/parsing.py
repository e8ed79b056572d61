"""Reading answers out of Dutch text: numbers (digits and words), hours, yes/no, and the profile
values people name (relationship, illness, work, burden, needs), matched against the words of
``bot/vocabulary.yml``, the one home of those words (Rasa's synonyms are generated from it too).

Pure functions on strings, no Rasa: every rule here has a unit test in tests/actions/test_parsing.py.
Values returned are the enums of ``bot.profile`` (``parent``, ``dementia``, ``employee``, …).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot import vocabulary

# --- normalising ---------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, accents removed, curly quotes straightened, whitespace collapsed."""
    text = text.replace("½", " en half ")
    for quote in "’‘´`":
        text = text.replace(quote, "'")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def _has_any(text: str, patterns: Iterable[str]) -> bool:
    return any(re.search(pattern, text) for pattern in patterns)


# --- numbers -------------------------------------------------------------------------------------

_UNITS = {
    "een": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
}
_TEENS = {
    "nul": 0,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
}
_TENS = {
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
}


def _below_hundred() -> dict[str, int]:
    words: dict[str, int] = {**_UNITS, **_TEENS, **_TENS}
    for unit, unit_value in _UNITS.items():
        for tens, tens_value in _TENS.items():
            # "tweeëntwintig" folds to "tweeentwintig"; people also write "twee en twintig".
            words[f"{unit}en{tens}"] = unit_value + tens_value
    return words


_BELOW_HUNDRED = _below_hundred()
NUMBER_WORDS: dict[str, int] = {
    **_BELOW_HUNDRED,
    "honderd": 100,
    **{f"honderd{word}": 100 + value for word, value in _BELOW_HUNDRED.items()},
    **{f"honderden{word}": 100 + value for word, value in _BELOW_HUNDRED.items()},
}
_FRACTION_WORDS = {"anderhalf": 1.5, "anderhalve": 1.5, "half": 0.5, "halve": 0.5}
_HALF_SUFFIX_RE = re.compile(r"^(?P<unit>[a-z]+?)en(?:half|halve)$")  # "tweeënhalf"

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+|[-–]")


def _word_value(word: str) -> float | None:
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    if word in _FRACTION_WORDS:
        return _FRACTION_WORDS[word]
    match = _HALF_SUFFIX_RE.match(word)
    if match and match.group("unit") in NUMBER_WORDS:
        return NUMBER_WORDS[match.group("unit")] + 0.5
    return None


def find_numbers(text: str) -> list[float]:
    """All numbers in the text, in order: digits ("32", "32,5"), words ("tweeëndertig"),
    and halves ("twaalf en een half", "12½", "anderhalf"). "een" counts only before "uur"/"dag"
    or on its own, because it is usually the article."""
    tokens = _TOKEN_RE.findall(fold(text).replace("een half", "half"))
    numbers: list[float] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        value: float | None
        if token[0].isdigit():
            value = float(token.replace(",", "."))
        elif token == "een":
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            value = (
                1.0 if following in ("uur", "uurtje", "dag", "dagen", "keer") or len(tokens) == 1 else None
            )
        else:
            value = _word_value(token)
            # "twee en twintig" written apart
            if value is not None and value < 10 and i + 2 < len(tokens) and tokens[i + 1] == "en":
                tens = _TENS.get(tokens[i + 2])
                if tens is not None:
                    value += tens
                    i += 2
        if value is not None:
            # "twaalf en (een) half"
            if i + 2 < len(tokens) and tokens[i + 1] == "en" and tokens[i + 2] in ("half", "halve"):
                value += 0.5
                i += 2
            numbers.append(value)
        i += 1
    return numbers


#: "een uur of 10" is about 10 hours, "een man of 12" about 12 people.
_ABOUT_RE = re.compile(r"\been (uur|uurtje|man|stuk|keer|dag|dagen) of (\S+)")
#: Contract names with a number that is no amount: "0-urencontract", "min-max".
_CONTRACT_NAMES_RE = re.compile(r"\b(?:0|nul)[- ]?uren ?contract\b|\bnulurencontract\b|\bmin[- ]max\b")


def parse_number(text: str) -> float | None:
    """The number the text gives; a range ("10 à 12", "tussen 10 en 12") gives its middle."""
    folded = _CONTRACT_NAMES_RE.sub(" ", _ABOUT_RE.sub(r"\2 \1", fold(text)))
    numbers = find_numbers(folded)
    if not numbers:
        return None
    if len(numbers) >= 2 and _is_range(folded):
        return (numbers[0] + numbers[1]) / 2
    return numbers[0]


_NUM = vocabulary.fragment("num")
_RANGE_RE = re.compile(
    rf"\b{_NUM}(?:\s*[-–]\s*|\s+(?:à|a|tot(?: en met)?|t/m|of)\s+){_NUM}\b"
    rf"|\btussen (?:de )?{_NUM} en {_NUM}\b"
)


def _is_range(folded: str) -> bool:
    return any(len(find_numbers(match.group(0))) >= 2 for match in _RANGE_RE.finditer(folded))


_PER_DAY_RE = re.compile(
    r"per dag|elke dag|iedere dag|dagelijks|'s daags|op een dag|a day|per etmaal"
    r"|\b(?:elke|iedere) (?:avond|ochtend|middag|nacht)\b|'s (?:avonds|ochtends|middags)"
)
#: "4 dagen per week, 9 uur per dag": days and hours a day apart.
_DAYS_THEN_HOURS_A_DAY_RE = re.compile(
    rf"(?P<days>{_NUM})\s*(?:werk)?dagen\b.*?(?P<hours>{_NUM})\s*uur (?:per|op een|elke) dag\b"
)
_PER_WORKDAY_RE = re.compile(r"\b(?:per|elke|iedere) werkdag\b|\bop werkdagen\b|\bdoordeweeks\b")
WORKDAYS_PER_WEEK = 5
_PER_MONTH_RE = re.compile(r"per maand|in de maand|elke maand|iedere maand|maandelijks")
_DAYS_OF_HOURS_RE = re.compile(
    rf"(?P<days>{_NUM})\s*(?:x|×|keer|maal|(?:werk)?dagen|dag|ochtenden|ochtend|middagen|middag|avonden|"
    rf"avond|nachten|nacht|diensten|dienst)\s*(?:per week\s*|in de week\s*)?"
    rf"(?:van|x|×|a|à|per keer)?\s*(?P<hours>{_NUM})\s*uur"
)
WEEKS_PER_MONTH = 52 / 12


def parse_weekly_hours(text: str, days_per_week: int = 7) -> float | None:
    """Hours per week from an answer: "32", "zo'n 10 uur", "2 uur per dag" (x ``days_per_week``),
    "4 dagen van 8 uur", "20 uur per maand". None when the text holds no number."""
    folded = fold(text)
    days_match = _DAYS_OF_HOURS_RE.search(folded) or _DAYS_THEN_HOURS_A_DAY_RE.search(folded)
    if days_match:
        days = parse_number(days_match.group("days"))
        hours = parse_number(days_match.group("hours"))
        if days is not None and hours is not None:
            return round(days * hours, 1)
    value = parse_number(folded)
    if value is None:
        return None
    if _PER_WORKDAY_RE.search(folded):
        value *= min(days_per_week, WORKDAYS_PER_WEEK)
    elif _PER_DAY_RE.search(folded):
        value *= days_per_week
    elif _PER_MONTH_RE.search(folded):
        value /= WEEKS_PER_MONTH
    return round(value, 1)


def format_number(value: float) -> str:
    """Dutch notation: 64 -> "64", 45.5 -> "45,5"."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


# --- yes / no / don't know ------------------------------------------------------------------------

_DONT_KNOW = (
    r"\bweet (?:ik |het |'t )?(?:niet|nie)\b",
    r"\bweet ik het niet\b",
    r"\bweetniet\b",
    r"\bgeen (?:flauw )?(?:idee|benul)\b",
    r"\bniet zeker\b",
    r"\bonbekend\b",
    r"\bgeen flauw\b",
    r"\bweet (?:ik )?veel\b",
    r"\bvraag (?:me|mij) wat\b",
    r"\bgeen idee\b",
    r"\bdat weet ik niet\b",
    r"^misschien[.!?]*$",
    r"\bik twijfel\b",
    r"\bkan ik niet zeggen\b",
    r"^\?+$",
)
_YES = (
    r"^(?:ja+|jazeker|jawel|jep|jup|yes|yep|klopt|zeker|inderdaad|correct|ok|oke|okay|prima|graag|"
    r"natuurlijk|uiteraard|ja hoor|ja graag|dat klopt|klopt helemaal|zeker weten|absoluut|goed)\b",
    r"^ja[,. !]",
)
_NO = (
    r"^(?:nee+|neen|nope|nah|neuh|welnee|nee hoor|niet|nooit|geen|helaas niet|zeker niet|"
    r"absoluut niet|dat klopt niet|klopt niet)\b",
    r"^nee[,. !]",
)


def is_dont_know(text: str) -> bool:
    """ "weet ik niet", "geen idee", "onbekend", …"""
    return _has_any(fold(text), _DONT_KNOW)


#: Hesitation before an answer ("uhm ja", "nou, 32"): not part of the answer.
HESITATIONS = r"uhm|ehm|eh|eeh|ehh|euh|uh|hmm|nou|tja"


def leading_words_re(words: str) -> re.Pattern[str]:
    """A pattern for a run of these words (``a|b|c``) at the start of folded text, with commas."""
    return re.compile(rf"^(?:(?:{words})\b[ ,.]*)+")


_LEADING_FILLERS_RE = leading_words_re(HESITATIONS)


def parse_yes_no(text: str) -> bool | None:
    """True for ja/klopt/zeker, False for nee/niet/geen, None otherwise (also for "weet ik niet").
    Hesitation before the answer ("uhm ja") does not count."""
    folded = _LEADING_FILLERS_RE.sub("", fold(text)).strip(" .!")
    if is_dont_know(folded):
        return None
    if _has_any(folded, _NO):
        return False
    if _has_any(folded, _YES):
        return True
    return None


_LEAVE_QUESTION_RE = re.compile(
    r"\b(?:recht op|krijg ik|heb ik|kan ik|mag ik|kun je|geldt)\b[^.?!]*"
    r"\b(?:zorg|calamiteiten)?verlof\b[^.!]*\?"
    r"|\b(?:zorg)?verlof\b[^.!]*\b(?:voor mij|krijgen|aanvragen|recht)\b[^.!]*\?"
)


def asks_about_leave(text: str) -> bool:
    """A question about one's own right to leave inside a longer message ("… Heb ik recht op zorgverlof?")."""
    return bool(_LEAVE_QUESTION_RE.search(fold(text)))


# --- word lists for the profile's enums ------------------------------------------------------------


LOOSE = vocabulary.ANSWER_ONLY  # such a pattern counts only as a direct answer, not in a long story
_POSSESSIVE = r"\b(?:mijn|m'n|mn|me|onze|ons|z'n|zijn|haar)\s+(?:[a-z]+\s+)?"
_NAMES_WHOSE = re.compile(r"\b(?:mijn|zijn|haar)\b")


def _patterns(patterns: Iterable[str], strict: bool) -> list[str]:
    if strict:
        return [p for p in patterns if not p.startswith(LOOSE)]
    return [p.removeprefix(LOOSE) for p in patterns]


def _match_table(
    folded: str, table: Iterable[tuple[str, tuple[str, ...]]], strict: bool = False
) -> str | None:
    """First value whose pattern occurs in the text; patterns are regexes on folded text.
    ``strict`` leaves out the loose patterns (single words that mean something else in a story)."""
    for value, patterns in table:
        if _has_any(folded, _patterns(patterns, strict)):
            return value
    return None


_RELATIONSHIP_TABLE = vocabulary.table("relationship")


#: How alike a typed word must be to a vocabulary word (rapidfuzz ratio, 0-100) to count as a typo of
#: it: "moedr" ~ "moeder" 91, "demetie" ~ "dementie" 93; "water" ~ "vader" 60 does not.
TYPO_SCORE = 85
TYPO_MIN_LENGTH = 5


def typo_value(field: str, text: str) -> str | None:
    """The value of the vocabulary word a word of a direct answer is a typo of ("moedr" -> parent)."""
    known = vocabulary.words(field)
    for word in fold(text).split():
        if len(word) < TYPO_MIN_LENGTH:
            continue
        match = process.extractOne(word, known.keys(), scorer=fuzz.ratio, score_cutoff=TYPO_SCORE)
        if match is not None:
            return known[match[0]]
    return None


#: "ik zorg (samen met mijn zus) voor ...": the person cared for is named after this.
_CARED_FOR_ANCHOR = re.compile(
    r"\b(?:zorg\w*|help\w*|mantelzorg\w*|verzorg\w*|ondersteun\w*)\b[^.?!]*?\bvoor\b"
)


def parse_relationship(text: str, strict: bool = False) -> str | None:
    """ "mijn pa" -> parent, "schoonmoeder" -> extended_family, "buurvrouw" -> friend_neighbour.
    ``strict`` (a long story): the word must follow "mijn"/"onze"/… ("een oudere vrouw" is no partner).
    Several relatives named ("ik zorg voor mijn buurvrouw, mijn zus helpt soms"): the one named first
    after "zorg voor", else the one named first; the vocabulary's order breaks a tie."""
    folded = fold(text)
    found: list[tuple[int, int, str]] = []  # (position, order in the vocabulary, value)
    for order, (value, patterns) in enumerate(_RELATIONSHIP_TABLE):
        if strict:
            # a pattern that names whose relative it is ("voor zijn moeder") needs no possessive in front
            candidates = [
                p if _NAMES_WHOSE.search(p) else _POSSESSIVE + p.removeprefix(r"\b")
                for p in _patterns(patterns, True)
            ]
        else:
            candidates = _patterns(patterns, False)
        starts = [m.start() for p in candidates for m in [re.search(p, folded)] if m is not None]
        if starts:
            found.append((min(starts), order, value))
    if not found:
        return None if strict else typo_value("relationship", folded)
    anchor = _CARED_FOR_ANCHOR.search(folded)
    # "- len('voor')": a pattern may itself start with the anchor's "voor" ("voor zijn moeder")
    after = [entry for entry in found if anchor is not None and entry[0] >= anchor.end() - len("voor")]
    return min(after or found)[2]


_CONDITION_TABLE = vocabulary.table("condition")


def parse_condition(text: str, strict: bool = False) -> str | None:
    """ "alzheimer"/"vergeetachtig" -> dementia, "ongeneeslijk ziek" -> terminal, …"""
    found = _match_table(fold(text), _CONDITION_TABLE, strict)
    return found if found or strict else typo_value("condition", text)


_EMPLOYMENT_TABLE = vocabulary.table("employment")


def parse_employment(text: str, strict: bool = False) -> str | None:
    """ "in loondienst" -> employee, "zzp'er" -> self_employed, "eigen zaak" -> employer_owner, …"""
    found = _match_table(fold(text), _EMPLOYMENT_TABLE, strict)
    return found if found or strict else typo_value("employment", text)


_BURDEN_TABLE = vocabulary.table("burden")


def parse_burden(text: str, strict: bool = False) -> str | None:
    """ "goed te doen" -> light, "best pittig" -> moderate, "ik kan niet meer" -> heavy."""
    return _match_table(fold(text), _BURDEN_TABLE, strict)


SMALL_EMPLOYER_LIMIT = 10
_STAFF_WORDS = r"medewerkers|werknemers|collega'?s|personeelsleden|man personeel|mensen in dienst|fte"
_STAFF_COUNT_RE = re.compile(rf"(?P<count>{_NUM})\s*(?:{_STAFF_WORDS})\b")
_STAFF_COUNT_LOOSE_RE = re.compile(rf"(?P<count>{_NUM})\s*(?:{_STAFF_WORDS}|man|mensen|personen|werkenden)\b")
_EMPLOYER_SIZE_TABLE = vocabulary.table("employer_size")


_MORE_THAN_RE = re.compile(rf"\b(?:meer dan|boven de|ruim|over de|minstens|zeker|wel)\s+(?P<count>{_NUM})\b")
_FEWER_THAN_RE = re.compile(
    rf"\b(?:minder dan|onder de|nog geen|niet eens|hooguit|maximaal)\s+(?P<count>{_NUM})\b"
)
_HOURS_WORD_RE = re.compile(r"\buur|\buren\b|\bdag(?:en)?\b|\bprocent\b|%|\bjaar\b")


def counts_people(text: str) -> bool:
    """Whether the text gives a number of people ("6 man", "2000 collega's"), not of hours."""
    return bool(_STAFF_COUNT_LOOSE_RE.search(_ABOUT_RE.sub(r"\2 \1", fold(text))))


def _size_of(count: float) -> str:
    return "small" if count < SMALL_EMPLOYER_LIMIT else "large"


def parse_employer_size(text: str, strict: bool = False) -> str | None:
    """ "minder dan 10" / "klein bedrijf" / "we zijn met 6 collega's" -> small; "groot", "250
    medewerkers", "meer dan 1000" -> large; "weet ik niet" -> unknown and a bare number ("15") only
    as a direct answer. A number of hours, days or years is never a number of staff."""
    folded = _ABOUT_RE.sub(r"\2 \1", fold(text))
    if not strict and is_dont_know(folded):
        return "unknown"
    count = (_STAFF_COUNT_RE if strict else _STAFF_COUNT_LOOSE_RE).search(folded)
    if count:
        number = parse_number(count.group("count"))
        if number is not None:
            return _size_of(number)
    if not strict and not _HOURS_WORD_RE.search(folded):
        more = _MORE_THAN_RE.search(folded)
        more_than = parse_number(more.group("count")) if more else None
        if more_than is not None:
            return "large" if more_than >= SMALL_EMPLOYER_LIMIT - 1 else None
        fewer = _FEWER_THAN_RE.search(folded)
        fewer_than = parse_number(fewer.group("count")) if fewer else None
        if fewer_than is not None and fewer_than <= SMALL_EMPLOYER_LIMIT:
            return "small"
    found = _match_table(folded, _EMPLOYER_SIZE_TABLE, strict)
    if found is None and not strict and not _HOURS_WORD_RE.search(folded):
        numbers = find_numbers(folded)
        if len(numbers) == 1 or (numbers and _is_range(folded)):
            return _size_of(parse_number(folded) or numbers[0])
    return found


_WLZ_NO = (
    r"\bgeen (?:wlz|indicatie|ciz)",
    r"\bniet (?:via|uit|onder) de wlz\b",
    r"\bwlz niet\b",
    r"\bafgewezen\b",
    r"\balleen (?:thuiszorg|wmo|huishoudelijke hulp)\b",
)
#: Hedged answers to a yes/no question: "volgens mij wel" is yes, "ik denk het niet" is no.
_HEDGED_YES = (r"\b(?:volgens mij|denk (?:het|ik)|ik denk (?:het|van)|geloof (?:het|ik)) wel\b",)
_HEDGED_NO = (
    r"\b(?:volgens mij|denk (?:het|ik)|ik denk (?:het|van)|geloof (?:het|ik)) niet\b",
    r"^(?:heeft|hebben) (?:ze|hij|zij|we) (?:het |die |er )?(?:nog )?niet\b",
)
_WLZ_YES = (r"\bwlz", r"\bciz\b", r"\bzorgzwaartepakket\b", r"\bzorgkantoor\b", r"\bzzp ?\d")


def parse_wlz(text: str, strict: bool = False) -> str | None:
    """Wlz indication: "ja" / "heeft een Wlz-indicatie" -> yes, "nee"/"geen indicatie" -> no,
    "weet ik niet" -> unknown (the last and plain ja/nee only as a direct answer)."""
    folded = fold(text)
    if _has_any(folded, _WLZ_NO):
        return "no"
    if strict:
        return "yes" if _has_any(folded, _WLZ_YES) else None
    if _has_any(folded, _HEDGED_NO):
        return "no"
    if _has_any(folded, _HEDGED_YES):
        return "yes"
    if is_dont_know(folded):
        return "unknown"
    yes_no = parse_yes_no(folded)
    if yes_no is not None:
        return "yes" if yes_no else "no"
    if _has_any(folded, (*_WLZ_YES, r"\bindicatie\b")):
        return "yes"
    return None


_TOGETHER_NO = (
    r"\bwoo?n(?:t|en)? (?:alleen|zelfstandig|op (?:zich|haar|zijn)zelf|apart|niet bij|ergens anders|"
    r"elders|niet samen|niet in)",
    r"\bniet (?:bij (?:mij|ons|me)|samen|in (?:mijn|ons) huis)\b",
    r"\bverpleeghuis\b",
    r"\bverzorgingshuis\b",
    r"\bwoonzorgcentrum\b",
    r"\baanleunwoning\b",
    r"\bseniorenwoning\b",
    r"\bhospice\b",
    r"\bwoont op (?:zichzelf|haarzelf|zijnzelf)\b",
    r"\bwoont (?:niet )?(?:meer )?(?:zelfstandig|apart)\b",
    r"\bbejaardenhuis\b",
    r"~\bzorginstelling\b",
    r"~\bzorgcentrum\b",
    r"~\binstelling\b",
    r"~\bverderop\b",
    r"~\bom de hoek\b",
    r"~\bin de buurt\b",
    r"~\bapart\b",
    r"~\bniet\b",
)
_TOGETHER_YES = (
    r"\bwoo?n(?:t|en)? (?:bij (?:mij|ons|me)\b|samen|in (?:mijn|ons) huis|bij ons in)",
    r"\bwoont (?:hij|ze|zij) (?:[a-z]+ ){0,3}bij (?:mij|ons|me)\b",
    r"\bwoont (?:nog )?(?:gewoon )?thuis\b",
    r"\bsamenwonen\b",
    r"\bsamen wonen\b",
    r"\binwonend",
    r"\b(?:bij|met) (?:mij|ons) in huis\b",
    r"\bonder (?:een|1) dak\b",
    r"\bzelfde huis\b",
    r"\bik woon bij (?:mijn|m'n|haar|hem)\b",
    r"\bthuis bij (?:mij|ons)\b",
    r"~\bin huis\b",
    r"~\bsamen\b",
)


def parse_lives_together(text: str, strict: bool = False) -> bool | None:
    """Whether the person cared for lives with the caregiver: "woont bij ons" -> True,
    "woont alleen" / "verpleeghuis" -> False; plain ja/nee only as a direct answer."""
    folded = fold(text)
    if _has_any(folded, _patterns(_TOGETHER_YES, True)):
        return True
    if _has_any(folded, _patterns(_TOGETHER_NO, True)):
        return False
    if strict:
        return None
    yes_no = parse_yes_no(folded)
    if yes_no is not None:
        return yes_no
    if _has_any(folded, _patterns(_TOGETHER_YES, False)):
        return True
    if _has_any(folded, _patterns(_TOGETHER_NO, False)):
        return False
    return None


_NEEDS_TABLE = vocabulary.table("needs")
ALL_NEEDS: tuple[str, ...] = tuple(value for value, _ in _NEEDS_TABLE)


_ALL_NEEDS_RE = re.compile(r"^(?:alles|van alles|allemaal)(?: (?:eigenlijk|wel|graag|een beetje))?$")


def parse_needs(text: str, strict: bool = False) -> list[str]:
    """Every need named in the text, in the profile's order; "alles" (a direct answer) names them all."""
    folded = fold(text)
    if not strict and _ALL_NEEDS_RE.match(folded):
        return list(ALL_NEEDS)
    return [value for value, patterns in _NEEDS_TABLE if _has_any(folded, _patterns(patterns, strict))]
