"""The one door from the actions into ``bot/`` (the catalogue, engine, places, safety, leave).

Actions call these functions instead of importing ``bot`` themselves, so a unit test can
replace one of them with a small fake (``monkeypatch.setattr(bot_api, "recommend", fake)``)
and the action server still starts when a part of ``bot`` is missing (the action that needs it
then fails, is logged, and the person gets an apology and the offer of a person).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OVERVIEW_ITEMS = 8  # the overview shows this many items (actions/overview.py)


@dataclass(frozen=True)
class Place:
    """What ``bot.places.resolve_place`` found, reduced to what the actions use."""

    code: str | None  # CBS code when the text names one municipality
    name: str | None  # display name of that municipality ("Hengelo")
    candidates: tuple[tuple[str, str], ...]  # (code, CBS name) when ambiguous
    town: str | None  # the town named, when it is not the municipality's name
    line: str  # one Dutch line describing the match, for the person


def make_profile(data: dict[str, Any]) -> Any:
    """``bot.profile.Profile.from_dict`` (raises ``ProfileError``)."""
    from bot.profile import Profile

    return Profile.from_dict(data)


#: Where the gateway publishes the employers' own files (the desk's "Regelingen"); the same
#: folder as the gateway's MW_EMPLOYERS_DIR (scripts/stack.py gives both the same).
EMPLOYERS_DIR_ENV = "MW_EMPLOYERS_DIR"
DEFAULT_EMPLOYERS_DIR = "var/employers"
_live: Any = None


def employers_dir() -> Path:
    return Path(os.environ.get(EMPLOYERS_DIR_ENV) or DEFAULT_EMPLOYERS_DIR)


def catalogue() -> Any:
    """The catalogue with the employers' published files; a file published there is used from
    the next call on (the folder is looked at at most once a second), without a restart."""
    global _live
    if _live is None:
        from bot.catalogue.live import LiveCatalogue

        _live = LiveCatalogue(employers_dir())
    return _live.get()


def employer_facts(tenant: str | None) -> dict[str, str]:
    """What an employer's intranet tells about the person: ``{"employment": "employee",
    "employer_size": "large"}`` for a tenant with an employer file; else nothing."""
    current = catalogue()
    if tenant is None or tenant not in current.employers:
        return {}
    from bot.catalogue.kinds import DEFAULT_EMPLOYER_SIZE

    return {
        "employment": "employee",
        "employer_size": current.employer_sizes.get(tenant, DEFAULT_EMPLOYER_SIZE),
    }


def employer_additions(profile: Any, kinds: tuple[str, ...], tenant: str | None = None) -> list[str]:
    """What the employer adds to the law's leave of these kinds (Dutch sentences; may be empty)."""
    from bot.engine import employer_additions as _additions

    return _additions(profile, catalogue(), kinds, tenant)


def recommend(profile: Any, tenant: str | None = None) -> list[dict[str, Any]]:
    from bot.engine import recommend as _recommend

    return _recommend(profile, catalogue(), tenant)


def open_questions(profile: Any, tenant: str | None = None, shown: int | None = OVERVIEW_ITEMS) -> list[str]:
    """Questions that change the overview, which shows the best ``shown`` items."""
    from bot.engine import open_questions as _open_questions

    return _open_questions(profile, catalogue(), tenant, shown)


def catalogue_item(item_id: str) -> dict[str, Any] | None:
    """The catalogue item as a JSON-ready dict, or None when the id is unknown."""
    item = catalogue().get(item_id)
    return item.to_dict() if item is not None else None


#: The catalogue items whose sources back the leave texts of data/responses/actions.yml.
LEAVE_SOURCE_ITEMS = ("kortdurend-zorgverlof", "langdurend-zorgverlof")


def leave_source() -> str:
    """Where the leave rules come from, as the catalogue names them: the laws ("Wet arbeid en zorg
    art. 5:1 en verder") and the page to read more; for the responses' ``Bron: {source}``."""
    laws: list[str] = []
    urls: list[str] = []
    for item_id in LEAVE_SOURCE_ITEMS:
        item = catalogue().get(item_id)
        source = item.to_dict().get("source") if item is not None else None
        if not source:
            raise LookupError(f"the catalogue has no source for {item_id}")
        laws.append(str(source["name"]).split(";")[0].strip())
        urls.append(str(source["url"]))
    return f"{', '.join(dict.fromkeys(laws))} ({', '.join(dict.fromkeys(urls))})"


def resolve_place(text: str) -> Place:
    from bot.places import format_place_match
    from bot.places import resolve_place as _resolve

    match = _resolve(text)
    municipality = match.municipality
    return Place(
        code=municipality.code if municipality is not None else None,
        name=municipality.display_name if municipality is not None else None,
        candidates=tuple((c.code, c.name) for c in match.candidates) if municipality is None else (),
        town=match.town,
        line=format_place_match(match),
    )


def municipality_name(code: str) -> str | None:
    """Display name of a CBS code ("GM0164" -> "Hengelo"), None when the code is unknown."""
    from bot.places import municipality_by_code

    municipality = municipality_by_code(code)
    return municipality.display_name if municipality is not None else None


def detect_crisis(text: str) -> str | None:
    """The crisis kind ("suicide" | "acute_danger") the text shows signs of, else None."""
    from bot.safety import detect_crisis as _detect

    match = _detect(text)
    return match.kind if match is not None else None


def crisis_text(kind: str) -> str:
    from bot.safety import CRISIS_TEXT

    return CRISIS_TEXT.get(kind) or CRISIS_TEXT["suicide"]


def crisis_kinds() -> tuple[str, ...]:
    from bot.safety import CRISIS_TEXT

    return tuple(CRISIS_TEXT)


def leave_hours(work_hours_per_week: float) -> tuple[float, float]:
    """(kortdurend, langdurend) zorgverlof in hours per 12 months for these weekly hours."""
    from bot.leave import long_term_care_leave_hours, short_term_care_leave_hours

    return short_term_care_leave_hours(work_hours_per_week), long_term_care_leave_hours(work_hours_per_week)
