"""One message of a conversation at a time: a lock per key, forgotten when nobody holds or waits.

`KeyedLocks` serialises within one process. `RedisLocks` (used when MW_EVENT_BUS_URL is Redis,
i.e. when replicas share conversations) adds a Redis lock per conversation, so replicas take
turns too; the local lock in front keeps a process's waiters in order and off Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

import redis.asyncio as redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

from api.logs import log_fields, short_id

logger = logging.getLogger("api.locks")


class ConversationLocks(Protocol):
    def hold(self, key: str) -> AbstractAsyncContextManager[None]: ...


class KeyedLocks:
    """`async with locks.hold(conversation_id): ...` serialises work per key, in this process.

    Locks are reference-counted, so the table only holds keys that are in use."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


class RedisLocks:
    """Per-conversation locks shared by every replica on one Redis (redis-py's `Lock`: SET NX
    with a token and an expiry). The expiry (`lease` seconds) is renewed while the lock is
    held, so a long Rasa turn keeps it, and a crashed replica's lock ends by itself.

    When Redis cannot be reached the work goes on under the local lock only (logged): the
    crisis answer must not wait for Redis, and the store's unique constraint on
    (conversation, client_message_id) still keeps a message from being stored twice."""

    PREFIX = "mw:lock:conversation:"

    def __init__(self, client: redis.Redis, lease: float = 30.0, poll: float = 0.02) -> None:
        self._client = client
        self._lease = lease
        self._poll = poll
        self._local = KeyedLocks()

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        async with self._local.hold(key):
            lock = self._client.lock(self.PREFIX + key, timeout=self._lease, sleep=self._poll)
            acquired = False
            try:
                # another replica holds it at most one Rasa turn; past that, go on under the local lock
                acquired = bool(await lock.acquire(blocking_timeout=2 * self._lease))
            except RedisError:
                logger.warning(
                    "shared lock unavailable: this replica only", extra=log_fields(conversation=short_id(key))
                )
            renewing = asyncio.create_task(self._renew(lock)) if acquired else None
            try:
                yield
            finally:
                if renewing is not None:
                    renewing.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await renewing
                if acquired:
                    try:
                        await lock.release()
                    except (LockError, RedisError):
                        logger.warning(
                            "shared lock lost before release", extra=log_fields(conversation=short_id(key))
                        )

    async def _renew(self, lock: Lock) -> None:
        while True:
            await asyncio.sleep(self._lease / 3)
            try:
                await lock.reacquire()
            except (LockError, RedisError):
                logger.warning("shared lock could not be renewed")
                return

    def __len__(self) -> int:
        return len(self._local)
