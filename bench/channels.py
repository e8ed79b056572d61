"""Channel benchmark: the latency the messaging-channel path adds against the widget path, in one run.

One gateway (the real app under uvicorn on a free loopback port, in a thread of this process),
a SQLite database in a temporary folder, a fake Rasa that echoes every message at once
(tests/api/fakes.py), and WhatsApp and Telegram switched on against their local stand-ins
(tests/api/channels/standins.py: real HTTP servers on loopback, so the outbox's send calls are
real HTTP). One client (httpx, kept-alive connection) then sends, round by round, one message on
each path, in a rotating order, and times it from just before its request:

- widget: `POST /api/v1/conversations/{id}/messages` until the HTTP answer, which carries the
  bot's reply;
- WhatsApp: a signed `POST /api/v1/channels/whatsapp/webhook` (a fresh wamid, always the same
  number, so one conversation) until (a) the webhook's 200 and (b) the Cloud API stand-in has
  accepted the bot's echo of that message (the moment the stand-in records it);
- Telegram: the same with a Bot API update (a fresh update_id, always the same chat).

Before the next message the outbox is left to finish (no row pending), so one path's tail does not
run into the next measurement. The outbox poll interval is the gateway's own setting
(MW_OUTBOX_POLL_SECONDS, 1.0 unless set): the worker is woken right after a turn, so a reply
should not wait for it. The first message of each path (the welcome, the privacy notice and the
echo on a channel) is printed apart and counts as warm-up. Prints figures only; nothing is
asserted.

    .venv/bin/python bench/channels.py --runs 200 [--warmup 20]
"""

from __future__ import annotations

import argparse
import itertools
import json
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from cryptography.fernet import Fernet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.container import Overrides
from api.main import create_app
from api.settings import Settings
from tests.api.channels.conftest import APP_SECRET, TG_PATH, TG_SECRET, VERIFY_TOKEN, WA_PATH
from tests.api.channels.standins import StandIn, TelegramStandIn, WhatsAppStandIn
from tests.api.channels.webhooks import new_wamid, tg_message, wa_sign, wa_text
from tests.api.conftest import make_settings
from tests.api.fakes import FakeRasa, fake_crisis

PHONE = "31612345678"
CHAT_ID = 424242
TIMEOUT = 30.0  # seconds a reply may take before the run is given up


class Stamping(StandIn):
    """A stand-in that also notes perf_counter() when it accepts a message (`stamps`, in the order
    of `sent`): the moment the provider had the reply, not the moment this thread saw it."""

    def __init__(self, **kwargs: Any) -> None:
        self.stamps: list[float] = []
        super().__init__(**kwargs)

    def _record_sent(self, body: dict[str, Any], after: Callable[[], None] | None = None) -> None:
        stamp = time.perf_counter()

        def also() -> None:
            self.stamps.append(stamp)
            if after is not None:
                after()

        super()._record_sent(body, also)

    def _recorded(self) -> list[list[Any]]:
        return [*super()._recorded(), self.stamps]

    def arrival(self, text: str, start: int) -> float:
        """When the first message from index `start` on whose visible text is `text` was accepted."""
        deadline = time.monotonic() + TIMEOUT
        index = start
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SystemExit(f"{type(self).__name__}: {text!r} did not arrive within {TIMEOUT:g} s")
            sent = self.wait_for(index + 1, timeout=remaining)
            for position in range(index, len(sent)):
                if self.visible_text(sent[position]) == text:
                    return self.stamps[position]
            index = len(sent)


class StampingWhatsApp(Stamping, WhatsAppStandIn):
    pass


