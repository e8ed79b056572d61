"""The gateway store on SQLite and on a real PostgreSQL (started by the tests)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from api.store import ConversationStore, NewMessage, make_engine, upgrade
from api.store.records import utcnow


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'var' / 'gateway.db'}"
    url: str = request.getfixturevalue("postgres_database_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[ConversationStore]:
    engine = make_engine(store_url)
    upgrade(engine)
    yield ConversationStore(engine)
    engine.dispose()


def user(text: str, client_message_id: str | None = None) -> NewMessage:
    return NewMessage("in", "user", {"type": "text", "text": text}, text, client_message_id)


def bot(text: str) -> NewMessage:
    return NewMessage("out", "bot", {"type": "text", "text": text}, text)


def test_migrations_create_the_tables_and_can_run_twice(store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade(engine)
    upgrade(engine)
    assert {"conversations", "messages", "alembic_version"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_conversation_round_trips(store: ConversationStore) -> None:
    created, first = store.create("c1", "hash", "web", "tenant-a", [bot("welkom")])
    loaded = store.get("c1")
    assert loaded == created
    assert (loaded.state, loaded.channel, loaded.tenant) == ("bot", "web", "tenant-a")
    assert loaded.created_at.tzinfo is not None
    assert [m.text for m in first] == ["welkom"]


def test_inbound_is_idempotent_on_client_message_id(store: ConversationStore) -> None:
    store.create("c1", "h", "web", None)
    _, first, new = store.receive("c1", user("hoi", "m1"))
    _, again, new_again = store.receive("c1", user("hoi", "m1"))
    assert (new, new_again) == (True, False)
    assert first is not None and again is not None and again.id == first.id
    assert [m.text for m in store.transcript("c1")] == ["hoi"]


def test_unique_constraint_guards_client_message_id_across_processes(store: ConversationStore) -> None:
    store.create("c1", "h", "web", None)
    store.receive("c1", user("hoi", "m1"))
    columns = "conversation_id, direction, sender, client_message_id, payload, text, created_at"
    values = "'c1', 'in', 'user', 'm1', '{}', 'x', CURRENT_TIMESTAMP"
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"), store.engine.begin() as connection:
        connection.execute(text(f"INSERT INTO messages ({columns}) VALUES ({values})"))


def test_replies_point_to_the_inbound_message_and_mark_it_handled(store: ConversationStore) -> None:
    store.create("c1", "h", "web", None)
    _, inbound, _ = store.receive("c1", user("vraag", "m1"))
    assert inbound is not None
    store.add_messages("c1", [bot("een"), bot("twee")], reply_to=inbound.id)
    assert [r.text for r in store.replies(inbound.id)] == ["een", "twee"]
    handled = store.find_by_client_id("c1", "m1")
    assert handled is not None and handled.handled_at is not None


def test_transition_is_atomic_one_winner(store: ConversationStore) -> None:
    store.create("c1", "h", "web", None)
    store.transition("c1", ["bot"], "waiting")
    winners: list[str] = []

    def claim(agent: str) -> None:
        if store.transition("c1", ["waiting"], "assigned", assignee_id=agent) is not None:
            winners.append(agent)

    threads = [threading.Thread(target=claim, args=(f"agent-{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1
    loaded = store.get("c1")
    assert loaded is not None and loaded.assignee_id == winners[0]


def test_simultaneous_transfers_from_one_holder_have_one_winner(store: ConversationStore) -> None:
    store.create("c1", "h", "web", None)
    store.transition("c1", ["bot"], "waiting")
    store.transition("c1", ["waiting"], "assigned", assignee_id="anna")
    winners: list[str] = []

    def transfer(to: str) -> None:  # each read "anna holds it" before the change
        if store.transition("c1", ["assigned"], "assigned", "anna", assignee_id=to) is not None:
            winners.append(to)

    threads = [threading.Thread(target=transfer, args=(f"agent-{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1
    loaded = store.get("c1")
    assert loaded is not None and loaded.assignee_id == winners[0]
    # anna no longer holds it: her late transfer loses
    assert store.transition("c1", ["assigned"], "assigned", "anna", assignee_id="anna") is None


def test_state_outside_the_four_is_refused_by_the_database(store: ConversationStore) -> None:
    store.create("c1", "h", "web", None)
    with pytest.raises(Exception, match=r"(?i)check|constraint"):
        store.transition("c1", ["bot"], "lost")  # type: ignore[arg-type]


def test_receive_refuses_closed_and_missing_conversations(store: ConversationStore) -> None:
    store.create("c1", "h", "web", None)
    store.transition("c1", ["bot"], "closed")
    closed, stored, _ = store.receive("c1", user("hoi", "m1"))
    assert closed is not None and closed.state == "closed" and stored is None
    assert store.receive("nope", user("hoi", "m1")) == (None, None, False)
    assert store.transcript("c1") == []


def test_notes_stay_out_of_the_default_transcript(store: ConversationStore) -> None:
    store.create("c1", "h", "web", None)
    store.add_messages(
        "c1", [NewMessage("note", "agent", {"type": "text", "text": "intern"}, "intern"), bot("hoi")]
    )
    assert [m.text for m in store.transcript("c1")] == ["hoi"]
    assert [m.text for m in store.transcript("c1", ["note"])] == ["intern"]


def test_delete_removes_conversation_and_messages(store: ConversationStore) -> None:
    store.create("c1", "h", "web", None, [bot("welkom")])
    _, inbound, _ = store.receive("c1", user("hoi", "m1"))
    assert inbound is not None
    store.add_messages("c1", [bot("antwoord")], reply_to=inbound.id)
    assert store.delete("c1")
    assert store.get("c1") is None
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM messages")).scalar() == 0
    assert not store.delete("c1")


def test_conditional_delete_keeps_an_active_conversation(store: ConversationStore) -> None:
    store.create("c1", "h", "web", None)
    assert not store.delete("c1", inactive_before=utcnow() - timedelta(days=1))
    assert store.get("c1") is not None


def test_inactive_before_lists_old_conversations(store: ConversationStore) -> None:
    store.create("c1", "h", "web", None)
    assert store.inactive_before(utcnow() + timedelta(seconds=1)) == ["c1"]
    assert store.inactive_before(utcnow() - timedelta(days=1)) == []


def test_sqlite_file_folder_is_created_and_uses_wal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'folder' / 'gateway.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
    assert (tmp_path / "new" / "folder" / "gateway.db").exists()


def test_errors_do_not_quote_what_people_wrote(store: ConversationStore) -> None:
    with pytest.raises(Exception) as caught:
        store.add_messages("no-such-conversation", [bot("geheime tekst")])
    assert "geheime tekst" not in str(caught.value)
