"""The monthly figures of a tenant (and, for a municipality's tenant, of the public site's
conversations about its residents): counts with small groups suppressed (suppression.py), as JSON
for the desk and the CLI, and as a Dutch table for the terminal.

A suppressed value is `{"suppressed": true}` in JSON (a count, or the median wait), shown as
"< 10". Never a single conversation, never text: only counts and one median.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from api.insights.store import Fact, InsightStore
from api.insights.suppression import MIN_GROUP, Partition, suppress
from api.texts import desk as texts
from bot import vocabulary
from bot.catalogue.kinds import KINDS
from bot.places import municipality_by_code
from bot.profile import BURDENS, NEEDS

SUPPRESSED: dict[str, Any] = {"suppressed": True}
BURDEN_CELLS = (*BURDENS, "unknown")
YES_NO = ("yes", "no")

#: Cells that add up to another cell (suppression.py, rule 2). Needs and kinds are not partitions:
#: a person may name several needs and be shown several kinds. How many of those who asked were
#: helped is not shown as a count: with the number who asked it would give away the small group
#: not helped (or hide itself and the median whenever everyone was helped).
PARTITIONS = (
    Partition("conversations", tuple(f"burden.{b}" for b in BURDEN_CELLS)),
    Partition("conversations", ("asked.yes", "asked.no")),
)


def count(facts: Sequence[Fact]) -> dict[str, int]:
    """Every cell's true count (before suppression)."""
    cells: Counter[str] = Counter()
    cells["conversations"] = len(facts)
    for fact in facts:
        cells[f"burden.{fact.burden if fact.burden in BURDENS else 'unknown'}"] += 1
        for need in set(fact.needs):
            cells[f"needs.{need}"] += 1
        for kind in set(fact.kinds):
            cells[f"kinds.{kind}"] += 1
        asked = fact.asked_for_person or fact.waited_minutes is not None
        cells[f"asked.{'yes' if asked else 'no'}"] += 1
    names = [
        "conversations",
        *(f"burden.{b}" for b in BURDEN_CELLS),
        *(f"needs.{n}" for n in NEEDS),
        *(f"kinds.{k}" for k in KINDS),
        *(f"asked.{answer}" for answer in YES_NO),
    ]
    return {name: cells[name] for name in names}


def figures(facts: Sequence[Fact]) -> dict[str, Any]:
    """The suppressed figures of these conversations."""
    values = count(facts)
    hidden = suppress(values, PARTITIONS)

    def cell(name: str) -> int | dict[str, Any]:
        return dict(SUPPRESSED) if name in hidden else values[name]

    # from at least 10 helped people, and only next to a shown number of people who asked (so a
    # median never tells which hidden group is the larger one)
    waits = [fact.waited_minutes for fact in facts if fact.waited_minutes is not None]
    median: int | dict[str, Any] = dict(SUPPRESSED)
    if "asked.yes" not in hidden and len(waits) >= MIN_GROUP:
        median = round(statistics.median(waits))
    return {
        "conversations": cell("conversations"),
        "burden": {b: cell(f"burden.{b}") for b in BURDEN_CELLS},
        "needs": {n: cell(f"needs.{n}") for n in NEEDS},
        "kinds": {k: cell(f"kinds.{k}") for k in KINDS},
        "asked_for_person": {a: cell(f"asked.{a}") for a in YES_NO},
        "median_wait_minutes": median,
    }


def report(store: InsightStore, tenant_id: str, month: str) -> dict[str, Any]:
    """A tenant's figures for `month` ("2026-12"). UnknownTenant when there is no such tenant."""
    tenant = store.tenant(tenant_id)
    views: list[dict[str, Any]] = [{"scope": "tenant", **figures(store.facts(month, tenant=tenant.id))}]
    if tenant.municipality:
        place = municipality_by_code(tenant.municipality)
        views.append(
            {
                "scope": "municipality",
                "municipality": tenant.municipality,
                "municipality_name": place.display_name if place is not None else tenant.municipality,
                **figures(store.facts(month, municipality=tenant.municipality)),
            }
        )
    return {
        "tenant": tenant.id,
        "tenant_name": tenant.name,
        "month": month,
        "min_group": MIN_GROUP,
        "views": views,
    }


# --- in Dutch --------------------------------------------------------------------------------------


def labels() -> dict[str, Any]:
    """The Dutch words of the figures (the desk page shows them; the table below uses them)."""
    burden = vocabulary.texts("burden", "label")
    return {
        "rows": dict(texts.INSIGHT_ROWS),
        "needs": vocabulary.texts("needs", "label"),
        "burden": {**burden, "unknown": texts.INSIGHT_BURDEN_UNKNOWN},
        "kinds": {kind: texts.KIND_LABELS.get(kind, kind) for kind in KINDS},
        "yes_no": dict(texts.INSIGHT_YES_NO),
        "suppressed": texts.INSIGHT_SUPPRESSED,
        "legend": texts.INSIGHT_LEGEND,
        "wait_hidden": texts.INSIGHT_WAIT_HIDDEN,
    }


def month_name(month: str) -> str:
    """ "2026-12" -> "december 2026"."""
    year, number = month.split("-")
    return f"{texts.INSIGHT_MONTHS[int(number) - 1]} {year}"


def view_title(view: dict[str, Any], tenant_name: str) -> str:
    if view["scope"] == "municipality":
        return texts.INSIGHT_VIEWS["municipality"].format(municipality=view["municipality_name"])
    return texts.INSIGHT_VIEWS["tenant"].format(tenant=tenant_name)


def shown(value: Any) -> str:
    """A count as the reader sees it: the number, or "< 10"."""
    return texts.INSIGHT_SUPPRESSED if isinstance(value, dict) else str(value)


def table(data: dict[str, Any]) -> str:
    """The report as a readable Dutch table for the terminal."""
    words = labels()
    rows_of = words["rows"]
    lines = [texts.INSIGHT_TITLE.format(tenant=data["tenant_name"], month=month_name(data["month"])), ""]
    for view in data["views"]:
        rows: list[tuple[str, str]] = [(rows_of["conversations"], shown(view["conversations"]))]
        for group in ("burden", "needs", "kinds"):
            rows.append((rows_of[group], ""))
            rows += [(f"  {words[group].get(key, key)}", shown(value)) for key, value in view[group].items()]
        rows.append((rows_of["asked_for_person"], ""))
        rows += [(f"  {words['yes_no'][k]}", shown(v)) for k, v in view["asked_for_person"].items()]
        wait = view["median_wait_minutes"]
        waited = texts.INSIGHT_MINUTES.format(minutes=wait) if isinstance(wait, int) else words["wait_hidden"]
        rows.append((rows_of["median_wait_minutes"], waited))
        width = max(len(label) for label, _ in rows)
        lines.append(view_title(view, data["tenant_name"]))
        lines += [f"  {label.ljust(width)}  {value.rjust(4)}".rstrip() for label, value in rows]
        lines.append("")
    lines.append(texts.INSIGHT_LEGEND)
    return "\n".join(lines)
