"""The training data keeps to docs/internal-contracts.md and to the facts it must not contradict."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.profile import CONDITIONS, EMPLOYMENTS, RELATIONSHIPS

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = (ROOT / "docs" / "internal-contracts.md").read_text(encoding="utf-8")
PROFILE_ENUMS = {
    "relationship": set(RELATIONSHIPS),
    "condition": set(CONDITIONS),
    "employment": set(EMPLOYMENTS),
}
ANNOTATION_RE = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<plain>[a-z_]+)\)|\{(?P<json>[^}]+)\})")


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def _nlu_blocks() -> tuple[dict[str, Any], ...]:
    return tuple(
        block for path in sorted((ROOT / "data" / "nlu").glob("*.yml")) for block in load(path).get("nlu", [])
    )


def nlu_blocks() -> list[dict[str, Any]]:
    return [
        block for path in sorted((ROOT / "data" / "nlu").glob("*.yml")) for block in load(path).get("nlu", [])
    ]


def examples(block: dict[str, Any]) -> list[str]:
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


def _names(text: str) -> list[str]:
    """Comma-separated names in contract prose, parentheses removed."""
    text = re.sub(r"\([^)]*\)", "", text)
    return [name.strip(" .\n") for name in text.split(",") if name.strip(" .\n")]


def faq_topics() -> list[str]:
    lines = CONTRACT.split("FAQ topics", 1)[1].splitlines()[1:]
    topics: list[str] = []
    for line in lines:
        if not line.strip() or line.startswith('"'):
            break
        topics += _names(line)
    return topics


def contract_intents() -> set[str]:
    section = CONTRACT.split("Intents:", 1)[1]
    nlu, buttons = section.split("Button-only intents", 1)
    return set(_names(nlu)) | set(_names(buttons.split(":", 1)[1].split("(payloads", 1)[0]))


FAQ_TOPICS = faq_topics()


def test_contract_lists_thirty_faq_topics() -> None:
    assert len(FAQ_TOPICS) == 30


@pytest.mark.parametrize("topic", FAQ_TOPICS)
def test_every_faq_topic_has_at_least_eight_examples(topic: str) -> None:
    blocks = [b for b in nlu_blocks() if b.get("intent") == f"faq/{topic}"]
    assert blocks and len(examples(blocks[0])) >= 8


@pytest.mark.parametrize("topic", FAQ_TOPICS)
def test_every_faq_topic_has_an_answer(topic: str) -> None:
    responses = load(ROOT / "data" / "responses" / "faq.yml")["responses"]
    assert responses[f"utter_faq/{topic}"][0]["text"].strip()


def test_no_faq_topic_outside_the_contract() -> None:
    topics = {
        b["intent"].split("/", 1)[1] for b in nlu_blocks() if str(b.get("intent", "")).startswith("faq/")
    }
    assert topics == set(FAQ_TOPICS)


def test_domain_intents_are_the_contracts() -> None:
    domain = load(ROOT / "domain.yml")
    assert set(domain["intents"]) == contract_intents() - {"nlu_fallback"}


@pytest.mark.parametrize("entity", sorted(PROFILE_ENUMS))
def test_annotated_values_are_profile_enums(entity: str) -> None:
    values: set[str] = set()
    for block in nlu_blocks():
        for example in examples(block) if "examples" in block and "intent" in block else []:
            for match in ANNOTATION_RE.finditer(example):
                if match.group("json") and f'"entity": "{entity}"' in match.group("json"):
                    values.add(re.search(r'"value": "([^"]+)"', match.group("json")).group(1))  # type: ignore[union-attr]
    assert values and values <= PROFILE_ENUMS[entity]


def test_synonyms_map_to_profile_enums() -> None:
    all_values = set().union(*PROFILE_ENUMS.values())
    synonyms = {b["synonym"] for b in nlu_blocks() if "synonym" in b}
    assert synonyms <= all_values


def test_place_lookup_matches_bot_places_data() -> None:
    data = ROOT / "bot" / "places_data"
    expected: set[str] = set()
    for row in csv.DictReader((data / "gemeenten.csv").open(encoding="utf-8")):
        expected |= {row["name"], re.sub(r"\s*\([A-Za-z]+\.\)$", "", row["name"])}
    expected |= {
        row["display_name"] for row in csv.DictReader((data / "display_names.csv").open(encoding="utf-8"))
    }
    expected |= {
        row["variant"] for row in csv.DictReader((data / "name_variants.csv").open(encoding="utf-8"))
    }
    expected |= {row["town"] for row in csv.DictReader((data / "twente_towns.csv").open(encoding="utf-8"))}
    lookup = next(b for b in nlu_blocks() if b.get("lookup") == "place")
    assert set(examples(lookup)) == {name.strip() for name in expected if name.strip()}
