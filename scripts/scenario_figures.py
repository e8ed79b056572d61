"""Figures from a scenario report (``../shared/tools/scenarios.py --report out.json``): how many turns
people need to their first overview, and whether any message came three times in a row.

    .venv/bin/python scripts/scenario_figures.py out.json

Scenarios tagged ``story`` (the whole story in the first message) and ``hoi`` (starting with a
greeting) are summed up apart: the conversation issue asks a median of at most 3 and 5 user turns.
Tags come from the scenario files in tests/scenarios/.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "tests" / "scenarios"
USER = "  user:"
OVERVIEW = "  bot[recommendations]"


def turns_to_overview(transcript: Sequence[str]) -> int | None:
    """User turns before the first overview, or None when no overview came."""
    turns = 0
    for line in transcript:
        if line.startswith(USER):
            turns += 1
        elif line.startswith(OVERVIEW):
            return turns
    return None


def longest_repeat(transcript: Sequence[str]) -> int:
    """The most consecutive replies in which one and the same bot message came."""
    best = 0
    runs: dict[str, int] = {}
    for reply in _replies(transcript):
        runs = {line: runs.get(line, 0) + 1 for line in set(reply)}
        best = max([best, *runs.values()])
    return best


def _replies(transcript: Sequence[str]) -> Iterable[list[str]]:
    reply: list[str] = []
    for line in transcript:
        if line.startswith(USER):
            if reply:
                yield reply
            reply = []
        else:
            reply.append(line)
    if reply:
        yield reply


def scenario_tags() -> dict[str, set[str]]:
    tags: dict[str, set[str]] = {}
    for path in SCENARIOS.glob("*.yml"):
        for scenario in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("scenarios") or []:
            tags[str(scenario.get("id"))] = set(scenario.get("tags") or [])
    return tags


def figures(report: Sequence[Mapping[str, Any]], tags: Mapping[str, set[str]]) -> dict[str, Any]:
    turns = {str(r["id"]): turns_to_overview(r.get("transcript") or []) for r in report}
    repeats = {str(r["id"]): longest_repeat(r.get("transcript") or []) for r in report}
    result: dict[str, Any] = {"scenarios": len(report), "longest_repeat": max(repeats.values(), default=0)}
    for tag in ("story", "hoi"):
        counts = [t for sid, t in turns.items() if tag in tags.get(sid, set()) and t is not None]
        result[f"median_turns_{tag}"] = statistics.median(counts) if counts else None
        result[f"scenarios_{tag}"] = len(counts)
    result["repeated_three_times"] = sorted(sid for sid, n in repeats.items() if n >= 3)
    return result


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    report = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    for key, value in figures(report, scenario_tags()).items():
        print(f"{key:24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
