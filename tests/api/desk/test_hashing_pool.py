"""Password hashing has its own small pool: forty logins at once neither take the threads that
serve a person's message nor pile up (beyond the pool's queue: 503 `login_busy`). Observed by
which threads ran what, never by timing."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from api.desk import passwords
from api.desk.passwords import THREAD_PREFIX, HashingBusy, HashingPool
from tests.api.desk.conftest import Desk, DeskFactory


class Held:
    """Stands in for argon2: notes the thread it ran on and holds it until released."""

    def __init__(self) -> None:
        self.threads: list[str] = []
        self.release = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, *args: Any) -> bool:
        with self._lock:
            self.threads.append(threading.current_thread().name)
        assert self.release.wait(30), "never released"
        return False

    @property
    def running(self) -> int:
        with self._lock:
            return len(self.threads)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Held:
    hold = Held()
    monkeypatch.setattr(passwords, "verify_password", hold)
    monkeypatch.setattr(passwords, "spend_verify_time", hold)
    return hold


def test_a_login_is_hashed_on_the_pools_own_threads(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    real = passwords.verify_password

    def noted(password_hash: str, password: str) -> bool:
        threads.append(threading.current_thread().name)
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", noted)
    anna = desk.add_agent("anna@a.nl")
    assert anna.login().status_code == 200
    assert len(threads) == 1 and threads[0].startswith(THREAD_PREFIX)


def test_a_persons_message_is_answered_while_forty_logins_hash(
    make_desk: DeskFactory, held: Held, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_desk(desk_hash_workers=2, desk_hash_queue=8, desk_login_address_free_failures=100)
    person = desk.gateway.start()
    store = desk.gateway.services.store
    message_threads: list[str] = []
    receive = store.receive

    def noted_receive(*args: Any) -> Any:
        message_threads.append(threading.current_thread().name)
        return receive(*args)

    monkeypatch.setattr(store, "receive", noted_receive)
    app: Any = desk.gateway.client.app

    async def scenario() -> tuple[list[int], int, int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            logins = [
                asyncio.ensure_future(
                    client.post(
                        "/desk/api/login", json={"email": f"p{n}@a.nl", "password": "fout-wachtwoord-1"}
                    )
                )
                for n in range(40)
            ]
            # both hashing threads taken, 8 logins waiting for them, the other 30 answered
            while held.running < 2 or sum(login.done() for login in logins) < 30:
                await asyncio.sleep(0.01)
            answer = await client.post(
                f"{person.url}/messages",
                json={"text": "hallo", "client_message_id": str(uuid.uuid4())},
                headers=person.headers,
            )
            hashing_meanwhile = held.running
            held.release.set()
            statuses = [response.status_code for response in await asyncio.gather(*logins)]
        return statuses, answer.status_code, hashing_meanwhile

    statuses, message_status, hashing_meanwhile = desk.run(scenario)
    assert message_status == 200
    assert hashing_meanwhile == 2  # answered while both hashing threads were still held
    assert message_threads and not any(name.startswith(THREAD_PREFIX) for name in message_threads)
    assert all(name.startswith(THREAD_PREFIX) for name in held.threads)
    assert statuses.count(401) == 10  # 2 hashing + 8 waiting
    assert statuses.count(503) == 30  # the rest was refused at once


def test_beyond_the_queue_a_login_is_a_503_with_a_dutch_message(make_desk: DeskFactory, held: Held) -> None:
    desk = make_desk(desk_hash_workers=1, desk_hash_queue=0)
    app: Any = desk.gateway.client.app

    async def two_at_once() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            first = asyncio.ensure_future(
                client.post("/desk/api/login", json={"email": "a@a.nl", "password": "x"})
            )
            while held.running < 1:
                await asyncio.sleep(0.01)
            second = await client.post("/desk/api/login", json={"email": "b@a.nl", "password": "x"})
            held.release.set()
            await first
        return second

    refused: httpx.Response = desk.run(two_at_once)
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "2"
    assert refused.json()["error"] == {
        "code": "login_busy",
        "message": "Er loggen nu veel mensen tegelijk in. Probeer het over een paar seconden opnieuw.",
    }
    # a login that was never checked does not count towards the backoff
    assert desk.gateway.rows("SELECT failures FROM login_failures ORDER BY failures") == [(1,), (1,)]


async def _hold_pool(pool: HashingPool, work: Callable[[], object], times: int) -> list[str]:
    outcomes = []
    for _ in range(times):
        try:
            await pool.run(work)
            outcomes.append("done")
        except HashingBusy:
            outcomes.append("busy")
    return outcomes


def test_a_place_comes_back_when_the_work_ends() -> None:
    pool = HashingPool(workers=1, queue=0)
    try:
        assert asyncio.run(_hold_pool(pool, lambda: None, 3)) == ["done", "done", "done"]
    finally:
        pool.close()
