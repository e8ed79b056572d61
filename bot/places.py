"""Place names: which Dutch municipality does someone mean?

People name where someone lives in many ways: "Hengelo", "gemeente Enschede", "in Goor",
"Hoofddorp", "Scheveningen", "Weesp" (a municipality until 2022), "7511 AB", "Enschde".
``resolve_place`` turns such a text into a ``PlaceMatch``: the municipality (CBS code), or the
candidates when the name is ambiguous. ``find_places`` finds the places named inside a sentence.

Data (``bot/places_data/``, read once, lazily, on first use; sources and licences in its README,
rebuilt by ``scripts/build_places.py``), in the order of trust used when a name is in several:

1. municipalities: ``gemeenten.csv`` (the 342, a copy of ``shared/facts/gemeenten.csv``),
   ``display_names.csv`` (the name people use: "Den Haag") and ``name_variants.csv`` (other
   names, short forms such as "Alphen" that are ambiguous, "Leidsche Rijn");
2. woonplaatsen: ``woonplaatsen.csv`` (CBS, all 2,501) and ``twente_towns.csv`` (the Twente towns
   of the facts, with Mariaparochie in two municipalities). An official name with a qualifier
   ("Bergen (NH)", "Haren Gn", "Spaarndam gem. Haarlem", "Hoogvliet Rotterdam") is also known by
   its bare name;
3. former municipalities: ``former_municipalities.csv`` (mergers 2012-2023; a split one lists
   every successor, so its name asks back);
4. districts and hamlets: ``districts.csv`` (GeoNames: "Scheveningen", "Ypenburg", "Grouw");
5. postcodes, when the text holds four digits (optionally with two letters): ``postcodes.csv``
   (GeoNames, mid-2022) and, for the 34 that lie in two municipalities, ``postcodes_split.csv``
   (with the letters); ``provinces.csv`` lets "Beek Limburg" choose.

A name found in the first layer that has it wins, with one exception: a municipality's name that
is also a woonplaats elsewhere under exactly that name ("Beek", "Hoorn", "Laren") lists both, so
the person is asked. A woonplaats whose official name needed a qualifier ("Hengelo (Gld)") does
not count there: "Hengelo" is Hengelo (O.), "Hengelo Gelderland" the village in Bronckhorst.

Matching rules, in order:

1. Exact, after normalising: case, accents, apostrophes, hyphens and spaces do not matter
   ("'s-Hertogenbosch" = "s hertogenbosch" = "shertogenbosch"), "ij" = "y", "v" = "van",
   "st" = "sint", "a/d" = "aan de", "aan den" = "aan de".
2. Leading words such as "in", "gemeente", "woonplaats" and trailing ones such as "en omgeving"
   are dropped ("gemeente Hoorn" asks only the municipalities); a trailing province ("Bergen (NH.)",
   "Beek Limburg") or municipality ("Spaarndam Haarlem", "Beek gemeente Montferland") chooses
   among the places with that name.
3. A postcode ("7511", "7511 AB", "7511ab").
4. A spelling slip (rapidfuzz, optimal string alignment): 1 for names of at least 5 letters, 2 for
   names of at least 9, and only when exactly one place is that close; districts are not corrected.
5. ``resolve_place`` of a sentence ("ze woont in Goor") uses ``find_places``.

In a sentence (``find_places``) names must look like names:

- a municipality's name counts anywhere, except everyday words ("Buren", "Best", "Putten", "Leiden",
  "Goor", ...), which count only after a cue ("in", "uit", "te", "naar", "gemeente", "vlakbij",
  "in de buurt van") or with a capital in the middle of a sentence;
- any other place counts only after a cue or with a capital in the middle of a sentence; short
  names (4 letters or fewer: "Echt", "Nes", "Made") and everyday words ("Dieren", "Velden") only
  after a cue; names that start with an article ("de wijk") only when written with a capital; a
  district or hamlet only after a cue and with 5 letters or more;
- a postcode counts with its two letters, or after the word "postcode";
- slips are corrected only after a cue, so "ik ben mijn baan kwijt" is not Baarn.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

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
    town: str | None  # the town/village (or "Postcode 7511 AB") named, when not the municipality's name
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
    return _rewritten(
        [(_fold(m.group()), m.start(), m.end()) for m in _WORD_RE.finditer(_APOSTROPHES_RE.sub(" ", text))]
    )


def _data_key(name: str) -> str:
    """``normalise_place`` of a name from the data files, faster (whole name folded at once; the
    data holds Latin letters only): building the index folds some 20,000 names."""
    plain = unicodedata.normalize("NFKD", _APOSTROPHES_RE.sub(" ", name)).encode("ascii", "ignore")
    words = _WORD_RE.findall(plain.decode("ascii").lower().replace("ij", "y"))
    return " ".join(word for word, _, _ in _rewritten([(word, 0, 0) for word in words]))


def _rewritten(raw: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Folded words with "a/d" as "aan de", "aan den" as "aan de", "v" as "van", "st" as "sint"."""
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


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- words -------------------------------------------------------------------------------------

