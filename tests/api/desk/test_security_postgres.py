"""Desk security on a real PostgreSQL: the login backoff's counts under parallel attempts (row
locks), visibility after a handback, and where a crisis flag came from (JSON lookups)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.api.desk.conftest import AgentClient, Desk
from tests.api.desk.test_visibility import _handed_back, _minutes_pass, _texts

pytestmark = pytest.mark.postgres

WRONG = "fout-wachtwoord-123"


@pytest.fixture
def database_url(postgres_database_url: str) -> str:
    return postgres_database_url


def test_login_backoff_on_postgresql(desk: Desk) -> None:
    anna = desk.add_agent("anna@a.nl")
    app: Any = desk.gateway.client.app

    async def burst() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            answers = await asyncio.gather(
                *(
                    client.post("/desk/api/login", json={"email": anna.email, "password": WRONG})
                    for _ in range(10)
                )
            )
        return [answer.status_code for answer in answers]

    statuses: list[int] = desk.run(burst)
    assert statuses.count(401) <= 5 and statuses.count(401) + statuses.count(429) == 10
    assert anna.login().status_code == 429  # the right password waits too


def test_visibility_on_postgresql(desk: Desk, anna: AgentClient) -> None:
    person = _handed_back(desk, anna)
    person.send("binnen het venster")
    assert "binnen het venster" in _texts(anna.view(person).json())
    _minutes_pass(desk, person, 20)
    assert anna.view(person).status_code == 404
    person.send("na het venster")
    person.send("ik wil weer een mens spreken")
    texts = _texts(anna.view(person).json())
    assert "binnen het venster" in texts and "na het venster" not in texts


def test_crisis_source_on_postgresql(desk: Desk, anna: AgentClient) -> None:
    person = desk.gateway.start(tenant="gemeente-a")
    person.say("dit is een noodgeval")
    person.say("ik wil een mens spreken")
    [item] = anna.get("/queue").json()["conversations"]
    assert item["crisis_source"] == "keywords"
