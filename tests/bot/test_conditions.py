"""Conditions: parsed from the catalogue, matched, failed or open against a profile."""

from __future__ import annotations

from typing import Any

import pytest

from bot.conditions import FAIL, MATCH, OPEN, Conditions, parse_conditions
from bot.profile import Profile


def _parse(raw: dict[str, Any]) -> Conditions:
    conditions, problems = parse_conditions(raw)
    assert problems == []
    return conditions


def test_no_conditions_always_match() -> None:
    assert _parse({}).evaluate(Profile()).state == MATCH


@pytest.mark.parametrize(
    ("employment", "state"), [("employee", MATCH), ("self_employed", FAIL), (None, OPEN)]
)
def test_enum_condition_matches_fails_or_stays_open(employment: str | None, state: int) -> None:
    assert _parse({"employment": ["employee"]}).evaluate(Profile(employment=employment)).state == state


def test_open_condition_is_reported_as_open() -> None:
    outcome = _parse({"employment": ["employee"], "relationship": ["parent"]}).evaluate(
        Profile(relationship="parent")
    )
    assert [c.key for c in outcome.open] == ["employment"]
    assert [c.key for c in outcome.matched] == ["relationship"]


def test_answer_unknown_counts_as_open() -> None:
    outcome = _parse({"employer_size": ["large"]}).evaluate(Profile(employer_size="unknown"))
    assert outcome.state == OPEN


@pytest.mark.parametrize("wlz", [None, "unknown", "no"])
def test_unknown_in_the_list_accepts_unanswered_and_unknown(wlz: str | None) -> None:
    assert _parse({"wlz_indication": ["no", "unknown"]}).evaluate(Profile(wlz_indication=wlz)).state == MATCH


@pytest.mark.parametrize("wlz", [None, "unknown"])
def test_wlz_route_needs_a_known_yes(wlz: str | None) -> None:
    assert _parse({"wlz_indication": ["yes"]}).evaluate(Profile(wlz_indication=wlz)).state == FAIL


def test_disease_condition_needs_a_known_diagnosis() -> None:
    assert _parse({"condition": ["dementia"]}).evaluate(Profile()).state == FAIL


def test_disease_condition_inside_any_of_stays_open() -> None:
    conditions = _parse({"any_of": [{"condition": ["dementia"]}, {"burden": ["heavy"]}]})
    outcome = conditions.evaluate(Profile())
    assert outcome.state == OPEN
    assert len(outcome.open_alternatives) == 2


def test_yaml_booleans_mean_yes_and_no_for_wlz() -> None:
    conditions = _parse({"wlz_indication": [True]})
    assert conditions.evaluate(Profile(wlz_indication="yes")).state == MATCH
    assert conditions.to_dict() == {"wlz_indication": ["yes"]}


@pytest.mark.parametrize(("needs", "state"), [((), OPEN), (("money",), MATCH), (("leave",), FAIL)])
def test_needs_any_needs_one_shared_need(needs: tuple[str, ...], state: int) -> None:
    assert _parse({"needs_any": ["money", "practical"]}).evaluate(Profile(needs=needs)).state == state


@pytest.mark.parametrize(("hours", "state"), [(None, OPEN), (20.0, MATCH), (19.5, FAIL)])
def test_minimum_hours(hours: float | None, state: int) -> None:
    assert _parse({"min_care_hours": 20}).evaluate(Profile(care_hours_per_week=hours)).state == state


@pytest.mark.parametrize(("together", "state"), [(None, OPEN), (True, MATCH), (False, FAIL)])
def test_lives_together(together: bool | None, state: int) -> None:
    assert _parse({"lives_together": True}).evaluate(Profile(lives_together=together)).state == state


ZORGVERLOF_CIRCLE = {
    "any_of": [{"relationship": ["partner", "parent", "friend_neighbour"]}, {"lives_together": True}]
}


@pytest.mark.parametrize(
    ("profile", "state"),
    [
        (Profile(relationship="parent"), MATCH),
        (Profile(relationship="other", lives_together=True), MATCH),
        (Profile(relationship="other", lives_together=False), FAIL),
        (Profile(relationship="other"), OPEN),
        (Profile(), OPEN),
    ],
)
def test_any_of_needs_one_alternative(profile: Profile, state: int) -> None:
    assert _parse(ZORGVERLOF_CIRCLE).evaluate(profile).state == state


def test_any_of_lists_only_the_alternatives_still_possible() -> None:
    outcome = _parse(ZORGVERLOF_CIRCLE).evaluate(Profile(relationship="other"))
    assert [[c.key for c in alt] for alt in outcome.open_alternatives] == [["lives_together"]]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"salary": ["high"]}, "conditions.salary"),
        ({"employment": ["boss"]}, "conditions.employment"),
        ({"employment": []}, "conditions.employment"),
        ({"lives_together": "yes"}, "conditions.lives_together"),
        ({"min_work_hours": "32"}, "conditions.min_work_hours"),
        ({"min_care_hours": 200}, "conditions.min_care_hours"),
        ({"any_of": []}, "conditions.any_of"),
        ({"any_of": [{"any_of": [{"burden": ["heavy"]}]}]}, "conditions.any_of[0].any_of"),
    ],
)
def test_malformed_condition_is_reported_with_its_field(raw: dict[str, Any], field: str) -> None:
    _, problems = parse_conditions(raw)
    assert [f for f, _ in problems] == [field]


def test_conditions_that_are_not_a_mapping_are_reported() -> None:
    _, problems = parse_conditions(["employee"])
    assert problems[0][0] == "conditions"


def test_to_dict_writes_values_in_profile_order() -> None:
    conditions = _parse({"relationship": ["friend_neighbour", "partner"], "min_work_hours": 12})
    assert conditions.to_dict() == {"relationship": ["partner", "friend_neighbour"], "min_work_hours": 12.0}
