"""What the gateway records for the figures: one anonymous row per conversation, from the overview's
`insight` key (stripped before anything is stored or sent), the handoff and the claim; the person's
erasure deletes it, the retention purge keeps it without a way back to the conversation."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import timedelta

from api.insights.store import InsightStore, month_of
from api.insights.tables import INSIGHTS
from api.store.records import utcnow
from tests.api.conftest import Gateway
from tests.api.desk.conftest import AgentClient, Desk
from tests.api.insights.conftest import OVERVIEW_TEXT, link_count, rows, shown_overview, with_bot
from tests.api.test_retention import age


def test_an_overview_is_counted_with_needs_burden_municipality_and_kinds(gateway: Gateway) -> None:
    with_bot(gateway)
    conversation = gateway.start()
    shown_overview(conversation)
    [row] = rows(gateway.services.store.engine)
    assert row["needs"] == ["leave", "respite"] and row["burden"] == "moderate"
    assert row["municipality"] == "GM0153" and row["tenant"] is None
    assert row["kinds"] == ["kortdurend-zorgverlof", "mantelzorglijn"]
    assert row["month"] == month_of(utcnow()) and row["asked_for_person"] is False
    assert row["waited_minutes"] is None


def test_the_row_holds_no_conversation_id_time_or_text() -> None:
    assert {column.name for column in INSIGHTS.columns} == {
        "key",
        "tenant",
        "municipality",
        "month",
        "needs",
        "burden",
        "kinds",
        "asked_for_person",
        "waited_minutes",
    }


def test_a_second_overview_updates_the_row_and_adds_its_kinds(gateway: Gateway) -> None:
    bot = with_bot(gateway)
    conversation = gateway.start()
    shown_overview(conversation)
    bot.insight = {"needs": ["money"], "burden": "heavy", "municipality": "GM0153"}
    bot.items = [{"id": "wmo", "kind": "wmo-loket", "title": "Wmo"}]
    shown_overview(conversation)
    [row] = rows(gateway.services.store.engine)
    assert row["needs"] == ["money"] and row["burden"] == "heavy"
    assert row["kinds"] == ["kortdurend-zorgverlof", "mantelzorglijn", "wmo-loket"]
    assert link_count(gateway.services.store.engine) == 1


def test_each_conversation_has_its_own_row(gateway: Gateway) -> None:
    with_bot(gateway)
    for _ in range(3):
        shown_overview(gateway.start())
    assert len(rows(gateway.services.store.engine)) == 3


def test_unexpected_values_are_never_recorded(gateway: Gateway) -> None:
    bot = with_bot(gateway)
    bot.insight = {
        "needs": ["leave", "mijn moeder heeft kanker"],
        "burden": "zwaar!",
        "municipality": "Enschede",
    }
    bot.items = [{"id": "x", "kind": "ik woon in de Dorpsstraat 3", "title": "x"}]
    shown_overview(gateway.start())
    [row] = rows(gateway.services.store.engine)
    assert (row["needs"], row["burden"], row["municipality"], row["kinds"]) == (["leave"], None, None, [])


def test_a_tenant_conversation_keeps_no_municipality(desk: Desk) -> None:
    with_bot(desk.gateway)
    shown_overview(desk.gateway.start(tenant="werkgever-b"))
    [row] = rows(desk.gateway.services.store.engine)
    assert row["tenant"] == "werkgever-b" and row["municipality"] is None


def test_the_insight_key_never_reaches_the_person_the_store_or_the_desk(
    desk: Desk, anna: AgentClient
) -> None:
    with_bot(desk.gateway)
    conversation = desk.gateway.start(tenant="gemeente-a")
    messages = shown_overview(conversation)
    [overview] = [m for m in messages if m["type"] == "recommendations"]
    assert overview["text"] == OVERVIEW_TEXT and "insight" not in overview
    transcript = desk.gateway.client.get(f"{conversation.url}/messages", headers=conversation.headers).json()
    assert all("insight" not in entry["message"] for entry in transcript["messages"])
    stored = desk.gateway.rows("SELECT payload FROM messages WHERE conversation_id = ?", conversation.id)
    assert stored and all("insight" not in json.loads(payload) for (payload,) in stored)
    conversation.say("ik wil een mens spreken")
    view = anna.view(conversation).json()
    assert all("insight" not in entry["message"] for entry in view["messages"])


def test_a_handoff_and_the_claim_record_the_wait(desk: Desk, anna: AgentClient) -> None:
    with_bot(desk.gateway)
    conversation = desk.gateway.start(tenant="gemeente-a")
    shown_overview(conversation)
    conversation.say("ik wil een mens spreken")
    [row] = rows(desk.gateway.services.store.engine)
    assert row["asked_for_person"] is True and row["waited_minutes"] is None
    assert anna.claim(conversation).status_code == 200
    [row] = rows(desk.gateway.services.store.engine)
    assert row["waited_minutes"] == 0


def test_asking_for_a_person_counts_even_when_nobody_can_take_it(gateway: Gateway) -> None:
    with_bot(gateway)  # no desk: the handoff is "unavailable"
    conversation = gateway.start()
    assert [m["status"] for m in conversation.say("ik wil een mens spreken") if m["type"] == "handoff"] == [
        "unavailable"
    ]
    [row] = rows(gateway.services.store.engine)
    assert row["asked_for_person"] is True and row["needs"] == [] and row["waited_minutes"] is None


def test_the_wait_is_from_entering_the_queue_to_the_first_claim(desk: Desk) -> None:
    with_bot(desk.gateway)
    conversation = desk.gateway.start(tenant="gemeente-a")
    conversation.say("ik wil een mens spreken")  # waiting: the clock runs
    store = InsightStore(desk.gateway.services.store.engine)
    record = desk.gateway.services.store.get(conversation.id)
    assert record is not None
    later = utcnow() + timedelta(minutes=12, seconds=40)
    store.record_state(replace(record, state="assigned"), now=later)
    assert rows(store.engine)[0]["waited_minutes"] == 13
    # a second claim (after going back to the queue) does not change the first wait
    store.record_state(record, now=later)
    store.record_state(replace(record, state="assigned"), now=later + timedelta(hours=1))
    assert rows(store.engine)[0]["waited_minutes"] == 13


def test_the_persons_erasure_deletes_their_row(gateway: Gateway) -> None:
    with_bot(gateway)
    kept, erased = gateway.start(), gateway.start()
    shown_overview(kept)
    shown_overview(erased)
    assert gateway.client.delete(erased.url, headers=erased.headers).status_code == 204
    engine = gateway.services.store.engine
    assert len(rows(engine)) == 1 and link_count(engine) == 1
    assert gateway.rows("SELECT conversation_id FROM insight_links") == [(kept.id,)]


def test_wis_mijn_gegevens_deletes_the_row_too(gateway: Gateway) -> None:
    with_bot(gateway)
    conversation = gateway.start()
    shown_overview(conversation)
    assert conversation.send("wis mijn gegevens").json()["erased"] is True
    assert rows(gateway.services.store.engine) == []


def test_the_retention_purge_keeps_the_row_without_its_link(gateway: Gateway) -> None:
    with_bot(gateway)
    conversation = gateway.start()
    shown_overview(conversation)
    age(gateway, conversation.id, 31)
    assert gateway.client.portal is not None
    assert gateway.client.portal.call(gateway.services.conversations.purge_inactive) == 1
    engine = gateway.services.store.engine
    assert gateway.rows("SELECT id FROM conversations") == []
    assert link_count(engine) == 0
    [row] = rows(engine)
    assert row["needs"] == ["leave", "respite"]


def test_a_broken_insight_store_never_stops_the_answer(gateway: Gateway) -> None:
    with_bot(gateway)
    path = gateway.settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE insight_links")
    messages = shown_overview(gateway.start())
    assert [m["type"] for m in messages] == ["recommendations"]