_LEADING_FILLERS = _word_set(
    "in te uit bij naar de het gemeente gem woonplaats plaats stad dorp regio omgeving buurt van "
    "postcode pc vlakbij nabij"
)
_TRAILING_FILLERS = _word_set("gemeente stad dorp centrum omgeving en eo e o")
_MUNICIPAL_WORDS = _word_set("gemeente gem")
_CUES = _word_set("in uit te naar gemeente woonplaats vlakbij nabij")
_CUE_PAIRS = frozenset({("buurt", "van"), ("omgeving", "van"), ("regio", "van")})
_TAIL_FILLERS = _word_set("in bij gemeente gem de")
_ARTICLES = _word_set("de het t den der s")

# Provinces (and their abbreviations) written after a name.
_PROVINCE_NAMES: dict[str, tuple[str, ...]] = {
    "Overijssel": ("o", "ov", "ovl", "overijssel"),
    "Noord-Holland": ("nh", "noord holland"),
    "Zuid-Holland": ("zh", "zuid holland"),
    "Limburg": ("l", "lb", "li", "limburg"),
    "Zeeland": ("z", "zl", "zeeland"),
    "Gelderland": ("gld", "gl", "gelderland"),
    "Utrecht": ("u", "ut", "utrecht"),
    "Noord-Brabant": ("nb", "noord brabant", "brabant"),
    "Friesland": ("fr", "friesland", "fryslan"),
    "Groningen": ("gn", "gr", "groningen"),
    "Drenthe": ("dr", "drenthe"),
    "Flevoland": ("fl", "flevoland"),
}
_PROVINCES: dict[tuple[str, ...], str] = {
    tuple(normalise_place(name).split()): province
    for province, names in _PROVINCE_NAMES.items()
    for name in names
}

