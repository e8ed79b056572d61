"""Per-conversation locks: one message of a conversation at a time, no leaked locks."""

from __future__ import annotations

import asyncio

import pytest

from api.locks import KeyedLocks

pytestmark = pytest.mark.anyio


async def test_same_key_runs_one_at_a_time() -> None:
    locks = KeyedLocks()
    running = peak = 0

    async def work() -> None:
        nonlocal running, peak
        async with locks.hold("a"):
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.01)
            running -= 1

    await asyncio.gather(*(work() for _ in range(5)))
    assert peak == 1


async def test_different_keys_run_together() -> None:
    locks = KeyedLocks()
    inside = asyncio.Event()

    async def first() -> None:
        async with locks.hold("a"):
            await asyncio.wait_for(inside.wait(), 1)

    async def second() -> None:
        async with locks.hold("b"):
            inside.set()

    await asyncio.gather(first(), second())


async def test_locks_are_forgotten_when_unused() -> None:
    locks = KeyedLocks()

    async def work(key: str) -> None:
        async with locks.hold(key):
            await asyncio.sleep(0)

    await asyncio.gather(*(work(f"k{n % 3}") for n in range(30)))
    assert len(locks) == 0


async def test_cancelled_waiter_does_not_leak_its_lock() -> None:
    locks = KeyedLocks()
    release = asyncio.Event()

    async def holder() -> None:
        async with locks.hold("a"):
            await release.wait()

    holding = asyncio.ensure_future(holder())
    await asyncio.sleep(0)
    waiter = asyncio.ensure_future(locks.hold("a").__aenter__())
    await asyncio.sleep(0)
    waiter.cancel()
    release.set()
    await holding
    assert len(locks) == 0


async def test_error_inside_releases_the_lock() -> None:
    locks = KeyedLocks()
    with pytest.raises(RuntimeError):
        async with locks.hold("a"):
            raise RuntimeError
    async with locks.hold("a"):
        pass
    assert len(locks) == 0
