"""Blocking work (the stores' queries) off the event loop."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import anyio.to_thread

P = ParamSpec("P")
T = TypeVar("T")


async def in_thread(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Runs `fn(*args, **kwargs)` in a worker thread and returns its result."""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))
