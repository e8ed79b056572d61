"""Place names: which Dutch municipality does someone mean?

People name where someone lives in many ways: "Hengelo", "gemeente Enschede", "in Goor",
"rijssen holten", "Hof v Twente", "den bosch", "Enschde". ``resolve_place`` turns such a text
into a ``PlaceMatch``: the municipality (CBS code), or the candidates when the name is ambiguous.
``find_places`` finds the places named inside a longer sentence.

Data (``bot/places_data/``, loaded once, lazily, on first use):

- ``gemeenten.csv``: the 342 municipalities (a copy of ``shared/facts/gemeenten.csv``).
- ``display_names.csv``: the name people use where it is not the CBS name minus its province
  suffix ("'s-Gravenhage" -> "Den Haag"). "Hengelo (O.)" becomes "Hengelo" by that rule.
- ``name_variants.csv``: other names for a municipality ("Den Bosch"), short forms ("Alphen",
  ambiguous) and the village Hengelo in Bronckhorst, named "Hengelo (Gld.)".
- ``twente_towns.csv``: the towns and villages of Twente that belong to a municipality with
  another name (from the facts file), with the ambiguous ones (Mariaparochie, Beuningen).

Matching rules, in order:

1. Exact, after normalising: case, accents, apostrophes, hyphens and spaces do not matter
  ("'s-Hertogenbosch" = "s hertogenbosch" = "shertogenbosch"), "ij" = "y", "v" = "van",
  "st" = "sint", "a/d" = "aan de", "aan den" = "aan de".
2. Leading words such as "in", "gemeente", "de gemeente", "woonplaats" and trailing ones such
  as "en omgeving" are dropped; a trailing province ("Bergen (NH.)", "Bergen Noord-Holland",
  "Enschede (Overijssel)") picks the CBS name with that suffix or is ignored when it does not help.
3. A spelling slip: edit distance 1 (a letter wrong, missing, extra or two swapped) for names of
  at least 5 letters, 2 for names of at least 9, and only when exactly one place is that close.
4. ``resolve_place`` of a sentence ("ze woont in Goor") uses ``find_places``.

Choices, kept simple on purpose:

- "Hengelo" means Hengelo (O.) in Twente. The village Hengelo in Bronckhorst (Gelderland) is
  found only as "Hengelo (Gld.)" or "Hengelo Gelderland".
- Only Twente's towns are known; a town elsewhere that is not a municipality is unknown.
- Geesteren and Rossum also exist outside Twente (in Gelderland); they resolve to the Twente
  municipality as the facts list them, so a form should show the answer for confirmation.
- In ``find_places``, names that are also everyday Dutch words ("Buren", "Best", "Putten",
  "Leiden", "Goor", "Enter", ...) count only after "in", "uit", "te", "naar" or "gemeente", or
  when written with a capital in the middle of a sentence; slips are corrected only after such
  a word, so "ik ben mijn baan kwijt" is not Baarn.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("places_data")

__all__ = [
    "Municipality",
    "PlaceMatch",
    "all_municipalities",
    "find_places",
    "format_place_match",
    "municipality_by_code",
    "normalise_place",
    "resolve_place",
]


@dataclass(frozen=True)
class Municipality:
    code: str  # CBS code, "GM0164"
    name: str  # as CBS writes it, "Hengelo (O.)"
    twente: bool
    display_name: str  # as people say it, "Hengelo"


@dataclass(frozen=True)
class PlaceMatch:
    """What a text names. ``candidates`` holds every municipality it may mean: one when resolved
    (then ``municipality`` is that one), more when ambiguous, none when unknown."""

    municipality: Municipality | None
    candidates: tuple[Municipality, ...]
    town: str | None  # the town/village named, when it is not the municipality's name
    # Extensions (not part of equality): the text that named the place, as the person wrote it,
    # and whether it was found by correcting a spelling slip (worth confirming with the person).
    text: str = field(default="", compare=False)
    corrected: bool = field(default=False, compare=False)


# --- normalisation -----------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W_]+")
_APOSTROPHES_RE = re.compile(r"['’‘`´]")
_TOKEN_REWRITES = {"v": ("van",), "vd": ("van", "de"), "st": ("sint",)}


def _fold(word: str) -> str:
    """Lower case, no accents, "ij" written as "y"."""
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.lower().replace("ij", "y")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Normalised words with the span of the original word they come from."""
    raw = [(_fold(m.group()), m.start(), m.end()) for m in _WORD_RE.finditer(_APOSTROPHES_RE.sub(" ", text))]
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(raw):
        word, start, end = raw[i]
        if word == "a" and i + 1 < len(raw) and raw[i + 1][0] == "d":  # "a/d", "a.d."
            out += [("aan", start, end), ("de", raw[i + 1][1], raw[i + 1][2])]
            i += 2
            continue
        if word == "den" and out and out[-1][0] == "aan":
            word = "de"
        out += [(part, start, end) for part in _TOKEN_REWRITES.get(word, (word,))]
        i += 1
    return out


