"""The gateway's rate limits: messages per conversation and per address, new conversations per
address; and (`QueueLimits`) conversations entering a desk's queue and questions left for it, per
address and per desk, against fake queue flooding.

With MW_EVENT_BUS_URL on Redis (several replicas) the counts live in Redis (the `limits`
library's moving window), so replicas count together; otherwise in memory, per process
(api/ratelimit.py). When Redis cannot be reached a request is let through (logged): the limits
protect the service, and a person in crisis must still get an answer.
"""

from __future__ import annotations

import logging
import math
import time
from contextvars import ContextVar
from typing import Protocol

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.exceptions import RedisError

from api.ratelimit import Limit, RateLimiter
from api.settings import Settings

logger = logging.getLogger("api.limits")

# The address the current request of the web API came from (set where the messages' address limit
# is checked: `RateLimits.message_from_address`). A channel's webhook sets none: there the caller
# is the provider, not the person. The handoff limit per address reads it.
CALLER_ADDRESS: ContextVar[str | None] = ContextVar("mw_caller_address", default=None)


class _Counter(Protocol):
    async def hit(self, key: str) -> int:
        """0 when allowed (and counted), else the whole seconds to wait."""
        ...


class _InMemory:
    def __init__(self, per_minute: int, minutes: int = 1) -> None:
        self._limiter = RateLimiter(Limit(per_minute, 60 * minutes))

    async def hit(self, key: str) -> int:
        return self._limiter.hit(key)


class _InRedis:
    def __init__(
        self, limiter: MovingWindowRateLimiter, name: str, per_minute: int, minutes: int = 1
    ) -> None:
        self._limiter = limiter
        self._name = name
        self._item: RateLimitItem = RateLimitItemPerMinute(per_minute, minutes)

    async def hit(self, key: str) -> int:
        try:
            if await self._limiter.hit(self._item, self._name, key):
                return 0
            stats = await self._limiter.get_window_stats(self._item, self._name, key)
        except (RedisError, OSError):
            logger.warning("rate limits: Redis not reachable, request let through")
            return 0
        return max(1, math.ceil(stats.reset_time - time.time()))


#: Typing signals per conversation and side in a minute: clients send `true` at most every 3 s and
#: `false` when they stop, so 20 + 20; beyond that they are refused (429), never stored anyway.
TYPING_PER_MINUTE = 40
#: Wrong resume codes per client address in RESUME_WINDOW_MINUTES: beyond, 429 until the window moves.
RESUME_FAILURES = 10
RESUME_WINDOW_MINUTES = 15


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
        self._typing = _counters(settings, {"typing": (TYPING_PER_MINUTE, 1)})["typing"]
        self._resume_failures = ResumeFailures(settings)

    async def message_from_address(self, address: str) -> int:
        """0 when allowed, else the seconds to wait. Remembers the address for this request
        (`CALLER_ADDRESS`: the handoff limit per address)."""
        CALLER_ADDRESS.set(address)
        return await self._per_address.hit(address) if self.enabled else 0

    async def message_in_conversation(self, conversation_id: str) -> int:
        return await self._per_conversation.hit(conversation_id) if self.enabled else 0

    async def start_from_address(self, address: str) -> int:
        return await self._starts_per_address.hit(address) if self.enabled else 0

    async def typing(self, conversation_id: str, side: str) -> int:
        """A typing signal of one side (`user`, `agent`) of a conversation: 0, or seconds to wait."""
        return await self._typing.hit(f"{side}:{conversation_id}") if self.enabled else 0

    async def resume_blocked(self, address: str) -> int:
        """0 when this address may try a resume code, else the seconds to wait (only wrong codes count)."""
        return await self._resume_failures.blocked(address) if self.enabled else 0

    async def resume_failed(self, address: str) -> None:
        if self.enabled:
            await self._resume_failures.failed(address)


