"""The desk's parts, built once per app by api.container when MW_DESK_ENABLED is true."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import anyio.to_thread
from sqlalchemy import Engine

from api.desk.accounts import AccountStore
from api.desk.arrangements import make_arrangements
from api.desk.audit import AuditLog
from api.desk.backoff import BackoffRule, LoginBackoff
from api.desk.canned import CannedReplies, CannedReplyStore
from api.desk.cards import CardMaker
from api.desk.passwords import HashingPool
from api.desk.policy import OpeningHoursPolicy
from api.desk.questions import QuestionStore
from api.desk.queue import QueueGuard, QueueStore, Visibility
from api.desk.service import DeskService
from api.desk.sessions import SessionStore
from api.events.bus import EventBus
from api.rasa.client import RasaClient
from api.services.conversations import ConversationService
from api.services.limits import QueueLimits
from api.settings import Settings
from api.store.records import ConversationRecord
from bot.catalogue.live import live_catalogue


@dataclass
class DeskParts:
    """What exists before the conversation service (it needs the policy and the observer)."""

    accounts: AccountStore
    queue: QueueStore
    policy: OpeningHoursPolicy
    # the handoff policy the conversations use: `policy` behind the queue's flood limits
    handoff: QueueGuard
    limits: QueueLimits

    @classmethod
    def build(cls, settings: Settings, engine: Engine) -> DeskParts:
        accounts = AccountStore(engine)
        queue = QueueStore(engine, settings.desk_default_tenant)
        policy = OpeningHoursPolicy(accounts, queue, settings.desk_expected_wait_minutes)
        limits = QueueLimits(settings)
        return cls(accounts, queue, policy, QueueGuard(policy, queue, limits), limits)

    async def on_state(self, conversation: ConversationRecord) -> None:
        """Observer of the conversation service: keeps the queue's waiting times."""
        await anyio.to_thread.run_sync(self.queue.record_state, conversation)

    def service(
        self,
        settings: Settings,
        engine: Engine,
        conversations: ConversationService,
        rasa: RasaClient,
        bus: EventBus,
    ) -> DeskService:
        desk = DeskService(
            accounts=self.accounts,
            sessions=SessionStore(
                engine,
                idle=timedelta(minutes=settings.desk_session_idle_minutes),
                lifetime=timedelta(hours=settings.desk_session_max_hours),
            ),
            audit=AuditLog(engine),
            queue=self.queue,
            questions=QuestionStore(engine),
            policy=self.policy,
            conversations=conversations,
            rasa=rasa,
            bus=bus,
            cards=CardMaker(current=live_catalogue(settings.employers_dir).get),
            max_text_length=settings.max_text_length,
            backoff=LoginBackoff(
                engine,
                account=BackoffRule(
                    settings.desk_login_free_failures, settings.desk_login_backoff_max_seconds
                ),
                address=BackoffRule(
                    settings.desk_login_address_free_failures, settings.desk_login_backoff_max_seconds
                ),
                key=settings.desk_address_key,
            ),
            hashing=HashingPool(settings.desk_hash_workers, settings.desk_hash_queue),
            visibility=Visibility(timedelta(minutes=settings.desk_visibility_minutes)),
            queue_limits=self.limits,
        )
        # the employers' own arrangements ("Regelingen"): their folder is brought up to date now
        desk.arrangements = make_arrangements(settings.employers_dir, engine, self.accounts)
        desk.canned = CannedReplies(CannedReplyStore(engine), desk.audit)  # "standaardantwoorden"
        return desk
