"""Starting conversations and exchanging messages through the public API (fake Rasa)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.main import create_app
from api.texts import ASSISTANT_DOWN, PRIVACY_NOTICE, WELCOME
from tests.api.conftest import Conversation, Gateway, TestClient
from tests.api.fakes import bot_says, time_out


def test_start_answers_201_with_id_token_and_welcome_messages(gateway: Gateway) -> None:
    response = gateway.client.post("/api/v1/conversations")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"conversation_id", "token", "messages", "tenant", "retention_days", "retention_text"}
    assert body["tenant"] is None  # the public site (an intranet's signed tenant: tests/api/tenants)
    assert len(body["token"]) >= 40
    assert [m["text"] for m in body["messages"]] == [WELCOME, PRIVACY_NOTICE.format(days=30)]
    assert gateway.rasa.messages == []


def test_start_stores_channel_and_tenant(gateway: Gateway) -> None:
    conversation = gateway.start(channel="intranet", tenant="werkgever-a")
    assert gateway.rows("SELECT channel, tenant, state FROM conversations WHERE id = ?", conversation.id) == [
        ("intranet", "werkgever-a", "bot")
    ]


def test_token_is_stored_only_as_its_hash(gateway: Gateway) -> None:
    conversation = gateway.start()
    [(token_hash,)] = gateway.rows("SELECT token_hash FROM conversations WHERE id = ?", conversation.id)
    assert conversation.token not in token_hash
    assert len(token_hash) == 64


def test_message_gets_bot_reply_with_buttons(gateway: Gateway, conversation: Conversation) -> None:
    gateway.rasa.reply = bot_says(
        {"text": "Voor wie zorg je?", "buttons": [{"title": "Mijn moeder", "payload": "/inform"}]}
    )
    response = conversation.send("hoi")
    assert response.status_code == 200
    assert response.json() == {
        "messages": [
            {
                "type": "text",
                "text": "Voor wie zorg je?",
                "buttons": [{"title": "Mijn moeder", "payload": "/inform"}],
            }
        ],
        "state": "bot",
        "erased": False,
    }


def test_rasa_gets_sender_text_and_channel_metadata(gateway: Gateway) -> None:
    conversation = gateway.start(channel="web", tenant="gemeente-x")
    conversation.say("ik zorg voor mijn vader")
    assert gateway.rasa.messages == [
        {
            "sender": conversation.id,
            "message": "ik zorg voor mijn vader",
            "metadata": {"channel": "web", "tenant": "gemeente-x"},
        }
    ]


def test_button_payload_goes_to_rasa_and_title_is_stored(
    gateway: Gateway, conversation: Conversation
) -> None:
    gateway.rasa.reply = bot_says(
        {"text": "Hoe zwaar is het?", "buttons": [{"title": "Zwaar", "payload": '/inform{"burden":"heavy"}'}]}
    )
    conversation.say("ik zorg voor mijn moeder")
    conversation.say("Zwaar", payload='/inform{"burden":"heavy"}')
    assert gateway.rasa.texts_sent() == ["ik zorg voor mijn moeder", '/inform{"burden":"heavy"}']
    stored = gateway.rows(
        "SELECT text FROM messages WHERE direction = 'in' AND conversation_id = ?", conversation.id
    )
    assert stored == [("ik zorg voor mijn moeder",), ("Zwaar",)]


def test_payload_with_empty_text_is_accepted(gateway: Gateway, conversation: Conversation) -> None:
    assert conversation.send("", payload="/affirm").status_code == 200


def test_html_is_stored_and_returned_verbatim(gateway: Gateway, conversation: Conversation) -> None:
    text = '<script>alert("x")</script><b>vet</b> & "quotes"'
    gateway.rasa.reply = bot_says({"text": text})
    response = conversation.send(text)
    assert response.json()["messages"][0]["text"] == text
    assert '<script>alert(\\"x\\")</script>' in response.text
    assert gateway.rows("SELECT text FROM messages WHERE direction = 'in'") == [(text,)]


def test_inbound_message_is_stored_before_rasa_is_called(
    gateway: Gateway, conversation: Conversation
) -> None:
    seen: list[list[tuple[str]]] = []
    gateway.rasa.on_message = lambda body: seen.append(
        gateway.rows(
            "SELECT text FROM messages WHERE direction = 'in' AND conversation_id = ?", body["sender"]
        )
    )
    conversation.say("eerst bewaren")
    assert seen == [[("eerst bewaren",)]]


def test_replies_are_stored_with_reply_to_the_inbound_message(
    gateway: Gateway, conversation: Conversation
) -> None:
    gateway.rasa.reply = bot_says({"text": "een"}, {"text": "twee"})
    conversation.say("vraag")
    [(inbound_id,)] = gateway.rows("SELECT id FROM messages WHERE direction = 'in'")
    replies = gateway.rows(
        "SELECT text, sender, reply_to FROM messages WHERE reply_to IS NOT NULL ORDER BY id"
    )
    assert replies == [("een", "bot", inbound_id), ("twee", "bot", inbound_id)]


def test_repeated_client_message_id_is_answered_once_and_stored_once(
    gateway: Gateway, conversation: Conversation
) -> None:
    first = conversation.send("hoi", client_message_id="abc-1")
    gateway.rasa.reply = bot_says({"text": "een ander antwoord"})
    second = conversation.send("hoi", client_message_id="abc-1")
    assert second.status_code == 200
    assert second.json() == first.json()
    assert len(gateway.rasa.messages) == 1
    assert gateway.rows("SELECT COUNT(*) FROM messages WHERE client_message_id = 'abc-1'") == [(1,)]


def test_same_client_message_id_in_another_conversation_is_a_new_message(gateway: Gateway) -> None:
    gateway.start().say("hoi", client_message_id="same")
    gateway.start().say("hoi", client_message_id="same")
    assert len(gateway.rasa.messages) == 2


def test_messages_of_one_conversation_reach_rasa_one_at_a_time(
    gateway: Gateway, conversation: Conversation
) -> None:
    gateway.rasa.delay = 0.05
    results: list[int] = []

    def send(n: int) -> None:
        results.append(conversation.send(f"bericht {n}").status_code)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 4
    assert gateway.rasa.max_in_flight == 1


def test_repeat_sent_while_first_is_processed_waits_and_gets_the_same_answer(
    gateway: Gateway, conversation: Conversation
) -> None:
    gateway.rasa.delay = 0.1
    answers: list[dict[str, object]] = []
    threads = [
        threading.Thread(
            target=lambda: answers.append(conversation.send("hoi", client_message_id="dup").json())
        )
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers[0] == answers[1]
    assert len(gateway.rasa.messages) == 1


def test_different_conversations_are_not_serialised(gateway: Gateway) -> None:
    gateway.rasa.delay = 0.1
    conversations = [gateway.start() for _ in range(3)]
    threads = [threading.Thread(target=c.say) for c in conversations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gateway.rasa.max_in_flight > 1


def test_rasa_unreachable_gives_dutch_notice_and_keeps_the_message(
    gateway: Gateway, conversation: Conversation
) -> None:
    gateway.rasa.rasa_up = False
    response = conversation.send("ben je daar?")
    assert response.status_code == 200
    assert response.json()["messages"] == [{"type": "text", "text": ASSISTANT_DOWN}]
    assert gateway.rows("SELECT text FROM messages WHERE direction = 'in'") == [("ben je daar?",)]


def test_connection_error_is_retried_once(gateway: Gateway, conversation: Conversation) -> None:
    gateway.rasa.connect_failures = 1
    assert conversation.say("hoi") == [{"type": "text", "text": "echo: hoi"}]


def test_second_connection_error_gives_the_notice(gateway: Gateway, conversation: Conversation) -> None:
    gateway.rasa.connect_failures = 2
    assert conversation.say("hoi") == [{"type": "text", "text": ASSISTANT_DOWN}]


def test_empty_rasa_reply_is_a_failure_not_silence(gateway: Gateway, conversation: Conversation) -> None:
    gateway.rasa.reply = lambda body: httpx.Response(200, json=[])
    assert conversation.say("hoi") == [{"type": "text", "text": ASSISTANT_DOWN}]


def test_channel_empty_reply_error_gives_the_notice(gateway: Gateway, conversation: Conversation) -> None:
    gateway.rasa.reply = lambda body: httpx.Response(502, json={"error": "empty_reply"})
    assert conversation.say("hoi") == [{"type": "text", "text": ASSISTANT_DOWN}]


def test_failed_action_gives_the_notice(gateway: Gateway, conversation: Conversation) -> None:
    gateway.rasa.reply = lambda body: httpx.Response(500, json={"error": "action_failed", "action": "x"})
    assert conversation.say("hoi") == [{"type": "text", "text": ASSISTANT_DOWN}]


def test_rasa_timeout_gives_the_notice_without_retry(gateway: Gateway, conversation: Conversation) -> None:
    gateway.rasa.reply = time_out
    assert conversation.say("hoi") == [{"type": "text", "text": ASSISTANT_DOWN}]
    assert len(gateway.rasa.messages) == 1


def test_recommendations_payload_becomes_a_recommendations_message(
    gateway: Gateway, conversation: Conversation
) -> None:
    item = {"id": "kortdurend-zorgverlof", "kind": "kortdurend-zorgverlof", "title": "Kortdurend zorgverlof"}
    gateway.rasa.reply = bot_says(
        {"custom": {"type": "recommendations", "text": "Dit past bij jou:", "items": [item]}}
    )
    assert conversation.say("wat kan ik krijgen?") == [
        {"type": "recommendations", "text": "Dit past bij jou:", "items": [item]}
    ]


def test_transcript_returns_the_conversation_without_notes(
    gateway: Gateway, conversation: Conversation
) -> None:
    conversation.say("hoi")
    gateway.client.portal.call(  # type: ignore[union-attr]
        lambda: gateway.services.conversations.add_message(
            conversation.id, "agent", {"type": "text", "text": "intern"}, note=True
        )
    )
    response = gateway.client.get(f"{conversation.url}/messages", headers=conversation.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "bot"
    assert [(m["sender"], m["message"]["text"]) for m in body["messages"]] == [
        ("system", WELCOME),
        ("system", PRIVACY_NOTICE.format(days=30)),
        ("user", "hoi"),
        ("bot", "echo: hoi"),
    ]


def test_retry_of_a_message_whose_answer_was_lost_is_answered(
    gateway: Gateway, conversation: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = gateway.services.store
    original = store.add_messages
    calls = iter([True])

    def fail_once(*args: Any, **kwargs: Any) -> Any:
        if next(calls, False):
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(store, "add_messages", fail_once)
    assert conversation.send("hoi", client_message_id="r1").status_code == 500
    retry = conversation.send("hoi", client_message_id="r1")
    assert retry.status_code == 200
    assert retry.json()["messages"] == [{"type": "text", "text": "echo: hoi"}]
    assert gateway.rows("SELECT COUNT(*) FROM messages WHERE client_message_id = 'r1'") == [(1,)]


def test_factory_reads_settings_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MW_DATABASE_URL", database_url)
    monkeypatch.setenv("MW_PURGE_ON_STARTUP", "false")
    monkeypatch.setenv("MW_RASA_SECRET", "s")
    with TestClient(create_app()) as client:
        assert client.app.state.services.settings.database_url == database_url  # type: ignore[attr-defined]
        assert client.post("/api/v1/conversations").status_code == 201


def test_the_same_bot_message_never_comes_three_times_in_a_row(
    gateway: Gateway, conversation: Conversation
) -> None:
    from api.texts import LOOP_BREAK

    same = "Geen probleem. Vertel me in je eigen woorden voor wie je zorgt."
    gateway.rasa.reply = bot_says({"text": same})
    first = [m["text"] for m in conversation.send("weet ik niet").json()["messages"]]
    second = [m["text"] for m in conversation.send("weet ik niet").json()["messages"]]
    third = conversation.send("weet ik niet").json()["messages"]
    assert first == second == [same]
    assert [m["text"] for m in third] == [LOOP_BREAK]
    assert {b["payload"] for b in third[0]["buttons"]} == {"/tell_situation", "/request_human"}
    gateway.rasa.reply = bot_says({"text": "Voor wie zorg je?"})
    fourth = [m["text"] for m in conversation.send("weet ik niet").json()["messages"]]
    assert fourth == ["Voor wie zorg je?"]


def test_two_bot_messages_taking_turns_do_not_trap_the_person(
    gateway: Gateway, conversation: Conversation
) -> None:
    from api.texts import LOOP_BREAK

    not_understood, tell_me = "Sorry, dat begreep ik niet.", "Vertel me voor wie je zorgt."
    replies = []
    for text in (not_understood, tell_me, not_understood, tell_me, not_understood):
        gateway.rasa.reply = bot_says({"text": text})
        replies += [m["text"] for m in conversation.send("mijn verhaal").json()["messages"]]

    assert replies == [not_understood, tell_me, not_understood, tell_me, LOOP_BREAK]


def test_answers_after_each_question_may_share_a_closing_line(
    gateway: Gateway, conversation: Conversation
) -> None:
    replies = []
    for answer in ("Antwoord een.", "Antwoord twee.", "Antwoord drie."):
        gateway.rasa.reply = bot_says({"text": answer}, {"text": "Wat wil je nu doen?"})
        replies += [m["text"] for m in conversation.send("een vraag").json()["messages"]]

    assert replies.count("Wat wil je nu doen?") == 3
