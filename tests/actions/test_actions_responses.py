"""data/responses/actions.yml: every response the actions name is in the domain, each with the
values it needs, and each text that states the law names its source."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions import rendering
from actions import slots as s
from tests.actions.conftest import ROOT, domain_dict

#: Responses the actions build from a pattern (f"utter_reask_{slot}", ...), with every value.
PATTERNED = [
    *{rendering.REASK[slot] for slot in s.INTAKE_SLOTS},
    *(f"utter_fallback_{kind}" for kind in rendering.FALLBACK_KINDS),
    *(f"utter_handoff_reason_{reason}" for reason in rendering.HANDOFF_REASONS),
    *rendering.CONDITION_ACK.values(),
    rendering.CONDITION_ACK_DEFAULT,
]
LAW_RESPONSES = [
    "utter_overview_leave",
    "utter_leave_hours",
    "utter_leave_hours_not_employee",
    "utter_leave_rule",
    "utter_leave_rule_not_employee",
    "utter_leave_yes_employee",
    "utter_no_leave_self_employed",
]


def named_responses() -> set[str]:
    """Every "utter_..." string literal in actions/*.py."""
    names: set[str] = set()
    for path in (ROOT / "actions").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.update(n for n in re.findall(r"^utter_[a-z_]+$", node.value) if not n.endswith("_"))
    return names


@pytest.mark.parametrize("name", sorted(named_responses() | set(PATTERNED)))
def test_every_response_an_action_sends_is_in_the_domain(name: str) -> None:
    assert name in domain_dict()["responses"], f"{name} is not in domain.yml or data/responses"


def test_every_response_of_the_actions_file_is_sent_by_an_action() -> None:
    """scripts/validate_rasa.py lets these go unused in stories: an action must send each."""
    path = ROOT / "data/responses/actions.yml"
    defined = set(yaml.safe_load(path.read_text(encoding="utf-8"))["responses"])
    assert defined - named_responses() - set(PATTERNED) == set()


def test_the_action_texts_live_in_one_file_only() -> None:
    """A response defined twice would be two homes for one text (Rasa merges the files silently)."""
    defined: list[str] = []
    for path in [ROOT / "domain.yml", *sorted((ROOT / "data/responses").glob("*.yml"))]:
        text = Path(path).read_text(encoding="utf-8")
        defined += re.findall(r"^  (utter_[a-z_/]+):", text, flags=re.MULTILINE)
    assert len(defined) == len(set(defined))


@pytest.mark.parametrize("name", LAW_RESPONSES)
def test_a_text_that_states_the_law_names_its_source(name: str, helpers: Any) -> None:
    text = domain_dict()["responses"][name][0]["text"]
    assert text.rstrip().endswith("Bron: {source}.")


def test_no_response_has_an_empty_line() -> None:
    """The REST channel splits a text on blank lines: one response is one message."""
    for name, variants in domain_dict()["responses"].items():
        for variant in variants:
            assert "\n\n" not in (variant.get("text") or ""), name