def normalise_place(text: str) -> str:
    """The form every name is compared in: "'s-Hertogenbosch" -> "s hertogenbosch"."""
    return " ".join(token for token, _, _ in _tokens(unicodedata.normalize("NFC", text)))


# --- the index ---------------------------------------------------------------------------------


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A hit: a municipality code and the town named (None when the name is the municipality's own).
_Hit = tuple[str, str | None]
_Hits = frozenset[_Hit]

_LEADING_FILLERS = _word_set(
    "in te uit bij naar de het gemeente gem woonplaats plaats stad dorp regio omgeving buurt van"
)
_TRAILING_FILLERS = _word_set("gemeente stad dorp centrum omgeving en eo e o")
_CUES = _word_set("in uit te naar gemeente woonplaats")

# Provinces written after a name, mapped to the suffix CBS uses in its names ("" when CBS uses none).
_PROVINCE_NAMES: dict[str, tuple[str, ...]] = {
    "o": ("o", "ov", "ovl", "overijssel"),
    "nh": ("nh", "noord holland"),
    "zh": ("zh", "zuid holland"),
    "l": ("l", "lb", "li", "limburg"),
    "z": ("z", "zl", "zeeland"),
    "gld": ("gld", "gl", "gelderland"),
    "": (
        "u",
        "ut",
        "utrecht",
        "nb",
        "noord brabant",
        "brabant",
        "fr",
        "friesland",
        "fryslan",
        "gr",
        "groningen",
        "dr",
        "drenthe",
        "fl",
        "flevoland",
    ),
}
_PROVINCES: dict[tuple[str, ...], str] = {
    tuple(normalise_place(name).split()): suffix
    for suffix, names in _PROVINCE_NAMES.items()
    for name in names
}

# Names that are also everyday Dutch (or English) words: in a sentence they need a cue.
_COMMON_WORDS = _word_set(
    "best buren duiven huizen kampen putten sluis beek bergen stein leiden hoorn delft goor losser "
    "enter holten wierden houten voorst hulst horst assen goes gouda epe ede echt laren"
)
# Words that never start a corrected (fuzzy) name in a sentence.
_NOT_A_NAME = _word_set("een mijn zijn haar ons onze hun je jouw uw die dat dit deze mn zn")

_CBS_SUFFIX_RE = re.compile(r"^(?P<base>.*\S)\s*\((?P<suffix>[A-Za-z]+)\.\)$")


@dataclass(frozen=True)
class _Index:
    municipalities: tuple[Municipality, ...]
    by_code: dict[str, Municipality]
    suffix: dict[str, str]  # code -> CBS province suffix ("o", "nh", ...), "" when none
    by_key: dict[str, _Hits]  # compact key (no spaces) -> hits
    by_phrase: dict[str, _Hits]  # spaced key -> hits, for sentences
    max_words: int


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _codes(value: str) -> tuple[str, ...]:
    return tuple(value.split())


@lru_cache(maxsize=1)
def _index() -> _Index:
    displays = {row["cbs_code"]: row["display_name"] for row in _read_csv("display_names.csv")}
    municipalities: list[Municipality] = []
    suffix: dict[str, str] = {}
    for row in _read_csv("gemeenten.csv"):
        code, name = row["cbs_code"].strip(), row["name"].strip()
        cbs = _CBS_SUFFIX_RE.match(name)
        suffix[code] = cbs.group("suffix").lower() if cbs else ""
        display = displays.get(code) or (cbs.group("base") if cbs else name)
        twente = row["twente"].strip().lower() == "yes"
        municipalities.append(Municipality(code=code, name=name, twente=twente, display_name=display))
    by_code = {m.code: m for m in municipalities}

    phrases: dict[str, set[_Hit]] = {}

    def add(name: str, codes: Iterable[str], town: str | None) -> None:
        key = normalise_place(name)
        for code in codes:
            if code not in by_code:
                raise ValueError(f"places_data: onbekende CBS-code {code!r} bij {name!r}")
            named_town = town
            if town is not None and normalise_place(town) == normalise_place(by_code[code].display_name):
                named_town = None  # the village has the municipality's own name
            phrases.setdefault(key, set()).add((code, named_town))
            if key.startswith("s "):  # 's-Gravenhage, 's-Hertogenbosch written without the 's
                phrases.setdefault(key[2:], set()).add((code, named_town))

    for m in municipalities:
        add(m.name, [m.code], None)
        add(m.display_name, [m.code], None)
    for row in _read_csv("name_variants.csv"):
        add(row["variant"], _codes(row["cbs_codes"]), row["town"].strip() or None)
    for row in _read_csv("twente_towns.csv"):
        add(row["town"], _codes(row["cbs_codes"]), row["town"].strip())

    by_phrase = {key: frozenset(hits) for key, hits in phrases.items()}
    compact: dict[str, set[_Hit]] = {}
    for key, hits in by_phrase.items():
        compact.setdefault(key.replace(" ", ""), set()).update(hits)
    by_key = {key: frozenset(hits) for key, hits in compact.items()}
    return _Index(
        municipalities=tuple(municipalities),
        by_code=by_code,
        suffix=suffix,
        by_key=by_key,
        by_phrase=by_phrase,
        max_words=max(len(key.split()) for key in by_phrase),
    )


# --- public functions --------------------------------------------------------------------------


def all_municipalities() -> tuple[Municipality, ...]:
    """The 342 municipalities, in the order of ``gemeenten.csv`` (alphabetical)."""
    return _index().municipalities


def municipality_by_code(code: str) -> Municipality | None:
    """The municipality with this CBS code ("GM0153", also "gm0153" or "0153"), or None."""
    if not isinstance(code, str):
        return None
    code = code.strip().upper()
    if code.isdigit() and len(code) == 4:
        code = "GM" + code
    return _index().by_code.get(code)


def resolve_place(text: str) -> PlaceMatch:
    """The municipality a text names (see the module doc for the rules)."""
    if not isinstance(text, str):
        raise TypeError(f"resolve_place verwacht tekst (str), niet {type(text).__name__}")
    index = _index()
    original = unicodedata.normalize("NFC", text).strip()
    tokens = _tokens(original)
    words = [token for token, _, _ in tokens]
    if not words:
        return PlaceMatch(None, (), None, text=original)
    starts = list(_core_starts(words))
    for start in starts:
        hits = _lookup(index, words[start:])
        if hits:
            return _match(index, hits, _span(original, tokens[start][1], tokens[-1][2]), corrected=False)
    found = find_places(original)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        merged = {c.code: c for match in found for c in match.candidates}
        return PlaceMatch(None, _sorted(merged.values()), None, text=original)
    if len(words) <= 5:
        for start in reversed(starts):
            hits = _fuzzy(index, "".join(words[start:]))
            if hits:
                return _match(index, hits, _span(original, tokens[start][1], tokens[-1][2]), corrected=True)
    return PlaceMatch(None, (), None, text=original)


def find_places(text: str) -> list[PlaceMatch]:
    """Every place named in a sentence, each once, in the order they appear.

    "mijn moeder woont in Goor en ik in Hengelo" -> [Goor (Hof van Twente), Hengelo (O.)].
    """
    if not isinstance(text, str):
        raise TypeError(f"find_places verwacht tekst (str), niet {type(text).__name__}")
    index = _index()
    text = unicodedata.normalize("NFC", text)
    tokens = _tokens(text)
    found: list[PlaceMatch] = []
    seen: set[tuple[frozenset[str], str | None]] = set()
    i = 0
    while i < len(tokens):
        step, match = _place_at(index, text, tokens, i)
        if match is not None:
            identity = (frozenset(c.code for c in match.candidates), match.town)
            if identity not in seen:
                seen.add(identity)
                found.append(match)
        i += step
    return found


def format_place_match(match: PlaceMatch) -> str:
    """One Dutch line for a person: "Goor hoort bij de gemeente Hof van Twente (GM1735)."."""
    m = match.municipality
    if m is not None:
        if match.town:
            line = f"{match.town} hoort bij de gemeente {m.name} ({m.code})."
            named = match.town
        elif m.display_name == m.name:
            line = f"{m.name} is een gemeente ({m.code})."
            named = m.name
        else:
            line = f"{m.display_name} is de gemeente {m.name} ({m.code})."
            named = m.display_name
        return f"Ik denk dat je {named} bedoelt. {line}" if match.corrected else line
    if match.candidates:
        options = _or_list([f"{c.name} ({c.code})" for c in match.candidates])
        displays = {c.display_name for c in match.candidates}
        label = match.town or (displays.pop() if len(displays) == 1 else None)
        if label is None and 0 < len(match.text.split()) <= 2:
            label = match.text  # one name with several meanings: "Alphen"
        if label:
            return f"{label} kan bij meer dan één gemeente horen: {options}. Welke bedoel je?"
        return f"Ik weet niet welke gemeente je bedoelt: {options}. Welke is het?"
    if match.text:
        shown = match.text if len(match.text) <= 40 else match.text[:39] + "…"
        return (
            f'Ik ken geen gemeente of plaats met de naam "{shown}". '
            "Noem de gemeente, bijvoorbeeld Enschede of Hof van Twente."
        )
    return "Je hebt geen plaats genoemd. Noem de gemeente, bijvoorbeeld Enschede of Hof van Twente."


# --- helpers -----------------------------------------------------------------------------------


def _core_starts(words: Sequence[str]) -> Iterator[int]:
    """Where the name may start: 0, then past each leading filler ("in de gemeente X" -> X)."""
    start = 0
    while start < len(words):
        yield start
        if words[start] not in _LEADING_FILLERS:
            return
        start += 1


def _lookup(index: _Index, words: Sequence[str]) -> _Hits | None:
    """Exact hits for these words, dropping trailing fillers and using a trailing province."""
    hits = index.by_key.get("".join(words))
    if hits:
        return hits
    end = len(words)
    while end > 1 and words[end - 1] in _TRAILING_FILLERS:
        end -= 1
        hits = index.by_key.get("".join(words[:end]))
        if hits:
            return hits
    for size in (2, 1):
        province = tuple(words[end - size : end])
        if end - size < 1 or province not in _PROVINCES:
            continue
        suffix = _PROVINCES[province]
        base = "".join(words[: end - size])
        if suffix:
            hits = index.by_key.get(base + suffix)
            if hits:
                return hits
        hits = index.by_key.get(base)
        if hits:
            same = frozenset(hit for hit in hits if index.suffix[hit[0]] == suffix)
            return same or hits
    return None


def _threshold(length: int) -> int:
    return 2 if length >= 9 else 1 if length >= 5 else 0


def _fuzzy(index: _Index, query: str) -> _Hits | None:
    """Hits of the one place within the allowed edit distance of ``query``, else None."""
    if len(query) < 5:
        return None
    deletions = _deletion_index()
    candidates: set[str] = set()
    for variant in _deletions(query, 2):
        candidates.update(deletions.get(variant, ()))
    best = 3
    targets: set[_Hits] = set()
    for key in candidates:
        limit = _threshold(len(key))
        distance = _distance(query, key, min(limit, best))
        if distance > limit:
            continue
        if distance < best:
            best, targets = distance, {index.by_key[key]}
        elif distance == best:
            targets.add(index.by_key[key])
    if len(targets) != 1:
        return None
    return targets.pop()


@lru_cache(maxsize=1)
def _deletion_index() -> dict[str, tuple[str, ...]]:
    """Every key with up to its allowed number of letters deleted -> the keys (symmetric delete)."""
    index: dict[str, set[str]] = {}
    for key in _index().by_key:
        for variant in _deletions(key, _threshold(len(key))):
            index.setdefault(variant, set()).add(key)
    return {variant: tuple(keys) for variant, keys in index.items()}


def _deletions(word: str, depth: int) -> set[str]:
    found = {word}
    layer = {word}
    for _ in range(depth):
        layer = {w[:i] + w[i + 1 :] for w in layer for i in range(len(w))}
        found |= layer
    return found


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent swaps counted once; anything above ``limit`` is limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _place_at(
    index: _Index, text: str, tokens: Sequence[tuple[str, int, int]], i: int
) -> tuple[int, PlaceMatch | None]:
    """The place starting at token ``i`` (longest name first): (tokens used, match or None)."""
    cue = i > 0 and tokens[i - 1][0] in _CUES
    for size in range(min(index.max_words, len(tokens) - i), 0, -1):
        words = [token for token, _, _ in tokens[i : i + size]]
        phrase = " ".join(words)
        hits = index.by_phrase.get(phrase) or (index.by_key.get(phrase) if size == 1 else None)
        if not hits:
            continue
        span = _span(text, tokens[i][1], tokens[i + size - 1][2])
        if phrase in _COMMON_WORDS and not (cue or _capitalised_mid_sentence(text, tokens[i][1])):
            continue
        return size, _match(index, hits, span, corrected=False)
    if cue:
        for size in range(min(3, len(tokens) - i), 0, -1):
            words = [token for token, _, _ in tokens[i : i + size]]
            if words[0] in _NOT_A_NAME or words[0] in _CUES:
                break
            span = text[tokens[i][1] : tokens[i + size - 1][2]]
            query = "".join(words)
            if not span[:1].isupper() and len(query) < 7:
                continue
            hits = _fuzzy(index, query)
            if hits:
                return size, _match(index, hits, span, corrected=True)
    return 1, None


def _span(text: str, start: int, end: int) -> str:
    """The original text of a name, with the closing bracket of "Hengelo (Gld.)" when it has one."""
    span = text[start:end]
    if "(" in span and ")" not in span:
        close = text.find(")", end, end + 3)
        if close != -1:
            span = text[start : close + 1]
    return span


def _capitalised_mid_sentence(text: str, start: int) -> bool:
    if not text[start : start + 1].isupper():
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in ".!?:;\n\"'(“‘"


def _match(index: _Index, hits: _Hits, text: str, corrected: bool) -> PlaceMatch:
    candidates = _sorted({index.by_code[code] for code, _ in hits})
    towns = sorted({town for _, town in hits if town})
    town = towns[0] if len(towns) == 1 else None
    municipality = candidates[0] if len(candidates) == 1 else None
    return PlaceMatch(municipality, candidates, town, text=text, corrected=corrected)


def _sorted(municipalities: Iterable[Municipality]) -> tuple[Municipality, ...]:
    return tuple(sorted(municipalities, key=lambda m: (m.name.casefold(), m.code)))


def _or_list(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " of " + parts[-1]
