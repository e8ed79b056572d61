"""Desk benchmark: how long a person's message takes to appear in an agent's browser, and the
agent's reply to reach the person, with many agents signed in and many people waiting.

Runs the real gateway in its own process (uvicorn on a free port, SQLite in a temporary folder, a fake
Rasa that hands every conversation over), signs in AGENTS agents in real Chromium (one browser
context each, every one with its own live event stream), puts WAITING conversations in the queue,
lets each agent claim one through the desk UI, and then, round by round and agent by agent:

- person -> agent: a person posts a message (public API); measured until it is in the DOM of the
  agent's open conversation (a MutationObserver notes the time);
- agent -> person: the agent's reply is submitted in the desk page; measured until it arrives on the
  person's event stream (what the widget reads).

Meanwhile the people still waiting keep writing (CHATTER messages a second), which every agent's
stream carries too. Both clocks are this machine's wall clock. Prints figures only.

    .venv/bin/python bench/desk.py [--agents 20] [--waiting 100] [--rounds 5] [--chatter 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import uvicorn
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.container import Overrides
from api.desk.accounts import AccountStore
from api.desk.hours import parse_hours
from api.desk.passwords import hash_password
from api.main import create_app
from api.settings import Settings
from api.store.db import make_engine
from api.store.migrate import upgrade

CHROMIUM = "/usr/bin/chromium"
TENANT = "bench-desk"
PASSWORD = "bench-wachtwoord-123"
RASA = "http://rasa.bench:5005"
SECRET = "bench-secret"

# Notes when a person's line appears in the open conversation of the desk page.
OBSERVE = """() => {
  window.__seen = {};
  new MutationObserver((changes) => {
    const now = Date.now();
    for (const change of changes) for (const node of change.addedNodes) {
      if (node.nodeType === 1 && node.classList.contains("line-user")) {
        const text = node.querySelector(".body p");
        if (text && !(text.textContent in window.__seen)) window.__seen[text.textContent] = now;
      }
    }
  }).observe(document.getElementById("transcript"), { childList: true });
}"""

# Submits a reply in the desk page; returns the moment of submitting.
REPLY = """(text) => {
  const box = document.getElementById("reply");
  box.value = text;
  const started = Date.now();
  document.getElementById("reply-form").requestSubmit();
  return started;
}"""


def _fake_rasa() -> httpx.MockTransport:
    """Every message is answered with a handoff; pause/resume and status succeed."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/webhooks/gateway/webhook":
            sender = json.loads(request.content)["sender"]
            payload = {"type": "handoff", "reason": "user_request", "summary": {"relationship": "parent"}}
            return httpx.Response(200, json=[{"recipient_id": sender, "custom": payload}])
        return httpx.Response(200, json={})

    return httpx.MockTransport(handle)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(folder: str, port: int) -> None:
    """The gateway process: the real app with the fake Rasa, under uvicorn."""
    database = Path(folder)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=f"sqlite:///{database / 'gateway.db'}",
        rasa_url=(RASA,),
        rasa_secret=SECRET,
        rasa_tracker_db_url=f"sqlite:///{database / 'tracker.db'}",
        desk_enabled=True,
        rate_limit_enabled=False,
        purge_on_startup=False,
        purge_interval_hours=0,
        log_level="WARNING",
    )
    app = create_app(settings, Overrides(rasa_transport=_fake_rasa()))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


