"""Start the whole Mantelwijzer stack under supervisord: action server, Rasa server and gateway.

Used by `make run` (foreground; Ctrl-C stops everything), by the end-to-end tests (one stack per
test session, on its own ports and data folder) and by the benchmarks, so they all run the same
thing. This module writes a supervisord configuration into the stack's data folder and starts
supervisord; supervisord starts the three programs, restarts whichever crashes (with a growing
delay when it keeps failing at start-up) and stops them on shutdown. While Rasa or the action
server is down the gateway keeps answering and `/readyz` names what is down. Why supervisord and
how it is set up: docs/gateway.md, "Running the stack".

Privacy of the running stack:
- the action server and Rasa listen on 127.0.0.1 only (scripts/serve_actions.py, `--interface`);
- secrets (Rasa's API token, the gateway channel's secret, database URLs) travel in the
  environment, never as arguments (`ps` shows arguments to every local user); Rasa gets its
  token through scripts/serve_rasa.py; the supervisord configuration holds no secret;
- the data folder (`var/`) is 0700 and every file in it 0600: supervisord and the programs run
  with umask 077 (SQLite databases, their WAL files, the logs under `var/log/`).

    .venv/bin/python scripts/stack.py            # ports from MW_PORT, MW_RASA_PORT, MW_ACTIONS_PORT
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import xmlrpc.client
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
GATEWAY_PYTHON = ROOT / ".venv" / "bin" / "python"
MODEL = ROOT / "models" / "mantelwijzer.tar.gz"

PRIVATE_UMASK = 0o077
# AF_UNIX socket paths are limited to 108 bytes; a longer data folder gets its socket elsewhere.
_MAX_SOCKET_PATH = 100

Log = Callable[[str], None]


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

    @property
    def log_dir(self) -> Path:
        """supervisord's own log and one log per program (`<name>.log`)."""
        return self.var_dir / "log"

    def environment(self) -> dict[str, str]:
        """The environment of supervisord and so of every program: secrets go here, not in arguments."""
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
                # Employers' published arrangements: written by the gateway, read by the action server
                "MW_EMPLOYERS_DIR": env.get("MW_EMPLOYERS_DIR") or str(self.var_dir / "employers"),
            }
        )
        env.update(self.extra_env)
        return env


@dataclass(frozen=True)
class Program:
    """One program supervisord runs. `startsecs`: how long it must stay up to count as started
    (an earlier exit is a failed start, retried after 1, 2, 3, ... s); `stopwaitsecs`: SIGTERM's
    grace before SIGKILL."""

    name: str
    command: list[str]
    ready_url: str
    startsecs: int
    stopwaitsecs: int


def default_programs(config: StackConfig) -> list[Program]:
    """The three programs, in start order (supervisord stops them in the reverse order)."""
    return [
        Program(
            "actions",
            [str(RASA_PYTHON), "-m", "scripts.serve_actions", "--actions", "actions",
             "--interface", "127.0.0.1", "--port", str(config.actions_port)],
            f"{config.actions_url}/health",
            startsecs=5,
            stopwaitsecs=5,
        ),
        Program(
            "rasa",
            # The API token comes from MW_RASA_TOKEN in the environment (scripts/serve_rasa.py).
            [str(RASA_PYTHON), "-m", "scripts.serve_rasa", "run",
             "--model", str(MODEL), "--enable-api",
             "--interface", "127.0.0.1", "--port", str(config.rasa_port),
             "--credentials", str(config.credentials), "--endpoints", "endpoints.yml"],
            f"{config.rasa_url}/status?token={config.rasa_token}",
            # Loading the model takes about a minute: a crash before 90 s is a failed start.
            startsecs=90,
            stopwaitsecs=10,
        ),
        Program(
            "gateway",
            [str(GATEWAY_PYTHON), "-m", "uvicorn", "--factory", "api.main:create_app",
             "--host", "127.0.0.1", "--port", str(config.gateway_port), "--no-access-log",
             # X-Forwarded-For is the gateway's to judge (MW_TRUSTED_PROXIES), not uvicorn's
             "--no-proxy-headers", "--timeout-graceful-shutdown", "3"],
            f"{config.gateway_url}/readyz",
            startsecs=5,
            stopwaitsecs=5,
        ),
    ]  # fmt: skip


