"""The desk's parts, built once per app by api.container when MW_DESK_ENABLED is true."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import anyio.to_thread
from sqlalchemy import Engine

from api.desk.accounts import AccountStore
from api.desk.audit import AuditLog
from api.desk.cards import CardMaker
from api.desk.policy import OpeningHoursPolicy
from api.desk.questions import QuestionStore
from api.desk.queue import QueueStore
from api.desk.service import DeskService
from api.desk.sessions import SessionStore
from api.events.bus import EventBus
from api.rasa.client import RasaClient
from api.services.conversations import ConversationService
from api.settings import Settings
from api.store.records import ConversationRecord


@dataclass
class DeskParts:
    """What exists before the conversation service (it needs the policy and the observer)."""

    accounts: AccountStore
    queue: QueueStore
    policy: OpeningHoursPolicy

    @classmethod
    def build(cls, settings: Settings, engine: Engine) -> DeskParts:
        accounts = AccountStore(engine)
        queue = QueueStore(engine, settings.desk_default_tenant)
        policy = OpeningHoursPolicy(accounts, queue, settings.desk_expected_wait_minutes)
        return cls(accounts, queue, policy)

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
        return DeskService(
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
            cards=CardMaker(),
            max_text_length=settings.max_text_length,
            login_attempts=settings.desk_login_attempts_per_15_minutes,
        )
