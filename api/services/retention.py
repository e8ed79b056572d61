"""Retention: conversations without activity for MW_RETENTION_DAYS are deleted, with their rows
in Rasa's tracker store. Used by the gateway (at start-up and then periodically, under the
conversation locks) and by `python -m api.maintenance purge`."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from api.logs import log_fields, short_id
from api.rasa.tracker_store import TrackerStore
from api.store.conversations import ConversationStore

logger = logging.getLogger("api.retention")


def purge_conversation(
    store: ConversationStore, tracker: TrackerStore, conversation_id: str, cutoff: datetime
) -> bool:
    """Deletes one conversation if it is still inactive since `cutoff` (checked when deleting,
    so a message arriving meanwhile keeps it); then its tracker rows. A tracker row left behind
    by an unreachable tracker store is caught later by `TrackerStore.erase_inactive`."""
    if not store.delete(conversation_id, inactive_before=cutoff):
        return False
    try:
        tracker.erase([conversation_id])
    except (SQLAlchemyError, OSError):
        logger.warning(
            "retention: tracker rows not deleted yet",
            extra=log_fields(conversation=short_id(conversation_id)),
        )
    return True


def purge(store: ConversationStore, tracker: TrackerStore, cutoff: datetime) -> int:
    """Deletes every conversation inactive since `cutoff`; returns how many."""
    purged = 0
    while ids := store.inactive_before(cutoff, 200):
        purged += sum(purge_conversation(store, tracker, cid, cutoff) for cid in ids)
    tracker.erase_inactive(cutoff)
    return purged
