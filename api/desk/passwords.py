"""Password hashing with Argon2id (argon2-cffi's recommended parameters).

Hashing costs tens of milliseconds and 64 MiB on purpose. The gateway runs it in its own small
pool (`HashingPool`), never in the thread pool that serves the chat: forty logins at once must not
make a person's message wait. Beyond the pool's workers and its bounded queue a login is refused
at once (`HashingBusy`: the desk answers 503) instead of piling up.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

T = TypeVar("T")

MIN_LENGTH = 12
THREAD_PREFIX = "mw-hashing"
HASHING_NICENESS = 10
MAX_LENGTH = 256

_hasher = PasswordHasher()


def password_problem(password: str) -> str | None:
    """None when the password may be used, else one Dutch line saying why not."""
    if len(password) < MIN_LENGTH:
        return f"Het wachtwoord is te kort: gebruik minstens {MIN_LENGTH} tekens."
    if len(password) > MAX_LENGTH:
        return f"Het wachtwoord is te lang: gebruik hoogstens {MAX_LENGTH} tekens."
    if password.strip() != password:
        return "Het wachtwoord mag niet met een spatie beginnen of eindigen."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older parameters (rehash after a good login)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("not-a-real-password-only-for-timing")


def spend_verify_time(password: str) -> None:
    """Verifies against a dummy hash, so an unknown e-mail address takes as long as a wrong password."""
    verify_password(_dummy_hash(), password)


def _lower_priority() -> None:
    """A hashing thread yields the CPU to the chat's threads (Linux: a thread's own nice value;
    argon2's lanes inherit it). Best effort: elsewhere the pool's bound alone protects the chat."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


class HashingBusy(Exception):
    """All hashing workers are busy and the queue is full: try again in a moment."""


class HashingPool:
    """`workers` threads of their own for password hashing, and room for `queue` more waiting."""

    def __init__(self, workers: int = 2, queue: int = 8) -> None:
        self._executor = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix=THREAD_PREFIX, initializer=_lower_priority
        )
        self._places = threading.BoundedSemaphore(workers + queue)

    @property
    def full(self) -> bool:
        """Every worker busy and the queue full (a login can be refused before any other work)."""
        if not self._places.acquire(blocking=False):
            return True
        self._places.release()
        return False

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        """`fn(*args)` in the pool; HashingBusy at once when it is full. A place is given back
        when the work ends (also when the caller stopped waiting for it)."""
        if not self._places.acquire(blocking=False):
            raise HashingBusy
        try:
            future = self._executor.submit(fn, *args)
        except BaseException:
            self._places.release()
            raise
        future.add_done_callback(lambda _: self._places.release())
        return await asyncio.wrap_future(future)

    async def verify(self, password_hash: str, password: str) -> bool:
        return await self.run(verify_password, password_hash, password)

    async def hash(self, password: str) -> str:
        return await self.run(hash_password, password)

    async def spend_verify_time(self, password: str) -> None:
        await self.run(spend_verify_time, password)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