class ResumeFailures:
    """Wrong resume codes per client address (moving window; in Redis with MW_EVENT_BUS_URL, so the
    replicas count together). Only failures count: a person who keeps their code is never held up.
    80-bit codes cannot be guessed anyway; this keeps scripts from trying and from loading the store."""

    def __init__(self, settings: Settings) -> None:
        storage: MemoryStorage | RedisStorage = (
            RedisStorage(
                redis_storage_url(settings.event_bus_url), implementation="redispy", key_prefix="mw:limits"
            )
            if settings.event_bus_url
            else MemoryStorage()
        )
        self._limiter = MovingWindowRateLimiter(storage)
        self._item: RateLimitItem = RateLimitItemPerMinute(RESUME_FAILURES, RESUME_WINDOW_MINUTES)

    async def blocked(self, address: str) -> int:
        try:
            if await self._limiter.test(self._item, "resume", address):
                return 0
            stats = await self._limiter.get_window_stats(self._item, "resume", address)
        except (RedisError, OSError):
            logger.warning("rate limits: Redis not reachable, request let through")
            return 0
        return max(1, math.ceil(stats.reset_time - time.time()))

    async def failed(self, address: str) -> None:
        try:
            await self._limiter.hit(self._item, "resume", address)
        except (RedisError, OSError):
            logger.warning("rate limits: Redis not reachable, failure not counted")


def _counters(settings: Settings, limits: dict[str, tuple[int, int]]) -> dict[str, _Counter]:
    """`limits`: name -> (count, minutes); in Redis with MW_EVENT_BUS_URL, else in memory."""
    if settings.event_bus_url:
        storage = RedisStorage(
            redis_storage_url(settings.event_bus_url), implementation="redispy", key_prefix="mw:limits"
        )
        limiter = MovingWindowRateLimiter(storage)
        return {name: _InRedis(limiter, name, count, minutes) for name, (count, minutes) in limits.items()}
    return {name: _InMemory(count, minutes) for name, (count, minutes) in limits.items()}


class QueueLimits:
    """Against fake queue flooding: how many conversations may enter a desk's queue (and how many
    questions may be left for it) per client address in 10 minutes and per desk in a minute.
    Off with MW_RATE_LIMIT_ENABLED=false. Each conversation counts once however often it is asked
    (the crisis offer asks before the person accepts it), remembered per process for the window."""

    def __init__(self, settings: Settings) -> None:
        self.enabled = settings.rate_limit_enabled
        counters = _counters(
            settings,
            {
                "handoff_address": (settings.rate_handoffs_per_address_per_10_minutes, 10),
                "handoff_desk": (settings.rate_handoffs_per_desk_per_minute, 1),
                "question_address": (settings.rate_questions_per_address_per_10_minutes, 10),
                "question_desk": (settings.rate_questions_per_desk_per_minute, 1),
            },
        )
        self._handoffs = (counters["handoff_address"], counters["handoff_desk"])
        self._questions = (counters["question_address"], counters["question_desk"])
        self._admitted: dict[str, float] = {}  # conversation id -> until when it counts as admitted

    async def handoff(self, conversation_id: str, desk: str, address: str | None) -> int:
        """0 when this conversation may enter the desk's queue (counted), else the seconds to wait."""
        if not self.enabled:
            return 0
        now = time.monotonic()
        if self._admitted.get(conversation_id, 0.0) > now:
            return 0
        wait = await self._hit(self._handoffs, desk, address)
        if not wait:
            self._admitted = {key: until for key, until in self._admitted.items() if until > now}
            self._admitted[conversation_id] = now + 600
        return wait

    async def question(self, desk: str, address: str | None) -> int:
        """0 when a question may be left for the desk (counted), else the seconds to wait."""
        return await self._hit(self._questions, desk, address) if self.enabled else 0

    @staticmethod
    async def _hit(counters: tuple[_Counter, _Counter], desk: str, address: str | None) -> int:
        per_address, per_desk = counters
        if address is not None and (wait := await per_address.hit(address)):
            return wait
        return await per_desk.hit(desk)
