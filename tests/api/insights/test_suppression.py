"""api/insights/suppression.py: no group under 10 is shown, nor can be worked out from what is shown."""

from __future__ import annotations

import random

from api.insights.suppression import MIN_GROUP, Partition, primary, suppress

BURDEN = Partition("total", ("light", "moderate", "heavy"))


def test_a_group_of_9_is_hidden_and_groups_of_10_and_11_are_shown() -> None:
    assert primary({"nine": 9, "ten": 10, "eleven": 11}) == {"nine"}
    assert suppress({"nine": 9, "ten": 10, "eleven": 11}) == {"nine"}


def test_nobody_is_a_group_under_10_too() -> None:
    assert suppress({"none": 0, "many": 40}) == {"none"}


def test_one_hidden_group_of_a_shown_total_hides_the_next_smallest() -> None:
    # 30 - 10 - 11 would give the 9 away
    values = {"total": 30, "light": 9, "moderate": 10, "heavy": 11}
    assert suppress(values, [BURDEN]) == {"light", "moderate"}


def test_a_total_under_10_hides_every_group_in_it() -> None:
    values = {"total": 9, "light": 9, "moderate": 0, "heavy": 0}
    assert suppress(values, [BURDEN]) == {"total", "light", "moderate", "heavy"}


def test_hidden_groups_that_add_up_to_less_than_10_take_the_next_smallest_too() -> None:
    # 0 and 3 hidden: 25 - 22 says the two together are 3 people, a group under 10
    values = {"total": 25, "light": 0, "moderate": 3, "heavy": 22}
    assert suppress(values, [BURDEN]) == {"light", "moderate", "heavy"}


def test_two_hidden_groups_of_10_or_more_together_need_nothing_more() -> None:
    values = {"total": 40, "light": 8, "moderate": 9, "heavy": 23}
    assert suppress(values, [BURDEN]) == {"light", "moderate"}


def test_hiding_spreads_through_partitions_that_share_a_group() -> None:
    asked = Partition("total", ("asked", "not_asked"))
    helped = Partition("asked", ("helped", "not_helped"))
    # 5 did not ask: "asked" is hidden to protect it, so helped / not helped (its parts) go as well
    values = {"total": 20, "asked": 15, "not_asked": 5, "helped": 12, "not_helped": 3}
    assert suppress(values, [asked, helped]) == {"asked", "not_asked", "helped", "not_helped"}
    # the other way round: 3 not helped hides the helped 12, and "asked" stays
    values = {"total": 40, "asked": 15, "not_asked": 25, "helped": 12, "not_helped": 3}
    assert suppress(values, [asked, helped]) == {"helped", "not_helped"}


def _exposed(values: dict[str, int], partitions: list[Partition], hidden: frozenset[str]) -> list[str]:
    """What a reader could work out: a partition with a shown total whose hidden parts are one
    part alone, or add up to fewer than MIN_GROUP people."""
    problems = []
    for partition in partitions:
        if partition.total in hidden:
            if any(part not in hidden for part in partition.parts):
                problems.append(f"{partition.total} hidden, a part shown")
            continue
        gone = [part for part in partition.parts if part in hidden]
        if len(gone) == 1 or (gone and sum(values[p] for p in gone) < MIN_GROUP):
            problems.append(f"{partition.total}: {gone}")
    return problems


def test_random_tables_never_show_a_small_group_nor_let_one_be_worked_out() -> None:
    chance = random.Random(16)
    asked = Partition("total", ("asked", "not_asked"))
    helped = Partition("asked", ("helped", "not_helped"))
    partitions = [BURDEN, asked, helped]
    for _ in range(3000):
        light, moderate, heavy = (chance.choice([0, 1, 5, 9, 10, 11, 14, 30]) for _ in range(3))
        total = light + moderate + heavy
        helped_n = chance.randint(0, total)
        not_helped = chance.randint(0, total - helped_n)
        values = {
            "total": total,
            "light": light,
            "moderate": moderate,
            "heavy": heavy,
            "asked": helped_n + not_helped,
            "not_asked": total - helped_n - not_helped,
            "helped": helped_n,
            "not_helped": not_helped,
        }
        hidden = suppress(values, partitions)
        assert all(name in hidden for name, value in values.items() if value < MIN_GROUP), values
        assert _exposed(values, partitions, hidden) == [], values
