"""actions/leave_hours.py: 2x and 6x the weekly hours (computed by bot.leave)."""

from __future__ import annotations

import asyncio
from typing import Any

from actions import rendering
from actions import slots as s
from actions.leave_hours import ActionLeaveHours, ValidateLeaveHoursForm, leave_answer

DOMAIN: dict[str, Any] = {"forms": {s.LEAVE_HOURS_FORM: {"required_slots": [s.LEAVE_HOURS_BASIS]}}}


def test_leave_for_32_hours_is_64_and_192() -> None:
    answer = leave_answer("32", None, None)
    assert "kortdurend zorgverlof: 64 uur" in answer
    assert "langdurend zorgverlof: 192 uur" in answer


def test_leave_for_half_hours_keeps_the_decimal() -> None:
    assert "kortdurend zorgverlof: 45 uur" in leave_answer("22,5", None, None)
    assert "langdurend zorgverlof: 135 uur" in leave_answer("22,5", None, None)


def test_hours_asked_about_come_before_the_hours_worked() -> None:
    assert "Je werkt 24 uur" in leave_answer("24 uur", 32.0, "employee")


def test_hours_worked_are_used_when_the_question_names_none() -> None:
    assert "Je werkt 36 uur" in leave_answer(None, 36.0, "employee")


def test_without_hours_the_rule_is_explained() -> None:
    assert leave_answer(s.UNKNOWN, None, None) == rendering.LEAVE_RULE


def test_self_employed_hear_that_statutory_leave_is_for_employees() -> None:
    assert rendering.NO_STATUTORY_LEAVE in leave_answer("32", None, "self_employed")


def test_action_answers_with_the_computed_hours(make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    tracker = make_tracker(slots={s.LEAVE_HOURS_BASIS: "40"})
    asyncio.run(ActionLeaveHours().run(dispatcher, tracker, {}))
    assert "80 uur" in helpers.texts(dispatcher)[0]


def test_leave_form_needs_no_question_when_the_hours_worked_are_known(
    make_tracker: Any, dispatcher: Any
) -> None:
    tracker = make_tracker(slots={s.WORK_HOURS: 32.0})
    required = asyncio.run(
        ValidateLeaveHoursForm().required_slots([s.LEAVE_HOURS_BASIS], dispatcher, tracker, DOMAIN)
    )
    assert required == []


def test_leave_form_asks_for_the_hours_otherwise(make_tracker: Any, dispatcher: Any) -> None:
    required = asyncio.run(
        ValidateLeaveHoursForm().required_slots([s.LEAVE_HOURS_BASIS], dispatcher, make_tracker(), DOMAIN)
    )
    assert required == [s.LEAVE_HOURS_BASIS]


def test_leave_form_asks_again_for_a_non_number(make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    result = ValidateLeaveHoursForm().validate_leave_hours_basis(
        "heel veel", dispatcher, make_tracker(), DOMAIN
    )
    assert result == {s.LEAVE_HOURS_BASIS: None}
    assert helpers.texts(dispatcher) == [rendering.REASK[s.WORK_HOURS]]
