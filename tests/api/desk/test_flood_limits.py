"""Fake queue flooding: limits per client address and per desk on conversations entering the
queue and on left questions. The crisis text always goes out first; only the queue entry is
refused. And the desk sees where a crisis flag came from: the gateway's word check or the bot."""

from __future__ import annotations

from typing import Any

import httpx

from api.texts import desk as texts
from tests.api.desk.conftest import (
    HANDOFF,
    OTHER_TENANT,
    TENANT,
    AgentClient,
    Desk,
    DeskFactory,
    handoff_or_echo,
)
from tests.api.fakes import CRISIS_TEXT

QUESTION = {
    "question": "Kan ik zorgverlof opnemen?",
    "contact_method": "email",
    "contact_value": "iemand@voorbeeld.nl",
    "consent": True,
}


def _limited(make_desk: DeskFactory, **settings: Any) -> Desk:
    """Rate limits on; the public site's conversations go to TENANT's desk."""
    return make_desk(rate_limit_enabled=True, desk_default_tenant=TENANT, **settings)


def _ask_for_someone(desk: Desk, tenant: str | None = None, text: str = "ik wil een mens spreken") -> Any:
    """A conversation of the public site (tenant None) or of a signed intranet asks for a person."""
    person = desk.gateway.start(tenant=tenant) if tenant else desk.gateway.start()
    reply = person.send(text)
    assert reply.status_code == 200, reply.text
    return person, reply.json()


def test_a_fourth_handoff_from_one_address_hears_no_one_can_take_it(make_desk: DeskFactory) -> None:
    desk = _limited(make_desk)
    states = [_ask_for_someone(desk)[1]["state"] for _ in range(3)]
    assert states == ["waiting"] * 3
    person, refused = _ask_for_someone(desk)
    assert refused["state"] == "bot"
    notice = refused["messages"][-1]
    assert notice["type"] == "handoff" and notice["status"] == "unavailable"
    assert notice["text"] == texts.QUEUE_FULL
    assert "Mantelzorglijn: 030 760 60 55" in notice["text"]
    assert desk.gateway.rows("SELECT state FROM conversations WHERE id = ?", person.id) == [("bot",)]
    assert len(desk.service.queue.items(TENANT)) == 3


def test_the_crisis_text_still_goes_first_when_the_queue_is_refused(make_desk: DeskFactory) -> None:
    desk = _limited(make_desk, rate_handoffs_per_address_per_10_minutes=1)
    _ask_for_someone(desk)
    _, crisis = _ask_for_someone(desk, text="het is een noodgeval")
    first, *rest = crisis["messages"]
    assert first == {"type": "crisis", "text": CRISIS_TEXT}
    assert rest[-1]["status"] == "unavailable" and rest[-1]["text"] == texts.QUEUE_FULL
    assert crisis["state"] == "bot"


def test_an_intranets_staff_behind_one_address_are_limited_per_desk_only(make_desk: DeskFactory) -> None:
    """An employer's staff share one outgoing address and its page is signed: no per-address limit."""
    desk = _limited(
        make_desk, rate_handoffs_per_address_per_10_minutes=1, rate_handoffs_per_desk_per_minute=3
    )
    states = [_ask_for_someone(desk, tenant=OTHER_TENANT)[1]["state"] for _ in range(4)]
    assert states == ["waiting", "waiting", "waiting", "bot"]


def test_a_desk_takes_a_limited_number_per_minute_from_all_addresses(make_desk: DeskFactory) -> None:
    desk = _limited(
        make_desk, rate_handoffs_per_address_per_10_minutes=100, rate_handoffs_per_desk_per_minute=2
    )
    states = [_ask_for_someone(desk)[1]["state"] for _ in range(3)]
    assert states == ["waiting", "waiting", "bot"]
    assert _ask_for_someone(desk, tenant=OTHER_TENANT)[1]["state"] == "waiting"  # each desk its own


