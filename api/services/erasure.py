"""Erasure for good: the gateway rows, Rasa's tracker rows, and what could bring them back.

One path for the person's DELETE, the bot's "wis mijn gegevens" and retention:

1. Rasa's tracker rows and the gateway rows are deleted; the gateway's transaction also leaves a
   tombstone (`erasures`) that lives MW_ERASURE_RECHECK_MINUTES.
2. Rasa's SQLTrackerStore writes a conversation's whole tracker back when a turn that outlived
   the gateway's timeout ends after the delete (it appends every event it has beyond the rows it
   finds: none). The service fences such a turn first (api/services/lifecycle.py, `LateTurns`); as a
   second net `sweep` (every MW_ERASURE_SWEEP_SECONDS, in every replica) deletes the tracker
   rows of every tombstoned conversation again.
3. SQLite: our connections delete with `secure_delete=ON` (the text is overwritten with zeros
   in the file and its free pages) and a `wal_checkpoint(TRUNCATE)` empties the `-wal` file.
   PostgreSQL: an ordinary DELETE; what it keeps until VACUUM is in docs/gateway.md.

Synchronous: the service calls it in a worker thread.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from api.insights.store import InsightStore
from api.logs import log_fields, short_id
from api.rasa.tracker_store import TrackerStore
from api.store.conversations import ConversationStore
from api.store.db import checkpoint
from api.store.records import utcnow

logger = logging.getLogger("api.erasure")

TRACKER_ERRORS = (SQLAlchemyError, OSError)


class Erasure:
    def __init__(self, store: ConversationStore, tracker: TrackerStore, recheck: timedelta) -> None:
        self._store = store
        self._tracker = tracker
        self._recheck = recheck
        self._dirty = False  # a checkpoint could not finish (a reader was in the way): retry

    def erase(self, conversation_id: str) -> bool:
        """The person's erasure. Tracker rows first: when Rasa's store cannot be reached this
        raises and nothing is deleted (the person can try again with the same token)."""
        self._tracker.erase([conversation_id])
        # the person's row of the monthly figures goes too (retention keeps it: api/insights)
        InsightStore(self._store.engine).forget(conversation_id)
        deleted = self._store.delete(conversation_id, recheck_until=utcnow() + self._recheck)
        self._purge_files()
        return deleted

    def purge_inactive(self, conversation_id: str, cutoff: datetime) -> bool:
        """Retention: deletes one conversation if it is still inactive since `cutoff` (checked
        when deleting, so a message arriving meanwhile keeps it); then its tracker rows. Tracker
        rows left by an unreachable tracker store are deleted by a later `sweep`."""
        if not self._store.delete(
            conversation_id, inactive_before=cutoff, recheck_until=utcnow() + self._recheck
        ):
            return False
        try:
            self._tracker.erase([conversation_id])
        except TRACKER_ERRORS:
            logger.warning(
                "retention: tracker rows not deleted yet",
                extra=log_fields(conversation=short_id(conversation_id)),
            )
        self._purge_files()
        return True

    def sweep(self) -> int:
        """Deletes again the tracker rows of conversations erased within the recheck time (a late
        Rasa turn may have written them back); forgets older tombstones after a last delete.
        Returns the number of tracker rows that had come back."""
        live, over = self._store.tombstones(utcnow())
        if not live and not over and not self._dirty:
            return 0
        rows = self._tracker.erase(live + over) if live or over else 0
        self._store.forget_tombstones(over)
        if rows:
            logger.warning(
                "erasure: tracker rows written back after erasure deleted", extra=log_fields(rows=rows)
            )
        if rows or self._dirty:
            self._purge_files()
        return rows

    def _purge_files(self) -> None:
        """Empties the SQLite write-ahead logs (the gateway's and Rasa's)."""
        done = True
        for name, empty in (
            ("gateway", lambda: checkpoint(self._store.engine)),
            ("tracker", self._tracker.checkpoint),
        ):
            try:
                done = empty() and done
            except TRACKER_ERRORS:
                logger.warning("erasure: checkpoint failed", extra=log_fields(database=name), exc_info=True)
                done = False
        self._dirty = not done
