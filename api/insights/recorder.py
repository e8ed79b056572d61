"""The gateway's hooks into the figures, each one line where it happens:

- the bot showed an overview (api/services/inbound.py, from the `insight` key the translation
  read and stripped: api/rasa/translate.py);
- the conversation was handed to a person (api/services/inbound.py, each handoff request);
- state changes (a state observer of the conversation service): waiting starts the clock, the
  first claim records the wait;
- the person's erasure deletes the row (api/services/erasure.py calls `InsightStore.forget`).

A failure here is logged (without content or ids) and never stops a person's answer.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from api.insights.payload import Insight
from api.insights.store import InsightStore
from api.store.records import ConversationRecord
from api.threads import in_thread

logger = logging.getLogger("api.insights")


class InsightRecorder:
    def __init__(self, engine: Engine) -> None:
        self._store = InsightStore(engine)

    async def overview(self, conversation: ConversationRecord, insight: Insight) -> None:
        try:
            await in_thread(self._store.record_overview, conversation, insight)
        except Exception:
            logger.error("insight not recorded", exc_info=True)

    async def asked(self, conversation: ConversationRecord) -> None:
        try:
            await in_thread(self._store.record_asked, conversation)
        except Exception:
            logger.error("insight not recorded", exc_info=True)

    async def on_state(self, conversation: ConversationRecord) -> None:
        """A state observer (api/services/feed.py); the publisher logs what it raises."""
        await in_thread(self._store.record_state, conversation)
