"""Benchmark of bot.places: prints figures, asserts nothing.

    .venv/bin/python bench/places.py

Prints the time and memory (tracemalloc peak) to build the national index once, the time of the
first spelling correction, and how many names and sentences one core resolves per second.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import places

NAMES = ["Hoofddorp", "Enschede", "Beek", "7511 AB", "gemeente Hoorn", "Hengelo (Gld.)", "Weesp", "Grouw"]
SENTENCES = [
    "mijn moeder woont in Hoofddorp en ik in Enschede",
    "ik werk 32 uur in loondienst en zorg 10 uur per week",
    "mijn vader heeft dementie, hij woont in de buurt van Best",
]


def _rate(function: object, inputs: list[str], seconds: float = 1.0) -> float:
    assert callable(function)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in inputs:
            function(text)
        done += len(inputs)
    return done / (time.perf_counter() - start)


def main() -> None:
    start = time.perf_counter()
    index = places._index()
    built = time.perf_counter() - start
    places._index.cache_clear()  # again, under tracemalloc (slower), for the memory
    tracemalloc.start()
    index = places._index()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    start = time.perf_counter()
    places.resolve_place("Enschde")
    first_fuzzy = time.perf_counter() - start
    print(f"index: {len(index.by_key)} keys, {len(index.postcodes)} postcodes")
    print(f"index build: {built * 1000:.0f} ms, memory {current / 1e6:.1f} MB held, {peak / 1e6:.1f} MB peak")
    print(f"first spelling correction: {first_fuzzy * 1000:.1f} ms")
    print(f"resolve_place (names): {_rate(places.resolve_place, NAMES):.0f} per second")
    slips = _rate(places.resolve_place, ["Enschde", "Hoofdorp", "Amsterdm"])
    print(f"resolve_place (slips): {slips:.0f} per second")
    print(f"find_places (sentences): {_rate(places.find_places, SENTENCES):.0f} per second")


if __name__ == "__main__":
    main()
