"""Desk logins against a person's chat: how long a person's message takes while 40 agents sign in
at the same time, with password hashing in the chat's thread pool (as before) and in its own small
pool (now), measured in the same run.

Runs the real gateway in this process (uvicorn on a free port, SQLite in a temporary folder, a fake
Rasa that answers at once), makes LOGINS agent accounts, and for each mode:

- quiet: the person's messages with nobody signing in;
- busy: the same while LOGINS clients sign in over and over (each a real Argon2id check).

"shared" puts the hashing back in the pool that serves the chat (anyio's default worker threads,
what `api.threads.in_thread` uses); "own" is the gateway as it is (`HashingPool`: MW_DESK_HASH_WORKERS
threads, MW_DESK_HASH_QUEUE waiting, the rest answered 503 at once). Prints figures only.

    .venv/bin/python bench/desk_logins.py [--logins 40] [--messages 30]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.container import Overrides
from api.desk.accounts import AccountStore
from api.desk.hours import parse_hours
from api.desk.passwords import HashingPool, hash_password
from api.main import create_app
from api.settings import Settings
from api.store.db import make_engine
from api.store.migrate import upgrade
from api.threads import in_thread

TENANT = "bench-desk"
PASSWORD = "bench-wachtwoord-123"
RASA = "http://rasa.bench:5005"
T = TypeVar("T")


class SharedPool(HashingPool):
    """Before: hashing in the chat's own worker threads, without a bound (the gateway's pool with
    only `run` and `close` replaced)."""

    def __init__(self) -> None:  # no threads and no bound of its own
        pass

    @property
    def full(self) -> bool:
        return False

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        return await in_thread(fn, *args)

    def close(self) -> None:
        pass


def _fake_rasa(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/webhooks/gateway/webhook"):
        return httpx.Response(200, json=[{"recipient_id": "x", "text": "Dank je. Vertel verder."}])
    return httpx.Response(200, json={})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _message_times(client: httpx.AsyncClient, conversation: dict[str, Any], count: int) -> list[float]:
    url = f"/api/v1/conversations/{conversation['conversation_id']}/messages"
    headers = {"Authorization": f"Bearer {conversation['token']}"}
    times = []
    for n in range(count):
        started = time.perf_counter()
        response = await client.post(
            url, json={"text": f"bericht {n}", "client_message_id": str(uuid.uuid4())}, headers=headers
        )
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
        await asyncio.sleep(0.05)
    return times


async def _sign_in_loop(
    client: httpx.AsyncClient, email: str, stop: asyncio.Event, outcomes: Counter[int]
) -> None:
    while not stop.is_set():
        response = await client.post("/desk/api/login", json={"email": email, "password": PASSWORD})
        outcomes[response.status_code] += 1
        if response.status_code == 503:
            await asyncio.sleep(1.0)  # "try again in a few seconds" (Retry-After: 2), a little impatient


async def _mode(
    client: httpx.AsyncClient, app: Any, name: str, logins: int, messages: int
) -> tuple[list[float], list[float], Counter[int]]:
    desk = app.state.services.desk
    own = desk.hashing
    if name == "shared":
        desk.hashing = SharedPool()
    try:
        started = await client.post("/api/v1/conversations")
        conversation = started.json()
        quiet = await _message_times(client, conversation, messages)
        stop = asyncio.Event()
        outcomes: Counter[int] = Counter()
        loops = [
            asyncio.create_task(_sign_in_loop(client, f"agent{n}@bench.nl", stop, outcomes))
            for n in range(logins)
        ]
        await asyncio.sleep(0.5)  # the logins are under way
        busy = await _message_times(client, conversation, messages)
        stop.set()
        await asyncio.gather(*loops)
        return quiet, busy, outcomes
    finally:
        desk.hashing = own


def _figures(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms"


async def main(logins: int, messages: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="mw-bench-logins-"))
    database_url = f"sqlite:///{folder / 'gateway.db'}"
    engine = make_engine(database_url)
    upgrade(engine)
    accounts = AccountStore(engine)
    accounts.create_tenant(TENANT, "Bench", "Europe/Amsterdam", parse_hours("altijd"))
    hashed = hash_password(PASSWORD)
    for n in range(logins):
        accounts.create_agent(TENANT, f"agent{n}@bench.nl", f"Agent {n}", "agent", hashed)
    engine.dispose()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=database_url,
        rasa_url=(RASA,),
        rasa_secret="bench",
        rasa_tracker_db_url="",
        desk_enabled=True,
        desk_default_tenant=TENANT,
        rate_limit_enabled=False,
        desk_login_free_failures=1000,
        desk_login_address_free_failures=100000,
        purge_on_startup=False,
        purge_interval_hours=0,
        log_level="WARNING",
    )
    app = create_app(settings, Overrides(rasa_transport=httpx.MockTransport(_fake_rasa)))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", access_log=False, timeout_keep_alive=60
        )
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    limits = httpx.Limits(max_connections=logins + 10)
    results = {}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=120) as client:
        for name in ("shared", "own"):
            results[name] = await _mode(client, app, name, logins, messages)
    server.should_exit = True
    await serving

    print(f"{logins} agents signing in over and over; {messages} messages of one person per phase")
    print(f"hashing: own pool of {settings.desk_hash_workers} threads, {settings.desk_hash_queue} waiting")
    for name, (quiet, busy, outcomes) in results.items():
        label = "before (chat's pool)" if name == "shared" else "now (own pool)      "
        print(f"{label}  quiet: {_figures(quiet)}")
        print(f"{label}  busy:  {_figures(busy)}   logins: {dict(sorted(outcomes.items()))}")
    shared_busy = statistics.median(results["shared"][1])
    own_busy = statistics.median(results["own"][1])
    print(f"person's median latency while signing in, before / now: {shared_busy / own_busy:.1f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--logins", type=int, default=40)
    parser.add_argument("--messages", type=int, default=30)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.logins, arguments.messages))
