"""Dutch wording helpers: numbers, lists, amounts, condition clauses."""

from __future__ import annotations

import pytest

from bot.conditions import Check, parse_conditions
from bot.profile import Profile
from bot.reasons import (
    format_number,
    join,
    leave_amount_sentence,
    matched_clause,
    open_clause,
)


@pytest.mark.parametrize(
    ("value", "text"), [(32, "32"), (32.0, "32"), (12.5, "12,5"), (7.25, "7,25"), (0, "0"), (192.0, "192")]
)
def test_numbers_are_written_dutch_style(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("parts", "text"), [([], ""), (["a"], "a"), (["a", "b"], "a en b"), (["a", "b", "c"], "a, b en c")]
)
def test_lists_are_joined_with_en(parts: list[str], text: str) -> None:
    assert join(parts) == text


def test_leave_amount_with_known_hours_names_hours_and_week() -> None:
    sentence = leave_amount_sentence("kortdurend zorgverlof", 2, 32, 64)
    assert sentence == "Maximaal 64 uur kortdurend zorgverlof per 12 maanden (2 × je werkweek van 32 uur)."


def test_leave_amount_with_half_hours_uses_a_decimal_comma() -> None:
    assert leave_amount_sentence("kortdurend zorgverlof", 2, 12.5, 25).endswith("werkweek van 12,5 uur).")


def test_leave_amount_with_unknown_hours_states_the_rule_in_words() -> None:
    sentence = leave_amount_sentence("langdurend zorgverlof", 6, None, None)
    assert "6 × het aantal uur dat je per week werkt" in sentence
    assert "192 uur" in sentence  # the example: 32 hours a week


def _check(raw: dict[str, object]) -> Check:
    conditions, problems = parse_conditions(raw)
    assert problems == []
    return conditions.checks[0]


def test_open_relationship_clause_lists_the_people() -> None:
    clause = open_clause(_check({"relationship": ["partner", "friend_neighbour"]}))
    assert clause == "je voor je partner of een vriend of buur zorgt"


def test_open_employment_clause() -> None:
    assert open_clause(_check({"employment": ["employee"]})) == "je in loondienst werkt"


def test_matched_clause_uses_the_profile_value() -> None:
    check = _check({"relationship": ["partner", "parent"]})
    assert matched_clause(check, Profile(relationship="parent")) == "je voor je vader of moeder zorgt"


def test_matched_hours_clause_shows_the_persons_hours() -> None:
    check = _check({"min_care_hours": 20})
    assert matched_clause(check, Profile(care_hours_per_week=24.5)) == "je 24,5 uur per week zorgt"
