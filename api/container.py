"""The gateway's long-lived parts, built once per app in its lifespan (never at import time)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

import anyio.to_thread
import httpx
import redis.asyncio as redis
from sqlalchemy import Engine

from api.channels.addresses import AddressSeal
from api.channels.outbox import OutboxWorker
from api.channels.providers import Document, make_providers
from api.channels.service import ChannelService
from api.desk.container import DeskParts
from api.desk.service import DeskService
from api.events.bus import EventBus, InProcessEventBus
from api.events.redis_bus import RedisEventBus
from api.locks import ConversationLocks, KeyedLocks, RedisLocks
from api.rasa.client import RasaClient
from api.rasa.tracker_store import TrackerStore
from api.services.conversations import ConversationService
from api.services.documents import make_document_service
from api.services.erasure import Erasure
from api.services.errors import DocumentError
from api.services.handoff import HandoffPolicy, NoDesk
from api.services.health import HealthChecks
from api.services.limits import RateLimits
from api.services.safety import CrisisDetector, bot_crisis_detector
from api.settings import Settings
from api.store.channels import ChannelStore
from api.store.conversations import ConversationStore
from api.store.db import make_engine
from api.store.migrate import upgrade
from api.tenants.gate import TenantGate
from api.tenants.origins import REFRESH_SECONDS, OriginRegistry
from api.tenants.store import TenantKeys

logger = logging.getLogger("api")


@dataclass
class Overrides:
    """Replacements for tests and for the desk: a fake Rasa transport, a crisis check, a handoff
    policy, an event bus."""

    rasa_transport: httpx.AsyncBaseTransport | None = None
    crisis: CrisisDetector | None = None
    handoff: HandoffPolicy | None = None
    bus: EventBus | None = None


def make_bus(settings: Settings) -> EventBus:
    """Redis pub/sub when MW_EVENT_BUS_URL is set (several replicas), else in-process."""
    if settings.event_bus_url:
        return RedisEventBus(settings.event_bus_url, settings.bus_queue_size)
    return InProcessEventBus(settings.bus_queue_size)


def lock_lease(settings: Settings) -> float:
    """How long a replica's conversation lock outlives the replica if it dies (renewed while held)."""
    return max(30.0, 2 * settings.rasa_connect_timeout + settings.rasa_read_timeout)


def make_locks(settings: Settings, client: redis.Redis | None) -> ConversationLocks:
    """Shared by the replicas through Redis when the bus is Redis, else per process."""
    return RedisLocks(client, lock_lease(settings)) if client is not None else KeyedLocks()


