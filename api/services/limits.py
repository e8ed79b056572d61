"""The gateway's rate limits: messages per conversation and per address, new conversations per
address.

With MW_EVENT_BUS_URL on Redis (several replicas) the counts live in Redis (the `limits`
library's moving window), so replicas count together; otherwise in memory, per process
(api/ratelimit.py). When Redis cannot be reached a request is let through (logged): the limits
protect the service, and a person in crisis must still get an answer.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Protocol

from limits import RateLimitItemPerMinute
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.exceptions import RedisError

from api.ratelimit import Limit, RateLimiter
from api.settings import Settings

logger = logging.getLogger("api.limits")


class _Counter(Protocol):
    async def hit(self, key: str) -> int:
        """0 when allowed (and counted), else the whole seconds to wait."""
        ...


class _InMemory:
    def __init__(self, per_minute: int) -> None:
        self._limiter = RateLimiter(Limit(per_minute, 60))

    async def hit(self, key: str) -> int:
        return self._limiter.hit(key)


class _InRedis:
    def __init__(self, limiter: MovingWindowRateLimiter, name: str, per_minute: int) -> None:
        self._limiter = limiter
        self._name = name
        self._item = RateLimitItemPerMinute(per_minute)

    async def hit(self, key: str) -> int:
        try:
            if await self._limiter.hit(self._item, self._name, key):
                return 0
            stats = await self._limiter.get_window_stats(self._item, self._name, key)
        except (RedisError, OSError):
            logger.warning("rate limits: Redis not reachable, request let through")
            return 0
        return max(1, math.ceil(stats.reset_time - time.time()))


def redis_storage_url(url: str) -> str:
    """The `limits` URL for MW_EVENT_BUS_URL (redis://, rediss:// or unix://)."""
    if url.startswith("unix://"):
        return "async+redis+unix://" + url.removeprefix("unix://")
    return "async+" + url


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self.enabled = settings.rate_limit_enabled
        self.shared = bool(settings.event_bus_url)
        self._storage: RedisStorage | None = None
        limits = {
            "conversation": settings.rate_messages_per_conversation_per_minute,
            "address": settings.rate_messages_per_address_per_minute,
            "start": settings.rate_conversations_per_address_per_minute,
        }
        counters: dict[str, _Counter] = {}
        if self.shared:
            self._storage = RedisStorage(
                redis_storage_url(settings.event_bus_url), implementation="redispy", key_prefix="mw:limits"
            )
            limiter = MovingWindowRateLimiter(self._storage)
            counters = {name: _InRedis(limiter, name, count) for name, count in limits.items()}
        else:
            counters = {name: _InMemory(count) for name, count in limits.items()}
        self._per_conversation = counters["conversation"]
        self._per_address = counters["address"]
        self._starts_per_address = counters["start"]

    async def message_from_address(self, address: str) -> int:
        """0 when allowed, else the seconds to wait."""
        return await self._per_address.hit(address) if self.enabled else 0

    async def message_in_conversation(self, conversation_id: str) -> int:
        return await self._per_conversation.hit(conversation_id) if self.enabled else 0

    async def start_from_address(self, address: str) -> int:
        return await self._starts_per_address.hit(address) if self.enabled else 0
