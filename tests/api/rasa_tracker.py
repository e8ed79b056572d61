"""A SQLite file shaped like Rasa 3.6's SQLTrackerStore `events` table (rasa/core/tracker_store.py)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER NOT NULL PRIMARY KEY,
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT
);
CREATE INDEX IF NOT EXISTS ix_events_sender_id ON events (sender_id);
"""


def add_events(path: Path, sender_id: str, count: int = 3, timestamp: float | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.executescript(SCHEMA)
        for n in range(count):
            connection.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
                (
                    sender_id,
                    "user",
                    timestamp if timestamp is not None else time.time(),
                    f'{{"text": "{n}"}}',
                ),
            )


def senders(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id")
        return dict(rows)
