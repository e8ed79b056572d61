"""Leave arithmetic: 2x and 6x the working week per 12 months."""

from __future__ import annotations

import pytest

from bot.leave import care_leave_hours, long_term_care_leave_hours, short_term_care_leave_hours


@pytest.mark.parametrize(("week", "hours"), [(32, 64), (40, 80), (12.5, 25), (0, 0), (80, 160)])
def test_short_term_leave_is_twice_the_working_week(week: float, hours: float) -> None:
    assert short_term_care_leave_hours(week) == hours


@pytest.mark.parametrize(("week", "hours"), [(32, 192), (40, 240), (12.5, 75), (36, 216)])
def test_long_term_leave_is_six_times_the_working_week(week: float, hours: float) -> None:
    assert long_term_care_leave_hours(week) == hours


def test_any_factor_multiplies_the_working_week() -> None:
    assert care_leave_hours(1, 24) == 24


@pytest.mark.parametrize("week", [-1, 81, float("nan"), True])
def test_working_week_outside_0_to_80_is_refused(week: float) -> None:
    with pytest.raises(ValueError, match="work_hours_per_week"):
        short_term_care_leave_hours(week)


def test_factor_must_be_positive() -> None:
    with pytest.raises(ValueError, match="factor"):
        care_leave_hours(0, 32)
