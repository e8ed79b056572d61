"""The catalogue's JSON Schema: built from bot/'s enumerations, current as a file, and every rule
checked (one case per rule; each fails without its rule)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from bot.catalogue import Report, kinds, validate
from bot.catalogue import schema as catalogue_schema
from bot.catalogue.loader import DEFAULT_ROOT
from bot.catalogue.schema import SCHEMA_FILE, build_schema, schema_text
from bot.catalogue.validator import _validator, normalise
from bot.conditions import ANY_OF, CONDITION_KEYS
from bot.profile import ENUM_FIELDS, NEEDS

from .conftest import TODAY, known_code

BASE: dict[str, Any] = {
    "id": "a",
    "kind": "huisarts",
    "title": "Titel",
    "summary": "Samenvatting.",
    "how_to": ["Doe dit."],
    "source": {"name": "Bron"},
    "verified_on": date(2026, 11, 1),
}
MUNICIPAL = {**BASE, "kind": "wmo-loket", "municipality": "GM0153"}


def test_schema_file_is_current() -> None:
    """Run `python -m bot.catalogue schema --write` when this fails."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def test_enumerations_come_from_python() -> None:
    defs = build_schema()["$defs"]
    item = defs["item"]["properties"]
    assert item["kind"]["enum"] == list(kinds.KINDS)
    assert item["needs"]["items"]["enum"] == list(NEEDS)
    conditions = defs["conditions"]["properties"]
    assert set(conditions) == set(CONDITION_KEYS)
    assert conditions["relationship"]["items"]["enum"] == list(ENUM_FIELDS["relationship"])
    assert ANY_OF not in defs["alternative"]["properties"]


def test_a_kind_added_in_python_is_in_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue_schema, "KINDS", {**kinds.KINDS, "nieuw-soort": kinds.SUPPORT})
    assert "nieuw-soort" in build_schema()["$defs"]["item"]["properties"]["kind"]["enum"]


