"""Erasure for good: after DELETE (or a retention purge) the text is in no file under var/ —
not in the database, its write-ahead log or shared memory, not in Rasa's tracker file — also
when Rasa finishes its turn after the gateway gave up and then writes the tracker back."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from api.container import Overrides
from api.main import create_app
from api.texts import ASSISTANT_DOWN
from tests.api.conftest import Gateway, GatewayFactory, TestClient, make_settings
from tests.api.fakes import LateTurnRasa, fake_crisis
from tests.api.rasa_tracker import files_containing, save_tracker, senders
from tests.api.test_retention import age

SECRET_TEXT = "mijn-moeder-heeft-geheim-7Q4X"


def wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def var_folder(gateway: Gateway) -> Path:
    return Path(gateway.settings.database_url.removeprefix("sqlite:///")).parent


@pytest.fixture
def late_rasa(tracker_db: Path) -> LateTurnRasa:
    return LateTurnRasa(save=lambda body: save_tracker(tracker_db, body["sender"], body["message"]))


@pytest.fixture
def fake_rasa(late_rasa: LateTurnRasa) -> LateTurnRasa:  # the gateways below talk to it
    return late_rasa


def test_text_is_in_no_file_under_var_after_delete(make_gateway: GatewayFactory, tracker_db: Path) -> None:
    gateway = make_gateway()
    gateway.rasa.turn_seconds = 0  # type: ignore[attr-defined]
    conversation = gateway.start()
    conversation.say(SECRET_TEXT)
    wait_until(lambda: conversation.id in gateway.rasa.saved)  # type: ignore[attr-defined]
    other = gateway.start()
    other.say("iets anders")
    assert files_containing(var_folder(gateway), SECRET_TEXT)  # it was written (WAL or database)

    assert gateway.client.delete(conversation.url, headers=conversation.headers).status_code == 204

    assert files_containing(var_folder(gateway), SECRET_TEXT) == []
    assert var_folder(gateway).joinpath("gateway.db-wal").stat().st_size == 0
    assert senders(tracker_db) == {other.id: 2}


def test_late_rasa_turn_is_waited_for_before_deleting(make_gateway: GatewayFactory, tracker_db: Path) -> None:
    gateway = make_gateway()
    rasa: LateTurnRasa = gateway.rasa  # type: ignore[assignment]
    rasa.held = True
    conversation = gateway.start()
    assert conversation.say(SECRET_TEXT)[-1]["text"] == ASSISTANT_DOWN  # the gateway gave up
    assert rasa.saved == []  # Rasa is still busy with it

    assert gateway.client.delete(conversation.url, headers=conversation.headers).status_code == 204

    assert rasa.waits == 1 and rasa.saved == [conversation.id]  # the delete came after Rasa's write
    assert files_containing(var_folder(gateway), SECRET_TEXT) == []
    assert senders(tracker_db) == {}


def test_late_write_after_erasure_is_deleted_again(make_gateway: GatewayFactory, tracker_db: Path) -> None:
    """Rasa's HTTP API cannot be used to wait (down, or no token): the tombstone's sweep deletes
    the rows the late turn wrote back."""
    gateway = make_gateway(erasure_sweep_seconds=0.05)
    rasa: LateTurnRasa = gateway.rasa  # type: ignore[assignment]
    rasa.api_up = False
    rasa.held = True
    conversation = gateway.start()
    conversation.say(SECRET_TEXT)

    assert gateway.client.delete(conversation.url, headers=conversation.headers).status_code == 204
    assert rasa.saved == []  # erased before Rasa's turn ended
    rasa.finish()
    wait_until(lambda: rasa.saved == [conversation.id])

    wait_until(lambda: files_containing(var_folder(gateway), SECRET_TEXT) == [])
    assert senders(tracker_db) == {}
    assert gateway.rows("SELECT conversation_id FROM erasures") == [(conversation.id,)]


def test_tombstones_are_forgotten_after_the_recheck_time(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(erasure_sweep_seconds=0.05, erasure_recheck_minutes=0.002)
    gateway.rasa.turn_seconds = 0  # type: ignore[attr-defined]
    conversation = gateway.start()
    gateway.client.delete(conversation.url, headers=conversation.headers)
    wait_until(lambda: gateway.rows("SELECT COUNT(*) FROM erasures") == [(0,)])


def test_retention_purge_leaves_no_text_in_any_file(make_gateway: GatewayFactory, tracker_db: Path) -> None:
    gateway = make_gateway()
    gateway.rasa.turn_seconds = 0  # type: ignore[attr-defined]
    old = gateway.start()
    old.say(SECRET_TEXT)
    wait_until(lambda: old.id in gateway.rasa.saved)  # type: ignore[attr-defined]
    age(gateway, old.id, 31)
    assert gateway.client.portal is not None

    assert gateway.client.portal.call(gateway.services.conversations.purge_inactive) == 1

    assert files_containing(var_folder(gateway), SECRET_TEXT) == []
    assert senders(tracker_db) == {}


@pytest.mark.postgres
def test_erasure_on_postgresql_deletes_the_gateway_rows(postgres_database_url: str, tmp_path: Path) -> None:
    tracker_db = tmp_path / "var" / "rasa-tracker.db"
    rasa = LateTurnRasa(save=lambda body: save_tracker(tracker_db, body["sender"], body["message"]))
    settings = make_settings(postgres_database_url, tracker_db)
    app = create_app(settings, Overrides(rasa_transport=rasa.transport(), crisis=fake_crisis))
    with TestClient(app) as client:
        started = client.post("/api/v1/conversations").json()
        url = f"/api/v1/conversations/{started['conversation_id']}"
        headers = {"Authorization": f"Bearer {started['token']}"}
        body: dict[str, Any] = {"text": SECRET_TEXT, "client_message_id": "m1"}
        assert client.post(f"{url}/messages", json=body, headers=headers).status_code == 200
        assert client.delete(url, headers=headers).status_code == 204
        assert rasa.saved == [started["conversation_id"]]

    with psycopg.connect(postgres_database_url.replace("postgresql+psycopg://", "postgresql://")) as db:
        found = db.execute(
            "SELECT (SELECT COUNT(*) FROM conversations), (SELECT COUNT(*) FROM messages),"
            " (SELECT COUNT(*) FROM messages WHERE text LIKE %s OR payload::text LIKE %s),"
            " (SELECT COUNT(*) FROM erasures WHERE conversation_id = %s)",
            (f"%{SECRET_TEXT}%", f"%{SECRET_TEXT}%", started["conversation_id"]),
        ).fetchone()
    assert found == (0, 0, 0, 1)
    assert files_containing(tracker_db.parent, SECRET_TEXT) == []