def _ini(value: str) -> str:
    """supervisord expands `%(name)s` in its values: a literal % is written %%."""
    return value.replace("%", "%%")


def supervisor_config(
    config: StackConfig, programs: list[Program], socket_path: Path, start_retries: int = 5
) -> str:
    """supervisord.conf for this stack. Holds no secret: the programs inherit supervisord's
    environment (StackConfig.environment)."""
    log_dir = config.log_dir
    lines = [
        "; Written by scripts/stack.py at every start; edit that file, not this one.",
        "; Only this user can reach the control socket (0700, in a 0700 folder): no password.",
        "[unix_http_server]",
        f"file={_ini(str(socket_path))}",
        "chmod=0700",
        "",
        "[supervisord]",
        "nodaemon=true",
        "silent=true",
        f"user={os.getuid()}",  # the current user: nothing to drop (and no warning when root)
        f"logfile={_ini(str(log_dir / 'supervisord.log'))}",
        "logfile_maxbytes=10MB",
        "logfile_backups=3",
        "loglevel=info",
        f"pidfile={_ini(str(config.var_dir / 'supervisord.pid'))}",
        f"directory={_ini(str(ROOT))}",
        "umask=077",
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[supervisorctl]",
        f"serverurl=unix://{_ini(str(socket_path))}",
    ]
    for priority, program in enumerate(programs, start=1):
        lines += [
            "",
            f"[program:{program.name}]",
            f"command={_ini(shlex.join(program.command))}",
            f"directory={_ini(str(ROOT))}",
            f"priority={priority * 10}",
            "autostart=true",
            "autorestart=true",
            f"startsecs={program.startsecs}",
            f"startretries={start_retries}",
            "stopsignal=TERM",
            f"stopwaitsecs={program.stopwaitsecs}",
            "stopasgroup=true",
            "killasgroup=true",
            "umask=077",
            "redirect_stderr=true",
            f"stdout_logfile={_ini(str(log_dir / (program.name + '.log')))}",
            "stdout_logfile_maxbytes=10MB",
            "stdout_logfile_backups=3",
        ]
    return "\n".join(lines) + "\n"


def secure_dir(path: Path) -> None:
    """Create `path` with mode 0700, and make what is already in it private: folders 0700,
    files 0600 (data folders of older runs were world-readable)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    for folder, subfolders, files in os.walk(path):
        for name in subfolders:
            _chmod_private(Path(folder) / name, 0o700)
        for name in files:
            _chmod_private(Path(folder) / name, 0o600)


def _chmod_private(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):
        info = path.lstat()
        if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) != mode:
            os.chmod(path, mode)


def write_private(path: Path, text: str) -> None:
    """Write a file that only its owner can read (0600), also when it existed with another mode."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(text)


def _is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError):
        return False


class _LogFollower(threading.Thread):
    """Copies new lines of the log files under var/log/ to `sink`, prefixed with the program's name
    (supervisord's own log as `supervisor`). Survives supervisord's log rotation."""

    def __init__(self, log_dir: Path, names: list[str], sink: Log) -> None:
        super().__init__(name="stack-logs", daemon=True)
        self._files = {name: log_dir / f"{name}.log" for name in ["supervisord", *names]}
        self._sink = sink
        self._stopped = threading.Event()
        # Start at the current end: older runs' lines are in the files already.
        self._positions = {name: _size(path) for name, path in self._files.items()}
        self._inodes = {name: _inode(path) for name, path in self._files.items()}
        self._partial = dict.fromkeys(self._files, "")

    def run(self) -> None:
        while not self._stopped.is_set():
            self._poll()
            self._stopped.wait(0.2)
        self._poll()

    def stop(self) -> None:
        self._stopped.set()
        if self.is_alive():
            self.join(timeout=2)

    def _poll(self) -> None:
        for name, path in self._files.items():
            inode = _inode(path)
            if inode != self._inodes[name] or _size(path) < self._positions[name]:  # rotated
                self._inodes[name], self._positions[name] = inode, 0
            try:
                with path.open("rb") as handle:
                    handle.seek(self._positions[name])
                    chunk = handle.read()
                    self._positions[name] = handle.tell()
            except OSError:
                continue
            text = self._partial[name] + chunk.decode(errors="replace")
            *lines, self._partial[name] = text.split("\n")
            label = "supervisor" if name == "supervisord" else name
            for line in lines:
                self._sink(f"[{label}] {line.rstrip()}")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _inode(path: Path) -> int:
    try:
        return path.stat().st_ino
    except OSError:
        return 0


