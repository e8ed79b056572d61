"""Typed answers to each intake question (answer_table.yml, written apart from the NLU data), run
through the trained model's NLU and the real slot validation, as in a conversation
(scripts/answer_table.py does the running and scoring).

Each answer must give the expected value, or nothing ("not understood": the bot asks again and
then moves on) — never a wrong value, and never a value for another question except what the row
lists under ``also`` (a longer answer that clearly states more: "voor mijn vrouw, ze heeft MS").
The share that gives exactly the expected values is the question's accuracy, written to
results/answer_table.txt. The word rules were improved with this table in view;
``scripts/answer_table.py`` also scores answer_table_unseen.yml for a figure on unseen answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.answer_table import MODEL, ROOT, TABLES, Outcome, Row, Scorer, load_rows, report

REPORT = ROOT / "results" / "answer_table.txt"
#: The least share of answers per question that must give exactly the expected values.
MIN_ACCURACY = 0.9

ROWS = load_rows(TABLES[0])
OUTCOMES: list[Outcome] = []


@pytest.fixture(scope="module")
def scorer() -> Iterator[Scorer]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train`")
    scorer = Scorer()
    yield scorer
    scorer.close()


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.slot}:{r.text[:40]}" for r in ROWS])
def test_answer_gives_its_value_or_nothing_and_never_fills_another_question(scorer: Scorer, row: Row) -> None:
    outcome = scorer.outcome(row)
    OUTCOMES.append(outcome)
    assert outcome.wrong_other == {}, f"the answer to {row.slot} filled another question"
    assert not outcome.wrong_value, f"{row.text!r} gave {outcome.got!r}, expected {row.expected!r}"


def test_each_question_understands_most_answers() -> None:
    if len(OUTCOMES) < len(ROWS):
        pytest.skip("runs after the answer cases")
    lines = report(OUTCOMES)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    slots = dict.fromkeys(o.row.slot for o in OUTCOMES)
    accuracy = {
        slot: sum(o.right for o in OUTCOMES if o.row.slot == slot) / sum(o.row.slot == slot for o in OUTCOMES)
        for slot in slots
    }
    low = {slot: round(share, 2) for slot, share in accuracy.items() if share < MIN_ACCURACY}
    assert low == {}, f"questions below {MIN_ACCURACY:.0%}: {low}"


def test_the_unseen_table_is_kept_apart_and_complete() -> None:
    """The unseen table is scored by scripts/answer_table.py only: nothing asserts on its answers, so
    nobody tunes the word rules to it. It must still cover every question."""
    unseen = load_rows(TABLES[1])
    assert {row.slot for row in unseen} == {row.slot for row in ROWS}
    assert Path(TABLES[1]).read_text(encoding="utf-8").startswith("# Typed answers")
