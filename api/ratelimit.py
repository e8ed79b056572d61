"""In-memory sliding-window rate limits (per gateway process)."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: float


class RateLimiter:
    """At most `limit.count` hits per key within any `limit.seconds` window.

    `hit(key)` returns 0 when allowed (and counts it) or the whole seconds to wait."""

    def __init__(self, limit: Limit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._next_sweep = clock() + limit.seconds

    def hit(self, key: str) -> int:
        now = self._clock()
        self._sweep(now)
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.limit.seconds:
            hits.popleft()
        if len(hits) >= self.limit.count:
            return max(1, math.ceil(hits[0] + self.limit.seconds - now))
        hits.append(now)
        return 0

    def _sweep(self, now: float) -> None:
        """Forgets keys without hits in the current window (bounded memory)."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.limit.seconds
        cutoff = now - self.limit.seconds
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= cutoff]:
            del self._hits[key]

    def __len__(self) -> int:
        return len(self._hits)
