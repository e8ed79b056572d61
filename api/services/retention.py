"""Retention: conversations without activity for MW_RETENTION_DAYS are erased the way a person's
erasure is (api/services/erasure.py: tombstone, secure delete, WAL checkpoint), with their rows
in Rasa's tracker store. Used by the gateway (at start-up and then periodically, under the
conversation locks) and by `python -m api.maintenance purge`."""

from __future__ import annotations

from datetime import datetime, timedelta

from api.rasa.tracker_store import TrackerStore
from api.services.erasure import Erasure
from api.store.conversations import ConversationStore


def purge(
    store: ConversationStore,
    tracker: TrackerStore,
    cutoff: datetime,
    recheck: timedelta = timedelta(minutes=15),
) -> int:
    """Erases every conversation inactive since `cutoff`, and tracker rows that old of
    conversations the gateway no longer knows; returns how many conversations."""
    erasure = Erasure(store, tracker, recheck)
    purged = 0
    while ids := store.inactive_before(cutoff, 200):
        purged += sum(erasure.purge_inactive(conversation_id, cutoff) for conversation_id in ids)
    if tracker.erase_inactive(cutoff):
        tracker.checkpoint()
    return purged
