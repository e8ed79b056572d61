"""Content checks for data/catalogue/: coverage, sources, and no invented numbers or sites.

The YAML is read directly with PyYAML so these checks do not depend on the loader; one test
also runs bot.catalogue's loader when it is importable. The facts live beside the repository
in ../shared/facts/ (override with MANTELWIJZER_FACTS_DIR); tests that need them skip without them.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from bot.catalogue.kinds import KINDS
from bot.conditions import CONDITION_KEYS, ENUM_KEYS
from bot.profile import ENUM_FIELDS
from tests.shared_dir import SHARED

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "data" / "catalogue"
FACTS_DIR = Path(os.environ.get("MANTELWIJZER_FACTS_DIR", SHARED / "facts"))
FACTS_FILE = FACTS_DIR / "werkende-mantelzorgers.md"
MUNICIPALITIES_FILE = FACTS_DIR / "gemeenten.csv"
EMPLOYERS = "employers"

#: The kinds fixed in shared/design/architecture.md.
ARCHITECTURE_KINDS = (
    "calamiteitenverlof",
    "kortdurend-zorgverlof",
    "langdurend-zorgverlof",
    "flexibel-werken",
    "werkgeversregeling",
    "gesprek-werkgever",
    "respijtzorg-dagbesteding",
    "respijtzorg-logeeropvang",
    "respijtzorg-thuis",
    "wmo-loket",
    "mantelzorgsteunpunt",
    "mantelzorgwaardering",
    "mantelzorgmakelaar",
    "huishoudelijke-hulp",
    "pgb-mantelzorg",
    "mantelzorglijn",
    "crisishulp",
    "lotgenotencontact",
    "ziektespecifieke-steun",
    "huisarts",
    "wlz-indicatie",
)
MUNICIPAL_KINDS = (
    "wmo-loket",
    "mantelzorgsteunpunt",
    "mantelzorgwaardering",
    "mantelzorgmakelaar",
    "huishoudelijke-hulp",
)
#: Kinds every Twente municipality must have an item of its own for (issue 2).
TWENTE_KINDS = ("wmo-loket", "mantelzorgsteunpunt", "mantelzorgwaardering", "huishoudelijke-hulp")
LEAVE_KINDS = ("calamiteitenverlof", "kortdurend-zorgverlof", "langdurend-zorgverlof", "flexibel-werken")
RESPITE_KINDS = ("respijtzorg-dagbesteding", "respijtzorg-logeeropvang", "respijtzorg-thuis")

#: Profile enums and condition keys, from bot/ (the lead adds values there; the schema reads them too).
PROFILE_ENUMS: dict[str, tuple[str, ...]] = {key: ENUM_FIELDS[field] for key, field in ENUM_KEYS.items()}
NEEDS = PROFILE_ENUMS["needs_any"]
OTHER_CONDITION_KEYS = tuple(key for key in CONDITION_KEYS if key not in ENUM_KEYS)

#: Addresses found in stored public pages (issue 12) or named in the facts: deep pages exactly, and
#: the home pages of these sites. Nothing else may be linked (no guessed addresses).
FOUND_PAGES = frozenset(
    {
        "https://www.rijksoverheid.nl/onderwerpen/zorgverlof",
        "https://www.rijksoverheid.nl/onderwerpen/zorgverlof/vraag-en-antwoord/zorgverlof-aanvragen",
        "https://www.rijksoverheid.nl/onderwerpen/mantelzorg",
        "https://www.pgb.nl/pgb/wlz/aan-de-slag-met-uw-budget/trekkingsrecht-regelen/",
        "https://ciz.nl/client",
        "https://www.ciz.nl/client/veelgestelde-vragen-clienten/wet-langdurige-zorg",
        "https://www.borne.nl/mantelzorg",
        "https://www.hofvantwente.nl/inwoners/zorg-wmo-en-jeugd/wmo-en-zorg/hulp-en-ondersteuning/mantelzorg",
        "https://www.mantelzorgalmelo.nl/",
        "https://www.noaberpoort.nl/(91362)-Noaberpoort/Sociaal-Domein-Nieuws/Mantelzorgpunt.html",
        "https://begroting.hengelo.nl/programmaplan/beleidsprogramma-s/sociaal-domein",
        "https://1twente.nl/artikel/5239289/gemeente-dinkelland-versterkt-ondersteuning-voor-mantelzorgers-waardering-belangrijk",
        # routes (issue 12), found with the stored-pages search on 2026-12-05
        "https://www.rijksoverheid.nl/onderwerpen/palliatieve-zorg/vraag-en-antwoord/palliatieve-zorg-regelen",
        "https://carend.nl/artikel/het-ongekende-belang-van-vrijwilligers-de-palliatieve-en-terminale-zorg",
        "https://www.skipr.nl/nieuws/casemanagement-dementie-wordt-eerder-uitgebreid-vergoed/",
    }
)
ALLOWED_HOSTS = frozenset(
    {
        "rijksoverheid.nl",
        "wetten.overheid.nl",
        "vptz.nl",  # VPTZ Nederland's own site (its pages are in the stored pages)
        "mantelzorg.nl",
        "113.nl",
        "alzheimer-nederland.nl",
        "pgb.nl",
        "regelhulp.nl",
        "werkenmantelzorg.nl",
        "ciz.nl",
        # the 14 municipalities of Twente, as their sites were found in stored pages
        "almelo.nl",
        "borne.nl",
        "dinkelland.nl",
        "enschede.nl",
        "haaksbergen.nl",
        "hellendoorn.nl",
        "hengelo.nl",
        "hofvantwente.nl",
        "losser.nl",
        "oldenzaal.nl",
        "rijssen-holten.nl",
        "tubbergen.nl",
        "twenterand.nl",
        "wierden.nl",
    }
)
HOME_PATHS = frozenset({"", "/"})
TWENTE_SUPPORT_KINDS = ("wmo-loket", "mantelzorgsteunpunt")

#: Dutch phone numbers as written in text: 0xx…, the short crisis numbers, and 14 + area code.
PHONE_IN_TEXT_RE = re.compile(
    r"(?<![\w.-])0\d{1,3}(?:[ -]?\d{2,4}){1,4}(?![\w-])"
    r"|(?<![\w.-])11[23](?![\w.])"
    r"|(?<![\w.-])14 ?0\d{1,3}(?![\w.])"
)
FORMAL_YOU_RE = re.compile(r"\b(?:u|uw|U|Uw)\b")


@dataclass(frozen=True)
class Entry:
    """One catalogue item with the file it came from."""

    file: Path
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data.get("id"))

    def texts(self) -> Iterator[str]:
        """Every text a person reads."""
        for key in ("title", "summary", "check"):
            if isinstance(self.data.get(key), str):
                yield self.data[key]
        yield from (step for step in self.data.get("how_to") or [] if isinstance(step, str))
        contact = self.data.get("contact") or {}
        if isinstance(contact.get("name"), str):
            yield contact["name"]
        amount = self.data.get("amount") or {}
        if isinstance(amount.get("pay"), str):
            yield amount["pay"]

    def urls(self) -> Iterator[str]:
        contact = self.data.get("contact") or {}
        source = self.data.get("source") or {}
        for url in (contact.get("url"), contact.get("chat"), source.get("url")):
            if url is not None:
                yield str(url)

    def condition_sets(self) -> Iterator[dict[str, Any]]:
        """The item's top-level conditions and each ``any_of`` alternative."""
        conditions = self.data.get("conditions") or {}
        yield conditions
        yield from conditions.get("any_of") or []


def _files() -> list[Path]:
    return sorted(p for p in CATALOGUE.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: expected a mapping at the top"
    return data


ENTRIES: list[Entry] = [Entry(path, item) for path in _files() for item in _load(path).get("items") or []]
BY_ID: dict[str, Entry] = {entry.id: entry for entry in ENTRIES}


def _where(entry: Entry) -> str:
    return f"{entry.file.relative_to(REPO)}: {entry.id}"


def _is_employer_file(path: Path) -> bool:
    return path.relative_to(CATALOGUE).parts[0] == EMPLOYERS


def _enum_values(values: Any) -> list[str]:
    """Condition values as words (PyYAML reads unquoted yes/no as booleans)."""
    words = {True: "yes", False: "no"}
    items = values if isinstance(values, list) else [values]
    return [words[v] if isinstance(v, bool) else v for v in items]


def _items_of_kind(kind: str) -> list[Entry]:
    return [e for e in ENTRIES if e.data.get("kind") == kind]


@pytest.fixture(scope="module")
def facts() -> str:
    if not FACTS_FILE.is_file():
        pytest.skip(f"facts file not found: {FACTS_FILE}")
    return FACTS_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def municipalities() -> dict[str, tuple[str, bool]]:
    """CBS code -> (name, in Twente)."""
    if not MUNICIPALITIES_FILE.is_file():
        pytest.skip(f"municipality list not found: {MUNICIPALITIES_FILE}")
    with MUNICIPALITIES_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["cbs_code"]: (row["name"], row["twente"] == "yes") for row in csv.DictReader(handle)}


# --- structure ---------------------------------------------------------------------------------


def test_every_file_has_a_non_empty_items_list() -> None:
    files = _files()
    assert files, "no catalogue files"
    empty = [str(p.relative_to(REPO)) for p in files if not _load(p).get("items")]
    assert empty == []


def test_item_ids_are_unique() -> None:
    ids = [entry.id for entry in ENTRIES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []


def test_item_ids_are_kebab_case() -> None:
    bad = [_where(e) for e in ENTRIES if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", e.id)]
    assert bad == []


def test_every_item_has_a_source_name() -> None:
    missing = [_where(e) for e in ENTRIES if not str((e.data.get("source") or {}).get("name") or "").strip()]
    assert missing == []


def test_every_item_has_a_verified_on_date_not_in_the_future() -> None:
    bad = [
        _where(e)
        for e in ENTRIES
        if not isinstance(e.data.get("verified_on"), date) or e.data["verified_on"] > date.today()
    ]
    assert bad == []


def test_every_item_has_title_summary_and_steps() -> None:
    bad = [
        _where(e)
        for e in ENTRIES
        if not (e.data.get("title") and e.data.get("summary") and isinstance(e.data.get("how_to"), list))
        or not e.data["how_to"]
    ]
    assert bad == []


def test_every_item_lists_known_needs() -> None:
    bad = [
        _where(e)
        for e in ENTRIES
        if not isinstance(e.data.get("needs"), list) or any(n not in NEEDS for n in e.data["needs"])
    ]
    assert bad == []


def test_conditions_use_known_keys_and_profile_values() -> None:
    bad: list[str] = []
    for entry in ENTRIES:
        for key, values in (pair for conditions in entry.condition_sets() for pair in conditions.items()):
            if key in PROFILE_ENUMS:
                unknown = [v for v in _enum_values(values) if v not in PROFILE_ENUMS[key]]
                if unknown:
                    bad.append(f"{_where(entry)}: {key} {unknown}")
            elif key not in OTHER_CONDITION_KEYS:
                bad.append(f"{_where(entry)}: unknown key {key}")
    assert bad == []


# --- coverage ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ARCHITECTURE_KINDS)
def test_architecture_kind_is_present(kind: str) -> None:
    assert _items_of_kind(kind), f"no item of kind {kind}"


def test_kinds_are_known_to_bot() -> None:
    assert set(ARCHITECTURE_KINDS) <= set(KINDS)
    unknown = [_where(e) for e in ENTRIES if e.data.get("kind") not in KINDS]
    assert unknown == []


@pytest.mark.parametrize("kind", TWENTE_KINDS)
def test_every_twente_municipality_has_its_own_item(
    kind: str, municipalities: dict[str, tuple[str, bool]]
) -> None:
    twente = sorted(code for code, (_, in_twente) in municipalities.items() if in_twente)
    assert len(twente) == 14
    covered = {e.data.get("municipality") for e in _items_of_kind(kind)}
    missing = [f"{code} {municipalities[code][0]}" for code in twente if code not in covered]
    assert missing == []


@pytest.mark.parametrize("kind", MUNICIPAL_KINDS)
def test_generic_item_exists_for_municipal_kind(kind: str) -> None:
    generic = [e for e in _items_of_kind(kind) if e.data.get("municipality") == "*"]
    assert len(generic) == 1, f"expected one generic {kind} item, got {[e.id for e in generic]}"


def test_municipal_items_use_known_cbs_codes(municipalities: dict[str, tuple[str, bool]]) -> None:
    bad = [
        _where(e)
        for e in ENTRIES
        if e.data.get("kind") in MUNICIPAL_KINDS and e.data.get("municipality") not in {"*", *municipalities}
    ]
    assert bad == []


def test_generic_items_name_the_municipality_with_the_placeholder() -> None:
    bad = [
        _where(e)
        for e in ENTRIES
        if e.data.get("municipality") == "*" and not any("{gemeente}" in text for text in e.texts())
    ]
    assert bad == []


def test_only_generic_items_use_the_gemeente_placeholder() -> None:
    bad = [
        _where(e)
        for e in ENTRIES
        if e.data.get("municipality") != "*" and any("{gemeente}" in text for text in e.texts())
    ]
    assert bad == []


# --- facts, not guesses ------------------------------------------------------------------------


def test_every_contact_phone_appears_verbatim_in_the_facts(facts: str) -> None:
    phones = {
        _where(e): str((e.data.get("contact") or {}).get("phone"))
        for e in ENTRIES
        if (e.data.get("contact") or {}).get("phone") is not None
    }
    assert phones, "expected at least one phone number in the catalogue"
    invented = {where: phone for where, phone in phones.items() if phone not in facts}
    assert invented == {}


def test_every_phone_number_in_the_texts_appears_verbatim_in_the_facts(facts: str) -> None:
    found = {
        (_where(e), m.group(0))
        for e in ENTRIES
        for text in e.texts()
        for m in PHONE_IN_TEXT_RE.finditer(text)
    }
    assert found, "expected phone numbers in the texts"
    invented = sorted((where, number) for where, number in found if number not in facts)
    assert invented == []


def test_the_old_luisterlijn_number_is_not_used() -> None:
    hits = [_where(e) for e in ENTRIES if any("0900" in text for text in e.texts())]
    assert hits == []


def test_no_number_of_wlz_logeeropvang_days_is_stated() -> None:
    hits = [_where(e) for e in ENTRIES if any(re.search(r"\b156\b", text) for text in e.texts())]
    assert hits == []


def test_links_go_only_to_found_pages_or_home_pages() -> None:
    bad = []
    for entry in ENTRIES:
        for url in entry.urls():
            if url.startswith("/"):  # a path on an employer's intranet (the loader allows it only there)
                continue
            parsed = urlparse(url)
            host = parsed.netloc.removeprefix("www.")
            home = parsed.scheme == "https" and host in ALLOWED_HOSTS and parsed.path in HOME_PATHS
            if url not in FOUND_PAGES and not home:
                bad.append(f"{_where(entry)}: {url}")
    assert bad == []


def test_every_check_tells_the_person_whom_to_ask() -> None:
    bad = [
        _where(e)
        for e in ENTRIES
        if e.data.get("check") is not None and "Controleer" not in str(e.data["check"])
    ]
    assert bad == []


@pytest.mark.parametrize(
    "kind", ["mantelzorgsteunpunt", "mantelzorgwaardering", "mantelzorgmakelaar", "wmo-loket"]
)
def test_unverified_municipal_facts_carry_a_check(kind: str) -> None:
    missing = [_where(e) for e in _items_of_kind(kind) if not e.data.get("check")]
    assert missing == []


@pytest.mark.parametrize(
    "item_id",
    [
        "langdurend-zorgverlof",  # spreading over the weeks: not checked against the current law
        "flexibel-werken-kleine-werkgever",  # what Wfw art. 2a asks of small employers
        "mantelzorglijn",  # hours
        "alzheimer-telefoon",  # hours seen around 2020
        "crisishulp-luisterlijn",  # number seen in 2021 press reports
        "respijtzorg-logeeropvang-wlz",  # yearly maximum of days
    ],
)
def test_facts_marked_check_in_the_facts_carry_a_check(item_id: str) -> None:
    assert item_id in BY_ID, f"missing item {item_id}"
    assert BY_ID[item_id].data.get("check")


def test_texts_say_je_not_u() -> None:
    formal = [_where(e) for e in ENTRIES if any(FORMAL_YOU_RE.search(text) for text in e.texts())]
    assert formal == []


# --- eligibility written into the conditions ---------------------------------------------------


@pytest.mark.parametrize("kind", LEAVE_KINDS)
def test_statutory_leave_is_for_employees_only(kind: str) -> None:
    bad = [
        e.id
        for e in _items_of_kind(kind)
        if (e.data.get("conditions") or {}).get("employment") != ["employee"]
    ]
    assert bad == []


@pytest.mark.parametrize("item_id", ["kortdurend-zorgverlof", "langdurend-zorgverlof"])
def test_zorgverlof_includes_a_neighbour_or_friend(item_id: str) -> None:
    if BY_ID[item_id].data["conditions"].get("care_circle") is True:
        return  # bot.leave.care_circle: a social relationship stays open, never fails
    relationships = [v for c in BY_ID[item_id].condition_sets() for v in c.get("relationship") or []]
    assert "friend_neighbour" in relationships


@pytest.mark.parametrize("item_id", ["kortdurend-zorgverlof", "langdurend-zorgverlof"])
def test_zorgverlof_includes_a_housemate(item_id: str) -> None:
    conditions = BY_ID[item_id].data["conditions"]
    if conditions.get("care_circle") is True:
        return  # bot.leave.care_circle counts a housemate
    assert {"lives_together": True} in (conditions.get("any_of") or [])


@pytest.mark.parametrize(("item_id", "factor"), [("kortdurend-zorgverlof", 2), ("langdurend-zorgverlof", 6)])
def test_zorgverlof_amount_is_a_multiple_of_the_working_week(item_id: str, factor: int) -> None:
    amount = BY_ID[item_id].data["amount"]
    assert (amount["formula"], amount["factor"]) == ("weeks_of_work_hours", factor)


@pytest.mark.parametrize("size", ["small", "large"])
def test_flexible_work_has_an_item_for_each_employer_size(size: str) -> None:
    sizes = [(e.data.get("conditions") or {}).get("employer_size") for e in _items_of_kind("flexibel-werken")]
    assert [size] in sizes


def _wlz_routes(kind: str) -> list[list[str]]:
    return [
        _enum_values((e.data.get("conditions") or {}).get("wlz_indication")) for e in _items_of_kind(kind)
    ]


@pytest.mark.parametrize("kind", RESPITE_KINDS)
def test_respite_has_a_wlz_route_only_for_people_with_an_indication(kind: str) -> None:
    assert ["yes"] in _wlz_routes(kind)


@pytest.mark.parametrize("kind", RESPITE_KINDS)
def test_respite_has_a_wmo_route_for_people_without_an_indication(kind: str) -> None:
    assert any("no" in route and "yes" not in route for route in _wlz_routes(kind))


def test_wlz_indication_route_is_not_offered_to_people_who_have_one() -> None:
    for entry in _items_of_kind("wlz-indicatie"):
        allowed = _enum_values(entry.data["conditions"]["wlz_indication"])
        assert "yes" not in allowed


def test_alzheimer_telefoon_is_only_for_dementia() -> None:
    assert BY_ID["alzheimer-telefoon"].data["conditions"]["condition"] == ["dementia"]


# --- employer overlay --------------------------------------------------------------------------


def _employer_files() -> list[Path]:
    return [p for p in _files() if _is_employer_file(p)]


def test_there_is_an_example_employer() -> None:
    assert _employer_files()


@pytest.mark.parametrize("path", _employer_files(), ids=lambda p: p.stem)
def test_example_employer_is_clearly_fictional(path: Path) -> None:
    data = _load(path)
    assert "(fictief)" in data["name"]
    for item in data["items"]:
        assert "(fictief)" in item["title"], item["id"]
        assert item["summary"].startswith("Fictief voorbeeld"), item["id"]
        assert "fictief" in item["source"]["name"].lower(), item["id"]


@pytest.mark.parametrize("path", _employer_files(), ids=lambda p: p.stem)
def test_example_employer_has_no_phone_numbers_or_links(path: Path) -> None:
    """Links only to the demo intranet's own page (a path), never to a real site."""
    for item in _load(path)["items"]:
        entry = Entry(path, item)
        assert not (item.get("contact") or {}).get("phone"), item["id"]
        assert [url for url in entry.urls() if not url.startswith("/")] == [], item["id"]
        assert [m.group(0) for text in entry.texts() for m in PHONE_IN_TEXT_RE.finditer(text)] == []


@pytest.mark.parametrize("path", _employer_files(), ids=lambda p: p.stem)
def test_employer_items_carry_the_file_tenant(path: Path) -> None:
    data = _load(path)
    assert data["tenant"] == path.stem
    assert {item.get("tenant") for item in data["items"]} == {path.stem}


def test_only_employer_files_have_tenant_items() -> None:
    bad = [_where(e) for e in ENTRIES if e.data.get("tenant") is not None and not _is_employer_file(e.file)]
    assert bad == []


# --- the project's own loader ------------------------------------------------------------------


def test_catalogue_loads_with_the_project_validator() -> None:
    catalogue_module = pytest.importorskip("bot.catalogue")
    catalogue = catalogue_module.load_catalogue(CATALOGUE)
    assert sorted(item.id for item in catalogue.items) == sorted(BY_ID)