def test_a_conversation_counts_once_however_often_it_is_asked(make_desk: DeskFactory) -> None:
    desk = _limited(make_desk, rate_handoffs_per_address_per_10_minutes=2)
    person, crisis = _ask_for_someone(desk, text="noodgeval")  # the offer asks the desk: counted once
    assert crisis["state"] == "bot"
    assert person.send("x", payload="/request_human").json()["state"] == "waiting"
    assert _ask_for_someone(desk)[1]["state"] == "waiting"
    assert _ask_for_someone(desk)[1]["state"] == "bot"


def test_the_limits_are_off_with_the_rate_limits(desk: Desk) -> None:
    states = [_ask_for_someone(desk, TENANT)[1]["state"] for _ in range(5)]
    assert states == ["waiting"] * 5


def test_too_many_left_questions_are_a_json_429(make_desk: DeskFactory) -> None:
    desk = _limited(make_desk, rate_questions_per_address_per_10_minutes=1)
    desk.accounts.set_hours(TENANT, ())
    answers = []
    for _ in range(2):
        person, told = _ask_for_someone(desk)
        assert told["messages"][-1]["status"] == "unavailable"
        answers.append(
            desk.gateway.client.post(f"{person.url}/questions", json=QUESTION, headers=person.headers)
        )
    assert answers[0].status_code == 201
    refused = answers[1]
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    error = refused.json()["error"]
    assert error["code"] == "questions_rate_limited"
    assert "Mantelzorglijn" in error["message"]
    assert desk.gateway.rows("SELECT COUNT(*) FROM left_questions") == [(1,)]


def test_a_desk_takes_a_limited_number_of_questions_per_minute(make_desk: DeskFactory) -> None:
    desk = _limited(make_desk, rate_questions_per_desk_per_minute=1)
    desk.accounts.set_hours(TENANT, ())
    desk.accounts.set_hours(OTHER_TENANT, ())
    statuses = []
    for tenant in (TENANT, TENANT, OTHER_TENANT):
        person, _ = _ask_for_someone(desk, tenant=tenant)
        answer = desk.gateway.client.post(f"{person.url}/questions", json=QUESTION, headers=person.headers)
        statuses.append(answer.status_code)
    assert statuses == [201, 429, 201]


# --- where a crisis flag came from -----------------------------------------------------------------


def test_a_crisis_found_by_the_word_check_is_marked_as_signal_words(desk: Desk, anna: AgentClient) -> None:
    person, _ = _ask_for_someone(desk, TENANT, text="noodgeval")
    person.send("x", payload="/request_human")
    [item] = anna.get("/queue").json()["conversations"]
    assert item["urgent"] is True and item["crisis_source"] == "keywords"
    assert anna.view(person).json()["crisis_source"] == "keywords"


def test_a_crisis_flagged_by_the_bot_is_marked_as_the_bots(desk: Desk, anna: AgentClient) -> None:
    def bot_sees_a_crisis(body: dict[str, Any]) -> httpx.Response:
        if body["message"] == "het gaat echt niet meer":
            crisis = {**HANDOFF["custom"], "reason": "crisis"}
            return httpx.Response(200, json=[{"recipient_id": body["sender"], "custom": crisis}])
        return handoff_or_echo(body)

    desk.gateway.rasa.reply = bot_sees_a_crisis
    person, reply = _ask_for_someone(desk, TENANT, text="het gaat echt niet meer")
    assert reply["state"] == "waiting"
    [item] = anna.get("/queue").json()["conversations"]
    assert item["urgent"] is True and item["crisis_source"] == "bot"
    assert anna.view(person).json()["crisis_source"] == "bot"


def test_an_ordinary_handoff_has_no_crisis_source(desk: Desk, anna: AgentClient) -> None:
    _ask_for_someone(desk, TENANT)
    [item] = anna.get("/queue").json()["conversations"]
    assert item["urgent"] is False and item["crisis_source"] is None
