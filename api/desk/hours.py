"""Opening hours of a tenant's desk: weekly intervals in the tenant's own time zone.

    hours = OpeningHours("Europe/Amsterdam", parse_hours("ma-vr 09:00-17:00; za 10:00-12:00"))
    hours.is_open(now)          # now: an aware datetime (UTC is fine)
    hours.next_opening(now)     # the next moment it opens, or None when it never does
    describe_moment(hours.next_opening(now), now, hours.timezone)   # "morgen om 9:00"

The spec is what the CLI accepts: parts separated by ";", each "<days> <HH:MM>-<HH:MM>", days as
"ma", "ma-vr" or "ma,wo,vr" (Dutch or English abbreviations); "altijd" means day and night,
"gesloten" or "" means never. Intervals end at or before midnight ("24:00" is midnight).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_SHORT = ("ma", "di", "wo", "do", "vr", "za", "zo")
_DAY_KEYS: dict[str, int] = {}
for _index, _names in enumerate(
    zip(_SHORT, DAY_NAMES, ("mon", "tue", "wed", "thu", "fri", "sat", "sun"), strict=True)
):
    for _name in _names:
        _DAY_KEYS[_name] = _index

_PART = re.compile(r"^(?P<days>[a-z,\- ]+?)\s+(?P<open>\d{1,2}[:.]\d{2})\s*-\s*(?P<close>\d{1,2}[:.]\d{2})$")
DAY_MINUTES = 24 * 60


class HoursError(ValueError):
    """A spec that cannot be read; str() is one Dutch line saying what is wrong."""


@dataclass(frozen=True, order=True)
class Interval:
    weekday: int  # 0 = Monday
    opens: int  # minutes after local midnight
    closes: int


@dataclass(frozen=True)
class OpeningHours:
    timezone: str
    intervals: tuple[Interval, ...] = ()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.zone)
        minute = local.hour * 60 + local.minute
        return any(i.weekday == local.weekday() and i.opens <= minute < i.closes for i in self.intervals)

    def next_opening(self, now: datetime) -> datetime | None:
        """The first moment after `now` at which the desk opens (None: no hours at all)."""
        if not self.intervals:
            return None
        local = now.astimezone(self.zone)
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            for interval in sorted(i for i in self.intervals if i.weekday == day.weekday()):
                start = _at(day, interval.opens, self.zone)
                if start > now:
                    return start
        return None

    def closes_at(self, now: datetime) -> datetime | None:
        """When the interval that is open now ends (None when closed now)."""
        local = now.astimezone(self.zone)
        minute = local.hour * 60 + local.minute
        for i in self.intervals:
            if i.weekday == local.weekday() and i.opens <= minute < i.closes:
                return _at(local.date(), i.closes, self.zone)
        return None

    def describe(self) -> str:
        return format_hours(self.intervals)


def _at(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    if minutes >= DAY_MINUTES:
        return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=zone)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)


def _minutes(text: str, part: str) -> int:
    hours, minutes = (int(n) for n in re.split(r"[:.]", text))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise HoursError(f"'{text}' in '{part}' is geen tijd (gebruik 00:00 tot 24:00)")
    return hours * 60 + minutes


def _days(text: str, part: str) -> list[int]:
    days: list[int] = []
    for chunk in (c.strip() for c in text.split(",")):
        first, _, last = (c.strip() for c in chunk.partition("-"))
        if first not in _DAY_KEYS or (last and last not in _DAY_KEYS):
            raise HoursError(f"'{chunk}' in '{part}' is geen dag (gebruik ma, di, wo, do, vr, za, zo)")
        start, end = _DAY_KEYS[first], _DAY_KEYS[last or first]
        if end < start:
            raise HoursError(f"'{chunk}' in '{part}': de eerste dag moet voor de laatste komen")
        days.extend(range(start, end + 1))
    return days


def parse_hours(spec: str) -> tuple[Interval, ...]:
    """Intervals from a spec like "ma-vr 09:00-17:00; za 10:00-12:00" (see the module docstring)."""
    text = spec.strip().lower()
    if text in ("altijd", "always", "24/7"):
        return tuple(Interval(day, 0, DAY_MINUTES) for day in range(7))
    if text in ("", "gesloten", "closed", "nooit"):
        return ()
    intervals: set[Interval] = set()
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        match = _PART.match(part)
        if match is None:
            raise HoursError(f"'{part}' is onduidelijk (voorbeeld: ma-vr 09:00-17:00)")
        opens, closes = _minutes(match["open"], part), _minutes(match["close"], part)
        if closes <= opens:
            raise HoursError(f"'{part}': de sluittijd moet na de openingstijd liggen")
        for day in _days(match["days"], part):
            intervals.add(Interval(day, opens, closes))
    return tuple(sorted(intervals))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_hours(intervals: tuple[Interval, ...]) -> str:
    """The spec again, with consecutive days of the same hours joined: "ma-vr 09:00-17:00"."""
    if not intervals:
        return "gesloten"
    if len(intervals) == 7 and all(i.opens == 0 and i.closes == DAY_MINUTES for i in intervals):
        return "altijd"
    by_times: dict[tuple[int, int], list[int]] = {}
    for i in sorted(intervals):
        by_times.setdefault((i.opens, i.closes), []).append(i.weekday)
    parts: list[tuple[int, str]] = []
    for (opens, closes), days in by_times.items():
        runs: list[list[int]] = []
        for day in days:
            if runs and runs[-1][-1] == day - 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        names = ",".join(
            _SHORT[run[0]] if len(run) == 1 else f"{_SHORT[run[0]]}-{_SHORT[run[-1]]}" for run in runs
        )
        parts.append((days[0], f"{names} {_clock(opens)}-{_clock(closes)}"))
    return "; ".join(text for _, text in sorted(parts))


def describe_moment(moment: datetime, now: datetime, timezone: str) -> str:
    """A moment as people say it, in the tenant's time zone: "vandaag om 13:00",
    "morgen om 9:00", "maandag om 9:00" (within a week), else "maandag 6 januari om 9:00"."""
    zone = ZoneInfo(timezone)
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    clock = f"{local.hour}:{local.minute:02d}"
    days = (local.date() - today).days
    if days == 0:
        return f"vandaag om {clock}"
    if days == 1:
        return f"morgen om {clock}"
    if 1 < days < 7:
        return f"{DAY_NAMES[local.weekday()]} om {clock}"
    months = (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    )  # fmt: skip
    return f"{DAY_NAMES[local.weekday()]} {local.day} {months[local.month - 1]} om {clock}"
