"""The handoff policy of a desk with opening hours (replaces NoDesk/OpenDesk when the desk is on).

- No desk (or no active account) for the conversation's tenant: `unavailable`, with where to call instead.
- The desk is open: `waiting`, and the person hears how many wait before them and roughly how
  long it takes (the median wait of recent claims, or MW_DESK_EXPECTED_WAIT_MINUTES per person
  until there are a few).
- The desk is closed: `unavailable`, with when someone is there again and the offer to leave a
  question (the widget shows a form for it: POST /api/v1/conversations/{id}/questions).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from datetime import datetime
from typing import Any

from api.desk.accounts import AccountStore
from api.desk.hours import describe_moment
from api.desk.queue import RECENT, QueueStore
from api.desk.records import Tenant
from api.services.handoff import HandoffDecision
from api.store.records import ConversationRecord, utcnow
from api.texts import HANDOFF_UNAVAILABLE
from api.texts import desk as texts
from api.threads import in_thread

MIN_SAMPLES = 3


def wait_sentence(minutes: float) -> str:
    if minutes <= 3:
        return texts.WAIT_FEW
    if minutes > 60:
        return texts.WAIT_LONG
    return texts.WAIT_MINUTES.format(minutes=5 * math.ceil(minutes / 5))


def consent_text(tenant: Tenant) -> str:
    return texts.CONSENT.format(tenant=tenant.name, contact="telefoonnummer of e-mailadres")


class OpeningHoursPolicy:
    def __init__(
        self,
        accounts: AccountStore,
        queue: QueueStore,
        expected_wait_minutes: float,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._accounts = accounts
        self._queue = queue
        self._per_person = expected_wait_minutes
        self._clock = clock

    async def desk_for(self, conversation: ConversationRecord) -> Tenant | None:
        desk = self._queue.desk_of(conversation.tenant)
        return await in_thread(self._accounts.tenant, desk) if desk else None

    async def expected_wait(self, tenant: Tenant, ahead: int, now: datetime) -> float:
        waited = await in_thread(self._queue.waited_minutes, tenant.id, now - RECENT)
        if len(waited) >= MIN_SAMPLES:
            return float(statistics.median(waited))
        return self._per_person * (ahead + 1)

    async def decide(self, conversation: ConversationRecord, reason: str) -> HandoffDecision:
        tenant = await self.desk_for(conversation)
        if tenant is None or not await in_thread(self._accounts.count_agents, tenant.id):
            return HandoffDecision("unavailable", HANDOFF_UNAVAILABLE)
        now = self._clock()
        if tenant.hours.is_open(now):
            ahead = await in_thread(self._queue.waiting_count, tenant.id)
            if conversation.state == "waiting":
                ahead = max(0, ahead - 1)
            minutes = await self.expected_wait(tenant, ahead, now)
            parts = [texts.WAITING_INTRO.format(tenant=tenant.name)]
            if ahead:
                parts.append(texts.AHEAD_ONE if ahead == 1 else texts.AHEAD_MANY.format(n=ahead))
            parts += [wait_sentence(minutes), texts.WAITING_NEXT]
            extra: dict[str, Any] = {"waiting_ahead": ahead, "expected_wait_minutes": round(minutes)}
            return HandoffDecision("waiting", " ".join(parts), extra)
        opening = tenant.hours.next_opening(now)
        parts = [texts.CLOSED_NOW.format(tenant=tenant.name)]
        if opening is not None:
            parts.append(texts.OPEN_AGAIN.format(moment=describe_moment(opening, now, tenant.timezone)))
        parts += [texts.LEAVE_QUESTION, texts.MANTELZORGLIJN]
        extra = {
            "next_open": opening.isoformat() if opening is not None else None,
            "leave_question": {"consent": consent_text(tenant)},
        }
        return HandoffDecision("unavailable", " ".join(parts), extra)
