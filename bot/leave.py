"""Care leave arithmetic (Wet arbeid en zorg): hours per 12 months from the working week."""

from __future__ import annotations

import math

SHORT_TERM_FACTOR = 2  # kortdurend zorgverlof: 2 x the weekly working hours per 12 months
LONG_TERM_FACTOR = 6  # langdurend zorgverlof: 6 x the weekly working hours per 12 months
MAX_WORK_HOURS = 80.0


def care_leave_hours(factor: float, work_hours_per_week: float) -> float:
    """``factor`` x the weekly working hours: the leave per 12 consecutive months."""
    if (
        isinstance(work_hours_per_week, bool)
        or not isinstance(work_hours_per_week, (int, float))
        or math.isnan(work_hours_per_week)
        or not 0 <= work_hours_per_week <= MAX_WORK_HOURS
    ):
        raise ValueError(f"work_hours_per_week must be a number from 0 to 80, got {work_hours_per_week!r}")
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not factor > 0:
        raise ValueError(f"factor must be a number above 0, got {factor!r}")
    return round(factor * work_hours_per_week, 2)


def short_term_care_leave_hours(work_hours_per_week: float) -> float:
    """Kortdurend zorgverlof: at most 2 x the weekly working hours per 12 months (32 h -> 64 h)."""
    return care_leave_hours(SHORT_TERM_FACTOR, work_hours_per_week)


def long_term_care_leave_hours(work_hours_per_week: float) -> float:
    """Langdurend zorgverlof: at most 6 x the weekly working hours per 12 months (32 h -> 192 h)."""
    return care_leave_hours(LONG_TERM_FACTOR, work_hours_per_week)
