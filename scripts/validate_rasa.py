"""Run `rasa data validate` and fail on every warning except Rasa 3.6's known false positives.

`rasa data validate --fail-on-warnings` cannot be used as is: Rasa 3.6 reports, by design of its
validator, four things that are right in this project:

- the questions of a form (`utter_ask_<slot>` for a slot the form requires) as "not used in any
  story or rule": forms ask them, stories never name them;
- the button-only intents (docs/internal-contracts.md) as "not found in the NLU training data":
  they arrive only as payloads such as `/item_details{"item_id": "..."}`;
- the retrieval intent `faq` as "duplicated across domain files": Rasa adds it from the NLU data,
  and the stories need it listed in domain.yml.
- the retrieval response `utter_faq` as "not used in any story or rule": `action_answer_question`
  (actions/questions.py) says its `utter_faq/<topic>` answers in context instead;
- the responses of `data/responses/actions.yml` as "not used in any story or rule": the custom
  actions send them (tests/actions/test_actions_responses.py checks that each one is sent).

Anything else (an unknown action in a rule, an intent without examples that is not button-only,
an unused response that is not a form question, a story conflict) fails.

Run with the Rasa environment's Python from the repository root:
    .venv-rasa/bin/python scripts/validate_rasa.py
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

BUTTON_ONLY_INTENTS = frozenset({"item_details", "item_how_to", "item_contact", "choose", "correct_profile"})
WARNING = re.compile(r"UserWarning: (?P<message>.*?)(?:\n\s+More info at \S+)?\n", re.S)
UNUSED_UTTERANCE = re.compile(r"The utterance '(?P<name>utter_\w+)' is not used in any story or rule\.")
ACTION_RESPONSES = Path("data/responses/actions.yml")
INTENT_WITHOUT_EXAMPLES = re.compile(
    r"The intent '(?P<name>\w+)' is listed in the domain file, but is not found in the NLU training data\."
)
DUPLICATE_FAQ = "The following duplicated intents have been found across multiple domain files: faq"
FAQ_RESPONSES_UNUSED = "The utterance 'utter_faq' is not used in any story or rule."


def form_questions(domain_path: Path) -> set[str]:
    """`utter_ask_<slot>` for every slot any form in the domain requires."""
    domain = yaml.safe_load(domain_path.read_text(encoding="utf-8"))
    return {
        f"utter_ask_{slot}"
        for form in (domain.get("forms") or {}).values()
        for slot in form.get("required_slots") or []
    }


def action_responses(path: Path) -> set[str]:
    """The responses the custom actions send (data/responses/actions.yml)."""
    return set((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})


def unexpected(warnings: list[str], questions: set[str]) -> list[str]:
    """The warnings that are not one of the known false positives."""
    left = []
    for message in warnings:
        first_line = message.strip().splitlines()[0].strip() if message.strip() else ""
        utterance = UNUSED_UTTERANCE.fullmatch(first_line)
        intent = INTENT_WITHOUT_EXAMPLES.fullmatch(first_line)
        if utterance and utterance["name"] in questions:
            continue
        if intent and intent["name"] in BUTTON_ONLY_INTENTS:
            continue
        if first_line in (DUPLICATE_FAQ, FAQ_RESPONSES_UNUSED):
            continue
        left.append(message.strip())
    return left


def main() -> int:
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    # Library noise comes as DeprecationWarning/FutureWarning; Rasa reports data problems as UserWarning.
    warnings = [m["message"] for m in WARNING.finditer(output + "\n")]
    problems = unexpected(warnings, form_questions(Path("domain.yml")) | action_responses(ACTION_RESPONSES))
    for problem in problems:
        print(f"rasa data validate: {problem}", file=sys.stderr)
    if result.returncode != 0:
        print(output[-4000:], file=sys.stderr)
        print(f"rasa data validate failed (exit {result.returncode})", file=sys.stderr)
        return result.returncode
    if problems:
        print(f"{len(problems)} unexpected warning(s)", file=sys.stderr)
        return 1
    print(f"rasa data validate: ok ({len(warnings)} known false positives allowed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
