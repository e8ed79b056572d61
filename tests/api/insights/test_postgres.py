"""The insight figures on a real PostgreSQL: the migration, recording (JSONB lists, the link's
foreign keys), the desk's figures, the person's erasure and the retention purge."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from api.insights.store import last_finished_month
from api.store.records import utcnow
from tests.api.desk.conftest import AgentClient, Desk
from tests.api.insights.conftest import add_rows, link_count, month_is_over, rows, shown_overview, with_bot

pytestmark = pytest.mark.postgres

HIDDEN = {"suppressed": True}


@pytest.fixture
def database_url(postgres_database_url: str) -> str:
    return postgres_database_url


def test_figures_erasure_and_retention_on_postgresql(desk: Desk, anna: AgentClient) -> None:
    with_bot(desk.gateway)
    engine = desk.gateway.services.store.engine
    people = [desk.gateway.start(tenant="gemeente-a") for _ in range(11)]
    for person in people:
        shown_overview(person)
    shown_overview(people[0])  # a second overview: still one row
    people[1].say("ik wil een mens spreken")
    assert anna.claim(people[1]).status_code == 200
    month_is_over(engine)
    add_rows(engine, 10, last_finished_month(utcnow()), "gemeente-a", burden="heavy", asked_for_person=True)
    assert len(rows(engine)) == 21 and link_count(engine) == 11

    lead = desk.agent("lead@a.nl", role="supervisor")
    view = lead.get("/insights").json()["views"][0]
    assert (
        view["conversations"] == 21 and view["needs"]["leave"] == 11 and view["kinds"]["mantelzorglijn"] == 11
    )
    # light and unknown are 0: hidden, with heavy (10), else 21 - 11 - 10 would say they are 0
    assert view["burden"] == {"light": HIDDEN, "moderate": 11, "heavy": HIDDEN, "unknown": HIDDEN}
    assert view["asked_for_person"] == {"yes": 11, "no": 10}
    assert anna.get("/insights").status_code == 403

    erased = people[2]
    assert desk.gateway.client.delete(erased.url, headers=erased.headers).status_code == 204
    assert len(rows(engine)) == 20 and link_count(engine) == 10

    with engine.begin() as connection:
        connection.execute(
            text("UPDATE conversations SET last_activity_at = now() - interval '31 days' WHERE id = :id"),
            {"id": people[3].id},
        )
    assert desk.gateway.client.portal is not None
    assert desk.gateway.client.portal.call(desk.gateway.services.conversations.purge_inactive) == 1
    assert len(rows(engine)) == 20 and link_count(engine) == 9
