"""Login backoff instead of a lock-out: per account and per client address, stored (as keyed
hashes) in the database so replicas agree; a right password waits too, but never for longer than
the cap, and a success resets the account."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from api.desk.backoff import BackoffRule
from api.desk.errors import DeskError
from api.store.records import utcnow
from tests.api.conftest import GatewayFactory
from tests.api.desk.conftest import PASSWORD, Desk, DeskFactory

WRONG = "fout-wachtwoord-123"


class Clock:
    """The backoff's clock, standing still until a test moves it (no sleeping in tests)."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def make_desk(make_desk: DeskFactory) -> DeskFactory:
    """The desk with its login backoff on a clock that stands still."""

    def build(**settings: Any) -> Desk:
        desk = make_desk(**settings)
        desk.service.backoff.clock = Clock()
        return desk

    return build


@pytest.fixture
def desk(make_desk: DeskFactory) -> Desk:
    return make_desk()


def _fail(desk: Desk, email: str, times: int) -> list[int]:
    client = desk.gateway.client
    return [
        client.post("/desk/api/login", json={"email": email, "password": WRONG}).status_code
        for _ in range(times)
    ]


def _time_passes(desk: Desk, seconds: float) -> None:
    clock = desk.service.backoff.clock
    assert isinstance(clock, Clock)
    clock.now += timedelta(seconds=seconds)


def _login_from(desk: Desk, email: str, password: str, address: str) -> int:
    """A login from another client address (the service's own entry; the route reads the address)."""

    async def attempt() -> int:
        try:
            await desk.service.login(email, password, address)
        except DeskError as error:
            return error.status
        return 200

    status: int = desk.run(attempt)
    return status


def test_after_five_failures_even_the_right_password_waits_a_second(desk: Desk) -> None:
    anna = desk.add_agent("anna@a.nl")
    assert _fail(desk, anna.email, 5) == [401] * 5
    refused = anna.login()
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert refused.json()["error"] == {
        "code": "login_rate_limited",
        "message": "Het inloggen is te vaak mislukt. Wacht 1 seconde en probeer het dan opnieuw.",
    }


def test_the_wait_doubles_with_every_failure_up_to_the_cap(make_desk: DeskFactory) -> None:
    desk = make_desk(desk_login_free_failures=1, desk_login_backoff_max_seconds=8)
    desk.add_agent("anna@a.nl")
    waits = []
    for _ in range(6):
        assert _fail(desk, "anna@a.nl", 1) == [401]
        refused = desk.gateway.client.post("/desk/api/login", json={"email": "anna@a.nl", "password": WRONG})
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        _time_passes(desk, waits[-1])
    assert waits == [1, 2, 4, 8, 8, 8]


def test_minutes_are_said_in_minutes(make_desk: DeskFactory) -> None:
    desk = make_desk(desk_login_free_failures=1)
    desk.add_agent("anna@a.nl")
    for _ in range(9):  # waits 1, 2, 4, ... 256 s
        _fail(desk, "anna@a.nl", 1)
        _time_passes(desk, 300)
    _fail(desk, "anna@a.nl", 1)
    refused = desk.gateway.client.post("/desk/api/login", json={"email": "anna@a.nl", "password": PASSWORD})
    assert refused.headers["Retry-After"] == "300"
    assert "Wacht 5 minuten" in refused.json()["error"]["message"]


def test_after_the_wait_the_right_password_works_and_resets_the_account(desk: Desk) -> None:
    anna = desk.add_agent("anna@a.nl")
    _fail(desk, anna.email, 7)  # the 6th and 7th are refused already
    _time_passes(desk, 2)
    assert anna.login().status_code == 200
    assert _fail(desk, anna.email, 5) == [401] * 5  # counting from zero again


def test_an_account_is_never_locked_for_longer_than_the_cap(make_desk: DeskFactory) -> None:
    desk = make_desk(desk_login_backoff_max_seconds=60)
    anna = desk.add_agent("anna@a.nl")
    for _ in range(30):  # an attacker who keeps trying, as soon as the wait is over
        assert _fail(desk, anna.email, 1) == [401]
        _time_passes(desk, 60)
    _fail(desk, anna.email, 1)
    refused = anna.login()
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) <= 60
    _time_passes(desk, 60)
    assert anna.login().status_code == 200