# Names that are also everyday Dutch (or English) words: in a sentence they need a cue (a
# municipality's name also counts with a capital in the middle of a sentence).
_COMMON_WORDS = _word_set(
    "best buren duiven huizen kampen putten sluis beek bergen stein leiden hoorn delft goor losser "
    "enter holten wierden houten voorst hulst horst assen goes gouda epe ede echt laren "
    "dieren velden helden herten rijen hoeven dalen haren rekken vries broek sloten baard balk "
    "dijken lopik gemert wijk heide hoek veen loon made mill lent well hall born boer neer heel "
    "lies reek wier waal kaag leur amen elim spui zand zuid noord oost west"
)
# Function words that are also a village ("Een", "Hem"): never a place unless written with a capital.
_FUNCTION_WORDS = _word_set("een heel hem loon ie ee")
# Countries that are also a hamlet's name ("Nederland" in Steenwijkerland): a person means the country.
_COUNTRIES = _word_set("nederland holland belgie duitsland frankryk turkye spanje engeland marokko")
# Larger areas a person may name instead of a municipality: provinces, regions, countries. Several are
# also a hamlet's or district's name ("Friesland" in Montferland, "Zeeland" in Maashorst, "Polen" in
# Eemsdelta); a person means the area, so they are never a place and never a spelling slip of one.
_AREA_NAMES = (
    *(name for name in _PROVINCE_NAMES if name not in ("Groningen", "Utrecht")),  # a municipality too
    "Fryslân", "Brabant", "Holland", "Twente", "Achterhoek", "Veluwe", "Betuwe", "Salland",
    "Randstad", "West-Friesland", "Zeeuws-Vlaanderen", "Nederland", "België", "Duitsland", "Polen",
    "Frankrijk", "Spanje", "Portugal", "Italië", "Turkije", "Marokko", "Engeland", "Suriname",
    "Curaçao", "Aruba", "Indonesië", "Oostenrijk", "Zwitserland", "Denemarken", "Zweden",
    "Noorwegen", "Roemenië", "Bulgarije", "Hongarije", "Oekraïne", "Griekenland", "buitenland",
    "Noord", "Oost", "Zuid", "West",  # directions alone, never the hamlet
)  # fmt: skip
_PROVINCE_KEYS = frozenset(normalise_place(name) for name in _PROVINCE_NAMES)
# Words that never start a corrected (fuzzy) name in a sentence.
_NOT_A_NAME = _word_set("een mijn zijn haar ons onze hun je jouw uw die dat dit deze mn zn")

_CBS_SUFFIX_RE = re.compile(r"^(?P<base>.*\S)\s*\((?P<suffix>[A-Za-z]+)\.\)$")
_QUALIFIED_RES = (
    re.compile(r"^(?P<base>.*\S)\s*\([^)]*\)$"),  # "Bergen (NH)"
    re.compile(r"^(?P<base>.*\S)\s+gem\.?\s+\S.*$"),  # "Spaarndam gem. Haarlem"
    re.compile(r"^(?P<base>.*\S)\s+(?:Gn|GN|Gld|GLD|NB|NH|Ut|ZH|AC)$"),  # "Haren Gn", "Beers NB"
)
_POSTCODE_RE = re.compile(r"(?<![\w])(?P<digits>[1-9]\d{3})(?:\s?(?P<letters>[A-Za-z]{2}))?(?![\w])")

# Layers, in the order of trust.
_MUNICIPALITY, _WOONPLAATS, _FORMER, _DISTRICT = range(4)

# A hit: a municipality code and the town named (None when the name is the municipality's own).
_Hit = tuple[str, str | None]
_Hits = frozenset[_Hit]
# Everything known under one key: per layer, the hits and whether they are a qualified woonplaats.
_Layers = dict[int, frozenset[tuple[str, str | None, bool]]]


@dataclass(frozen=True)
class _Found:
    layer: int
    hits: _Hits


@dataclass(frozen=True)
class _Index:
    municipalities: tuple[Municipality, ...]
    by_code: dict[str, Municipality]
    province: dict[str, str]  # code -> province
    layers: dict[str, _Layers]  # compact key (no spaces) -> what each layer knows
    by_key: dict[str, _Found]  # compact key -> the trusted hits
    by_phrase: dict[str, _Found]  # spaced key -> the trusted hits, for sentences
    municipal: dict[str, _Hits]  # compact key -> municipality-layer hits only
    fuzzy_keys: tuple[str, ...]  # compact keys a slip may be corrected to
    postcodes: dict[str, tuple[str, ...]]  # "7511" and, for split ones, "7694AB" -> codes
    max_words: int


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _bare_name(name: str, display: str) -> str | None:
    """ "Bergen (NH)" -> "Bergen", "Hoogvliet Rotterdam" -> "Hoogvliet" (the municipality's name
    after the place), "Winterswijk Meddo" -> "Meddo"; None when the name has no qualifier."""
    for pattern in _QUALIFIED_RES:
        found = pattern.match(name)
        if found:
            return found.group("base")
    if name.endswith(" " + display):
        return name[: -len(display) - 1].strip() or None
    if name.startswith(display + " "):
        return name[len(display) + 1 :].strip() or None
    return None