class Gateway:
    """The gateway in its own process (as in production: no GIL shared with the browsers' driver)."""

    def __init__(self, folder: Path) -> None:
        self.database_url = f"sqlite:///{folder / 'gateway.db'}"
        self.port = _free_port()
        context = multiprocessing.get_context("spawn")
        self.process = context.Process(target=_serve, args=(str(folder), self.port), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process.start()
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or not self.process.is_alive():
                raise SystemExit("the gateway did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()


@dataclass
class Person:
    conversation_id: str
    token: str
    first_words: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class People:
    """The people's side: their POSTs, and their event streams (what the widget reads) in a thread."""

    base_url: str
    arrivals: dict[str, float] = field(default_factory=dict)  # agent replies on people's streams
    desk_arrivals: dict[str, float] = field(default_factory=dict)  # people's messages on the probe
    connected: int = 0

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base_url, timeout=30)
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def hand_over(self, n: int) -> Person:
        started = self.client.post("/api/v1/conversations", json={"tenant": TENANT}).json()
        person = Person(started["conversation_id"], started["token"], f"vraag-{n:03d}-{uuid.uuid4().hex[:6]}")
        self.say(person, person.first_words)
        return person

    def say(self, person: Person, text: str) -> float:
        started = time.time()
        response = self.client.post(
            f"/api/v1/conversations/{person.conversation_id}/messages",
            json={"text": text, "client_message_id": str(uuid.uuid4())},
            headers=person.auth,
        )
        response.raise_for_status()
        return started

    def listen(self, person: Person) -> None:
        asyncio.run_coroutine_threadsafe(self._listen(person), self.loop)

    def probe_desk(self, email: str) -> None:
        """A plain HTTP client on one agent's desk stream: the gateway's share of the latency."""
        asyncio.run_coroutine_threadsafe(self._probe(email), self.loop)

    async def _probe(self, email: str) -> None:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=None) as client:
            login = await client.post("/desk/api/login", json={"email": email, "password": PASSWORD})
            login.raise_for_status()
            async with client.stream("GET", "/desk/api/stream") as response:
                self.connected += 1
                async for line in response.aiter_lines():
                    if line.startswith("data: "):
                        data = json.loads(line[6:])
                        text = (data.get("message") or {}).get("text")
                        if data.get("sender") == "user" and isinstance(text, str):
                            self.desk_arrivals.setdefault(text, time.time())

    async def _listen(self, person: Person) -> None:
        url = f"{self.base_url}/api/v1/conversations/{person.conversation_id}/events"
        async with (
            httpx.AsyncClient(timeout=None) as client,
            client.stream("GET", url, headers=person.auth) as response,
        ):
            self.connected += 1
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    data = json.loads(line[6:])
                    text = (data.get("message") or {}).get("text")
                    if isinstance(text, str):
                        self.arrivals.setdefault(text, time.time())


def seed(database_url: str, agents: int) -> list[str]:
    engine = make_engine(database_url)
    upgrade(engine)
    accounts = AccountStore(engine)
    accounts.create_tenant(TENANT, "Benchmark Desk", "Europe/Amsterdam", parse_hours("altijd"))
    password_hash = hash_password(PASSWORD)
    emails = [f"agent{n:02d}@bench.test" for n in range(agents)]
    for n, email in enumerate(emails):
        accounts.create_agent(TENANT, email, f"Agent {n:02d}", "agent", password_hash)
    engine.dispose()
    return emails


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url + "/desk")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#connection:text-is('Live verbonden.')")


def claim_in_ui(page: Page, person: Person) -> None:
    page.click(f"#waiting-list button:has-text('{person.first_words}')")
    page.click("#claim")
    page.wait_for_selector("#reply-form:not([hidden])")
    page.evaluate(OBSERVE)


def seen_in(page: Page, text: str, timeout: float = 20.0) -> float:
    """When `text` appeared in the page (its own clock, ms). Polled with evaluate: the desk's
    Content-Security-Policy forbids the string evaluation wait_for_function would use."""
    deadline = time.monotonic() + timeout
    while (seen := page.evaluate("(text) => window.__seen[text] || null", text)) is None:
        if time.monotonic() > deadline:
            raise SystemExit(f"{text} did not appear in the agent's browser")
        time.sleep(0.005)
    return float(seen)


def wait_for(condition: Any, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.005)


