"""api/insights/figures.py: counts per group, the suppression applied, the median wait, the table."""

from __future__ import annotations

from typing import Any

from api.insights.figures import SUPPRESSED, count, figures, table
from api.insights.store import Fact
from bot.catalogue.kinds import KINDS
from bot.profile import NEEDS

HIDDEN = {"suppressed": True}


def fact(
    burden: str | None = None,
    needs: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    asked: bool = False,
    waited: int | None = None,
) -> Fact:
    return Fact(needs=needs, burden=burden, kinds=kinds, asked_for_person=asked, waited_minutes=waited)


def counts_in(value: Any) -> list[int]:
    """Every count in the figures (the median is a time, not a group)."""
    if isinstance(value, dict):
        return [n for key, inner in value.items() if key != "median_wait_minutes" for n in counts_in(inner)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []


def test_burden_groups_of_9_10_and_11_with_their_total() -> None:
    facts = [fact("light")] * 9 + [fact("moderate")] * 10 + [fact("heavy")] * 11
    shown = figures(facts)
    assert shown["conversations"] == 30
    # 9 is hidden, and so is the next smallest: else 30 - 10 - 11 gives the 9 away
    assert shown["burden"] == {"light": HIDDEN, "moderate": HIDDEN, "heavy": 11, "unknown": HIDDEN}


def test_no_count_under_10_is_ever_shown() -> None:
    facts = (
        [fact("light", ("leave",), ("mantelzorglijn",), asked=True, waited=3)] * 9
        + [fact("heavy", ("leave", "money"), ("wmo-loket",), asked=True)] * 10
        + [fact(None, ("respite",))] * 11
    )
    shown = figures(facts)
    assert all(n >= 10 for n in counts_in(shown)), shown
    assert shown["needs"]["leave"] == 19 and shown["needs"]["respite"] == 11
    assert shown["needs"]["money"] == 10 and shown["needs"]["emotional"] == HIDDEN


def test_a_total_under_10_hides_everything() -> None:
    shown = figures([fact("heavy", ("leave",), ("wmo-loket",), asked=True, waited=1)] * 9)
    assert counts_in(shown) == []
    assert shown["conversations"] == HIDDEN and shown["median_wait_minutes"] == HIDDEN


def test_every_need_and_every_kind_is_listed_so_a_listed_one_says_nothing() -> None:
    shown = figures([fact("light", kinds=("mantelzorglijn",))] * 12)
    assert list(shown["needs"]) == list(NEEDS)
    assert list(shown["kinds"]) == list(KINDS)
    assert shown["kinds"]["mantelzorglijn"] == 12
    assert shown["kinds"]["wmo-loket"] == shown["kinds"]["crisishulp"] == HIDDEN


def test_asked_for_a_person_is_a_partition_of_all_conversations() -> None:
    facts = [fact(asked=True, waited=4)] * 11 + [fact(asked=True)] * 3 + [fact()] * 9
    shown = figures(facts)
    # 9 did not ask: hidden, and the 14 who asked with it (23 - 14 would give the 9 away)
    assert shown["conversations"] == 23
    assert shown["asked_for_person"] == {"yes": HIDDEN, "no": HIDDEN}
    # 11 were helped, but a median next to a hidden "asked" would tell which group is the larger
    assert shown["median_wait_minutes"] == HIDDEN
    assert "helped" not in shown  # with "asked" it would give the small group not helped away


def test_the_median_wait_comes_only_from_10_or_more_helped_people() -> None:
    nine = [fact(asked=True, waited=minutes) for minutes in range(1, 10)]
    shown = figures(nine + [fact(asked=True)] * 5 + [fact()] * 20)
    assert shown["asked_for_person"] == {"yes": 14, "no": 20}
    assert shown["median_wait_minutes"] == HIDDEN
    ten = [fact(asked=True, waited=minutes) for minutes in (1, 2, 3, 4, 5, 7, 8, 9, 10, 30)]
    shown = figures(ten + [fact()] * 20)
    assert shown["asked_for_person"] == {"yes": 10, "no": 20}
    assert shown["median_wait_minutes"] == 6


def test_count_keeps_the_true_numbers_for_the_suppression() -> None:
    values = count([fact("light", ("leave", "leave"), ("wmo-loket",), asked=True)] * 2)
    assert values["conversations"] == 2 and values["burden.light"] == 2
    assert values["needs.leave"] == 2 and values["kinds.wmo-loket"] == 2
    assert values["asked.yes"] == 2 and values["asked.no"] == 0


def test_the_table_is_dutch_and_shows_hidden_groups_as_under_10() -> None:
    facts = [fact("light", ("leave",), ("mantelzorglijn",))] * 9 + [fact("heavy", ("leave",))] * 11
    data = {
        "tenant": "gemeente-a",
        "tenant_name": "Gemeente A",
        "month": "2026-12",
        "min_group": 10,
        "views": [{"scope": "tenant", **figures(facts)}],
    }
    text = table(data)
    assert text.splitlines()[0] == "Inzicht voor Gemeente A, december 2026"
    assert "Gesprekken via Gemeente A" in text
    lines = {
        line.split("  ")[1].strip(): line.split()[-1] for line in text.splitlines() if line.startswith("  ")
    }
    assert lines["Gesprekken"] == "20"
    assert "verlof" in text and "zwaar" in text and "Mantelzorglijn" in text
    assert "< 10" in text and " 9" not in text
    assert "Wachttijd tot een medewerker het oppakte (mediaan)  niet getoond" in text
    assert SUPPRESSED == HIDDEN
