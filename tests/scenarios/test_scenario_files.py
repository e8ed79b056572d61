"""The scenario files for ``../shared/tools/scenarios.py`` are well-formed, name real catalogue
kinds and ids, and send each intake question to the persona's answer for it.

The scenarios themselves run against the live stack (see README.md in this folder); these tests
only check the files, so a typo shows up before anyone starts the stack.
"""

from __future__ import annotations

import importlib.util
import re
import string
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from bot.catalogue import KINDS, default_catalogue
from tests.shared_dir import SHARED

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DRIVER = SHARED / "tools" / "scenarios.py"
SCENARIO_FILES = sorted(HERE.glob("*.yml"))
INTAKE_FILE = HERE / "intake.yml"

#: Intake slot (profile field) -> the persona key whose value answers its question.
SLOT_TO_PERSONA_KEY: dict[str, str] = {
    "relationship": "relatie",
    "condition": "aandoening",
    "care_hours_per_week": "zorguren",
    "recipient_municipality": "plaats",
    "caregiver_municipality": "eigen_plaats",
    "lives_together": "samen",
    "employment": "werk",
    "work_hours_per_week": "werkuren",
    "employer_size": "bedrijf",
    "wlz_indication": "wlz",
    "needs": "hulp",
    "burden": "last",
}