def quantiles(values: list[float]) -> tuple[float, float]:
    cut = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), cut[94]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=20)
    parser.add_argument("--waiting", type=int, default=100, help="conversations handed to the desk")
    parser.add_argument("--rounds", type=int, default=5, help="messages each way per agent")
    parser.add_argument(
        "--chatter", type=float, default=2.0, help="messages a second from people still waiting"
    )
    args = parser.parse_args()
    if args.waiting < args.agents:
        parser.error("--waiting must be at least --agents (each agent claims one)")

    folder = Path(tempfile.mkdtemp(prefix="mw-bench-desk-"))
    gateway = Gateway(folder)
    emails = seed(gateway.database_url, args.agents)
    gateway.start()
    people = People(gateway.url)
    to_agent: list[float] = []
    to_stream: list[float] = []
    to_person: list[float] = []
    stop_chatter = threading.Event()
    try:
        started = time.monotonic()
        waiting = [people.hand_over(n) for n in range(args.waiting)]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            pages = []
            for email in emails:
                page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
                page.set_default_timeout(30_000)
                sign_in(page, gateway.url, email)
                pages.append(page)
            claimed = waiting[: args.agents]
            for page, person in zip(pages, claimed, strict=True):
                claim_in_ui(page, person)
                people.listen(person)
            people.probe_desk(emails[0])
            wait_for(lambda: people.connected == len(claimed) + 1)
            setup = time.monotonic() - started

            idle = waiting[args.agents :]

            def chatter() -> None:
                chatty = People(gateway.url)
                while idle and not stop_chatter.wait(1 / args.chatter):
                    chatty.say(random.choice(idle), "nog een vraag")

            if args.chatter > 0:
                threading.Thread(target=chatter, daemon=True).start()

            psutil.cpu_percent()  # starts the measurement of how busy the machine is
            for round_number in range(args.rounds):
                for n, (page, person) in enumerate(zip(pages, claimed, strict=True)):
                    text = f"p{round_number}-{n}-{uuid.uuid4().hex[:4]}"
                    sent = people.say(person, text)
                    seen = seen_in(page, text)
                    to_agent.append(seen - sent * 1000)
                    wait_for(lambda text=text: text in people.desk_arrivals)
                    to_stream.append((people.desk_arrivals[text] - sent) * 1000)

                    reply = f"a{round_number}-{n}-{uuid.uuid4().hex[:4]}"
                    submitted = float(page.evaluate(REPLY, reply))
                    wait_for(lambda reply=reply: reply in people.arrivals)
                    to_person.append(people.arrivals[reply] * 1000 - submitted)
            busy = psutil.cpu_percent()
            stop_chatter.set()
            browser.close()
    finally:
        stop_chatter.set()
        gateway.stop()

    p50_stream, p95_stream = quantiles(to_stream)
    p50_in, p95_in = quantiles(to_agent)
    p50_out, p95_out = quantiles(to_person)
    both = [a + b for a, b in zip(to_agent, to_person, strict=True)]
    p50_both, p95_both = quantiles(both)
    print(f"agents signed in (Chromium, one event stream each): {args.agents}")
    still_waiting = args.waiting - args.agents
    print(f"conversations handed to the desk:                  {args.waiting} ({still_waiting} waiting)")
    print(f"chatter from people still waiting:                 {args.chatter:g} messages/s")
    print(f"samples per direction:                              {len(to_agent)}")
    print(f"set-up (handoffs, sign-ins, claims in the UI):     {setup:.1f} s")
    print(f"machine while measuring:                           {psutil.cpu_count()} cores, {busy:.0f}% busy")
    print(f"person -> agent's browser   median {p50_in:6.1f} ms   p95 {p95_in:6.1f} ms")
    print(f"agent's browser -> person   median {p50_out:6.1f} ms   p95 {p95_out:6.1f} ms")
    print(f"there and back              median {p50_both:6.1f} ms   p95 {p95_both:6.1f} ms")
    print(f"person -> agent's stream    median {p50_stream:6.1f} ms   p95 {p95_stream:6.1f} ms  (no browser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
