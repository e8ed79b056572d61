"""Start the whole Mantelwijzer stack: action server, Rasa server and gateway.

Used by `make run` (foreground, Ctrl-C stops everything) and by the end-to-end tests (one stack
per test session, on its own ports and data folder). Plain `subprocess`: each child runs in its
own process group, its output is prefixed with its name, and stopping sends SIGTERM, then SIGKILL
after a grace period.

    .venv/bin/python scripts/stack.py            # ports from MW_PORT, MW_RASA_PORT, MW_ACTIONS_PORT
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
GATEWAY_PYTHON = ROOT / ".venv" / "bin" / "python"
MODEL = ROOT / "models" / "mantelwijzer.tar.gz"


@dataclass
class StackConfig:
    """Ports, data folder and secrets of one stack."""

    gateway_port: int = 8000
    rasa_port: int = 5005
    actions_port: int = 5055
    var_dir: Path = ROOT / "var"
    rasa_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    rasa_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    extra_env: dict[str, str] = field(default_factory=dict)
    credentials: Path = ROOT / "credentials.yml"

    @classmethod
    def from_environment(cls) -> StackConfig:
        env = os.environ
        return cls(
            gateway_port=int(env.get("MW_PORT", "8000")),
            rasa_port=int(env.get("MW_RASA_PORT", "5005")),
            actions_port=int(env.get("MW_ACTIONS_PORT", "5055")),
            var_dir=Path(env.get("MW_VAR_DIR", str(ROOT / "var"))),
            rasa_secret=env.get("MW_RASA_SECRET") or secrets.token_urlsafe(24),
            rasa_token=env.get("MW_RASA_TOKEN") or secrets.token_urlsafe(24),
        )

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    @property
    def tracker_db(self) -> Path:
        return self.var_dir / "rasa-tracker.db"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "PYTHONPATH": str(ROOT),
                "PYTHONUNBUFFERED": "1",
                "TF_CPP_MIN_LOG_LEVEL": "2",
                "MW_RASA_SECRET": self.rasa_secret,
                "MW_RASA_TOKEN": self.rasa_token,
                "MW_RASA_URL": self.rasa_url,
                "MW_ACTION_SERVER_URL": self.actions_url,
                "MW_RASA_TRACKER_DB": str(self.tracker_db),
                "MW_RASA_TRACKER_DB_URL": f"sqlite:///{self.tracker_db}",
                "MW_DATABASE_URL": env.get("MW_DATABASE_URL") or f"sqlite:///{self.var_dir / 'gateway.db'}",
                # The support desk is on at /desk (staff accounts: python -m api.desk.cli).
                "MW_DESK_ENABLED": env.get("MW_DESK_ENABLED") or "true",
            }
        )
        env.update(self.extra_env)
        return env


@dataclass
class _Service:
    name: str
    command: list[str]
    ready_url: str
    process: subprocess.Popen[bytes] | None = None


def _services(config: StackConfig) -> list[_Service]:
    return [
        _Service(
            "actions",
            [str(RASA_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(config.actions_port)],
            f"{config.actions_url}/health",
        ),
        _Service(
            "rasa",
            [
                str(RASA_PYTHON), "-m", "rasa", "run",
                "--model", str(MODEL),
                "--enable-api", "--auth-token", config.rasa_token,
                "--interface", "127.0.0.1", "--port", str(config.rasa_port),
                "--credentials", str(config.credentials), "--endpoints", "endpoints.yml",
            ],
            f"{config.rasa_url}/status?token={config.rasa_token}",
        ),
        _Service(
            "gateway",
            [
                str(GATEWAY_PYTHON), "-m", "uvicorn", "--factory", "api.main:create_app",
                "--host", "127.0.0.1", "--port", str(config.gateway_port), "--no-access-log",
            ],
            f"{config.gateway_url}/readyz",
        ),
    ]  # fmt: skip


def _pump(name: str, stream: object, sink: Callable[[str], None]) -> None:
    for raw in iter(stream.readline, b""):  # type: ignore[attr-defined]
        sink(f"[{name}] {raw.decode(errors='replace').rstrip()}")


def _is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _terminate(services: list[_Service], grace: float) -> None:
    """SIGTERM each process group, then SIGKILL what is still there after `grace` seconds."""
    for service in services:
        if service.process is not None and service.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(service.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for service in services:
        if service.process is None:
            continue
        try:
            service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(service.process.pid, signal.SIGKILL)
            service.process.wait()


class Stack:
    """The three processes of one stack."""

    def __init__(self, config: StackConfig, log: Callable[[str], None] = print) -> None:
        self.config = config
        self.log = log
        self.services = _services(config)

    def start(self) -> None:
        if not MODEL.exists():
            raise RuntimeError(f"no trained model at {MODEL}: run `make train` first")
        self.config.var_dir.mkdir(parents=True, exist_ok=True)
        for service in self.services:
            self._spawn(service)

    def _spawn(self, service: _Service) -> None:
        service.process = subprocess.Popen(
            service.command,
            cwd=ROOT,
            env=self.config.environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        threading.Thread(
            target=_pump, args=(service.name, service.process.stdout, self.log), daemon=True
        ).start()

    def service(self, name: str) -> _Service:
        return next(s for s in self.services if s.name == name)

    def stop_service(self, name: str, grace: float = 10.0) -> None:
        """Stop one process (failure tests); `restart_service` brings it back."""
        _terminate([self.service(name)], grace)

    def restart_service(self, name: str, timeout: float = 120.0) -> None:
        service = self.service(name)
        self._spawn(service)
        deadline = time.monotonic() + timeout
        while not _is_up(service.ready_url):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} not ready after {timeout:.0f} s")
            time.sleep(0.3)

    def wait_ready(self, timeout: float = 240.0) -> None:
        deadline = time.monotonic() + timeout
        pending = list(self.services)
        while pending:
            for service in list(pending):
                if service.process is not None and service.process.poll() is not None:
                    raise RuntimeError(f"{service.name} stopped with exit code {service.process.returncode}")
                if _is_up(service.ready_url):
                    pending.remove(service)
            if pending and time.monotonic() > deadline:
                names = ", ".join(s.name for s in pending)
                raise RuntimeError(f"not ready after {timeout:.0f} s: {names}")
            if pending:
                time.sleep(0.5)

    def stop(self, grace: float = 10.0) -> None:
        _terminate(list(reversed(self.services)), grace)

    def process_ids(self) -> dict[str, int]:
        return {s.name: s.process.pid for s in self.services if s.process is not None}


@contextlib.contextmanager
def running_stack(config: StackConfig, log: Callable[[str], None] = print) -> Iterator[Stack]:
    stack = Stack(config, log)
    try:
        stack.start()
        stack.wait_ready()
        yield stack
    finally:
        stack.stop()


def main() -> int:
    config = StackConfig.from_environment()
    stack = Stack(config)
    stopping = threading.Event()

    def _request_stop(signum: int, _frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)
    started = time.monotonic()
    try:
        stack.start()
        print("Mantelwijzer start op; Rasa heeft ongeveer een minuut nodig...", flush=True)
        stack.wait_ready()
    except RuntimeError as exc:
        print(f"Starten mislukt: {exc}", file=sys.stderr)
        stack.stop()
        return 1
    print(
        f"\nMantelwijzer draait (klaar in {time.monotonic() - started:.0f} s):\n"
        f"  chat (demo):   {config.gateway_url}/\n"
        f"  intranet-demo: {config.gateway_url}/static/intranet-demo.html\n"
        f"  desk:          {config.gateway_url}/desk  (account: .venv/bin/python -m api.desk.cli --help)\n"
        f"  API-docs:      {config.gateway_url}/docs\n"
        "Stoppen: Ctrl-C\n",
        flush=True,
    )
    while not stopping.is_set():
        for service in stack.services:
            if service.process is not None and service.process.poll() is not None:
                code = service.process.returncode
                print(f"{service.name} is gestopt (exit {code}); alles stopt.", flush=True)
                stopping.set()
        stopping.wait(1.0)
    print("Alles stopt...", flush=True)
    stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
