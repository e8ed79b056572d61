"""The sliding-window rate limiter."""

from __future__ import annotations

from api.ratelimit import Limit, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_up_to_the_limit_then_says_how_long_to_wait() -> None:
    clock = Clock()
    limiter = RateLimiter(Limit(2, 60), clock)
    assert [limiter.hit("a"), limiter.hit("a")] == [0, 0]
    clock.now += 20
    assert limiter.hit("a") == 40


def test_window_slides() -> None:
    clock = Clock()
    limiter = RateLimiter(Limit(1, 60), clock)
    limiter.hit("a")
    clock.now += 60.5
    assert limiter.hit("a") == 0


def test_refused_hits_do_not_count() -> None:
    clock = Clock()
    limiter = RateLimiter(Limit(1, 10), clock)
    limiter.hit("a")
    for _ in range(5):
        limiter.hit("a")
    clock.now += 10.5
    assert limiter.hit("a") == 0


def test_keys_are_counted_apart() -> None:
    limiter = RateLimiter(Limit(1, 60), Clock())
    assert [limiter.hit("a"), limiter.hit("b"), limiter.hit("a")] == [0, 0, 60]


def test_idle_keys_are_forgotten() -> None:
    clock = Clock()
    limiter = RateLimiter(Limit(5, 60), clock)
    for n in range(100):
        limiter.hit(f"address-{n}")
    clock.now += 121
    limiter.hit("new")
    assert len(limiter) == 1
