"""Benchmark of the recommendation engine on the real catalogue: prints figures, asserts nothing.

    .venv/bin/python bench/engine.py [--catalogue DIR] [--profiles N] [--seconds S]

Prints the catalogue load time (first load in this process, and the best of a few more) and how
many recommendations (and open-question checks) one core makes per second for a realistic mix
of profiles: mostly employees, Twente and elsewhere, complete and partial answers, some through
an employer's intranet.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.catalogue import DEFAULT_ROOT, Catalogue, load_catalogue
from bot.engine import open_questions, recommend
from bot.profile import (
    BURDENS,
    CONDITIONS,
    NEEDS,
    RELATIONSHIPS,
    WLZ_INDICATIONS,
    Profile,
)

TWENTE = ["GM0141", "GM0147", "GM1774", "GM0153", "GM0158", "GM0164", "GM1735", "GM0163", "GM0168",
          "GM0173", "GM1742", "GM1700", "GM0183", "GM0189"]  # fmt: skip
ELSEWHERE = ["GM0193", "GM0363", "GM0599", "GM0344", "GM0518", "GM0200", "GM0202", "GM0268", "GM0014",
             "GM0106", "GM0855", "GM0796", "GM0935", "GM0034"]  # fmt: skip
EMPLOYMENT_MIX = ["employee"] * 7 + ["self_employed", "employer_owner", "not_working", "student"]


def profile_mix(count: int, tenants: list[str], seed: int = 2026) -> list[Profile]:
    """Deterministic, realistic profiles: 60% complete, 30% partial, 10% just started."""
    rnd = random.Random(seed)
    profiles: list[Profile] = []
    for _ in range(count):
        employment = rnd.choice(EMPLOYMENT_MIX)
        recipient = rnd.choice(TWENTE if rnd.random() < 0.5 else ELSEWHERE)
        together = rnd.random() < 0.3
        full: dict[str, Any] = {
            "relationship": rnd.choice(RELATIONSHIPS),
            "condition": rnd.choice(CONDITIONS),
            "care_hours_per_week": float(rnd.choice([2, 4, 8, 12, 16, 24, 40])),
            "lives_together": together,
            "recipient_municipality": recipient,
            "caregiver_municipality": recipient if together else rnd.choice(TWENTE + ELSEWHERE),
            "employment": employment,
            "work_hours_per_week": float(rnd.choice([16, 20, 24, 28, 32, 36, 38, 40]))
            if employment == "employee"
            else None,
            "employer_size": rnd.choice(["small", "large", "large", "unknown"])
            if employment == "employee"
            else None,
            "wlz_indication": rnd.choice(WLZ_INDICATIONS),
            "needs": tuple(rnd.sample(NEEDS, rnd.randint(0, 3))),
            "burden": rnd.choice(BURDENS),
            "tenant": rnd.choice(tenants)
            if tenants and employment == "employee" and rnd.random() < 0.1
            else None,
        }
        roll = rnd.random()
        if roll < 0.1:
            keep: set[str] = set()
        elif roll < 0.4:
            keep = set(rnd.sample(sorted(full), rnd.randint(2, 7)))
        else:
            keep = set(full)
        profiles.append(Profile(**{k: v for k, v in full.items() if k in keep}))
    return profiles


def rate(
    work: Callable[[Profile], Any], profiles: list[Profile], seconds: float
) -> tuple[float, float, float, int]:
    """Calls per CPU second: (median pass, best pass, first pass, calls), passes through all profiles.

    CPU time of this process, not wall time, so other busy processes count less; the best pass
    is the figure least disturbed by them (as timeit advises).
    """
    rates: list[float] = []
    spent = 0.0
    while spent < seconds or len(rates) < 3:
        start = time.process_time()
        for profile in profiles:
            work(profile)
        elapsed = time.process_time() - start
        spent += elapsed
        rates.append(len(profiles) / elapsed)
    return statistics.median(rates), max(rates), rates[0], len(rates) * len(profiles)


def reference_loop() -> float:
    """CPU ms for a million additions in a Python loop: how fast this machine is right now."""
    start = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i
    return (time.process_time() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalogue", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)

    start = time.process_time()
    catalogue: Catalogue = load_catalogue(args.catalogue)
    first_load = time.process_time() - start
    loads = []
    for _ in range(5):
        start = time.process_time()
        load_catalogue(args.catalogue)
        loads.append(time.process_time() - start)

    profiles = profile_mix(args.profiles, sorted(catalogue.employers))
    sizes = [len(recommend(p, catalogue)) for p in profiles]

    catalogue.engine_cache.clear()  # the first pass below starts cold
    per_second, best, cold, calls = rate(lambda p: recommend(p, catalogue), profiles, args.seconds)
    questions_per_second, _, _, question_calls = rate(
        lambda p: open_questions(p, catalogue), profiles[:200], args.seconds / 3
    )

    print(
        f"catalogue:          {args.catalogue} ({len(catalogue)} items, {len(catalogue.employers)} employers)"
    )
    print(f"load, first:        {first_load * 1000:.1f} ms CPU (includes loading bot.places)")
    print(f"load, median of 5:  {statistics.median(loads) * 1000:.1f} ms CPU")
    print(f"profiles:           {len(profiles)} (mix: 60% complete, 30% partial, 10% empty)")
    print(f"items per answer:   mean {statistics.mean(sizes):.1f}, min {min(sizes)}, max {max(sizes)}")
    print(f"recommend:          {per_second:,.0f} per CPU second on one core (median pass; best {best:,.0f};")
    print(f"                    {calls} calls, results memoised per item as in a long-running server)")
    print(f"  per call:         {1e6 / per_second:.0f} µs; first pass, cache cold: {cold:,.0f} per second")
    print(f"open_questions:     {questions_per_second:,.0f} per CPU second ({question_calls} calls)")
    print(f"  per call:         {1e3 / questions_per_second:.2f} ms")
    print(
        f"machine:            {reference_loop():.0f} ms CPU for 1e6 additions in a Python loop (to compare)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
