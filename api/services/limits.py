"""The gateway's rate limits: messages per conversation and per address, new conversations per
address. In memory, per process (behind a load balancer each replica counts on its own)."""

from __future__ import annotations

from api.ratelimit import Limit, RateLimiter
from api.settings import Settings


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self.enabled = settings.rate_limit_enabled
        self._per_conversation = RateLimiter(Limit(settings.rate_messages_per_conversation_per_minute, 60))
        self._per_address = RateLimiter(Limit(settings.rate_messages_per_address_per_minute, 60))
        self._starts_per_address = RateLimiter(Limit(settings.rate_conversations_per_address_per_minute, 60))

    def message_from_address(self, address: str) -> int:
        """0 when allowed, else the seconds to wait."""
        return self._per_address.hit(address) if self.enabled else 0

    def message_in_conversation(self, conversation_id: str) -> int:
        return self._per_conversation.hit(conversation_id) if self.enabled else 0

    def start_from_address(self, address: str) -> int:
        return self._starts_per_address.hit(address) if self.enabled else 0
