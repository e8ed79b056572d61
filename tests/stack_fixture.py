"""Session fixture that starts the real stack (action server, Rasa, gateway) once.

Imported by tests/conftest.py as a plugin. Uses only the standard library and scripts/stack.py,
so loading it costs nothing in test runs that do not ask for `stack`.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.stack import MODEL, Stack, StackConfig


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The running stack, shared by every test of the session; its output goes to a log file."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test does it)")
    var_dir: Path = tmp_path_factory.mktemp("stack-var")
    config = StackConfig(
        gateway_port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
        var_dir=var_dir,
        extra_env={
            "MW_DATABASE_URL": f"sqlite:///{var_dir / 'gateway.db'}",
            "MW_RATE_LIMIT_ENABLED": "false",
            "MW_DESK_ENABLED": "true",
        },
    )
    log_path = var_dir / "stack.log"
    with log_path.open("a", encoding="utf-8") as log_file:

        def log(line: str) -> None:
            log_file.write(line + "\n")
            log_file.flush()

        stack = Stack(config, log)
        try:
            stack.start()
            stack.wait_ready()
        except RuntimeError as exc:
            stack.stop()
            tail = "\n".join(log_path.read_text(encoding="utf-8").splitlines()[-40:])
            pytest.fail(f"the stack did not start: {exc}\n{tail}")
        try:
            yield stack
        finally:
            stack.stop()


@pytest.fixture(scope="session")
def stack(running: Stack) -> StackConfig:
    """Ports, URLs and data folder of the running stack."""
    return running.config
