"""Two gateway replicas (two apps) on one PostgreSQL and one Redis: a message is answered once,
messages of one conversation take turns across replicas, and the rate limits count together."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as redis

from api.container import Overrides
from api.locks import RedisLocks
from api.main import create_app
from tests.api.conftest import TestClient, make_settings
from tests.api.fakes import FakeRasa, fake_crisis
from tests.api.redis_server import RedisServer, running_redis

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    with running_redis() as server:
        yield server


class Replicas:
    def __init__(self, database_url: str, redis_url: str, tmp_path: Path, **settings: Any) -> None:
        self.rasa = FakeRasa()
        self.clients: list[TestClient] = []
        for _ in range(2):
            config = make_settings(database_url, tmp_path / "tracker.db", event_bus_url=redis_url, **settings)
            app = create_app(config, Overrides(rasa_transport=self.rasa.transport(), crisis=fake_crisis))
            client = TestClient(app)
            client.__enter__()
            self.clients.append(client)

    def close(self) -> None:
        for client in self.clients:
            client.__exit__(None, None, None)

    def start(self) -> tuple[str, dict[str, str]]:
        started = self.clients[0].post("/api/v1/conversations").json()
        return f"/api/v1/conversations/{started['conversation_id']}", {
            "Authorization": f"Bearer {started['token']}"
        }

    def at_once(self, calls: list[tuple[int, str, dict[str, str], dict[str, Any]]]) -> list[Any]:
        """POSTs (replica, url, headers, body) all at the same moment, one thread each."""
        barrier = threading.Barrier(len(calls))
        results: list[Any] = [None] * len(calls)

        def post(n: int) -> None:
            replica, url, headers, body = calls[n]
            barrier.wait()
            results[n] = self.clients[replica].post(url, json=body, headers=headers)

        threads = [threading.Thread(target=post, args=(n,)) for n in range(len(calls))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results


@pytest.fixture
def make_replicas(postgres_database_url: str, redis_server: RedisServer, tmp_path: Path) -> Iterator[Any]:
    made: list[Replicas] = []

    def build(**settings: Any) -> Replicas:
        replicas = Replicas(postgres_database_url, redis_server.url, tmp_path, **settings)
        made.append(replicas)
        return replicas

    yield build
    for replicas in made:
        replicas.close()


def test_same_client_message_id_on_both_replicas_reaches_rasa_once(make_replicas: Any) -> None:
    replicas = make_replicas(rate_limit_enabled=False)
    replicas.rasa.delay = 0.2
    url, headers = replicas.start()
    body = {"text": "hallo", "client_message_id": "dubbel-1"}

    first, second = replicas.at_once(
        [(0, f"{url}/messages", headers, body), (1, f"{url}/messages", headers, body)]
    )

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert replicas.rasa.texts_sent() == ["hallo"]
    transcript = replicas.clients[1].get(f"{url}/messages", headers=headers).json()["messages"]
    assert [m["sender"] for m in transcript] == ["system", "system", "user", "bot"]


def test_twenty_concurrent_messages_are_all_stored_in_order(make_replicas: Any) -> None:
    replicas = make_replicas(rate_limit_enabled=False)
    replicas.rasa.delay = 0.01
    url, headers = replicas.start()
    calls = [
        (n % 2, f"{url}/messages", headers, {"text": f"bericht {n}", "client_message_id": str(uuid.uuid4())})
        for n in range(20)
    ]

    responses = replicas.at_once(calls)

    assert [response.status_code for response in responses] == [200] * 20
    assert replicas.rasa.max_in_flight == 1  # one turn of the conversation at a time
    transcript = replicas.clients[0].get(f"{url}/messages", headers=headers).json()["messages"][2:]
    said = [m["message"]["text"] for m in transcript if m["sender"] == "user"]
    assert sorted(said) == sorted(f"bericht {n}" for n in range(20))
    assert said == replicas.rasa.texts_sent()  # stored in the order Rasa got them
    # every message directly followed by its own answer
    assert [m["message"]["text"] for m in transcript] == [t for text in said for t in (text, f"echo: {text}")]


def test_rate_limits_count_across_replicas(make_replicas: Any) -> None:
    replicas = make_replicas(rate_messages_per_conversation_per_minute=3)
    url, headers = replicas.start()
    statuses = [
        replicas.clients[n % 2]
        .post(f"{url}/messages", json={"text": f"b{n}", "client_message_id": f"c{n}"}, headers=headers)
        .status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_redis_locks_of_two_processes_take_turns(redis_server: RedisServer) -> None:
    clients = [redis.Redis.from_url(redis_server.url) for _ in range(2)]
    locks = [RedisLocks(client, lease=2) for client in clients]
    inside = peak = 0

    async def work(n: int) -> None:
        nonlocal inside, peak
        async with locks[n % 2].hold("gesprek"):
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(0.01)
            inside -= 1

    await asyncio.gather(*(work(n) for n in range(10)))
    assert peak == 1
    assert len(locks[0]) == len(locks[1]) == 0
    for client in clients:
        await client.aclose()