def test_every_catalogue_file_validates_with_the_plain_schema() -> None:
    """What an editor checks: the schema file alone, without the loader."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    for path in sorted(DEFAULT_ROOT.rglob("*.yml")):
        data = normalise(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], path


def test_editor_hints_point_to_the_schema_file() -> None:
    hinted = 0
    for path in sorted(DEFAULT_ROOT.rglob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# yaml-language-server: $schema="):
            target = (path.parent / first.split("=", 1)[1].strip()).resolve()
            assert target == SCHEMA_FILE.resolve(), path
            hinted += 1
    assert hinted >= 20  # the Twente files and the national ones; see docs/catalogue-schema.md


def _check(
    tmp_path: Path, items: list[Any] | Any, top: dict[str, Any] | None = None, employer: bool = False
) -> Report:
    folder = tmp_path / ("employers" if employer else "x")
    folder.mkdir(exist_ok=True)
    data = {**(top or {}), "items": items} if items is not None else dict(top or {})
    name = "firma.yml" if employer else "items.yml"
    (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return validate(tmp_path, today=TODAY, municipality_exists=known_code)


def _one(report: Report, severity: str = "error") -> tuple[str | None, str]:
    found = [(p.field, p.message) for p in report.problems if p.severity == severity]
    assert len(found) == 1, found
    return found[0]


ITEM_RULES: list[tuple[str, dict[str, Any], str | None, str]] = [
    ("unknown field", {**BASE, "sumary": "x"}, "sumary", "unknown field (allowed: id, kind"),
    ("missing id", {k: v for k, v in BASE.items() if k != "id"}, "id", "missing required field"),
    ("missing kind", {k: v for k, v in BASE.items() if k != "kind"}, "kind", "missing required field"),
    ("missing title", {k: v for k, v in BASE.items() if k != "title"}, "title", "missing required field"),
    (
        "missing summary",
        {k: v for k, v in BASE.items() if k != "summary"},
        "summary",
        "missing required field",
    ),
    ("missing how_to", {k: v for k, v in BASE.items() if k != "how_to"}, "how_to", "missing required field"),
    ("missing source", {k: v for k, v in BASE.items() if k != "source"}, "source", "missing required field"),
    (
        "missing verified_on",
        {k: v for k, v in BASE.items() if k != "verified_on"},
        "verified_on",
        "missing required field",
    ),
    ("id not kebab", {**BASE, "id": "Niet_Goed"}, "id", "is not kebab-case"),
    ("id not text", {**BASE, "id": 5}, "id", "expected text, got int 5"),
    ("unknown kind", {**BASE, "kind": "vakantiegeld"}, "kind", "unknown kind 'vakantiegeld'"),
    ("empty title", {**BASE, "title": "  "}, "title", "expected text"),
    ("how_to not a list", {**BASE, "how_to": "Doe dit."}, "how_to", "expected a list"),
    ("how_to empty", {**BASE, "how_to": []}, "how_to", "expected at least one step"),
    ("empty step", {**BASE, "how_to": ["", "Doe dit."]}, "how_to[0]", "expected text"),
    ("source not a mapping", {**BASE, "source": "Bron"}, "source", "expected a mapping with name and url"),
    ("source unknown field", {**BASE, "source": {"name": "B", "link": "x"}}, "source.link", "unknown field"),
    ("source without name", {**BASE, "source": {"url": None}}, "source.name", "missing required field"),
    (
        "source bad url",
        {**BASE, "source": {"name": "B", "url": "www.x.nl"}},
        "source.url",
        "expected an http(s) address",
    ),
    ("contact not a mapping", {**BASE, "contact": "bel"}, "contact", "expected a mapping"),
    ("contact unknown field", {**BASE, "contact": {"fax": "x"}}, "contact.fax", "unknown field"),
    (
        "phone as a number",
        {**BASE, "contact": {"phone": 112}},
        "contact.phone",
        "write the number as quoted text",
    ),
    (
        "bad phone",
        {**BASE, "contact": {"phone": "bel ons"}},
        "contact.phone",
        "does not look like a valid phone",
    ),
    (
        "bad email",
        {**BASE, "contact": {"email": "geen"}},
        "contact.email",
        "does not look like a valid email",
    ),
    (
        "bad contact url",
        {**BASE, "contact": {"url": "x.nl"}},
        "contact.url",
        "does not look like a valid url",
    ),
    ("contact name not text", {**BASE, "contact": {"name": 3}}, "contact.name", "expected text"),
    ("bad date", {**BASE, "verified_on": "2026-13-45"}, "verified_on", "bad date '2026-13-45'"),
    ("date with a time", {**BASE, "verified_on": datetime(2026, 11, 1, 10, 0)}, "verified_on", "bad date"),
    ("needs not a list", {**BASE, "needs": "leave"}, "needs", "expected a list"),
    ("unknown need", {**BASE, "needs": ["geld"]}, "needs", "unknown value 'geld'"),
    ("conditions not a mapping", {**BASE, "conditions": ["x"]}, "conditions", "expected a mapping"),
    (
        "unknown condition key",
        {**BASE, "conditions": {"salary": ["high"]}},
        "conditions.salary",
        "unknown condition key 'salary'",
    ),
    (
        "unknown condition value",
        {**BASE, "conditions": {"employment": ["boss"]}},
        "conditions.employment",
        "unknown value 'boss'",
    ),
    (
        "empty condition list",
        {**BASE, "conditions": {"employment": []}},
        "conditions.employment",
        "expected at least one value",
    ),
    (
        "min not a number",
        {**BASE, "conditions": {"min_work_hours": "8"}},
        "conditions.min_work_hours",
        "expected a number",
    ),
    (
        "min out of range",
        {**BASE, "conditions": {"min_care_hours": 200}},
        "conditions.min_care_hours",
        "is outside 0..168",
    ),
    (
        "bool key not bool",
        {**BASE, "conditions": {"lives_together": "ja"}},
        "conditions.lives_together",
        "expected true or false",
    ),
    (
        "any_of empty",
        {**BASE, "conditions": {"any_of": []}},
        "conditions.any_of",
        "expected a non-empty list",
    ),
    (
        "alternative empty",
        {**BASE, "conditions": {"any_of": [{}]}},
        "conditions.any_of[0]",
        "non-empty mapping",
    ),
    (
        "nested any_of",
        {**BASE, "conditions": {"any_of": [{"any_of": [{"burden": ["heavy"]}]}]}},
        "conditions.any_of[0].any_of",
        "unknown condition key",
    ),
    ("amount not a mapping", {**BASE, "amount": 5}, "amount", "expected a mapping"),
    ("amount unknown field", {**BASE, "amount": {"pay": "x", "bedrag": 5}}, "amount.bedrag", "unknown field"),
    (
        "unknown formula",
        {**BASE, "amount": {"formula": "x", "factor": 2}},
        "amount.formula",
        "unknown formula 'x'",
    ),
    (
        "factor too large",
        {**BASE, "amount": {"formula": "weeks_of_work_hours", "factor": 60}},
        "amount.factor",
        "expected a number above 0",
    ),
    (
        "factor zero",
        {**BASE, "amount": {"formula": "weeks_of_work_hours", "factor": 0}},
        "amount.factor",
        "expected a number above 0",
    ),
    (
        "factor without formula",
        {**BASE, "amount": {"factor": 2, "pay": "x"}},
        "amount.factor",
        "a factor needs a formula",
    ),
    (
        "formula without factor",
        {**BASE, "amount": {"formula": "weeks_of_work_hours"}},
        "amount.factor",
        "expected a number",
    ),
    (
        "neither formula nor pay",
        {**BASE, "amount": {"label": "x"}},
        "amount",
        "expected a formula or a pay sentence",
    ),
    ("label not text", {**BASE, "amount": {"pay": "x", "label": 3}}, "amount.label", "expected text"),
    (
        "bad side",
        {**MUNICIPAL, "municipality_of": "ergens"},
        "municipality_of",
        "expected one of recipient, caregiver, both",
    ),
    (
        "side without municipality",
        {**BASE, "municipality_of": "caregiver"},
        "municipality_of",
        "only for items with a municipality",
    ),
    (
        "municipal kind without municipality",
        {**BASE, "kind": "wmo-loket"},
        "municipality",
        "needs a CBS code",
    ),
    (
        "bad CBS code",
        {**MUNICIPAL, "municipality": "0153"},
        "municipality",
        "expected a CBS code like GM0153",
    ),
    (
        "unknown municipality",
        {**MUNICIPAL, "municipality": "GM9999"},
        "municipality",
        "unknown municipality code 'GM9999'",
    ),
    ("bad tenant", {**BASE, "tenant": "Firma X"}, "tenant", "expected a tenant id"),
    ("priority not whole", {**BASE, "priority": 1.5}, "priority", "expected a whole number from -100 to 100"),
    ("priority too high", {**BASE, "priority": 101}, "priority", "expected a whole number from -100 to 100"),
    ("priority a bool", {**BASE, "priority": True}, "priority", "expected a whole number from -100 to 100"),
    ("strict not bool", {**BASE, "strict": "ja"}, "strict", "expected true or false"),
    ("bad variant_of", {**BASE, "variant_of": "Geen Id"}, "variant_of", "expected an item id"),
    ("variant of itself", {**BASE, "variant_of": "a"}, "variant_of", "cannot be a variant of itself"),
    (
        "placeholder outside generic",
        {**BASE, "title": "Hulp in {gemeente}"},
        "title",
        "unknown placeholder {gemeente}",
    ),
    (
        "hours placeholder without formula",
        {**BASE, "summary": "Je krijgt {uren} uur."},
        "summary",
        "unknown placeholder {uren}",
    ),
    ("applies_if not a list", {**BASE, "applies_if": "als"}, "applies_if", "expected a list"),
    ("applies_if empty clause", {**BASE, "applies_if": [""]}, "applies_if[0]", "expected text"),
    ("source_checked not bool", {**BASE, "source_checked": "ja"}, "source_checked", "expected true or false"),
    ("bad fact_seen", {**BASE, "fact_seen": "vorig jaar"}, "fact_seen", "expected a year or a date"),
    ("fact_seen after verified_on", {**BASE, "fact_seen": 2027}, "fact_seen", "lies after verified_on"),
]


@pytest.mark.parametrize(
    ("item", "field", "words"), [r[1:] for r in ITEM_RULES], ids=[r[0] for r in ITEM_RULES]
)
def test_item_rule(tmp_path: Path, item: dict[str, Any], field: str, words: str) -> None:
    found_field, message = _one(_check(tmp_path, [item]))
    assert (found_field, words in message) == (field, True), message


def test_new_fields_are_accepted(tmp_path: Path) -> None:
    item = {
        **MUNICIPAL,
        "municipality_of": "both",
        "applies_if": ["je naaste ziek is"],
        "source_checked": True,
        "fact_seen": 2025,
    }
    report = _check(tmp_path, [item])
    assert report.problems == []
    loaded = report.items[0]
    assert (loaded.municipality_of, loaded.applies_if, loaded.source_checked, loaded.fact_seen) == (
        "both",
        ("je naaste ziek is",),
        True,
        "2025",
    )


def test_yaml_yes_and_no_are_words_in_wlz_conditions(tmp_path: Path) -> None:
    report = _check(tmp_path, [{**BASE, "conditions": {"wlz_indication": [False, "unknown"]}}])
    assert report.problems == []
    assert report.items[0].conditions.to_dict() == {"wlz_indication": ["no", "unknown"]}


FILE_RULES: list[tuple[str, Any, dict[str, Any] | None, bool, str | None, str]] = [
    ("items not a list", {"a": 1}, None, False, "items", "expected a non-empty list of items"),
    ("no items", [], None, False, "items", "expected a non-empty list of items"),
    ("unknown top-level key", [BASE], {"version": 2}, False, "version", "unknown top-level key 'version'"),
    ("item not a mapping", ["los"], None, False, None, "expected a mapping, got str 'los'"),
    (
        "employer without tenant",
        [BASE],
        {"name": "Firma"},
        True,
        "tenant",
        "missing required top-level key 'tenant'",
    ),
    (
        "employer bad tenant",
        [BASE],
        {"tenant": "Firma X", "name": "Firma"},
        True,
        "tenant",
        "expected a tenant id",
    ),
    (
        "employer tenant not the file name",
        [BASE],
        {"tenant": "ander", "name": "Firma"},
        True,
        "tenant",
        "does not match the file name",
    ),
    (
        "employer without name",
        [BASE],
        {"tenant": "firma", "name": " "},
        True,
        "name",
        "expected the employer's name",
    ),
    (
        "item tenant differs",
        [{**BASE, "tenant": "ander"}],
        {"tenant": "firma", "name": "Firma"},
        True,
        "tenant",
        "differs from the file's tenant",
    ),
]


@pytest.mark.parametrize(
    ("items", "top", "employer", "field", "words"),
    [r[1:] for r in FILE_RULES],
    ids=[r[0] for r in FILE_RULES],
)
def test_file_rule(
    tmp_path: Path, items: Any, top: dict[str, Any] | None, employer: bool, field: str | None, words: str
) -> None:
    found_field, message = _one(_check(tmp_path, items, top, employer))
    assert (found_field, words in message) == (field, True), message


def test_employer_file_gives_its_tenant_and_name(tmp_path: Path) -> None:
    report = _check(tmp_path, [BASE], {"tenant": "firma", "name": "Firma"}, employer=True)
    assert report.problems == []
    assert (report.items[0].tenant, report.employers) == ("firma", {"firma": "Firma"})


def test_top_level_that_is_not_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "items.yml").write_text("- een lijst\n", encoding="utf-8")
    report = validate(tmp_path, today=TODAY, municipality_exists=known_code)
    assert "expected a mapping with items at the top" in report.errors[0].message


@pytest.mark.parametrize(
    ("variant", "words"),
    [
        ({**BASE, "id": "b", "variant_of": "c"}, "unknown item 'c'"),
        ({**BASE, "id": "b", "kind": "crisishulp", "variant_of": "a"}, "differs from the base item's"),
    ],
)
def test_variant_rules(tmp_path: Path, variant: dict[str, Any], words: str) -> None:
    field, message = _one(_check(tmp_path, [BASE, variant]))
    assert field == "variant_of" and words in message


def test_a_variant_of_a_variant_is_an_error(tmp_path: Path) -> None:
    items = [BASE, {**BASE, "id": "b", "variant_of": "a"}, {**BASE, "id": "c", "variant_of": "b"}]
    field, message = _one(_check(tmp_path, items))
    assert field == "variant_of" and "is itself a variant" in message


def test_duplicate_ids_across_items(tmp_path: Path) -> None:
    field, message = _one(_check(tmp_path, [BASE, BASE]))
    assert field == "id" and "duplicate id" in message


def test_the_validator_is_built_once() -> None:
    assert _validator("file") is _validator("file")
