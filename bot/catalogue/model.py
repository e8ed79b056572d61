"""Catalogue items and the loaded catalogue with its lookup indexes."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Any

from bot.catalogue.kinds import KINDS
from bot.conditions import Conditions

GENERIC = "*"
SIDES = ("recipient", "caregiver")
BOTH = "both"  # municipality_of: the item belongs to either side's municipality
#: A fact last seen current longer ago than this is old: ranked below current items, and said so.
STALE_AFTER_YEARS = 3
STALE_PENALTY = 1000  # larger than any score a current item can reach or lose
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Amount:
    """How the engine computes an item's amount sentence."""

    formula: str | None = None  # "weeks_of_work_hours" or None (only the pay sentence)
    factor: float | None = None
    label: str | None = None  # "kortdurend zorgverlof"
    pay: str | None = None  # Dutch sentence about pay


@dataclass(frozen=True)
class Item:
    """One scheme or service, as read from the catalogue."""

    id: str
    kind: str
    title: str
    summary: str
    how_to: tuple[str, ...]
    source: Mapping[str, Any]
    verified_on: date
    conditions: Conditions = field(default_factory=Conditions)
    needs: tuple[str, ...] = ()
    amount: Amount | None = None
    contact: Mapping[str, Any] | None = None
    check: str | None = None
    #: Dutch clauses completing "Het geldt alleen als ...": conditions no answer settles
    #: ("de zorg echt nodig is"), always said in the reasons
    applies_if: tuple[str, ...] = ()
    municipality: str | None = None
    municipality_of: str = "recipient"
    tenant: str | None = None
    priority: int = 0
    strict: bool = False
    variant_of: str | None = None
    #: An employer's arrangement: the statutory kinds it adds to ("kortdurend-zorgverlof")
    adds_to: tuple[str, ...] = ()
    #: True: the source named was opened on ``verified_on``; False: taken from the facts sheet
    source_checked: bool | None = None
    #: when the fact was seen current on the source: "2016", "2016-05" or "2016-05-01"
    fact_seen: str | None = None
    file: str = ""

    @property
    def group(self) -> str:
        return KINDS.get(self.kind, "steun")

    @property
    def is_generic(self) -> bool:
        return self.municipality == GENERIC

    @cached_property
    def fact_date(self) -> date:
        """The last day the fact is known to have been current (``fact_seen``, else ``verified_on``)."""
        return fact_seen_date(self.fact_seen) or self.verified_on

    def stale_year(self, today: date | None = None) -> int | None:
        """The fact's year when it is older than ``STALE_AFTER_YEARS`` (relative to today), else None."""
        today = today or date.today()
        limit = _years_before(today, STALE_AFTER_YEARS)
        return self.fact_date.year if self.fact_date < limit else None

    def staleness_penalty(self, today: date | None = None) -> int:
        """What the engine takes off the score of an item with old facts."""
        return STALE_PENALTY if self.stale_year(today) is not None else 0

    @cached_property
    def has_placeholders(self) -> bool:
        return any(PLACEHOLDER_RE.search(text) for text in self.texts())

    def texts(self) -> Iterable[str]:
        """Every text a person reads, for placeholder checks."""
        yield self.title
        yield self.summary
        yield from self.how_to
        if self.check:
            yield self.check
        if self.contact and isinstance(self.contact.get("name"), str):
            yield self.contact["name"]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready item: the architecture's fields plus group, check, reasons and amount.

        A fresh copy each time: the caller may change it.
        """
        return copy_item_dict(self._template)

    @cached_property
    def _template(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "group": self.group,
            "title": self.title,
            "summary": self.summary,
            "needs": list(self.needs),
            "conditions": self.conditions.to_dict(),
            "how_to": list(self.how_to),
            "contact": _plain(self.contact) if self.contact is not None else None,
            "source": _plain(self.source),
            "verified_on": self.verified_on.isoformat(),
            "check": self.check,
            "source_checked": self.source_checked,
            "fact_seen": self.fact_seen,
            "applies_if": list(self.applies_if),
            "municipality": self.municipality,
            "tenant": self.tenant,
            "reasons": [],
            "amount": None,
        }


def _sides(item: Item) -> tuple[str, ...]:
    return SIDES if item.municipality_of == BOTH else (item.municipality_of,)


def copy_item_dict(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of an item dict that shares nothing mutable with the original (fast: no recursion
    over the strings, which are immutable)."""
    out = dict(data)
    out["needs"] = list(data["needs"])
    out["how_to"] = list(data["how_to"])
    if "applies_if" in data:
        out["applies_if"] = list(data["applies_if"])
    out["reasons"] = list(data["reasons"])
    out["conditions"] = {key: _copy_condition(value) for key, value in data["conditions"].items()}
    if data["contact"] is not None:
        out["contact"] = dict(data["contact"])
    out["source"] = dict(data["source"])
    return out


def _copy_condition(value: Any) -> Any:
    if type(value) is not list:
        return value
    return [{k: _copy_condition(v) for k, v in alt.items()} if type(alt) is dict else alt for alt in value]


