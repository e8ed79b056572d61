"""Erasing conversations from Rasa's SQL tracker store (Rasa has no endpoint for it).

Rasa's SQLTrackerStore keeps one `events` table with `sender_id` and `timestamp` (seconds since
the epoch); the sender id is our conversation id. Synchronous: call it from a worker thread.

On SQLite our connections delete with `secure_delete` (the erased text is overwritten in the
file, not just unlinked) and `checkpoint` empties a write-ahead log, if Rasa's file has one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Engine, column, create_engine, delete, event, func, inspect, select, table
from sqlalchemy.engine import make_url

from api.store.db import checkpoint, secure_delete, sqlite_path

logger = logging.getLogger("api.rasa")

EVENTS = table("events", column("sender_id"), column("timestamp"))


class TrackerStore:
    """Deletes rows of Rasa's tracker store. A missing database or table means: nothing to delete."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None

    def _connect(self) -> Engine | None:
        if not self.url:
            return None
        path = sqlite_path(self.url)
        if make_url(self.url).get_backend_name() == "sqlite" and (path is None or not path.exists()):
            return None  # Rasa never wrote anything (and we must not create the file)
        if self._engine is None:
            connect_args = {"timeout": 30} if path is not None else {}
            self._engine = create_engine(self.url, hide_parameters=True, connect_args=connect_args)
            if path is not None:
                event.listen(self._engine, "connect", secure_delete)
        if not inspect(self._engine).has_table("events"):
            return None
        return self._engine

    def erase(self, sender_ids: Iterable[str]) -> int:
        """Deletes every event of these conversations; returns the number of rows."""
        ids = list(sender_ids)
        engine = self._connect()
        if engine is None or not ids:
            return 0
        with engine.begin() as connection:
            result = connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(ids)))
            return int(result.rowcount or 0)

    def erase_inactive(self, cutoff: datetime) -> int:
        """Deletes every conversation whose newest event is older than `cutoff` (also ones the
        gateway no longer knows)."""
        engine = self._connect()
        if engine is None:
            return 0
        stale = (
            select(EVENTS.c.sender_id)
            .group_by(EVENTS.c.sender_id)
            .having(func.max(EVENTS.c.timestamp) < cutoff.timestamp())
        )
        with engine.begin() as connection:
            result = connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(stale)))
            return int(result.rowcount or 0)

    def checkpoint(self) -> bool:
        """Empties the SQLite write-ahead log of Rasa's file (no-op without one, or elsewhere)."""
        engine = self._connect()
        return True if engine is None else checkpoint(engine)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
