"""Erasure: DELETE (or "wis mijn gegevens" through the bot) removes the conversation from the
gateway store and its rows from Rasa's tracker store, under the conversation's lock."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from api.texts import ERASED, ERRORS
from tests.api.conftest import Conversation, Gateway, GatewayFactory
from tests.api.fakes import bot_says
from tests.api.rasa_tracker import add_events, senders


def test_delete_erases_gateway_rows_and_rasa_tracker_rows(
    gateway: Gateway, conversation: Conversation, tracker_db: Path
) -> None:
    conversation.say("mijn moeder heeft dementie")
    other = gateway.start()
    other.say("hoi")
    add_events(tracker_db, conversation.id)
    add_events(tracker_db, other.id)

    response = gateway.client.delete(conversation.url, headers=conversation.headers)

    assert response.status_code == 204
    assert response.content == b""
    assert gateway.rows("SELECT COUNT(*) FROM conversations WHERE id = ?", conversation.id) == [(0,)]
    assert gateway.rows("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation.id) == [(0,)]
    assert senders(tracker_db) == {other.id: 3}
    assert gateway.rows("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", other.id) == [(4,)]


def test_erased_conversation_is_gone_for_its_token(gateway: Gateway, conversation: Conversation) -> None:
    gateway.client.delete(conversation.url, headers=conversation.headers)
    assert conversation.send("hoi").status_code == 404
    assert gateway.client.delete(conversation.url, headers=conversation.headers).status_code == 404


def test_delete_needs_the_token(gateway: Gateway, conversation: Conversation) -> None:
    assert gateway.client.delete(conversation.url).status_code == 401
    assert (
        gateway.client.delete(conversation.url, headers={"Authorization": "Bearer nope"}).status_code == 401
    )
    assert gateway.rows("SELECT COUNT(*) FROM conversations") == [(1,)]


def test_missing_tracker_database_is_not_created(
    gateway: Gateway, conversation: Conversation, tracker_db: Path
) -> None:
    assert gateway.client.delete(conversation.url, headers=conversation.headers).status_code == 204
    assert not tracker_db.exists()


def test_unreachable_tracker_store_deletes_nothing_and_answers_503(
    make_gateway: GatewayFactory, tmp_path: Path
) -> None:
    broken = tmp_path / "not-a-database.db"
    broken.write_text("this is not sqlite")
    gateway = make_gateway(rasa_tracker_db_url=f"sqlite:///{broken}")
    conversation = gateway.start()
    response = gateway.client.delete(conversation.url, headers=conversation.headers)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "erase_failed"
    assert gateway.rows("SELECT COUNT(*) FROM conversations") == [(1,)]


def test_erase_request_from_the_bot_erases_and_confirms_in_dutch(
    gateway: Gateway, conversation: Conversation, tracker_db: Path
) -> None:
    add_events(tracker_db, conversation.id)
    gateway.rasa.reply = bot_says({"custom": {"type": "erase_request"}})
    response = conversation.send("wis mijn gegevens")
    assert response.status_code == 200
    assert response.json() == {
        "messages": [{"type": "text", "text": ERASED}],
        "state": "closed",
        "erased": True,
    }
    assert gateway.rows("SELECT COUNT(*) FROM messages") == [(0,)]
    assert senders(tracker_db) == {}


def test_failed_erase_request_says_so(make_gateway: GatewayFactory, tmp_path: Path) -> None:
    broken = tmp_path / "not-a-database.db"
    broken.write_text("this is not sqlite")
    gateway = make_gateway(rasa_tracker_db_url=f"sqlite:///{broken}")
    gateway.rasa.reply = bot_says({"custom": {"type": "erase_request"}})
    messages = gateway.start().say("wis mijn gegevens")
    assert messages == [{"type": "text", "text": ERRORS["erase_failed"]}]
    assert gateway.rows("SELECT COUNT(*) FROM conversations") == [(1,)]


def test_erasure_waits_for_the_message_being_answered(gateway: Gateway, conversation: Conversation) -> None:
    gateway.rasa.delay = 0.2
    answers: list[int] = []
    sender = threading.Thread(target=lambda: answers.append(conversation.send("lang antwoord").status_code))
    sender.start()
    while not gateway.rasa.messages:
        time.sleep(0.005)
    status = gateway.client.delete(conversation.url, headers=conversation.headers).status_code
    sender.join()
    assert (answers, status) == ([200], 204)
    assert gateway.rows("SELECT COUNT(*) FROM messages") == [(0,)]