@dataclass
class Services:
    settings: Settings
    store: ConversationStore
    tracker: TrackerStore
    rasa: RasaClient
    bus: EventBus
    conversations: ConversationService
    health: HealthChecks
    limits: RateLimits
    http: httpx.AsyncClient
    tenants: TenantGate
    desk: DeskService | None = None  # None unless MW_DESK_ENABLED
    redis: redis.Redis | None = None  # the conversation locks' client when replicas share Redis
    channels: ChannelService | None = None  # None unless a messaging channel's settings are set
    provider_http: httpx.AsyncClient | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    async def start(
        cls, settings: Settings, overrides: Overrides | None = None, origins: OriginRegistry | None = None
    ) -> Services:
        """`origins`: the CORS middleware's registry, to which the tenants' origins are added."""
        overrides = overrides or Overrides()
        engine = make_engine(settings.database_url)
        if settings.migrate_on_startup:
            await anyio.to_thread.run_sync(upgrade, engine)
        store = ConversationStore(engine)
        tracker = TrackerStore(settings.rasa_tracker_db_url)
        http = httpx.AsyncClient(
            transport=overrides.rasa_transport,
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
        )
        rasa = RasaClient(
            http,
            settings.rasa_url,
            secret=settings.rasa_secret,
            token=settings.rasa_token,
            connect_timeout=settings.rasa_connect_timeout,
            read_timeout=settings.rasa_read_timeout,
        )
        bus = overrides.bus or make_bus(settings)
        # short socket timeouts: a Redis that does not answer must not hold up a message (or 113)
        shared = (
            redis.Redis.from_url(settings.event_bus_url, socket_connect_timeout=2.0, socket_timeout=5.0)
            if settings.event_bus_url
            else None
        )
        erasure = Erasure(store, tracker, timedelta(minutes=settings.erasure_recheck_minutes))
        desk = DeskParts.build(settings, engine) if settings.desk_enabled else None
        handoff = overrides.handoff or (desk.handoff if desk is not None else NoDesk())
        conversations = ConversationService(
            store=store,
            rasa=rasa,
            tracker=tracker,
            bus=bus,
            locks=make_locks(settings, shared),
            erasure=erasure,
            handoff=handoff,
            crisis=overrides.crisis or bot_crisis_detector,
            retention_days=settings.retention_days,
            late_turn_seconds=settings.erasure_recheck_minutes * 60,
            observers=[desk.on_state] if desk is not None else (),
            mail_enabled=bool(settings.smtp_url),
        )
        bus_ping = bus.ping if isinstance(bus, RedisEventBus) else None
        health = HealthChecks(
            engine, rasa, http, settings.action_server_url, settings.health_timeout, bus_ping=bus_ping
        )
        tenants = TenantGate(TenantKeys(engine), origins or OriginRegistry(settings.cors_origins))
        await tenants.refresh_origins()
        services = cls(
            settings, store, tracker, rasa, bus, conversations, health, RateLimits(settings), http, tenants
        )
        services.redis = shared
        if desk is not None:
            services.desk = desk.service(settings, engine, conversations, rasa, bus)
        if not settings.rasa_secret:
            logger.warning("MW_RASA_SECRET is empty: Rasa's gateway channel will refuse every message")
        if settings.purge_on_startup or settings.purge_interval_hours > 0:
            services._tasks.append(asyncio.create_task(services._purge_loop()))
        # erasure's second net: tracker rows a late Rasa turn wrote back are deleted again
        services._every(settings.erasure_sweep_seconds, services.conversations.sweep_erased, "erasure sweep")
        # tenants' origins set with the CLI apply within REFRESH_SECONDS, without a restart
        services._every(REFRESH_SECONDS, tenants.refresh_origins, "reading the tenants' origins")
        services._start_channels(engine, conversations)
        return services

    def _start_channels(self, engine: Engine, conversations: ConversationService) -> None:
        """WhatsApp and Telegram when their settings are set: the webhooks' service, the outbox's
        sender, and a round every minute that answers what a stopped process left unanswered."""
        # their own client: the providers are not Rasa (whose transport tests replace)
        self.provider_http = httpx.AsyncClient(limits=httpx.Limits(max_connections=50))
        providers = make_providers(self.settings, self.provider_http)
        if not providers:
            return
        store = ChannelStore(engine)
        seal = AddressSeal(self.settings.channel_key)
        documents = make_document_service(self.settings, conversations, self.rasa, self.http)

        async def overview_pdf(conversation_id: str) -> Document | None:
            conversation = await anyio.to_thread.run_sync(self.store.get, conversation_id)
            if conversation is None:
                return None
            try:
                made = await documents.overview_pdf(conversation)
            except DocumentError:  # no overview (yet)
                return None
            return Document(made.content, made.media_type, made.filename)

        worker = OutboxWorker(
            store,
            seal,
            providers,
            poll_seconds=self.settings.outbox_poll_seconds,
            backoff_max_seconds=self.settings.outbox_backoff_max_seconds,
            give_up_after=timedelta(hours=self.settings.outbox_give_up_hours),
            make_pdf=overview_pdf,
        )
        self.channels = ChannelService(conversations, store, seal, providers, worker)
        self._tasks.append(asyncio.create_task(worker.run()))
        # answers what a stopped process left unanswered
        self._every(60, self.channels.recover, "channel recovery")

    def _every(self, seconds: float, job: Callable[[], Awaitable[object]], what: str) -> None:
        """Runs `job` every `seconds` (first after one interval) until close; a failure is logged
        (`what` failed, never content) and the next round runs anyway."""

        async def loop() -> None:
            while True:
                await asyncio.sleep(seconds)
                try:
                    await job()
                except Exception:
                    logger.error("%s failed", what, exc_info=True)

        self._tasks.append(asyncio.create_task(loop()))

    async def _purge_loop(self) -> None:
        first = True
        while True:
            if not first or self.settings.purge_on_startup:
                try:
                    await self.conversations.purge_inactive()
                except Exception:
                    logger.error("retention purge failed", exc_info=True)
            first = False
            if self.settings.purge_interval_hours <= 0:
                return
            await asyncio.sleep(self.settings.purge_interval_hours * 3600)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.bus.close()
        if self.desk is not None:
            self.desk.shutdown()  # the password hashing's threads
        if self.redis is not None:
            await self.redis.aclose()
        await self.http.aclose()
        if self.provider_http is not None:
            await self.provider_http.aclose()
        self.tracker.dispose()
        self.store.engine.dispose()
