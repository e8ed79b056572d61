"""Resume codes (issue 17): back to one's conversation from another tab or later, and erase it
from there. Only a hash of the code is stored; wrong codes are limited per address."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from api.logs import JsonFormatter
from api.services.resume import ALPHABET, hash_code, new_code, normalise
from api.store import ConversationStore, make_engine, upgrade
from api.store.records import utcnow
from api.store.resume import MAX_TOKENS, ResumeStore
from api.texts import ERRORS
from tests.api.conftest import Conversation, Gateway, GatewayFactory

CODE = re.compile(rf"^[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}$")
RESUME = "/api/v1/conversations/resume"


def issue(conversation: Conversation) -> dict[str, str]:
    response = conversation.gateway.client.post(
        f"{conversation.url}/resume-code", headers=conversation.headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


def resumed_tab(gateway: Gateway, code: str) -> Conversation:
    """A new tab that came back with the code: the same conversation with a new token."""
    response = gateway.client.post(RESUME, json={"code": code})
    assert response.status_code == 200, response.text
    body = response.json()
    return Conversation(gateway, body["conversation_id"], body["token"], [])


# --- the code ----------------------------------------------------------------------------------------


def test_a_code_is_80_random_bits_in_four_groups_of_crockford_base32() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(CODE.match(code) for code in codes)
    assert not set("ILOU") & set("".join(codes))


def test_a_code_is_read_as_people_type_it() -> None:
    code = "7K3M-Q9XD-2HVA-8RTC"
    assert normalise(code) == "7K3MQ9XD2HVA8RTC"
    assert normalise(" 7k3m q9xd 2hva 8rtc ") == "7K3MQ9XD2HVA8RTC"
    assert normalise("OIL0-0000-0000-0000") == "0110000000000000"  # O, I, L as Crockford reads them
    assert normalise("7K3M-Q9XD-2HVA") is None  # too short
    assert normalise("7K3M-Q9XD-2HVA-8RTU") is None  # U is no Crockford character
    assert normalise("7K3M-Q9XD-2HVA-8RTC-AAAA") is None


# --- issue and resume over the API -------------------------------------------------------------------


def test_the_code_is_issued_and_only_its_hash_is_stored(gateway: Gateway, conversation: Conversation) -> None:
    issued = issue(conversation)
    assert CODE.match(issued["code"])
    left = utcnow() + timedelta(days=30) - datetime.fromisoformat(issued["expires_at"])
    assert abs(left.total_seconds()) < 60
    rows = gateway.rows("SELECT conversation_id, code_hash FROM resume_codes")
    assert rows == [(conversation.id, hash_code(issued["code"].replace("-", "")))]
    raw = b"".join(
        p.read_bytes()
        for p in Path(gateway.settings.database_url.removeprefix("sqlite:///")).parent.glob("*")
    )
    assert issued["code"].encode() not in raw and issued["code"].replace("-", "").encode() not in raw


def test_the_code_needs_the_token(gateway: Gateway, conversation: Conversation) -> None:
    assert gateway.client.post(f"{conversation.url}/resume-code").status_code == 401


def test_a_resumed_tab_reads_the_transcript_and_goes_on(gateway: Gateway, conversation: Conversation) -> None:
    conversation.say("ik zorg voor mijn moeder")
    code = issue(conversation)["code"]
    tab = resumed_tab(gateway, code.lower().replace("-", " "))
    assert tab.id == conversation.id and tab.token != conversation.token
    transcript = gateway.client.get(f"{tab.url}/messages", headers=tab.headers).json()
    assert [e["message"]["text"] for e in transcript["messages"]][-2:] == [
        "ik zorg voor mijn moeder",
        "echo: ik zorg voor mijn moeder",
    ]
    assert tab.say("en verder?") == [{"type": "text", "text": "echo: en verder?"}]
    assert conversation.say("nog iets") == [{"type": "text", "text": "echo: nog iets"}]  # the old tab too
    again = resumed_tab(gateway, code)  # the code works more than once until it expires
    assert again.token not in (tab.token, conversation.token)


def test_erasing_from_the_resumed_tab_erases_for_the_old_tab_too(
    gateway: Gateway, conversation: Conversation
) -> None:
    code = issue(conversation)["code"]
    tab = resumed_tab(gateway, code)
    assert gateway.client.delete(tab.url, headers=tab.headers).status_code == 204
    assert gateway.client.get(f"{conversation.url}/messages", headers=conversation.headers).status_code == 404
    assert gateway.client.get(f"{tab.url}/messages", headers=tab.headers).status_code == 404
    assert gateway.rows("SELECT COUNT(*) FROM resume_codes") == [(0,)]
    assert gateway.rows("SELECT COUNT(*) FROM conversation_tokens") == [(0,)]
    gone = gateway.client.post(RESUME, json={"code": code})
    assert (gone.status_code, gone.json()["error"]["code"]) == (404, "resume_code_unknown")


def test_a_new_code_replaces_the_old_one(gateway: Gateway, conversation: Conversation) -> None:
    first = issue(conversation)["code"]
    second = issue(conversation)["code"]
    assert gateway.client.post(RESUME, json={"code": first}).status_code == 404
    assert resumed_tab(gateway, second).id == conversation.id
    assert gateway.rows("SELECT COUNT(*) FROM resume_codes") == [(1,)]


def test_an_expired_code_is_unknown_and_purged(gateway: Gateway, conversation: Conversation) -> None:
    code = issue(conversation)["code"]
    with gateway.services.store.engine.begin() as connection:
        connection.execute(
            text("UPDATE resume_codes SET expires_at = :t"), {"t": utcnow() - timedelta(seconds=1)}
        )
    response = gateway.client.post(RESUME, json={"code": code})
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "resume_code_unknown", "message": ERRORS["resume_code_unknown"], "field": "code"}
    }
    assert gateway.client.portal is not None
    gateway.client.portal.call(gateway.services.conversations.purge_inactive)
    assert gateway.rows("SELECT COUNT(*) FROM resume_codes") == [(0,)]
    assert gateway.rows("SELECT COUNT(*) FROM conversations") == [(1,)]  # the conversation is still active


def test_the_retention_purge_takes_the_code_with_the_conversation(
    gateway: Gateway, conversation: Conversation
) -> None:
    code = issue(conversation)["code"]
    resumed_tab(gateway, code)
    with gateway.services.store.engine.begin() as connection:
        connection.execute(
            text("UPDATE conversations SET last_activity_at = :t"), {"t": utcnow() - timedelta(days=31)}
        )
    assert gateway.client.portal is not None
    assert gateway.client.portal.call(gateway.services.conversations.purge_inactive) == 1
    assert gateway.rows("SELECT COUNT(*) FROM resume_codes") == [(0,)]
    assert gateway.rows("SELECT COUNT(*) FROM conversation_tokens") == [(0,)]


@pytest.mark.parametrize("body", [{"code": "ABCD-EFGH-JKMN-PQRS"}, {"code": "niet-een-code"}])
def test_wrong_codes_are_404_in_dutch(gateway: Gateway, body: dict[str, str]) -> None:
    response = gateway.client.post(RESUME, json=body)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "resume_code_unknown"
    assert "code" in response.json()["error"]["message"]


def test_a_missing_or_odd_body_is_422(gateway: Gateway) -> None:
    assert gateway.client.post(RESUME, json={}).json()["error"]["code"] == "missing_field"
    assert (
        gateway.client.post(RESUME, json={"code": "x", "token": "y"}).json()["error"]["code"]
        == "unknown_field"
    )
    assert gateway.client.post(RESUME, json={"code": "x" * 65}).status_code == 422


def test_wrong_codes_are_limited_per_address(gateway: Gateway, conversation: Conversation) -> None:
    code = issue(conversation)["code"]
    wrong = [gateway.client.post(RESUME, json={"code": "ABCD-EFGH-JKMN-PQRS"}) for _ in range(10)]
    assert {w.status_code for w in wrong} == {404}
    blocked = gateway.client.post(RESUME, json={"code": "ABCD-EFGH-JKMN-PQRT"})
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) >= 1
    assert blocked.json()["error"]["code"] == "resume_rate_limited"
    assert "verkeerde code" in blocked.json()["error"]["message"]
    # a right code from the same address (a colleague behind the office's address) still works
    assert gateway.client.post(RESUME, json={"code": code}).status_code == 200


def test_the_code_lasts_as_long_as_the_conversation_is_kept(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(retention_days=14)
    issued = issue(gateway.start())
    left = utcnow() + timedelta(days=14) - datetime.fromisoformat(issued["expires_at"])
    assert abs(left.total_seconds()) < 60


def test_right_codes_do_not_count_against_the_address(gateway: Gateway, conversation: Conversation) -> None:
    code = issue(conversation)["code"]
    for _ in range(12):
        resumed_tab(gateway, code)


def test_without_rate_limits_wrong_codes_are_not_limited(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway(rate_limit_enabled=False)
    answers = {
        gateway.client.post(RESUME, json={"code": "ABCD-EFGH-JKMN-PQRS"}).status_code for _ in range(12)
    }
    assert answers == {404}


def test_the_code_and_the_tokens_are_never_logged(
    gateway: Gateway, conversation: Conversation, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    code = issue(conversation)["code"]
    tab = resumed_tab(gateway, code)
    gateway.client.post(RESUME, json={"code": code.replace("A", "B")})
    formatter = JsonFormatter()
    everything = "\n".join(formatter.format(record) for record in caplog.records)
    for secret in (code, code.replace("-", ""), tab.token, conversation.token, conversation.id):
        assert secret not in everything
    routes = [json.loads(formatter.format(r)).get("route") for r in caplog.records if r.name == "api.request"]
    assert "/api/v1/conversations/resume" in routes


# --- the store, on SQLite and PostgreSQL --------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[ConversationStore, ResumeStore]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'var' / 'gateway.db'}"
    else:
        url = request.getfixturevalue("postgres_database_url")
    engine = make_engine(url)
    upgrade(engine)
    yield ConversationStore(engine), ResumeStore(engine)
    engine.dispose()


def test_store_keeps_one_code_finds_it_until_it_expires_and_deletes_it_with_the_conversation(
    stores: tuple[ConversationStore, ResumeStore],
) -> None:
    conversations, resume = stores
    conversations.create("c1", "h" * 64, "web", None)
    now = utcnow()
    assert resume.set_code("c1", "a" * 64, now + timedelta(days=30))
    assert resume.set_code("c1", "b" * 64, now + timedelta(days=30))  # replaces
    assert resume.find("a" * 64, now) is None
    found = resume.find("b" * 64, now)
    assert found is not None and found.conversation_id == "c1"
    assert resume.find("b" * 64, now + timedelta(days=31)) is None
    assert not resume.set_code("missing", "c" * 64, now)
    for n in range(MAX_TOKENS + 3):
        assert resume.add_token("c1", f"{n:064d}")
    assert len(resume.token_hashes("c1")) == MAX_TOKENS
    assert f"{MAX_TOKENS + 2:064d}" in resume.token_hashes("c1")  # the newest stay
    assert resume.purge_expired(now + timedelta(days=31)) == 1
    resume.set_code("c1", "d" * 64, now + timedelta(days=30))
    assert conversations.delete("c1", recheck_until=now)
    assert resume.find("d" * 64, now) is None
    assert resume.token_hashes("c1") == []
    assert not resume.add_token("c1", "e" * 64)
