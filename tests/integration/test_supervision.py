"""The real stack under supervisord: crashes are survived, and the running stack keeps its secrets.

Uses the session's shared stack (tests/stack_fixture.py starts it with scripts/stack.py, the same
launcher as `make run`). Restarts are awaited by polling with a bound, never by sleeping.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from api.texts import ASSISTANT_DOWN
from scripts.stack import Stack, StackConfig
from tests.integration.person import Person

pytestmark = pytest.mark.stack

CRISIS = "Ik kan het niet meer aan, ik wil niet meer leven"
RESTART_TIMEOUT = 900.0  # Rasa loads its model again: a minute or two, several on a busy machine


def _texts(messages: list[dict[str, Any]]) -> str:
    return " ".join(m.get("text") or "" for m in messages)


def _readiness(stack: StackConfig) -> tuple[int, dict[str, Any]]:
    ready = httpx.get(f"{stack.gateway_url}/readyz", timeout=15)
    checks: dict[str, Any] = ready.json()["checks"]
    return ready.status_code, checks


def _wait_until_ready(stack: StackConfig, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while _readiness(stack)[0] != 200:
        assert time.monotonic() < deadline, f"/readyz not 200 after {timeout:.0f} s: {_readiness(stack)}"
        time.sleep(0.5)


def _stack_processes(running: Stack) -> list[psutil.Process]:
    assert running.supervisord is not None
    supervisord = psutil.Process(running.supervisord.pid)
    return [supervisord, *supervisord.children(recursive=True)]


# ---------------------------------------------------------------- crashes


def test_conversation_goes_on_after_rasa_and_the_action_server_are_killed(
    running: Stack, stack: StackConfig
) -> None:
    person = Person(stack.gateway_url)
    before = person.say("Hallo")
    assert before and ASSISTANT_DOWN not in _texts(before)

    rasa_pid = running.kill("rasa")  # kill -9, as a crash would
    actions_pid = running.kill("actions")
    try:
        status, checks = _readiness(stack)
        assert status == 503
        assert checks["rasa"]["status"] == "down"
        assert checks["action_server"]["status"] == "down"

        meanwhile = person.say("Ik zorg voor mijn vader met dementie")
        assert ASSISTANT_DOWN in _texts(meanwhile)

        in_crisis = Person(stack.gateway_url)
        crisis = in_crisis.say(CRISIS)
        assert crisis[0]["type"] == "crisis"
        assert "113" in crisis[0]["text"]
        assert CRISIS in in_crisis.said()
    finally:
        # supervisord restarts both; poll until they answer again (bounded)
        running.wait_up("actions", RESTART_TIMEOUT, not_pid=actions_pid)
        running.wait_up("rasa", RESTART_TIMEOUT, not_pid=rasa_pid)
    _wait_until_ready(stack, 60)

    assert "Ik zorg voor mijn vader met dementie" in person.said()

    after = person.say("Ik werk 32 uur per week in loondienst")
    assert after and ASSISTANT_DOWN not in _texts(after), after
    assert running.state("rasa") in ("STARTING", "RUNNING")  # STARTING until its startsecs passed


def test_a_killed_gateway_is_restarted_and_its_conversations_go_on(
    running: Stack, stack: StackConfig
) -> None:
    person = Person(stack.gateway_url)
    assert person.say("Hoi")
    gateway_pid = running.kill("gateway")
    running.wait_up("gateway", RESTART_TIMEOUT, not_pid=gateway_pid)
    replies = person.say("Ik zorg voor mijn moeder")
    assert replies and ASSISTANT_DOWN not in _texts(replies)


# ---------------------------------------------------------------- loopback and secrets


def test_every_program_listens_on_127_0_0_1_only(running: Stack) -> None:
    for name, pid in running.process_ids().items():
        listening = [
            c for c in psutil.Process(pid).net_connections(kind="inet") if c.status == psutil.CONN_LISTEN
        ]
        assert listening, f"{name} listens nowhere"
        assert {c.laddr.ip for c in listening} == {"127.0.0.1"}, (name, listening)


def test_no_process_carries_a_secret_in_its_arguments(running: Stack, stack: StackConfig) -> None:
    secrets = [stack.rasa_token, stack.rasa_secret]
    assert len(_stack_processes(running)) >= 4  # supervisord and its three programs
    for process in psutil.process_iter(["pid", "cmdline"]):
        arguments = " ".join(process.info["cmdline"] or [])
        for secret in secrets:
            assert secret not in arguments, f"process {process.info['pid']} has a secret in its arguments"


def test_the_data_folder_and_its_files_are_private(stack: StackConfig) -> None:
    assert stat.S_IMODE(stack.var_dir.stat().st_mode) == 0o700
    found: list[Path] = []
    for folder, subfolders, files in os.walk(stack.var_dir):
        for name in subfolders:
            assert stat.S_IMODE((Path(folder) / name).stat().st_mode) == 0o700, name
        for name in files:
            path = Path(folder) / name
            info = path.lstat()
            if stat.S_ISREG(info.st_mode):
                assert stat.S_IMODE(info.st_mode) == 0o600, f"{path}: {oct(stat.S_IMODE(info.st_mode))}"
                found.append(path)
            else:  # the supervisor's socket
                assert stat.S_IMODE(info.st_mode) & 0o077 == 0, path
    names = {p.name for p in found}
    assert {"gateway.db", "rasa-tracker.db", "supervisord.conf", "supervisord.log", "rasa.log"} <= names


def test_no_secret_is_written_to_the_configuration_or_the_logs(stack: StackConfig) -> None:
    for path in stack.var_dir.rglob("*"):
        if path.is_file() and (path.suffix in (".conf", ".log") or ".log." in path.name):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert stack.rasa_token not in text, path
            assert stack.rasa_secret not in text, path