def _plain(value: Any) -> Any:
    """A fresh JSON-ready copy of nested mappings and lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def fact_seen_date(text: str | None) -> date | None:
    """The last day of "2016" / "2016-05", or the day of "2016-05-01"; None when not a date."""
    if not text:
        return None
    parts = text.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        day = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def fold(text: str) -> str:
    """Lower case without accents, for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Catalogue:
    """All items, with indexes built once so the engine's lookups are cheap."""

    def __init__(
        self,
        items: Iterable[Item],
        employers: Mapping[str, str] | None = None,
        warnings: Iterable[Any] = (),
        employer_sizes: Mapping[str, str] | None = None,
    ) -> None:
        self.items: tuple[Item, ...] = tuple(sorted(items, key=lambda item: item.id))
        self.employers: Mapping[str, str] = MappingProxyType(dict(employers or {}))
        #: tenant -> "small" | "large" (the employer file's ``size``)
        self.employer_sizes: Mapping[str, str] = MappingProxyType(dict(employer_sizes or {}))
        self.warnings: tuple[Any, ...] = tuple(warnings)
        #: scratch space for bot.engine: memoised renders of items (cleared when it grows large)
        self.engine_cache: dict[Any, Any] = {}
        self._by_id = {item.id: item for item in self.items}
        variants: dict[str, list[Item]] = {}
        national: list[Item] = []
        generic: dict[str, list[Item]] = {side: [] for side in SIDES}
        specific: dict[tuple[str, str], list[Item]] = {}
        by_tenant: dict[str, list[Item]] = {}
        by_kind: dict[str, list[Item]] = {}
        for item in self.items:
            by_kind.setdefault(item.kind, []).append(item)
            if item.variant_of is not None:
                variants.setdefault(item.variant_of, []).append(item)
            elif item.tenant is not None:
                by_tenant.setdefault(item.tenant, []).append(item)
            elif item.municipality == GENERIC:
                for side in _sides(item):
                    generic[side].append(item)
            elif item.municipality is not None:
                for side in _sides(item):
                    specific.setdefault((side, item.municipality), []).append(item)
            else:
                national.append(item)
        self.national: tuple[Item, ...] = tuple(national)
        self.variants: Mapping[str, tuple[Item, ...]] = {k: tuple(v) for k, v in variants.items()}
        self.by_tenant: Mapping[str, tuple[Item, ...]] = {k: tuple(v) for k, v in by_tenant.items()}
        additions: dict[tuple[str, str], list[Item]] = {}
        for tenant, tenant_items in by_tenant.items():
            for item in tenant_items:
                for kind in item.adds_to:
                    additions.setdefault((tenant, kind), []).append(item)
        #: (tenant, statutory kind) -> that employer's arrangements adding to it
        self.additions: Mapping[tuple[str, str], tuple[Item, ...]] = {
            k: tuple(v) for k, v in additions.items()
        }
        self.by_kind: Mapping[str, tuple[Item, ...]] = {k: tuple(v) for k, v in by_kind.items()}
        self._generic = {side: tuple(v) for side, v in generic.items()}
        self._specific = {key: tuple(v) for key, v in specific.items()}
        self._municipal_cache: dict[tuple[str, str | None], tuple[Item, ...]] = {}
        self._search_text = {
            item.id: (fold(item.title), fold(f"{item.id} {item.kind}"), fold(item.summary))
            for item in self.items
        }

    def __len__(self) -> int:
        return len(self.items)

    def get(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    def municipality_codes(self, side: str) -> tuple[str, ...]:
        """Codes that have items of their own for this side (recipient/caregiver)."""
        return tuple(sorted(code for (s, code) in self._specific if s == side))

    def municipal_items(self, side: str, code: str | None) -> tuple[Item, ...]:
        """Municipal items for a municipality: its own, plus the generic ones of the other kinds."""
        key = (side, code)
        cached = self._municipal_cache.get(key)
        if cached is not None:
            return cached
        own = self._specific.get((side, code), ()) if code is not None else ()
        own_kinds = {item.kind for item in own}
        result = own + tuple(item for item in self._generic[side] if item.kind not in own_kinds)
        self._municipal_cache[key] = result
        return result

    def search(self, query: str, tenant: str | None = None, limit: int = 10) -> list[Item]:
        """Items whose title, id/kind or summary mention the query's words, best first."""
        words = [w for w in re.findall(r"\w+", fold(query)) if len(w) >= 2]
        if not words or limit <= 0:
            return []
        scored: list[tuple[int, str, Item]] = []
        for item in self.items:
            if item.tenant is not None and item.tenant != tenant:
                continue
            title, ident, summary = self._search_text[item.id]
            score = sum(3 * (w in title) + 2 * (w in ident) + (w in summary) for w in words)
            if score:
                scored.append((-score, item.id, item))
        scored.sort(key=lambda entry: (entry[0], entry[1]))
        return [item for _, _, item in scored[:limit]]
