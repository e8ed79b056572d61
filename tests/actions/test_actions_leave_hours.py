"""actions/leave_hours.py: 2x and 6x the weekly hours (computed by bot.leave)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from actions import bot_api
from actions import slots as s
from actions.leave_hours import ActionLeaveHours, ValidateLeaveHoursForm, leave_answer
from tests.actions.conftest import text_of

DOMAIN: dict[str, Any] = {"forms": {s.LEAVE_HOURS_FORM: {"required_slots": [s.LEAVE_HOURS_BASIS]}}}


def answer_text(basis: Any, work_hours: Any, employment: str | None) -> str:
    """The answer as the person reads it: the domain response filled with the action's values."""
    return text_of(leave_answer(basis, work_hours, employment))


def test_leave_for_32_hours_is_64_and_192() -> None:
    assert leave_answer("32", None, None)["response"] == "utter_leave_hours"
    answer = answer_text("32", None, None)
    assert "kortdurend zorgverlof: 64 uur" in answer
    assert "langdurend zorgverlof: 192 uur" in answer


def test_leave_for_half_hours_keeps_the_decimal() -> None:
    assert "kortdurend zorgverlof: 45 uur" in answer_text("22,5", None, None)
    assert "langdurend zorgverlof: 135 uur" in answer_text("22,5", None, None)


def test_hours_asked_about_come_before_the_hours_worked() -> None:
    assert "Je werkt 24 uur" in answer_text("24 uur", 32.0, "employee")


def test_hours_worked_are_used_when_the_question_names_none() -> None:
    assert "Je werkt 36 uur" in answer_text(None, 36.0, "employee")


def test_without_hours_the_rule_is_explained() -> None:
    assert leave_answer(s.UNKNOWN, None, None)["response"] == "utter_leave_rule"
    assert "maximaal 2 keer het aantal uren" in answer_text(s.UNKNOWN, None, None)


def test_self_employed_hear_that_statutory_leave_is_for_employees() -> None:
    assert leave_answer("32", None, "self_employed")["response"] == "utter_leave_hours_not_employee"
    assert leave_answer(None, None, "self_employed")["response"] == "utter_leave_rule_not_employee"
    assert "geldt alleen voor werknemers in loondienst" in answer_text("32", None, "self_employed")
    assert "geldt alleen voor werknemers in loondienst" in answer_text(None, None, "self_employed")


def test_a_student_hears_the_rule_for_a_job_on_an_employment_contract() -> None:
    # a student with a job in loondienst is an employee (bot/leave.py EMPLOYEE_IF_CONTRACT)
    assert leave_answer(None, None, "student")["response"] == "utter_leave_rule"
    assert "ook naast je studie" in answer_text(None, None, "student")
    assert leave_answer("16", None, "student")["response"] == "utter_leave_hours"
    assert "geen recht" not in answer_text("16", None, "student")


@pytest.mark.parametrize(
    ("basis", "employment"), [("32", None), ("32", "self_employed"), (None, None), (None, "student")]
)
def test_every_leave_answer_names_its_source_from_the_catalogue(basis: Any, employment: str | None) -> None:
    source = bot_api.catalogue_item("kortdurend-zorgverlof")["source"]  # type: ignore[index]
    answer = answer_text(basis, None, employment)
    assert f"Bron: {str(source['name']).split(';')[0]}" in answer
    assert source["url"] in answer


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
    assert helpers.responses(dispatcher) == ["utter_reask_work_hours_per_week"]
