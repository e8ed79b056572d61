"""Opening hours: reading the spec, open or closed at a moment, the next opening, Dutch wording."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from api.desk.hours import HoursError, Interval, OpeningHours, describe_moment, format_hours, parse_hours
from api.settings import Settings

AMS = ZoneInfo("Europe/Amsterdam")
OFFICE = OpeningHours("Europe/Amsterdam", parse_hours("ma-vr 09:00-17:00; za 10:00-12:00"))


def at(text: str) -> datetime:
    """A local Amsterdam time, e.g. "2025-06-02 10:00" (a Monday)."""
    return datetime.fromisoformat(text).replace(tzinfo=AMS)


def test_a_spec_with_day_ranges_becomes_intervals() -> None:
    assert parse_hours("ma-wo 09:00-12:30") == (
        Interval(0, 540, 750),
        Interval(1, 540, 750),
        Interval(2, 540, 750),
    )


def test_day_lists_english_names_and_dots_are_understood() -> None:
    assert parse_hours("mon,wed 9.00-17.00") == (Interval(0, 540, 1020), Interval(2, 540, 1020))


def test_altijd_and_gesloten() -> None:
    assert len(parse_hours("altijd")) == 7
    assert parse_hours("gesloten") == ()


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("ma-zz 09:00-17:00", "geen dag"),
        ("ma 17:00-09:00", "na de openingstijd"),
        ("ma 25:00-26:00", "geen tijd"),
        ("maandag negen uur", "onduidelijk"),
        ("vr-ma 09:00-17:00", "eerste dag"),
    ],
)
def test_a_bad_spec_says_what_is_wrong_in_dutch(spec: str, problem: str) -> None:
    with pytest.raises(HoursError, match=problem):
        parse_hours(spec)


def test_format_joins_days_with_the_same_hours() -> None:
    assert format_hours(parse_hours("ma 09:00-17:00; di 09:00-17:00; vr 09:00-12:00")) == (
        "ma-di 09:00-17:00; vr 09:00-12:00"
    )
    assert format_hours(parse_hours("altijd")) == "altijd"


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        ("2025-06-02 08:59", False),
        ("2025-06-02 09:00", True),
        ("2025-06-02 16:59", True),
        ("2025-06-02 17:00", False),
        ("2025-06-07 11:00", True),
        ("2025-06-08 11:00", False),
    ],
)
def test_open_or_closed_in_local_time(moment: str, is_open: bool) -> None:
    assert OFFICE.is_open(at(moment)) is is_open


def test_utc_moments_are_read_in_the_tenants_time_zone() -> None:
    assert OFFICE.is_open(datetime(2025, 6, 2, 7, 30, tzinfo=timezone.utc)) is True  # 9:30 in summer


def test_next_opening_after_the_weekend_is_monday_morning() -> None:
    assert OFFICE.next_opening(at("2025-06-07 13:00")) == at("2025-06-09 09:00")


def test_next_opening_on_the_same_day() -> None:
    assert OFFICE.next_opening(at("2025-06-02 07:00")) == at("2025-06-02 09:00")


def test_next_opening_across_the_change_to_winter_time() -> None:
    hours = OpeningHours("Europe/Amsterdam", parse_hours("ma 09:00-17:00"))
    opening = hours.next_opening(at("2025-10-25 12:00"))  # the clocks go back on Sunday 26 October
    assert opening == at("2025-10-27 09:00")
    assert opening is not None and opening.utcoffset() is not None
    assert opening.astimezone(timezone.utc).hour == 8


def test_without_hours_it_never_opens() -> None:
    assert OpeningHours("Europe/Amsterdam").next_opening(at("2025-06-02 10:00")) is None


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        ("2025-06-02 13:00", "vandaag om 13:00"),
        ("2025-06-03 09:00", "morgen om 9:00"),
        ("2025-06-06 09:30", "vrijdag om 9:30"),
        ("2025-06-16 09:00", "maandag 16 juni om 9:00"),
    ],
)
def test_moments_are_said_as_people_say_them(moment: str, words: str) -> None:
    assert describe_moment(at(moment), at("2025-06-02 08:00"), "Europe/Amsterdam") == words


def test_an_unknown_desk_time_zone_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="unknown time zone"):
        Settings(_env_file=None, desk_timezone="Europe/Enschede")  # type: ignore[call-arg]
