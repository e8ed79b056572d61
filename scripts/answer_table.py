"""Typed answers to the intake questions, run through the trained model's NLU and the real slot
validation as in a conversation, and scored: per question, the share that gives exactly the expected
values, and the answers that give a wrong value (for the question or for another one).

    .venv-rasa/bin/python scripts/answer_table.py [TABLE.yml ...]

Without arguments it scores tests/actions/answer_table.yml (written apart from the NLU data; the word
rules were improved with it in view) and tests/actions/answer_table_unseen.yml (written later, by
someone who saw neither, and not used to change anything: the figure for answers nobody has seen).
tests/actions/test_actions_answer_table.py asserts on the first table with the same functions.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from actions import slots as s  # noqa: E402
from actions.slot_mappings import ValidateSlotMappings  # noqa: E402

MODEL = ROOT / "models" / "mantelwijzer.tar.gz"
TABLES = (ROOT / "tests/actions/answer_table.yml", ROOT / "tests/actions/answer_table_unseen.yml")


@dataclass(frozen=True)
class Row:
    slot: str
    text: str
    expected: Any
    also: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    row: Row
    got: Any
    others: dict[str, Any]

    @property
    def right(self) -> bool:
        """The expected value (or nothing, for a non-answer) and exactly the expected other facts."""
        value_right = (
            same(self.got, self.row.expected) if self.row.expected is not None else is_unknown(self.got)
        )
        return value_right and self.others == self.row.also

    @property
    def wrong_other(self) -> dict[str, Any]:
        """Values for other questions that the row does not list under ``also``."""
        return {name: value for name, value in self.others.items() if self.row.also.get(name) != value}

    @property
    def wrong_value(self) -> bool:
        """A value for the asked question that is not the expected one ("not understood" is no error)."""
        return not is_unknown(self.got) and not same(self.got, self.row.expected)


def load_rows(path: Path) -> list[Row]:
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Row(slot, answer["say"], answer["expect"], answer.get("also") or {})
        for slot, block in table.items()
        for answer in block["answers"]
    ]


def is_unknown(value: Any) -> bool:
    return value in (None, s.UNKNOWN) or value == [s.UNKNOWN]


def same(value: Any, expected: Any) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return (
            isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value - expected) <= 0.15
        )
    if isinstance(expected, list):
        return isinstance(value, list) and sorted(value) == sorted(expected)
    return bool(value == expected)


class Scorer:
    """The trained model's NLU and the action server's slot validation, in one process."""

    def __init__(self, model: Path = MODEL) -> None:
        from rasa.core.agent import Agent

        self.loop = asyncio.new_event_loop()
        self.agent = Agent.load(str(model))

    def close(self) -> None:
        self.loop.close()

    def outcome(self, row: Row) -> Outcome:
        from rasa_sdk import Tracker
        from rasa_sdk.executor import CollectingDispatcher

        parsed = self.loop.run_until_complete(self.agent.parse_message(row.text))
        latest = {
            "text": row.text,
            "intent": parsed["intent"],
            "entities": parsed["entities"],
            "metadata": {},
        }
        events = [
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": row.text, "parse_data": latest},
        ]
        slots = {s.REQUESTED_SLOT: row.slot}
        loop = {"name": s.INTAKE_FORM}
        tracker = Tracker("answer-table", slots, latest, events, False, None, loop, "action_listen")
        result = self.loop.run_until_complete(ValidateSlotMappings().run(CollectingDispatcher(), tracker, {}))
        filled = {
            e["name"]: e["value"]
            for e in result
            if e.get("event") == "slot" and e["name"] in s.INTAKE_SLOTS and e["value"] is not None
        }
        got = filled.pop(row.slot, None)
        if row.slot in s.PLACE_SLOTS:  # "we wonen allebei in Almelo" fills both places with one code
            filled = {
                name: value for name, value in filled.items() if name not in s.PLACE_SLOTS or value != got
            }
        return Outcome(row, got, filled)


def report(outcomes: list[Outcome]) -> list[str]:
    lines = []
    slots = list(dict.fromkeys(o.row.slot for o in outcomes))
    for slot in [*slots, None]:
        chosen = [o for o in outcomes if slot is None or o.row.slot == slot]
        right = sum(o.right for o in chosen)
        wrong = sum(o.wrong_value or bool(o.wrong_other) for o in chosen)
        name = slot or "all questions"
        lines.append(f"{name:26} {right:3}/{len(chosen):3} = {right / len(chosen):4.0%} right, {wrong} wrong")
    return lines


def main(paths: list[str]) -> int:
    scorer = Scorer()
    try:
        for path in [Path(p) for p in paths] or list(TABLES):
            outcomes = [scorer.outcome(row) for row in load_rows(path)]
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:")
            print("\n".join("  " + line for line in report(outcomes)))
            for o in outcomes:
                if not o.right:
                    kind = "wrong" if o.wrong_value or o.wrong_other else "miss "
                    print(f"    {kind} {o.row.slot}: {o.row.text!r} -> {o.got!r} {o.others or ''}")
    finally:
        scorer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