#: Plausible wordings of the intake questions (the domain's own wording is checked separately).
SAMPLE_QUESTIONS: list[tuple[str, str]] = [
    ("Voor wie zorg je?", "relatie"),
    ("Voor wie zorg je? Bijvoorbeeld je moeder, je partner of je buurman.", "relatie"),
    ("Wat is er met je moeder aan de hand?", "aandoening"),
    ("Wat heeft je naaste? Bijvoorbeeld dementie of een chronische ziekte.", "aandoening"),
    ("Hoeveel uur per week zorg je ongeveer?", "zorguren"),
    ("Hoeveel tijd ben je per week kwijt aan de zorg?", "zorguren"),
    ("Hoeveel uur per week zorg je naast je werk?", "zorguren"),
    ("Hoeveel uur per week werk je?", "werkuren"),
    ("Hoeveel uren werk je gemiddeld in de week?", "werkuren"),
    ("Hoeveel uur werk je naast de zorg?", "werkuren"),
    ("In welke gemeente woont je moeder?", "plaats"),
    ("Waar woont de persoon voor wie je zorgt?", "plaats"),
    ("En waar woon je zelf?", "eigen_plaats"),
    ("In welke gemeente woon jij?", "eigen_plaats"),
    ("Waar woont u?", "eigen_plaats"),
    ("Woont je moeder bij je in huis?", "samen"),
    ("Wonen jullie samen?", "samen"),
    ("Werk je in loondienst, als zzp'er of heb je een eigen bedrijf?", "werk"),
    ("Goor hoort bij de gemeente Hof van Twente. Wat voor werk doe je?", "werk"),
    ("Hoeveel mensen werken er bij je werkgever?", "bedrijf"),
    ("Heeft je werkgever minder dan 10 mensen in dienst?", "bedrijf"),
    ("Heeft je moeder een Wlz-indicatie?", "wlz"),
    ("Waar wil je vooral hulp bij?", "hulp"),
    ("Hoe zwaar is de zorg voor je?", "last"),
    ("Hoe gaat het met je? Hoe zwaar voelt de zorg op dit moment?", "last"),
]


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def _scenarios() -> Iterator[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
    """(file name, scenario, defaults) for every scenario of every file."""
    for path in SCENARIO_FILES:
        doc = _load(path)
        defaults = (doc.get("defaults") or {}).get("answers") or []
        for scenario in doc.get("scenarios") or []:
            yield path.name, scenario, defaults


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _rule_templates(rule: dict[str, Any]) -> list[str]:
    return _as_list(rule.get("say")) + _as_list(rule.get("choose"))


def _driver() -> ModuleType:
    if not DRIVER.exists():
        pytest.skip(f"the scenario driver is not beside this repository ({DRIVER})")
    spec = importlib.util.spec_from_file_location("scenario_driver", DRIVER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("scenario_driver", module)
    spec.loader.exec_module(module)
    return module


def _sentinel_persona() -> dict[str, str]:
    """Every answer names its own key; no button pattern matches, so the typed answer is used."""
    keys = set(SLOT_TO_PERSONA_KEY.values()) | {"mens"}
    persona = {key: f"<{key}>" for key in keys}
    persona |= {f"{key}_knop": "(?!)" for key in keys}
    persona |= {"relatie_knop": "(?!)", "plaats_knop": "(?!)"}
    return persona


def _route(question: str, buttons: list[dict[str, str]] | None = None) -> str:
    """The answer the intake defaults give to one assistant message."""
    driver = _driver()
    rules = (_load(INTAKE_FILE).get("defaults") or {}).get("answers") or []
    message: dict[str, Any] = {"type": "text", "text": question}
    if buttons:
        message["buttons"] = buttons
    persona = driver._Persona(_sentinel_persona().items())
    reply = driver.choose_reply([message], rules, persona)
    return "" if reply is None else str(reply.get("text") or "")


def _domain_ask_responses() -> list[tuple[str, str, list[dict[str, str]]]]:
    """(slot, text, buttons) for every variation of the domain's utter_ask_<slot> responses."""
    files = [REPO / "domain.yml"]
    files += sorted((REPO / "domain").glob("**/*.yml")) + sorted(
        (REPO / "data" / "responses").glob("**/*.yml")
    )
    pattern = re.compile(r"^utter_ask_(?:\w+_form_)?(" + "|".join(SLOT_TO_PERSONA_KEY) + r")$")
    found = []
    for path in files:
        if not path.exists():
            continue
        responses = (_load(path).get("responses") or {}) if path.stat().st_size else {}
        for name, variations in responses.items():
            match = pattern.match(str(name))
            if match is None:
                continue
            for variation in variations or []:
                if isinstance(variation, dict) and variation.get("text"):
                    found.append((match.group(1), str(variation["text"]), variation.get("buttons") or []))
    return found


def test_every_scenario_file_holds_scenarios_with_unique_ids() -> None:
    ids = [str(scenario.get("id") or "") for _, scenario, _ in _scenarios()]
    assert SCENARIO_FILES, "no scenario files"
    assert all(ids), "a scenario without an id"
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}"


def test_there_are_at_least_fourteen_scenarios() -> None:
    assert len(list(_scenarios())) >= 14


def test_every_scenario_has_turns_and_an_expectation() -> None:
    incomplete = [s["id"] for _, s, _ in _scenarios() if not s.get("turns") or not s.get("expect")]
    assert incomplete == []


def test_every_persona_defines_every_placeholder_its_rules_use() -> None:
    missing = []
    for name, scenario, defaults in _scenarios():
        persona = scenario.get("persona") or {}
        for rule in list(scenario.get("answers") or []) + list(defaults):
            for template in _rule_templates(rule):
                missing += [
                    f"{name}:{scenario['id']}:{key}" for key in _placeholders(template) - set(persona)
                ]
    assert sorted(set(missing)) == []


def test_every_regex_compiles() -> None:
    broken = []
    for name, scenario, defaults in _scenarios():
        persona = {k: str(v) for k, v in (scenario.get("persona") or {}).items()}
        expect = scenario.get("expect") or {}
        patterns = _as_list(expect.get("text_matches")) + _as_list(expect.get("text_absent"))
        for rule in list(scenario.get("answers") or []) + list(defaults):
            patterns += _as_list(rule.get("when"))
            patterns += [
                p.format_map(persona)
                for p in _as_list(rule.get("choose"))
                if _placeholders(p) <= set(persona)
            ]
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                broken.append(f"{name}:{scenario['id']}: /{pattern}/ {exc}")
    assert broken == []


def test_expected_kinds_are_catalogue_kinds() -> None:
    unknown = []
    for name, scenario, _ in _scenarios():
        expect = scenario.get("expect") or {}
        kinds = _as_list(expect.get("kinds_include")) + _as_list(expect.get("kinds_exclude"))
        unknown += [f"{name}:{scenario['id']}:{kind}" for kind in kinds if kind not in KINDS]
    assert unknown == []


def test_expected_ids_exist_in_the_catalogue() -> None:
    catalogue = default_catalogue()
    unknown = []
    for name, scenario, _ in _scenarios():
        expect = scenario.get("expect") or {}
        ids = _as_list(expect.get("ids_include")) + _as_list(expect.get("ids_exclude"))
        unknown += [f"{name}:{scenario['id']}:{i}" for i in ids if catalogue.get(i) is None]
    assert unknown == []


@pytest.mark.parametrize(("question", "key"), SAMPLE_QUESTIONS)
def test_intake_question_gets_the_persona_answer_for_it(question: str, key: str) -> None:
    assert f"<{key}>" in _route(question)


def test_statement_without_a_question_gets_no_intake_answer() -> None:
    assert _route("Goor hoort bij de gemeente Hof van Twente. Dank je wel.") == ""


def test_offered_button_is_pressed_when_the_persona_pattern_matches() -> None:
    driver = _driver()
    rules = (_load(INTAKE_FILE).get("defaults") or {}).get("answers") or []
    persona = driver._Persona(_sentinel_persona().items())
    persona["bedrijf_knop"] = "small|minder dan"
    buttons = [
        {"title": "10 of meer", "payload": '/inform{"employer_size":"large"}'},
        {"title": "Minder dan 10", "payload": '/inform{"employer_size":"small"}'},
    ]
    message = {"type": "text", "text": "Hoeveel mensen werken er bij je werkgever?", "buttons": buttons}
    reply = driver.choose_reply([message], rules, persona)
    assert reply == {"payload": '/inform{"employer_size":"small"}', "text": "Minder dan 10"}


def test_domain_intake_questions_get_the_persona_answer_for_them() -> None:
    asks = _domain_ask_responses()
    if not asks:
        pytest.skip("the domain has no utter_ask_<slot> responses yet")
    wrong = []
    for slot, text, buttons in asks:
        answer = _route(text, buttons)
        if f"<{SLOT_TO_PERSONA_KEY[slot]}>" not in answer:
            wrong.append(f"{slot}: {text!r} -> {answer!r}")
    assert wrong == []
