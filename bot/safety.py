"""Crisis detection: signs of suicidal thoughts or acute danger in a message. No ML.

The gateway runs ``detect_crisis`` on every message before Rasa, and Rasa's actions run it too,
so a crisis is never missed because a form is active or a classifier is unsure. On a match the
person gets ``CRISIS_TEXT[match.kind]`` first, then ``CRISIS_HANDOFF_OFFER``.

How it works: the text is normalised (``normalise``: lower case, no accents, one space between
words, clause boundaries kept as " . ", stretched letters shortened, common slips and
abbreviations fixed, words one slip away from a long keyword such as "zelfmoord" corrected),
then the rules of ``bot.safety_words`` are tried in order: suicide first, then acute danger.
The decisions on borderline phrases are listed in ``bot/safety_words.py``.

Phone numbers come only from ``shared/facts/werkende-mantelzorgers.md``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from bot.safety_words import (
    ACUTE_DANGER,
    ACUTE_DANGER_RULES,
    FUZZY_KEYWORDS,
    PHRASE_FIXES,
    SPELLING_FIXES,
    SUICIDE,
    SUICIDE_RULES,
)

__all__ = [
    "ACUTE_DANGER",
    "CRISIS_HANDOFF_OFFER",
    "CRISIS_OFFER_BUTTONS",
    "CRISIS_TEXT",
    "KINDS",
    "REQUEST_HUMAN",
    "SUICIDE",
    "CrisisMatch",
    "detect_crisis",
    "normalise",
]

KINDS: tuple[str, ...] = (SUICIDE, ACUTE_DANGER)


@dataclass(frozen=True)
class CrisisMatch:
    kind: str  # "suicide" | "acute_danger"
    # Extension (not part of equality): the name of the rule that fired, e.g. "wil_dood",
    # for logs and the desk without repeating the person's words.
    rule: str = field(default="", compare=False)


CRISIS_TEXT: dict[str, str] = {
    SUICIDE: (
        "Je staat er niet alleen voor. Bel 24/7 gratis en anoniem 113 of 0800-0113, "
        "of chat op 113.nl.\n"
        "Ben je in direct gevaar? Bel dan meteen 112."
    ),
    ACUTE_DANGER: (
        "Is iemand nu in gevaar? Bel meteen 112.\n"
        "Heb je buiten kantooruren een dokter nodig en is het geen spoed voor 112? "
        "Bel dan de huisartsenpost.\n"
        "Daarna kun je met iemand praten. Over de zorg: bel de Mantelzorglijn, 030 760 60 55. "
        "Denk je aan zelfmoord? Bel 24/7 gratis en anoniem 113 of 0800-0113, of chat op 113.nl."
    ),
}

CRISIS_HANDOFF_OFFER = "Wil je ook met een medewerker van ons praten? Dan zoek ik iemand voor je."
#: The payload of "talk to a person" (the intent request_human).
REQUEST_HUMAN = "/request_human"
#: The offer's buttons (title, payload), the same from the bot and from the gateway.
CRISIS_OFFER_BUTTONS = (("Ja, met een medewerker praten", REQUEST_HUMAN), ("Nee, nu niet", "/deny"))

_BOUNDARY_RE = re.compile(r"[.!?;:,\n\r()\[\]\"“”…]+")
_NOT_WORD_RE = re.compile(r"[^a-z0-9. ]+")
_STRETCHED_RE = re.compile(r"([a-z])\1{2,}")
_SPACES_RE = re.compile(r"\s+")
#: Three or more single letters with single spaces between them: "l e v e n" is "leven".
_SPACED_LETTERS_RE = re.compile(r"\b[a-z](?: [a-z]\b){2,}")
_BOUNDARIES_RE = re.compile(r"(?: \.)+")
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bm'n\b", "mijn"),
        (r"\bz'n\b", "zijn"),
        (r"\bd'r\b", "haar"),
        (r"(?<![a-z])'k\b", "ik"),
        (r"(?<![a-z])'m\b", "hem"),
        (r"(?<![a-z])'t\b", "het"),
    )
)


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(kind, rule name, compiled rule), suicide first; compiled once, on first use."""
    return tuple(
        (kind, name, re.compile(pattern))
        for kind, rules in ((SUICIDE, SUICIDE_RULES), (ACUTE_DANGER, ACUTE_DANGER_RULES))
        for name, pattern in rules
    )


@lru_cache(maxsize=1)
def _phrase_fixes() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), replacement) for pattern, replacement in PHRASE_FIXES)


def detect_crisis(text: str) -> CrisisMatch | None:
    """The crisis a message signals, or None. Deterministic: the same text, the same answer."""
    if not isinstance(text, str):
        raise TypeError(f"detect_crisis verwacht tekst (str), niet {type(text).__name__}")
    normalised = normalise(text)
    if not normalised:
        return None
    for kind, name, rule in _rules():
        if rule.search(normalised):
            return CrisisMatch(kind=kind, rule=name)
    return None


def normalise(text: str) -> str:
    """Lower case, no accents, no invisible characters, one space between words ("l e v e n" joined),
    clause boundaries as " . ", slips fixed."""
    # Invisible format characters (zero-width space and joiners, soft hyphen, BOM) split no words.
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    decomposed = unicodedata.normalize("NFKD", visible)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = plain.replace("’", "'").replace("‘", "'").replace("`", "'")
    for pattern, replacement in _CONTRACTIONS:
        plain = pattern.sub(replacement, plain)
    plain = _BOUNDARY_RE.sub(" . ", plain)
    plain = _NOT_WORD_RE.sub(" ", plain)
    plain = _STRETCHED_RE.sub(r"\1\1", plain)
    plain = _SPACED_LETTERS_RE.sub(lambda m: m.group(0).replace(" ", ""), plain)
    words = [_fix_word(word) for word in plain.split()]
    result = " ".join(words)
    for pattern, replacement in _phrase_fixes():
        result = pattern.sub(replacement, result)
    result = _BOUNDARIES_RE.sub(" .", result)
    result = _SPACES_RE.sub(" ", result).strip()
    return result.removeprefix(". ").removesuffix(" .").strip(" .")


@lru_cache(maxsize=4096)
def _fix_word(word: str) -> str:
    """A known slip fixed; a word one slip from a keyword ("zelfmoort", "bewustelooss") or
    starting so ("zelfmoortgedachten") gets the keyword."""
    if word in SPELLING_FIXES:
        return SPELLING_FIXES[word]
    if len(word) < 6:
        return word
    keywords = [k for k in FUZZY_KEYWORDS if word[0] == k[0] or word[1] == k[1]]
    for keyword in keywords:
        if _one_edit_apart(word, keyword):
            return keyword
    if any(word.startswith(keyword) for keyword in keywords):
        return word  # a compound of a keyword, spelled right: "zelfmoordgedachten"
    for keyword in keywords:
        for cut in (len(keyword), len(keyword) - 1, len(keyword) + 1):
            if len(word) > cut and _one_edit_apart(word[:cut], keyword):
                return keyword + word[cut:]
    return word


def _one_edit_apart(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one letter changed, added, removed or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(shorter) and shorter[i] == longer[i]:
        i += 1
    return shorter[i:] == longer[i + 1 :]
