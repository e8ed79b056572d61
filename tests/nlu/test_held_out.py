"""The held-out NLU test set keeps to the contract and stays apart from the training data.

The set itself is scored by ``rasa test nlu`` in ``make test-rasa``; these tests check the file
(PyYAML only, no Rasa) so a broken annotation or a message copied into training shows up early.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bot.profile import BURDENS, CONDITIONS, EMPLOYER_SIZES, EMPLOYMENTS, NEEDS, RELATIONSHIPS

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
HELD_OUT = HERE / "held_out.yml"
TRAINING = REPO / "data" / "nlu"

#: The intents people type (domain.yml's, without the button-only ones that have no examples).
BUTTON_ONLY = {"item_details", "correct_profile", "item_how_to", "item_contact", "choose"}
INTENTS = set(yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))["intents"]) - BUTTON_ONLY
FAQ_TOPICS = {
    "leave_paid", "who_counts", "notice_short", "notice_long", "employer_refuse", "calamity_leave",
    "long_leave_spread", "flexible_work", "work_from_home", "small_employer", "self_employed",
    "holiday", "cao", "respite_what", "respite_pay", "day_care", "short_stay", "makelaar",
    "waardering", "steunpunt", "household_help", "wmo", "wlz", "pgb", "mantelzorglijn",
    "alzheimer_line", "listening_line", "what_is_caregiver", "privacy", "bot_capabilities",
}  # fmt: skip
ENUM_VALUES: dict[str, set[str]] = {
    "relationship": set(RELATIONSHIPS),
    "condition": set(CONDITIONS),
    "employment": set(EMPLOYMENTS),
    "burden": set(BURDENS),
    "needs": set(NEEDS),
    "employer_size": set(EMPLOYER_SIZES) - {"unknown"},
}
ENTITIES = set(ENUM_VALUES) | {"place", "work_hours", "care_hours"}

#: ``[text](entity)`` or ``[text]{"entity": ..., "value": ...}``
_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<name>[^)]+)\)|(?P<json>\{[^}]*\}))")
#: Held-out messages this short may also occur in training ("ja", "weet ik niet").
MAX_SHARED_WORDS = 3


def _examples(path: Path) -> list[tuple[str, str]]:
    """(full intent, annotated example) for every example of a Rasa 3 NLU file."""
    with path.open(encoding="utf-8") as fh:
        doc: dict[str, Any] = yaml.safe_load(fh) or {}
    found = []
    for block in doc.get("nlu") or []:
        if not isinstance(block, dict) or "intent" not in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            if line.strip().startswith("- "):
                found.append((str(block["intent"]), line.strip()[2:].strip()))
    return found


def _annotations(example: str) -> list[tuple[str, str, str | None]]:
    """(text, entity, value) for every annotation of an example."""
    result: list[tuple[str, str, str | None]] = []
    for match in _ANNOTATION.finditer(example):
        if match.group("name"):
            result.append((match.group("text"), match.group("name"), None))
        else:
            data = yaml.safe_load(match.group("json"))
            result.append((match.group("text"), str(data.get("entity")), data.get("value")))
    return result


def _plain(example: str) -> str:
    text = _ANNOTATION.sub(lambda m: m.group("text"), example)
    return " ".join(text.lower().split())


HELD = _examples(HELD_OUT)


def test_held_out_set_has_at_least_three_hundred_messages() -> None:
    assert len(HELD) >= 300


def test_every_contract_intent_has_at_least_eight_messages() -> None:
    counts = Counter(intent.split("/")[0] for intent, _ in HELD)
    assert {intent: counts[intent] for intent in INTENTS if counts[intent] < 8} == {}


def test_only_contract_intents_are_used() -> None:
    assert {intent.split("/")[0] for intent, _ in HELD} <= INTENTS


def test_every_faq_topic_has_at_least_four_messages() -> None:
    counts = Counter(intent.split("/", 1)[1] for intent, _ in HELD if intent.startswith("faq/"))
    assert {topic: counts[topic] for topic in FAQ_TOPICS if counts[topic] < 4} == {}
    assert set(counts) <= FAQ_TOPICS


def test_no_message_occurs_twice() -> None:
    counts = Counter(_plain(example) for _, example in HELD)
    assert [text for text, n in counts.items() if n > 1] == []


def test_only_contract_entities_are_annotated() -> None:
    names = {name for _, example in HELD for _, name, _ in _annotations(example)}
    assert names <= ENTITIES


def test_enum_entities_carry_a_profile_value() -> None:
    wrong = [
        (text, name, value)
        for _, example in HELD
        for text, name, value in _annotations(example)
        if name in ENUM_VALUES and value not in ENUM_VALUES[name]
    ]
    assert wrong == []


def test_hour_entities_are_a_number_only() -> None:
    wrong = [
        text
        for _, example in HELD
        for text, name, _ in _annotations(example)
        if name in {"work_hours", "care_hours"} and not re.fullmatch(r"\d+|[a-zë]+", text)
    ]
    assert wrong == []


def test_relationship_span_is_the_noun_without_mijn() -> None:
    wrong = [
        text
        for _, example in HELD
        for text, name, _ in _annotations(example)
        if name == "relationship" and (" " in text.strip() or text.lower().startswith("mijn"))
    ]
    assert wrong == []


def test_bare_numbers_are_not_annotated() -> None:
    wrong = [example for _, example in HELD if re.fullmatch(r"\[[^\]]+\]\((work|care)_hours\)", example)]
    assert wrong == []


def test_longer_messages_do_not_occur_in_the_training_data() -> None:
    training = {
        _plain(example) for path in sorted(TRAINING.glob("**/*.yml")) for _, example in _examples(path)
    }
    shared = [
        text
        for _, example in HELD
        if len((text := _plain(example)).split()) > MAX_SHARED_WORDS and text in training
    ]
    assert shared == []
