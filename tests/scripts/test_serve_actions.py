"""scripts/serve_actions.py: rasa_sdk's action server, listening on 127.0.0.1 only.

Starts the launcher in .venv-rasa (where rasa_sdk is) with a one-action package of its own.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from scripts.stack import RASA_PYTHON, ROOT
from tests.stack_fixture import free_port

ACTIONS = """
from rasa_sdk import Action


class ActionHello(Action):
    def name(self):
        return "action_hello"

    def run(self, dispatcher, tracker, domain):
        return []
"""


@pytest.fixture
def action_server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    if not RASA_PYTHON.exists():
        pytest.skip("needs .venv-rasa (make install)")
    (tmp_path / "hello_actions.py").write_text(ACTIONS, encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        [str(RASA_PYTHON), "-m", "scripts.serve_actions", "--actions", "hello_actions", "--port", str(port)],
        cwd=ROOT,
        env={"PYTHONPATH": f"{ROOT}:{tmp_path}", "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while not _answers(f"{url}/health"):
            assert process.poll() is None, f"the launcher stopped with exit code {process.returncode}"
            assert time.monotonic() < deadline, "the action server did not answer within 120 s"
            time.sleep(0.2)
        yield process, url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_the_action_server_listens_on_127_0_0_1_only(
    action_server: tuple[subprocess.Popen[bytes], str],
) -> None:
    process, _ = action_server
    listening = [
        c for c in psutil.Process(process.pid).net_connections(kind="inet") if c.status == psutil.CONN_LISTEN
    ]
    assert listening
    assert {c.laddr.ip for c in listening} == {"127.0.0.1"}


def test_it_serves_rasa_sdk_s_own_endpoints(action_server: tuple[subprocess.Popen[bytes], str]) -> None:
    _, url = action_server
    assert httpx.get(f"{url}/actions", timeout=5).json() == [{"name": "action_hello"}]
