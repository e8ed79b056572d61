"""What a handoff means right now: someone will pick it up (`waiting`) or nobody can (`unavailable`).

With MW_DESK_ENABLED the gateway uses the support desk's policy instead
(`api.desk.policy.OpeningHoursPolicy`: each tenant's opening hours, queue and expected wait);
`NoDesk` applies without a desk, `OpenDesk` is for tests. The conversation service only calls `decide`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from api.store.records import ConversationRecord
from api.texts import HANDOFF_UNAVAILABLE, HANDOFF_WAITING


@dataclass(frozen=True)
class HandoffDecision:
    status: Literal["waiting", "unavailable"]
    text: str
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. expected waiting time, next opening


class HandoffPolicy(Protocol):
    async def decide(self, conversation: ConversationRecord, reason: str) -> HandoffDecision: ...


class NoDesk:
    """No support desk configured: every handoff is `unavailable`, with where to go instead."""

    async def decide(self, conversation: ConversationRecord, reason: str) -> HandoffDecision:
        return HandoffDecision("unavailable", HANDOFF_UNAVAILABLE)


class OpenDesk:
    """A desk that is always open: every handoff waits in the queue."""

    async def decide(self, conversation: ConversationRecord, reason: str) -> HandoffDecision:
        return HandoffDecision("waiting", HANDOFF_WAITING)
