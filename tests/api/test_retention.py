"""Retention: conversations inactive for MW_RETENTION_DAYS are purged, with their tracker rows."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.api.conftest import Gateway, GatewayFactory
from tests.api.rasa_tracker import add_events, senders

ROOT = Path(__file__).resolve().parents[2]
DAY = 24 * 3600


def age(gateway: Gateway, conversation_id: str, days: int) -> None:
    """Pretends the conversation was last active `days` ago."""
    path = gateway.settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE conversations SET last_activity_at = datetime('now', ?) WHERE id = ?",
            (f"-{days} days", conversation_id),
        )


def test_purge_deletes_old_conversations_and_keeps_recent_ones(gateway: Gateway, tracker_db: Path) -> None:
    old, recent = gateway.start(), gateway.start()
    old.say("oud")
    add_events(tracker_db, old.id, timestamp=time.time() - 31 * DAY)
    add_events(tracker_db, recent.id)
    age(gateway, old.id, 31)

    assert gateway.client.portal is not None
    purged = gateway.client.portal.call(gateway.services.conversations.purge_inactive)

    assert purged == 1
    assert gateway.rows("SELECT id FROM conversations") == [(recent.id,)]
    assert gateway.rows("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", old.id) == [(0,)]
    assert senders(tracker_db) == {recent.id: 3}


def test_purge_removes_stale_tracker_rows_the_gateway_no_longer_knows(
    gateway: Gateway, tracker_db: Path
) -> None:
    add_events(tracker_db, "orphan", timestamp=time.time() - 40 * DAY)
    add_events(tracker_db, "active-elsewhere")
    assert gateway.client.portal is not None
    gateway.client.portal.call(gateway.services.conversations.purge_inactive)
    assert senders(tracker_db) == {"active-elsewhere": 3}


def test_conversation_just_inside_retention_is_kept(gateway: Gateway) -> None:
    conversation = gateway.start()
    age(gateway, conversation.id, 29)
    assert gateway.client.portal is not None
    assert gateway.client.portal.call(gateway.services.conversations.purge_inactive) == 0


def test_purge_runs_at_startup(make_gateway: GatewayFactory, database_url: str) -> None:
    first = make_gateway()
    conversation = first.start()
    age(first, conversation.id, 31)
    second = make_gateway(purge_on_startup=True)
    for _ in range(100):
        if second.rows("SELECT COUNT(*) FROM conversations") == [(0,)]:
            break
        time.sleep(0.02)
    assert second.rows("SELECT COUNT(*) FROM conversations") == [(0,)]


@pytest.mark.parametrize("days", [30, 10])
def test_maintenance_command_purges(gateway: Gateway, tracker_db: Path, days: int) -> None:
    conversation = gateway.start()
    add_events(tracker_db, conversation.id, timestamp=time.time() - 20 * DAY)
    age(gateway, conversation.id, 20)
    env = {
        "MW_DATABASE_URL": gateway.settings.database_url,
        "MW_RASA_TRACKER_DB_URL": gateway.settings.rasa_tracker_db_url,
        "MW_RETENTION_DAYS": str(days),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "api.maintenance", "purge"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    expected = 0 if days == 30 else 1
    assert json.loads(result.stdout) == {"purged_conversations": expected, "retention_days": days}
    assert gateway.rows("SELECT COUNT(*) FROM conversations") == [(1 - expected,)]
    assert senders(tracker_db) == ({} if expected else {conversation.id: 3})


def test_maintenance_command_rejects_unknown_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "api.maintenance", "everything"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr
