"""scripts/stack.py: the supervisord set-up, tried with two small stand-in programs (no Rasa).

The real programs under the same supervision: tests/integration/test_supervision.py.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import astuple
from pathlib import Path

import httpx
import psutil
import pytest

from scripts.stack import (
    GATEWAY_PYTHON,
    ROOT,
    Program,
    Stack,
    StackConfig,
    default_programs,
    secure_dir,
    supervisor_config,
)
from tests.stack_fixture import free_port

WAIT = 60.0  # bound of every poll below


def _stand_in(name: str, folder: Path) -> Program:
    port = free_port()
    return Program(
        name,
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(folder), str(port)],
        f"http://127.0.0.1:{port}/",
        startsecs=1,
        stopwaitsecs=3,
    )


def _config(tmp_path: Path) -> StackConfig:
    return StackConfig(
        var_dir=tmp_path / "var", rasa_token="token-not-for-ps", rasa_secret="secret-not-for-ps"
    )


def _poll(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {WAIT:.0f} s"
        time.sleep(0.1)


@pytest.fixture
def small_stack(tmp_path: Path) -> Iterator[Stack]:
    if not GATEWAY_PYTHON.exists():
        pytest.skip("needs .venv (make install)")
    stack = Stack(
        _config(tmp_path), log=None, programs=[_stand_in("one", tmp_path), _stand_in("two", tmp_path)]
    )
    stack.start()
    try:
        stack.wait_ready(timeout=WAIT)
        yield stack
    finally:
        stack.stop()


def test_the_configuration_restarts_everything_privately_and_holds_no_secret(tmp_path: Path) -> None:
    config = _config(tmp_path / "100%")
    text = supervisor_config(config, default_programs(config), tmp_path / "s.sock")
    assert config.rasa_token not in text and config.rasa_secret not in text
    assert "100%%" in text and "100%/" not in text.replace("100%%", "")  # % is escaped for supervisord
    assert text.count("autorestart=true") == 3
    assert text.count("umask=077") == 4  # supervisord and each program
    assert "chmod=0700" in text


def test_the_real_programs_listen_on_loopback_and_get_the_token_from_the_environment() -> None:
    config = StackConfig()
    commands = {p.name: p.command for p in default_programs(config)}
    assert commands["actions"][commands["actions"].index("--interface") + 1] == "127.0.0.1"
    assert commands["rasa"][commands["rasa"].index("--interface") + 1] == "127.0.0.1"
    assert commands["gateway"][commands["gateway"].index("--host") + 1] == "127.0.0.1"
    assert all(config.rasa_token not in " ".join(c) for c in commands.values())
    assert config.environment()["MW_RASA_TOKEN"] == config.rasa_token


def test_secure_dir_makes_an_old_world_readable_data_folder_private(tmp_path: Path) -> None:
    var = tmp_path / "var"
    (var / "log").mkdir(parents=True)
    (var / "gateway.db").write_text("x")
    (var / "log" / "old.log").write_text("x")
    os.chmod(var, 0o755)
    os.chmod(var / "gateway.db", 0o644)
    secure_dir(var)
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    assert stat.S_IMODE((var / "log").stat().st_mode) == 0o700
    assert stat.S_IMODE((var / "gateway.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((var / "log" / "old.log").stat().st_mode) == 0o600


def test_a_killed_program_is_restarted_while_the_other_keeps_serving(small_stack: Stack) -> None:
    old = small_stack.kill("one")
    assert httpx.get(small_stack.program("two").ready_url, timeout=5).status_code == 200
    small_stack.wait_up("one", WAIT, not_pid=old)
    assert small_stack.pid("one") != old
    assert small_stack.state("two") == "RUNNING"


def test_files_of_the_running_stack_are_private(small_stack: Stack) -> None:
    var = small_stack.config.var_dir
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    files = [p for p in var.rglob("*") if p.is_file()]
    assert {"supervisord.conf", "supervisord.log", "one.log", "two.log"} <= {p.name for p in files}
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files), [
        (p.name, oct(p.stat().st_mode)) for p in files
    ]


def test_no_process_of_the_stack_has_a_secret_in_its_arguments(small_stack: Stack) -> None:
    assert small_stack.supervisord is not None
    supervisord = psutil.Process(small_stack.supervisord.pid)
    processes = [supervisord, *supervisord.children(recursive=True)]
    assert len(processes) == 3
    for process in processes:
        arguments = " ".join(process.cmdline())
        assert "token-not-for-ps" not in arguments and "secret-not-for-ps" not in arguments
    assert "token-not-for-ps" in supervisord.environ()["MW_RASA_TOKEN"]


def test_stop_ends_supervisord_and_every_program(small_stack: Stack) -> None:
    pids = list(small_stack.process_ids().values())
    assert small_stack.supervisord is not None
    supervisord = small_stack.supervisord
    small_stack.stop()
    assert supervisord.poll() is not None
    _poll(lambda: not any(psutil.pid_exists(pid) for pid in pids), "end of the programs")


def test_ctrl_c_stops_everything(tmp_path: Path) -> None:
    """`make run`'s foreground loop (serve_foreground) with stand-ins, stopped with SIGINT."""
    programs = [astuple(_stand_in(name, tmp_path)) for name in ("one", "two")]
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from scripts.stack import Program, Stack, StackConfig, serve_foreground
        config = StackConfig(var_dir=Path({str(tmp_path / "var")!r}))
        programs = [Program(*p) for p in {programs!r}]
        sys.exit(serve_foreground(Stack(config, log=None, programs=programs)))
        """
    )
    output = tmp_path / "output.txt"
    with output.open("w") as sink:
        run = subprocess.Popen(
            [sys.executable, "-c", script], cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        _poll(lambda: "Stoppen: Ctrl-C" in output.read_text(), "start")
        pids = [p.pid for p in psutil.Process(run.pid).children(recursive=True)]
        assert len(pids) == 3  # supervisord and the two programs
        run.send_signal(signal.SIGINT)
        run.wait(timeout=WAIT)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 0, output.read_text()
    assert "Alles is gestopt." in output.read_text()
    assert not any(psutil.pid_exists(pid) for pid in pids)


def test_the_gateway_and_the_action_server_share_the_employers_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The desk publishes an employer's file there; the actions read it on the next message."""
    monkeypatch.delenv("MW_EMPLOYERS_DIR", raising=False)
    config = StackConfig(var_dir=tmp_path)
    assert config.environment()["MW_EMPLOYERS_DIR"] == str(tmp_path / "employers")
