"""Small-group suppression (pure functions): no group of fewer than MIN_GROUP people is shown, and
none can be worked out from what is shown.

1. Primary: every cell below MIN_GROUP is hidden (0 too: "nobody" is a group of fewer than 10).
2. Secondary, for each partition (cells that add up to a total that is shown): the hidden cells of
   a partition would be known exactly if only one of them were hidden (total minus the others), and
   their sum is itself a group that can be worked out. So while fewer than two cells are hidden, or
   the hidden ones add up to less than MIN_GROUP, the smallest cell still shown is hidden as well.
   A hidden total hides all of its cells.
3. Partitions may share cells (one partition's total a part of another): the rules are applied
   again until nothing changes.

Every hidden cell is shown the same way ("< 10"), whether it was hidden for its own size or to
protect another, so a reader cannot tell which is which.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_GROUP = 10


@dataclass(frozen=True)
class Partition:
    """Cells that together are exactly the `total` cell (each person in exactly one part)."""

    total: str
    parts: tuple[str, ...]


def primary(values: Mapping[str, int], min_group: int = MIN_GROUP) -> set[str]:
    """The cells smaller than `min_group`."""
    return {name for name, value in values.items() if value < min_group}


def _protect(values: Mapping[str, int], partition: Partition, hidden: set[str], min_group: int) -> set[str]:
    """The cells of one partition to hide as well (see the module's rule 2)."""
    if partition.total in hidden:
        return {part for part in partition.parts if part not in hidden}
    more: set[str] = set()
    while True:
        gone = [part for part in partition.parts if part in hidden or part in more]
        if not gone or (len(gone) >= 2 and sum(values[part] for part in gone) >= min_group):
            return more
        shown = [part for part in partition.parts if part not in hidden and part not in more]
        if not shown:
            return more
        more.add(min(shown, key=lambda part: (values[part], part)))


def suppress(
    values: Mapping[str, int], partitions: Iterable[Partition] = (), min_group: int = MIN_GROUP
) -> frozenset[str]:
    """The names of the cells to hide."""
    partitions = tuple(partitions)
    hidden = primary(values, min_group)
    changed = True
    while changed:
        changed = False
        for partition in partitions:
            more = _protect(values, partition, hidden, min_group)
            if more:
                hidden |= more
                changed = True
    return frozenset(hidden)