class Stack:
    """One stack: supervisord and, under it, the action server, Rasa and the gateway.

    `log` receives the programs' output line by line (`[rasa] ...`); None leaves it in the log
    files under `config.log_dir` only. `programs` replaces the three programs (tests of the
    supervision itself run small stand-ins).
    """

    def __init__(
        self, config: StackConfig, log: Log | None = print, programs: list[Program] | None = None
    ) -> None:
        if not config.var_dir.is_absolute():  # the programs run in ROOT, this script anywhere
            config.var_dir = config.var_dir.resolve()
        self.config = config
        self.log = log
        self.programs = programs if programs is not None else default_programs(config)
        self.supervisord: subprocess.Popen[bytes] | None = None
        self._socket_dir: Path | None = None
        self._follower: _LogFollower | None = None
        self._last_pids: dict[str, int] = {}

    # ---------------------------------------------------------------- start and stop
    @property
    def socket_path(self) -> Path:
        path = self.config.var_dir / "supervisord.sock"
        if len(str(path)) <= _MAX_SOCKET_PATH:
            return path
        if self._socket_dir is None:
            self._socket_dir = Path(tempfile.mkdtemp(prefix="mw-supervisor-"))  # 0700
        return self._socket_dir / "supervisord.sock"

    @property
    def config_path(self) -> Path:
        return self.config.var_dir / "supervisord.conf"

    def start(self) -> None:
        """Start supervisord (which starts the programs); returns once it answers."""
        if any(str(MODEL) in p.command for p in self.programs) and not MODEL.exists():
            raise RuntimeError(f"no trained model at {MODEL}: run `make train` first")
        secure_dir(self.config.var_dir)
        secure_dir(self.config.log_dir)
        socket_path = self.socket_path
        if socket_path.exists():
            if self._answers():
                raise RuntimeError(f"a stack already runs with the data folder {self.config.var_dir}")
            socket_path.unlink()
        write_private(self.config_path, supervisor_config(self.config, self.programs, socket_path))
        if self.log is not None:
            self._follower = _LogFollower(self.config.log_dir, [p.name for p in self.programs], self.log)
            self._follower.start()
        self.supervisord = subprocess.Popen(
            [str(GATEWAY_PYTHON), "-m", "supervisor.supervisord", "-c", str(self.config_path)],
            cwd=ROOT,
            env=self.config.environment(),
            umask=PRIVATE_UMASK,
            start_new_session=True,  # Ctrl-C reaches this script, which stops supervisord in order
        )
        deadline = time.monotonic() + 20
        while not self._answers():
            if self.supervisord.poll() is not None:
                raise RuntimeError(f"supervisord stopped with exit code {self.supervisord.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError("supervisord does not answer on its socket")
            time.sleep(0.1)

    def wait_ready(self, timeout: float = 900.0, abort: threading.Event | None = None) -> None:
        """Until every program answers its readiness URL; raises when one cannot start (FATAL),
        supervisord is gone, `timeout` passes or `abort` is set."""
        deadline = time.monotonic() + timeout
        pending = list(self.programs)
        while pending:
            self._check_supervisord()
            for program in list(pending):
                if self.state(program.name) == "FATAL":
                    raise RuntimeError(f"{program.name} cannot start: see {self.log_path(program.name)}")
                if _is_up(program.ready_url):
                    pending.remove(program)
            if not pending:
                break
            if abort is not None and abort.is_set():
                raise RuntimeError("stopped while starting")
            if time.monotonic() > deadline:
                raise RuntimeError(f"not ready after {timeout:.0f} s: {', '.join(p.name for p in pending)}")
            time.sleep(0.5)

    def stop(self, grace: float = 30.0) -> None:
        """Stop supervisord, which stops the gateway, Rasa and the action server in that order
        (SIGTERM, then SIGKILL after their stopwaitsecs) before it exits. Should it still run
        after `grace` seconds, it and the programs are killed."""
        if self.supervisord is not None and self.supervisord.poll() is None:
            self._remember_pids()
            with contextlib.suppress(ProcessLookupError):
                self.supervisord.send_signal(signal.SIGTERM)
            try:
                self.supervisord.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.kill_everything()
                self.supervisord.wait()
        if self._follower is not None:
            self._follower.stop()
            self._follower = None
        if self._socket_dir is not None:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            self._socket_dir = None

    def kill_everything(self) -> None:
        """SIGKILL supervisord and every program's process group at once (a second Ctrl-C).
        Does not wait: safe inside a signal handler."""
        self._remember_pids()
        if self.supervisord is not None and self.supervisord.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.supervisord.pid, signal.SIGKILL)
        for pid in self._last_pids.values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)  # each program leads its own process group

    def _remember_pids(self) -> None:
        with contextlib.suppress(OSError, xmlrpc.client.Error):
            self._last_pids.update(self.process_ids())

    # ---------------------------------------------------------------- one program
    def program(self, name: str) -> Program:
        return next(p for p in self.programs if p.name == name)

    def log_path(self, name: str) -> Path:
        return self.config.log_dir / f"{name}.log"

    def info(self, name: str) -> dict[str, Any]:
        """supervisord's view of one program: statename, pid, exitstatus, description, ..."""
        info: dict[str, Any] = self._rpc().supervisor.getProcessInfo(name)
        return info

    def state(self, name: str) -> str:
        """STARTING, RUNNING, BACKOFF, STOPPING, STOPPED, EXITED, FATAL or UNKNOWN."""
        return str(self.info(name)["statename"])

    def pid(self, name: str) -> int:
        """The program's process id now (0 when it is not running)."""
        return int(self.info(name)["pid"])

    def process_ids(self) -> dict[str, int]:
        """Running programs: name -> process id."""
        infos: list[dict[str, Any]] = self._rpc().supervisor.getAllProcessInfo()
        return {info["name"]: int(info["pid"]) for info in infos if info["pid"]}

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        """Send `sig` to the program's process, as a crash would (supervisord restarts it);
        returns the process id that got it."""
        pid = self.pid(name)
        if not pid:
            raise RuntimeError(f"{name} is not running")
        os.kill(pid, sig)
        return pid

    def is_up(self, name: str) -> bool:
        return _is_up(self.program(name).ready_url)

    def wait_up(self, name: str, timeout: float = 180.0, not_pid: int = 0) -> float:
        """Poll until the program answers its readiness URL (from a process other than `not_pid`,
        after a kill); returns the seconds it took."""
        started = time.monotonic()
        while True:
            self._check_supervisord()
            if self.state(name) == "FATAL":
                raise RuntimeError(f"{name} cannot start: see {self.log_path(name)}")
            pid = self.pid(name)
            if pid and pid != not_pid and self.is_up(name):
                return time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"{name} not ready after {timeout:.0f} s")
            time.sleep(0.3)

    def stop_service(self, name: str) -> None:
        """Stop one program on purpose (failure tests); it stays stopped until `restart_service`."""
        self._rpc().supervisor.stopProcess(name, True)

    def restart_service(self, name: str, timeout: float = 180.0) -> None:
        """Start a program stopped with `stop_service` and wait until it is ready."""
        if self.state(name) not in ("RUNNING", "STARTING"):
            self._rpc().supervisor.startProcess(name, False)
        self.wait_up(name, timeout)

    # ---------------------------------------------------------------- supervisord
    def _rpc(self) -> Any:
        from supervisor.xmlrpc import SupervisorTransport

        transport = SupervisorTransport(None, None, f"unix://{self.socket_path}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)

    def _answers(self) -> bool:
        try:
            return bool(self._rpc().supervisor.getState()["statename"] == "RUNNING")
        except (OSError, xmlrpc.client.Error):
            return False

    def _check_supervisord(self) -> None:
        if self.supervisord is not None and self.supervisord.poll() is not None:
            raise RuntimeError(f"supervisord stopped with exit code {self.supervisord.returncode}")


@contextlib.contextmanager
def running_stack(config: StackConfig, log: Log | None = print) -> Iterator[Stack]:
    stack = Stack(config, log)
    try:
        stack.start()
        stack.wait_ready()
        yield stack
    finally:
        stack.stop()


def _watch(stack: Stack, stopping: threading.Event) -> int:
    """While the stack runs: tell once when a program gives up for good. Returns the exit code."""
    reported: set[str] = set()
    while not stopping.is_set():
        if stack.supervisord is not None and stack.supervisord.poll() is not None:
            print(f"supervisord is gestopt (exit {stack.supervisord.returncode}); alles stopt.", flush=True)
            return 1
        with contextlib.suppress(OSError, xmlrpc.client.Error):
            for program in stack.programs:
                fatal = stack.state(program.name) == "FATAL"
                if fatal and program.name not in reported:
                    print(
                        f"{program.name} start niet meer (na herhaalde pogingen); zie "
                        f"{stack.log_path(program.name)}. De gateway blijft antwoorden.",
                        flush=True,
                    )
                    reported.add(program.name)
                elif not fatal:
                    reported.discard(program.name)
        stopping.wait(1.0)
    return 0


def serve_foreground(stack: Stack) -> int:
    """`make run`: start the stack, print where to go, keep it running until Ctrl-C (SIGINT) or
    SIGTERM, then stop everything. A second Ctrl-C kills at once. Returns the exit code."""
    config = stack.config
    stopping = threading.Event()

    def _request_stop(signum: int, _frame: object) -> None:
        if stopping.is_set():  # a second Ctrl-C: no more waiting
            stack.kill_everything()
        stopping.set()

    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)
    started = time.monotonic()
    try:
        stack.start()
        print("Mantelwijzer start op; Rasa heeft ongeveer een minuut nodig...", flush=True)
        stack.wait_ready(abort=stopping)
    except RuntimeError as exc:
        print(f"Starten mislukt: {exc}", file=sys.stderr, flush=True)
        stack.stop()
        return 1
    print(
        f"\nMantelwijzer draait (klaar in {time.monotonic() - started:.0f} s):\n"
        f"  chat (demo):   {config.gateway_url}/\n"
        f"  intranet-demo: {config.gateway_url}/intranet-demo.html\n"
        f"  desk:          {config.gateway_url}/desk  (demo: demo@mantelwijzer.test, wachtwoord in "
        f"{config.var_dir / 'demo-desk-password'}; meer accounts: .venv/bin/python -m api.desk.cli --help)\n"
        f"  API-docs:      {config.gateway_url}/docs\n"
        f"Valt een onderdeel uit, dan start supervisord het opnieuw (logs: {config.log_dir}).\n"
        "Stoppen: Ctrl-C\n",
        flush=True,
    )
    code = _watch(stack, stopping)
    print("Alles stopt...", flush=True)
    stack.stop()
    print("Alles is gestopt.", flush=True)
    return code


def with_demo_desk(config: StackConfig) -> StackConfig:
    """`make run`'s demo organisations (scripts/demo_desk.py): the public site's desk with an agent,
    and the intranet demo's employer with its signing secret; a setting given in the environment wins."""
    env = {**config.environment(), "MW_VAR_DIR": str(config.var_dir)}  # its password file goes there
    subprocess.run(
        [str(GATEWAY_PYTHON), str(ROOT / "scripts" / "demo_desk.py")], cwd=ROOT, env=env, check=True
    )
    for name, value in (
        ("MW_DESK_DEFAULT_TENANT", "mantelwijzer-demo"),
        ("MW_INTRANET_DEMO_TENANT", "voorbeeld-zorggroep"),
    ):
        config.extra_env[name] = os.environ.get(name) or value
    return config


def main() -> int:
    return serve_foreground(Stack(with_demo_desk(StackConfig.from_environment())))


if __name__ == "__main__":
    sys.exit(main())
