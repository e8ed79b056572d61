"""The opening-hours handoff policy: waiting with an expected time when open, the next opening
and the offer to leave a question when closed, `unavailable` when there is no desk."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from api.desk.hours import parse_hours
from api.desk.policy import OpeningHoursPolicy
from api.desk.tables import HANDOFFS
from api.services.handoff import HandoffDecision
from api.texts import HANDOFF_UNAVAILABLE
from tests.api.desk.conftest import TENANT, Desk

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY_10 = datetime(2025, 6, 2, 10, 0, tzinfo=AMS)
SATURDAY_13 = datetime(2025, 6, 7, 13, 0, tzinfo=AMS)


def decide(desk: Desk, now: datetime, tenant: str | None = TENANT) -> HandoffDecision:
    policy = OpeningHoursPolicy(desk.accounts, desk.service.queue, 5.0, clock=lambda: now)
    person = desk.gateway.start(tenant=tenant) if tenant else desk.gateway.start()
    record = desk.gateway.services.store.get(person.id)
    assert record is not None
    return desk.run(lambda: policy.decide(record, "user_request"))


def office_hours(desk: Desk) -> None:
    desk.accounts.set_hours(TENANT, parse_hours("ma-vr 09:00-17:00"))


def test_open_desk_says_who_takes_over_and_how_long_it_takes(desk: Desk) -> None:
    office_hours(desk)
    decision = decide(desk, MONDAY_10)
    assert decision.status == "waiting"
    assert decision.text == (
        "Ik zet je gesprek door naar een medewerker van Gemeente A. "
        "Het duurt ongeveer 5 minuten voordat iemand je gesprek oppakt. "
        "Je krijgt hier antwoord. Je kunt je vraag alvast typen."
    )
    assert decision.extra == {"waiting_ahead": 0, "expected_wait_minutes": 5}


def test_people_ahead_in_the_queue_are_counted_and_make_it_longer(desk: Desk) -> None:
    desk.waiting()
    desk.waiting()
    decision = decide(desk, datetime.now(AMS))
    assert "Er wachten nu 2 mensen voor je." in decision.text
    assert decision.extra["expected_wait_minutes"] == 15


def test_recent_waits_give_the_expected_time(desk: Desk) -> None:
    person = desk.waiting()
    now = datetime.now(AMS)
    with desk.accounts.engine.begin() as connection:
        for minutes in (2, 20, 21, 22):
            connection.execute(
                insert(HANDOFFS).values(
                    conversation_id=person.id,
                    tenant_id=TENANT,
                    requested_at=now - timedelta(minutes=minutes + 1),
                    claimed_at=now - timedelta(minutes=1),
                    ended_at=now,
                )
            )
    decision = decide(desk, now)
    assert decision.extra["expected_wait_minutes"] == 20
    assert "ongeveer 25 minuten" in decision.text  # rounded up to five minutes


def test_closed_desk_says_when_someone_is_there_and_offers_to_leave_a_question(desk: Desk) -> None:
    office_hours(desk)
    decision = decide(desk, SATURDAY_13)
    assert decision.status == "unavailable"
    assert decision.text == (
        "De medewerkers van Gemeente A zijn nu niet bereikbaar. Vanaf maandag om 9:00 is er weer iemand. "
        "Je kunt een vraag achterlaten. Dan nemen we contact met je op. "
        "Wil je nu iemand spreken? Bel de Mantelzorglijn: 030 760 60 55."
    )
    assert decision.extra["next_open"] == "2025-06-09T09:00:00+02:00"
    assert "Gemeente A" in decision.extra["leave_question"]["consent"]


def test_a_desk_without_hours_offers_a_question_but_no_time(desk: Desk) -> None:
    desk.accounts.set_hours(TENANT, ())
    decision = decide(desk, MONDAY_10)
    assert decision.status == "unavailable"
    assert "Vanaf" not in decision.text
    assert decision.extra["next_open"] is None


def test_a_tenant_without_a_desk_is_unavailable(desk: Desk) -> None:
    decision = decide(desk, MONDAY_10, tenant="onbekend")
    assert (decision.status, decision.text, decision.extra) == ("unavailable", HANDOFF_UNAVAILABLE, {})


def test_a_conversation_without_tenant_and_no_default_desk_is_unavailable(desk: Desk) -> None:
    assert decide(desk, MONDAY_10, tenant=None).text == HANDOFF_UNAVAILABLE


def test_a_desk_without_active_accounts_is_unavailable(desk: Desk) -> None:
    desk.accounts.set_active("team@a.nl", False)
    assert decide(desk, MONDAY_10).status == "unavailable"


def test_through_the_gateway_a_closed_desk_leaves_the_bot_in_charge(desk: Desk) -> None:
    tomorrow = ("ma", "di", "wo", "do", "vr", "za", "zo")[(datetime.now(AMS).weekday() + 1) % 7]
    desk.accounts.set_hours(TENANT, parse_hours(f"{tomorrow} 09:00-17:00"))
    person = desk.gateway.start(tenant=TENANT)
    reply = person.send("ik wil een mens spreken").json()
    assert reply["state"] == "bot"
    notice = reply["messages"][-1]
    assert notice["status"] == "unavailable"
    assert "Vanaf morgen om 9:00 is er weer iemand." in notice["text"]
    assert notice["leave_question"]["consent"].startswith("Ik vind het goed dat Gemeente A")