@lru_cache(maxsize=1)
def _index() -> _Index:
    displays = {row["cbs_code"]: row["display_name"] for row in _read_csv("display_names.csv")}
    municipalities: list[Municipality] = []
    for row in _read_csv("gemeenten.csv"):
        code, name = row["cbs_code"].strip(), row["name"].strip()
        cbs = _CBS_SUFFIX_RE.match(name)
        display = displays.get(code) or (cbs.group("base") if cbs else name)
        twente = row["twente"].strip().lower() == "yes"
        municipalities.append(Municipality(code=code, name=name, twente=twente, display_name=display))
    by_code = {m.code: m for m in municipalities}
    display_keys = {m.code: _data_key(m.display_name) for m in municipalities}

    raw: dict[str, dict[int, set[tuple[str, str | None, bool]]]] = {}

    def add(name: str, codes: Iterable[str], town: str | None, layer: int, qualified: bool = False) -> None:
        key = _data_key(name)
        town_key = key if town == name else _data_key(town) if town is not None else None
        for code in codes:
            if code not in by_code:
                raise ValueError(f"places_data: onbekende CBS-code {code!r} bij {name!r}")
            named_town = None if town_key is None or town_key == display_keys[code] else town
            for variant in (key, key[2:]) if key.startswith("s ") else (key,):  # 's-Gravenhage
                raw.setdefault(variant, {}).setdefault(layer, set()).add((code, named_town, qualified))

    for m in municipalities:
        add(m.name, [m.code], None, _MUNICIPALITY)
        add(m.display_name, [m.code], None, _MUNICIPALITY)
    for row in _read_csv("name_variants.csv"):
        add(row["variant"], row["cbs_codes"].split(), row["town"].strip() or None, _MUNICIPALITY)
    for row in _read_csv("woonplaatsen.csv"):
        name, code = row["name"].strip(), row["cbs_code"].strip()
        bare = _bare_name(name, by_code[code].display_name) if code in by_code else None
        add(name, [code], bare or name, _WOONPLAATS)
        if bare:
            add(bare, [code], bare, _WOONPLAATS, qualified=True)
    for row in _read_csv("twente_towns.csv"):
        add(row["town"], row["cbs_codes"].split(), row["town"].strip(), _WOONPLAATS)
    for row in _read_csv("former_municipalities.csv"):
        add(row["name"], row["cbs_codes"].split(), row["name"].strip(), _FORMER)
    for row in _read_csv("districts.csv"):
        name, code = row["name"].strip(), row["cbs_code"].strip()
        add(
            name,
            [code],
            (_bare_name(name, by_code[code].display_name) if code in by_code else None) or name,
            _DISTRICT,
        )

    fillers = _LEADING_FILLERS | _TRAILING_FILLERS | _ARTICLES
    for key in [key for key, layers in raw.items() if _MUNICIPALITY not in layers]:
        if key in _COUNTRIES or key in _areas() or all(word in fillers for word in key.split()):
            del raw[key]  # "Nederland", "de stad", "het dorp": a person means no hamlet by those
    by_phrase = {key: _trusted(_frozen(layers)) for key, layers in raw.items()}
    compact: dict[str, dict[int, set[tuple[str, str | None, bool]]]] = {}
    for key, layers in raw.items():
        target = compact.setdefault(key.replace(" ", ""), {})
        for layer, entries in layers.items():
            target.setdefault(layer, set()).update(entries)
    layers_by_key = {key: _frozen(layers) for key, layers in compact.items()}
    by_key = {key: _trusted(layers) for key, layers in layers_by_key.items()}
    municipal = {
        key: frozenset((code, town) for code, town, _ in layers[_MUNICIPALITY])
        for key, layers in layers_by_key.items()
        if _MUNICIPALITY in layers
    }
    postcodes = {row["postcode"]: tuple(row["cbs_codes"].split()) for row in _read_csv("postcodes.csv")}
    postcodes.update(
        {row["postcode"]: tuple(row["cbs_codes"].split()) for row in _read_csv("postcodes_split.csv")}
    )
    return _Index(
        municipalities=tuple(municipalities),
        by_code=by_code,
        province={row["cbs_code"]: row["province"] for row in _read_csv("provinces.csv")},
        layers=layers_by_key,
        by_key=by_key,
        by_phrase=by_phrase,
        municipal=municipal,
        fuzzy_keys=tuple(key for key, found in by_key.items() if found.layer != _DISTRICT),
        postcodes=postcodes,
        max_words=max(len(key.split()) for key in by_phrase),
    )


