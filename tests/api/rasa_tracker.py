"""A SQLite file shaped like Rasa 3.6's SQLTrackerStore `events` table (rasa/core/tracker_store.py)."""

from __future__ import annotations

import json
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


def save_tracker(path: Path, sender_id: str, text: str) -> None:
    """What Rasa's SQLTrackerStore does at the end of a turn: the tracker's events appended
    (with the person's text), on a connection of its own (no secure_delete)."""
    add_events(path, sender_id, count=0)
    with sqlite3.connect(path) as connection:
        for type_name, data in (("user", {"event": "user", "text": text}), ("bot", {"event": "bot"})):
            connection.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
                (sender_id, type_name, time.time(), json.dumps(data)),
            )
    connection.close()


def files_containing(folder: Path, needle: str) -> list[str]:
    """The files under `folder` whose raw bytes hold `needle` (database, -wal, -shm, -journal)."""
    raw = needle.encode()
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and raw in path.read_bytes()
    )