class StampingTelegram(Stamping, TelegramStandIn):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gateway:
    """The app under uvicorn in a background thread (its lifespan runs: the outbox worker too)."""

    def __init__(self, settings: Settings, rasa: FakeRasa) -> None:
        self.settings = settings
        self.port = _free_port()
        app = create_app(settings, Overrides(rasa_transport=rasa.transport(), crisis=fake_crisis))
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_config=None, log_level="warning", access_log=False
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise SystemExit("the gateway did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def pending(self) -> int:
        """Outbox rows not yet sent (read from the SQLite file, as the tests do)."""
        path = self.settings.database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as connection:
            (count,) = connection.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()
        return int(count)

    def settle(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        while self.pending():
            if time.monotonic() > deadline:
                raise SystemExit("the outbox did not empty")
            time.sleep(0.001)


@dataclass
class Samples:
    """Milliseconds per measured message; `first` is the very first message of the path."""

    answer: list[float] = field(default_factory=list)  # widget reply / webhook 200
    delivered: list[float] = field(default_factory=list)  # stand-in has the echo (channels)
    first: tuple[float, float] | None = None


class Bench:
    def __init__(self, gateway: Gateway, whatsapp: StampingWhatsApp, telegram: StampingTelegram) -> None:
        self.gateway = gateway
        self.whatsapp = whatsapp
        self.telegram = telegram
        self.client = httpx.Client(base_url=gateway.url, timeout=TIMEOUT)
        self.update_ids = itertools.count(1)
        created = self.client.post("/api/v1/conversations", json={"channel": "web"})
        created.raise_for_status()
        body = created.json()
        self.widget_url = f"/api/v1/conversations/{body['conversation_id']}/messages"
        self.widget_auth = {"Authorization": f"Bearer {body['token']}"}

    def widget(self, text: str) -> tuple[float, float]:
        body = {"text": text, "client_message_id": str(uuid.uuid4())}
        started = time.perf_counter()
        response = self.client.post(self.widget_url, json=body, headers=self.widget_auth)
        answered = time.perf_counter()
        response.raise_for_status()
        texts = [message.get("text") for message in response.json()["messages"]]
        if f"echo: {text}" not in texts:
            raise SystemExit(f"widget: no echo in {texts!r}")
        ms = (answered - started) * 1000
        return ms, ms

    def whatsapp_message(self, text: str) -> tuple[float, float]:
        raw = json.dumps(wa_text(PHONE, text, message_id=new_wamid())).encode()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": wa_sign(raw, APP_SECRET)}
        return self._channel(
            self.whatsapp, text, lambda: self.client.post(WA_PATH, content=raw, headers=headers)
        )

    def telegram_message(self, text: str) -> tuple[float, float]:
        update = tg_message(next(self.update_ids), CHAT_ID, text)
        headers = {"X-Telegram-Bot-Api-Secret-Token": TG_SECRET}
        return self._channel(
            self.telegram, text, lambda: self.client.post(TG_PATH, json=update, headers=headers)
        )

    def _channel(
        self, stand_in: Stamping, text: str, post: Callable[[], httpx.Response]
    ) -> tuple[float, float]:
        start = len(stand_in.sent)
        started = time.perf_counter()
        response = post()
        answered = time.perf_counter()
        response.raise_for_status()
        arrived = stand_in.arrival(f"echo: {text}", start)
        self.gateway.settle()
        return (answered - started) * 1000, (arrived - started) * 1000


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """Median, p90, p99."""
    cut = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), cut[89], cut[98]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="measured messages per path")
    parser.add_argument("--warmup", type=int, default=20, help="messages per path before measuring")
    args = parser.parse_args()
    if args.runs < 2:
        parser.error("--runs must be at least 2")

    with (
        tempfile.TemporaryDirectory(prefix="mw-bench-channels-") as folder,
        StampingWhatsApp() as whatsapp,
        StampingTelegram() as telegram,
    ):
        var = Path(folder)
        database = var / "gateway.db"
        settings = make_settings(
            f"sqlite:///{database}",
            var / "rasa-tracker.db",
            channel_key=Fernet.generate_key().decode(),
            whatsapp_api_url=whatsapp.base_url,
            whatsapp_token=whatsapp.token,
            whatsapp_app_secret=APP_SECRET,
            whatsapp_verify_token=VERIFY_TOKEN,
            whatsapp_phone_number_id=whatsapp.phone_number_id,
            whatsapp_template="mantelwijzer_nieuw_bericht",
            telegram_api_url=telegram.base_url,
            telegram_bot_token=telegram.token,
            telegram_secret_token=TG_SECRET,
            rate_limit_enabled=False,
        )  # the outbox's poll and backoff: the gateway's own settings (MW_OUTBOX_*), not set here
        rasa = FakeRasa()  # echo, no delay
        gateway = Gateway(settings, rasa)
        gateway.start()
        try:
            bench = Bench(gateway, whatsapp, telegram)
            paths: dict[str, Callable[[str], tuple[float, float]]] = {
                "widget": bench.widget,
                "whatsapp": bench.whatsapp_message,
                "telegram": bench.telegram_message,
            }
            samples = {name: Samples() for name in paths}
            started = time.monotonic()
            for round_number in range(args.warmup + args.runs):
                shift = round_number % len(paths)
                order = [*paths][shift:] + [*paths][:shift]
                for name in order:
                    answer, delivered = paths[name](f"{name}-{round_number:04d}-{uuid.uuid4().hex[:6]}")
                    if round_number == 0:
                        samples[name].first = (answer, delivered)
                    if round_number >= args.warmup:
                        samples[name].answer.append(answer)
                        samples[name].delivered.append(delivered)
            seconds = time.monotonic() - started
            rejected = len(whatsapp.rejected) + len(telegram.rejected)
        finally:
            gateway.stop()

    poll = settings.outbox_poll_seconds
    print(f"runs per path:           {args.runs} measured, {args.warmup} warm-up (round order rotates)")
    print(f"outbox poll seconds:     {poll:g} (MW_OUTBOX_POLL_SECONDS)")
    print(f"outbox backoff max:      {settings.outbox_backoff_max_seconds:g} s")
    print(f"database:                SQLite, {database} (temporary, removed)")
    print("rasa:                    fake, echo, no delay (in-process transport)")
    print("providers:               WhatsApp and Telegram stand-ins, HTTP on 127.0.0.1")
    print(f"stand-ins refused:       {rejected} request(s)")
    print(f"wall time:               {seconds:.1f} s")
    print()
    widget = samples["widget"].answer
    rows = [
        ("widget: reply in the HTTP answer", widget),
        ("whatsapp: webhook 200", samples["whatsapp"].answer),
        ("whatsapp: reply at the stand-in", samples["whatsapp"].delivered),
        ("telegram: webhook 200", samples["telegram"].answer),
        ("telegram: reply at the stand-in", samples["telegram"].delivered),
    ]
    print(f"{'path / step':36} {'median':>8} {'p90':>8} {'p99':>8} {'max':>8}   ms")
    for label, values in rows:
        median, p90, p99 = percentiles(values)
        print(f"{label:36} {median:8.2f} {p90:8.2f} {p99:8.2f} {max(values):8.2f}")
    print()
    widget_median, widget_p90, _ = percentiles(widget)
    print(f"{'channel / widget':36} {'median':>8} {'p90':>8}")
    for label, values in rows[1:]:
        median, p90, _ = percentiles(values)
        print(f"{label:36} {median / widget_median:7.2f}x {p90 / widget_p90:7.2f}x")
    print()
    half_poll = poll * 1000 / 2
    for name in ("whatsapp", "telegram"):
        slow = sum(value >= half_poll for value in samples[name].delivered)
        print(f"{name}: replies at the stand-in after >= poll/2 ({half_poll:.0f} ms): {slow} of {args.runs}")
    for name, sample in samples.items():
        if sample.first is not None:
            answer, delivered = sample.first
            what = "reply in the answer" if name == "widget" else "200, echo at the stand-in"
            print(f"first message, {name} ({what}): {answer:.1f} ms, {delivered:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