def _frozen(layers: dict[int, set[tuple[str, str | None, bool]]]) -> _Layers:
    return {layer: frozenset(entries) for layer, entries in layers.items()}


def _trusted(layers: _Layers) -> _Found:
    """The hits of the most trusted layer; a municipality's name also lists the woonplaatsen of
    exactly that name elsewhere (not those whose official name needed a qualifier)."""
    if _MUNICIPALITY in layers:
        hits = {(code, town) for code, town, _ in layers[_MUNICIPALITY]}
        hits |= {(code, town) for code, town, qualified in layers.get(_WOONPLAATS, ()) if not qualified}
        return _Found(_MUNICIPALITY, frozenset(hits))
    layer = min(layers)
    return _Found(layer, frozenset((code, town) for code, town, _ in layers[layer]))


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
    if any(" ".join(words[start:]) in _areas() for start in starts):
        return PlaceMatch(None, (), None, text=original)  # "Friesland", "Polen": no municipality
    for choosing in (False, True):  # "in de stad Utrecht" is Utrecht before "de stad" in the province
        for start in starts:
            municipal_only = any(word in _MUNICIPAL_WORDS for word in words[:start])
            hits = _lookup(index, words[start:], municipal_only, choosing)
            if hits:
                span = _span(original, tokens[start][1], tokens[-1][2])
                return _match(index, hits, span, corrected=False)
    found = find_places(original)
    if found:
        codes = {c.code for match in found for c in match.candidates}
        if len(found) == 1 or len(codes) == 1:
            return found[0]
        merged = {c.code: c for match in found for c in match.candidates}
        return PlaceMatch(None, _sorted(merged.values()), None, text=original)
    postcode = _POSTCODE_RE.search(original)
    if postcode and (postcode.group("letters") or len(words) <= 3):
        match = _postcode_match(index, postcode)
        if match is not None:
            return match
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
    found: list[tuple[int, PlaceMatch]] = []
    seen: set[tuple[frozenset[str], str | None]] = set()

    def keep(position: int, match: PlaceMatch) -> None:
        identity = (frozenset(c.code for c in match.candidates), match.town)
        if identity not in seen:
            seen.add(identity)
            found.append((position, match))

    i = 0
    while i < len(tokens):
        step, match = _place_at(index, text, tokens, i)
        if match is not None:
            keep(tokens[i][1], match)
        i += step
    named = {c.code for _, match in found for c in match.candidates}
    for postcode in _POSTCODE_RE.finditer(text):
        before = normalise_place(text[: postcode.start()]).split()[-1:]
        if postcode.group("letters") or before in (["postcode"], ["pc"]):
            match = _postcode_match(index, postcode)
            if match is not None and not {c.code for c in match.candidates} <= named:
                keep(postcode.start(), match)  # a name says more than its postcode: "7511 AB Enschede"
    return [match for _, match in sorted(found, key=lambda pair: pair[0])]


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
    if match.text and normalise_place(match.text) in _PROVINCE_KEYS:
        return (
            f"{match.text.strip()} is een provincie. In welke gemeente of plaats is het? "
            "Bijvoorbeeld Leeuwarden, Enschede of Hof van Twente."
        )
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


