"""The personal overview: what the assistant understood, and every item the engine found for the
profile (`bot.engine.recommend`) with why it fits, the amount, the first step, contact and source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from api.documents.model import Contact, Overview, OverviewGroup, OverviewItem
from api.texts import documents as texts
from bot import vocabulary
from bot.employer_talk import dutch_date
from bot.leave import long_term_care_leave_hours, short_term_care_leave_hours
from bot.places import municipality_by_code
from bot.profile import Profile
from bot.reasons import format_number, join

LEAVE_KIND = "kortdurend-zorgverlof"


def _municipality(code: str) -> str:
    municipality = municipality_by_code(code)
    return municipality.display_name if municipality is not None else code


def situation(profile: Profile) -> tuple[tuple[str, str], ...]:
    """(label, value) for every field the conversation knows, in the profile's order."""
    lines: list[tuple[str, str]] = []
    for field, label in texts.SITUATION_LABELS.items():
        value = getattr(profile, field)
        if value is None or value == ():
            continue
        if field in ("care_hours_per_week", "work_hours_per_week"):
            shown = texts.HOURS.format(hours=format_number(value))
        elif field == "lives_together":
            shown = texts.YES if value else texts.NO
        elif field.endswith("_municipality"):
            shown = _municipality(value)
        elif field == "needs":
            names = vocabulary.texts("needs", "label")
            shown = join([names.get(need, need) for need in value])
        else:
            shown = vocabulary.texts(field, "label").get(value, value)
        lines.append((label, shown))
    return tuple(lines)


def leave_line(profile: Profile, ranked: Sequence[Mapping[str, Any]]) -> str | None:
    """The leave maxima for the person's hours, when the engine found statutory care leave for them."""
    hours = profile.work_hours_per_week
    if not hours or not any(item.get("kind") == LEAVE_KIND for item in ranked):
        return None
    return texts.LEAVE_LINE.format(
        week=format_number(hours),
        short=format_number(short_term_care_leave_hours(hours)),
        long=format_number(long_term_care_leave_hours(hours)),
    )


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _verified(value: Any) -> str | None:
    try:
        return dutch_date(date.fromisoformat(str(value))) if value else None
    except ValueError:
        return _text(value)


def item_of(raw: Mapping[str, Any]) -> OverviewItem:
    contact: Mapping[str, Any] = raw["contact"] if isinstance(raw.get("contact"), Mapping) else {}
    source: Mapping[str, Any] = raw["source"] if isinstance(raw.get("source"), Mapping) else {}
    steps = raw.get("how_to") or []
    return OverviewItem(
        title=str(raw.get("title") or ""),
        summary=str(raw.get("summary") or ""),
        reasons=tuple(str(reason) for reason in raw.get("reasons") or ()),
        amount=_text(raw.get("amount")),
        first_step=_text(steps[0]) if steps else None,
        contact=Contact(_text(contact.get("name")), _text(contact.get("phone")), _text(contact.get("url"))),
        source=_text(source.get("name")),
        source_url=_text(source.get("url")),
        verified_on=_verified(raw.get("verified_on")),
    )


def groups(ranked: Sequence[Mapping[str, Any]]) -> tuple[OverviewGroup, ...]:
    """Groups in the order of their best item; the engine's ranking inside each group. An item the
    engine lists twice (the same id) appears once."""
    seen: set[str] = set()
    grouped: dict[str, list[OverviewItem]] = {}
    for raw in ranked:
        key = str(raw.get("id") or raw.get("title"))
        if key in seen:
            continue
        seen.add(key)
        grouped.setdefault(str(raw.get("group") or ""), []).append(item_of(raw))
    return tuple(
        OverviewGroup(texts.GROUP_TITLES.get(group, texts.OTHER_GROUP), tuple(items))
        for group, items in grouped.items()
    )


def more_items(
    ranked: Sequence[Mapping[str, Any]], chosen: Sequence[Mapping[str, Any]]
) -> tuple[OverviewItem, ...]:
    """What else the engine found, after the overview's items (each once)."""
    seen = {str(item.get("id")) for item in chosen}
    more: list[OverviewItem] = []
    for raw in ranked:
        key = str(raw.get("id"))
        if key not in seen:
            seen.add(key)
            more.append(item_of(raw))
    return tuple(more)


def build_overview(
    profile: Profile,
    chosen: Sequence[Mapping[str, Any]],
    today: date,
    ranked: Sequence[Mapping[str, Any]] = (),
) -> Overview:
    """The overview of `chosen` (the items the person saw, best first), and the titles of the
    engine's other items for this profile (`ranked`)."""
    return Overview(
        date=dutch_date(today),
        situation=situation(profile),
        leave=leave_line(profile, [*chosen, *ranked]),
        groups=groups(chosen),
        more=more_items(ranked, chosen),
        help_lines=texts.HELP_LINES,
    )