def test_an_unknown_address_backs_off_like_a_known_one(desk: Desk) -> None:
    assert _fail(desk, "niemand@a.nl", 6) == [401] * 5 + [429]


def test_one_client_address_trying_many_accounts_backs_off(make_desk: DeskFactory) -> None:
    desk = make_desk(desk_login_address_free_failures=3)
    desk.add_agent("anna@a.nl")
    for email in ("a@a.nl", "b@a.nl", "c@a.nl"):
        assert _login_from(desk, email, WRONG, "192.0.2.7") == 401
    assert _login_from(desk, "anna@a.nl", PASSWORD, "192.0.2.7") == 429
    assert _login_from(desk, "anna@a.nl", PASSWORD, "192.0.2.8") == 200  # another address may


def test_a_success_does_not_count_as_a_failure_of_its_address(make_desk: DeskFactory) -> None:
    desk = make_desk(desk_login_address_free_failures=3)
    desk.add_agent("anna@a.nl")
    for email in ("a@a.nl", "b@a.nl"):
        assert _login_from(desk, email, WRONG, "192.0.2.7") == 401
    for _ in range(3):
        assert _login_from(desk, "anna@a.nl", PASSWORD, "192.0.2.7") == 200
    assert _login_from(desk, "c@a.nl", WRONG, "192.0.2.7") == 401  # the third failure, no wait yet
    assert _login_from(desk, "d@a.nl", WRONG, "192.0.2.7") == 429


def test_only_keyed_hashes_are_stored(make_desk: DeskFactory) -> None:
    desk = make_desk(desk_address_key="een-geheime-sleutel")
    _fail(desk, "Anna@A.nl", 2)
    rows = desk.gateway.rows("SELECT key, failures FROM login_failures ORDER BY failures")
    stored = str(desk.gateway.rows("SELECT * FROM login_failures"))
    assert "anna" not in stored.lower() and "testclient" not in stored
    expected = {
        hmac.new(b"een-geheime-sleutel", value.encode(), hashlib.sha256).hexdigest()
        for value in ("account:anna@a.nl", "address:testclient")
    }
    assert {key for key, _ in rows} == expected
    assert desk.gateway.rows("SELECT count(*) FROM desk_keys") == [(0,)]  # the given key is not stored


def test_without_a_configured_key_one_random_key_is_kept_in_the_database(desk: Desk) -> None:
    _fail(desk, "anna@a.nl", 1)
    [(key,)] = desk.gateway.rows("SELECT key FROM desk_keys")
    account = hmac.new(key.encode(), b"account:anna@a.nl", hashlib.sha256).hexdigest()
    assert desk.gateway.rows("SELECT failures FROM login_failures WHERE key = ?", account) == [(1,)]


def test_replicas_share_the_counts(desk: Desk, make_gateway: GatewayFactory) -> None:
    anna = desk.add_agent("anna@a.nl")
    other = make_gateway(desk_enabled=True, rate_limit_enabled=False)  # a second replica, same database
    assert other.services.desk is not None
    other.services.desk.backoff.clock = desk.service.backoff.clock
    assert _fail(desk, anna.email, 5) == [401] * 5
    refused = other.client.post("/desk/api/login", json={"email": anna.email, "password": PASSWORD})
    assert refused.status_code == 429


def test_parallel_guesses_cannot_slip_past_the_count(desk: Desk) -> None:
    desk.add_agent("anna@a.nl")
    app: Any = desk.gateway.client.app

    async def burst() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            answers = await asyncio.gather(
                *(
                    client.post("/desk/api/login", json={"email": "anna@a.nl", "password": WRONG})
                    for _ in range(10)
                )
            )
        return [answer.status_code for answer in answers]

    statuses: list[int] = desk.run(burst)
    assert statuses.count(401) <= 5  # no more passwords were checked than the free failures
    assert statuses.count(401) + statuses.count(429) == 10


def test_the_rule_doubles_from_one_second() -> None:
    rule = BackoffRule(free_failures=5, max_seconds=300)
    assert [rule.wait_after(n) for n in (0, 4, 5, 6, 7, 13, 14, 100)] == [0, 0, 1, 2, 4, 256, 300, 300]