def _lookup(
    index: _Index, words: Sequence[str], municipal_only: bool = False, choosing: bool = True
) -> _Hits | None:
    """Exact hits for these words, dropping trailing fillers and (``choosing``) using a trailing
    province or municipality to choose among places with the same name."""
    if municipal_only:
        end = len(words)
        while end > 1 and words[end - 1] in _TRAILING_FILLERS:
            end -= 1
        hits = index.municipal.get("".join(words[:end]))
        if hits:
            return hits
    found = index.by_key.get("".join(words))
    if found:
        return found.hits
    end = len(words)
    while end > 1 and words[end - 1] in _TRAILING_FILLERS:
        end -= 1
        found = index.by_key.get("".join(words[:end]))
        if found:
            return found.hits
    if not choosing:
        return None
    for size in (2, 1):
        province = tuple(words[end - size : end])
        if end - size < 1 or province not in _PROVINCES:
            continue
        base = index.layers.get("".join(words[: end - size]))
        if base:
            wanted = _PROVINCES[province]
            chosen = _within(base, lambda code: index.province.get(code) == wanted)  # noqa: B023
            return chosen or _trusted(base).hits
    for split in range(1, end):
        base = index.layers.get("".join(words[:split]))
        if not base:
            continue
        tail = list(words[split:end])
        while len(tail) > 1 and tail[0] in _TAIL_FILLERS:
            tail = tail[1:]
        named = index.municipal.get("".join(tail))
        if named:
            codes = {code for code, _ in named}
            chosen = _within(base, codes.__contains__)
            if chosen:
                return chosen
    return None


def _within(layers: _Layers, keep: Callable[[str], bool]) -> _Hits | None:
    """The trusted hits among the entries whose code ``keep`` accepts."""
    kept = {layer: frozenset(e for e in entries if keep(e[0])) for layer, entries in layers.items()}
    kept = {layer: entries for layer, entries in kept.items() if entries}
    if not kept:
        return None
    if _MUNICIPALITY in kept:
        return frozenset((code, town) for code, town, _ in kept[_MUNICIPALITY])
    return _trusted(kept).hits


def _postcode_match(index: _Index, found: re.Match[str]) -> PlaceMatch | None:
    digits, letters = found.group("digits"), (found.group("letters") or "").upper()
    codes = index.postcodes.get(digits + letters) or index.postcodes.get(digits)
    if not codes:
        return None
    shown = f"{digits} {letters}" if letters else digits
    candidates = _sorted(index.by_code[code] for code in codes)
    town = f"Postcode {shown}"
    return PlaceMatch(candidates[0] if len(candidates) == 1 else None, candidates, town, text=found.group())


def _threshold(length: int) -> int:
    return 2 if length >= 9 else 1 if length >= 5 else 0


def _fuzzy(index: _Index, query: str) -> _Hits | None:
    """Hits of the one place within the allowed edit distance of ``query``, else None."""
    if len(query) < 5:
        return None
    if process.extractOne(query, _compact_areas(), scorer=OSA.distance, score_cutoff=_threshold(len(query))):
        return None  # "Overijsel" is the province misspelt, not the village Overasselt
    close = process.extract(query, index.fuzzy_keys, scorer=OSA.distance, score_cutoff=2, limit=None)
    best = 3
    targets: set[_Hits] = set()
    for key, distance, _ in close:
        if distance > _threshold(len(key)):
            continue
        if distance < best:
            best, targets = int(distance), {index.by_key[key].hits}
        elif distance == best:
            targets.add(index.by_key[key].hits)
    if len(targets) != 1:
        return None
    return targets.pop()


