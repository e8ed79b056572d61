"""actions/employer_talk.py: the written preparation for the talk with the manager."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from actions import rendering
from actions.employer_talk import ActionPrepareEmployerTalk, preparation

TODAY = date(2026, 11, 23)


def test_preparation_tells_the_situation_in_the_first_person() -> None:
    messages = preparation(
        {
            "relationship": "parent",
            "condition": "dementia",
            "care_hours_per_week": 10.0,
            "work_hours_per_week": 32.0,
        },
        [],
        TODAY,
    )
    situation = next(m for m in messages if m.startswith("Jouw situatie"))
    assert "Ik zorg voor een van mijn ouders die dementie heeft." in situation
    assert "ongeveer 10 uur per week" in situation
    assert "Ik werk 32 uur per week." in situation


def test_preparation_asks_for_flexibility_reachability_and_computed_leave() -> None:
    requests = preparation({"work_hours_per_week": 32.0}, [], TODAY)[2]
    assert "flexibele begin- en eindtijden" in requests
    assert "thuiswerken" in requests
    assert "bereikbaarheid" in requests
    assert "64 uur per 12 maanden" in requests and "192 uur per 12 maanden" in requests


def test_preparation_with_unknown_hours_gives_the_rule() -> None:
    requests = preparation({}, [], TODAY)[2]
    assert "2 keer je uren per week" in requests


def test_small_employer_gets_its_own_flexible_work_rule() -> None:
    rules = preparation({"employer_size": "small"}, [], TODAY)[3]
    assert "minder dan 10 medewerkers" in rules
    assert "minstens 2 maanden" not in rules


def test_employers_own_arrangements_are_named() -> None:
    rules = preparation({}, ["Extra betaald zorgverlof"], TODAY)[3]
    assert "Extra betaald zorgverlof" in rules


def test_preparation_ends_with_a_review_date_three_months_ahead() -> None:
    assert "rond 22 februari 2027" in preparation({}, [], TODAY)[-1]


def test_self_employed_get_advice_without_employer() -> None:
    assert preparation({"employment": "self_employed"}, [], TODAY) == [rendering.EMPLOYER_TALK_SELF_EMPLOYED]


def test_action_works_with_an_empty_profile(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    asyncio.run(ActionPrepareEmployerTalk().run(dispatcher, make_tracker(), {}))
    assert helpers.texts(dispatcher)[0] == rendering.EMPLOYER_TALK_INTRO
    assert len(dispatcher.messages) == 6
