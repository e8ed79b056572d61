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


# --- who counts (Wazo art. 5:1 lid 2; shared/facts, "Who counts for zorgverlof") ---------------
#: Relatives the law names for zorgverlof: partner, (step/foster) children, parents, brothers and
#: sisters, grandparents and grandchildren (first- and second-degree blood relatives).
FAMILY_CIRCLE: frozenset[str] = frozenset(
    {"partner", "parent", "child", "sibling", "grandparent", "grandchild"}
)
#: Relationships that count only as a housemate or as a social relationship ("sociale relatie":
#: the care follows directly from the relationship). In-laws, aunts, uncles, cousins and step-parents
#: who are not legally parents are *not* family for the law (rijksoverheid.nl).
SOCIAL_ONLY: frozenset[str] = frozenset({"extended_family", "friend_neighbour", "other"})
#: A student with a job on an employment contract is an employee (calamiteitenverlof, zorgverlof,
#: Wfw): these employment values may hold rights that depend on having a contract.
EMPLOYEE_IF_CONTRACT: frozenset[str] = frozenset({"student"})

CIRCLE_FAMILY = "family"
CIRCLE_HOUSEMATE = "housemate"
CIRCLE_SOCIAL = "social"


def care_circle(relationship: str | None, lives_together: bool | None) -> str | None:
    """Why someone may count for zorgverlof: ``family`` or ``housemate`` (the law names them),
    ``social`` (only when the care follows from the relationship), or None while unknown
    (no relationship given, or "a relative" without saying which)."""
    if relationship in FAMILY_CIRCLE:
        return CIRCLE_FAMILY
    if lives_together:
        return CIRCLE_HOUSEMATE
    if relationship in SOCIAL_ONLY:
        return CIRCLE_SOCIAL
    return None