@lru_cache(maxsize=1)
def _areas() -> frozenset[str]:
    """The area names, normalised like the index's keys ("noord brabant")."""
    return frozenset(normalise_place(name) for name in _AREA_NAMES)


@lru_cache(maxsize=1)
def _compact_areas() -> tuple[str, ...]:
    """The area names without spaces, as fuzzy queries are written ("noordbrabant")."""
    return tuple(area.replace(" ", "") for area in _areas())


def _place_at(
    index: _Index, text: str, tokens: Sequence[tuple[str, int, int]], i: int
) -> tuple[int, PlaceMatch | None]:
    """The place starting at token ``i`` (longest name first): (tokens used, match or None)."""
    cue = i > 0 and tokens[i - 1][0] in _CUES
    if cue and tokens[i - 1][0] == "te" and not text[tokens[i][1] : tokens[i][1] + 1].isupper():
        cue = False  # "minder te werken", "kracht te putten"; "woont te Best" is a cue
    cue = cue or (i > 1 and (tokens[i - 2][0], tokens[i - 1][0]) in _CUE_PAIRS)
    for size in range(min(3, len(tokens) - i), 0, -1):
        if " ".join(token for token, _, _ in tokens[i : i + size]) in _areas():
            return size, None  # "woont in Friesland", "in Noord-Brabant": an area, no place
    for size in range(min(index.max_words, len(tokens) - i), 0, -1):
        words = [token for token, _, _ in tokens[i : i + size]]
        phrase = " ".join(words)
        found = index.by_phrase.get(phrase) or (index.by_key.get(phrase) if size == 1 else None)
        if not found:
            continue
        span = _span(text, tokens[i][1], tokens[i + size - 1][2])
        if not _counts_in_sentence(
            found.layer, words, span, cue, _capitalised_mid_sentence(text, tokens[i][1])
        ):
            continue
        return size, _match(index, found.hits, span, corrected=False)
    if cue:
        for size in range(min(3, len(tokens) - i), 0, -1):
            words = [token for token, _, _ in tokens[i : i + size]]
            if words[0] in _NOT_A_NAME or words[0] in _CUES or words[0] in _ARTICLES:
                break
            span = text[tokens[i][1] : tokens[i + size - 1][2]]
            query = "".join(words)
            if not span[:1].isupper() and len(query) < 7:
                continue
            hits = _fuzzy(index, query)
            if hits:
                return size, _match(index, hits, span, corrected=True)
    return 1, None


def _counts_in_sentence(layer: int, words: Sequence[str], span: str, cue: bool, capital: bool) -> bool:
    """Whether a name found in a sentence is meant as a place (see the module doc)."""
    phrase = " ".join(words)
    written_capital = any(ch.isupper() for ch in span)
    if phrase in _FUNCTION_WORDS and not written_capital:
        return False
    if layer == _MUNICIPALITY:
        return phrase not in _COMMON_WORDS or cue or capital
    if words[0] in _ARTICLES and len(words) > 1 and not written_capital:
        return False
    short = len(phrase.replace(" ", "")) <= 4
    if layer == _DISTRICT:
        return cue and not short and phrase not in _COMMON_WORDS
    if short or phrase in _COMMON_WORDS:
        return cue
    return cue or capital


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
    towns = sorted({town for _, town in hits if town})  # "De Lutte" sorts before "de Lutte"
    town = towns[0] if len({normalise_place(t) for t in towns}) == 1 else None
    municipality = candidates[0] if len(candidates) == 1 else None
    return PlaceMatch(municipality, candidates, town, text=text, corrected=corrected)


def _sorted(municipalities: Iterable[Municipality]) -> tuple[Municipality, ...]:
    return tuple(sorted(municipalities, key=lambda m: (m.name.casefold(), m.code)))


def _or_list(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " of " + parts[-1]
