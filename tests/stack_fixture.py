"""Session fixture that starts the real stack (action server, Rasa, gateway) once.

Imported by tests/conftest.py as a plugin. Uses only the standard library and scripts/stack.py
(the launcher `make run` uses: supervisord and the same programs), so loading it costs nothing in
test runs that do not ask for `stack`.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.stack import MODEL, Stack, StackConfig, with_demo_desk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def log_tails(stack: Stack, lines: int = 40) -> str:
    """The last lines of supervisord's log and of each program's log."""
    parts = []
    for name in ["supervisord", *(p.name for p in stack.programs)]:
        path = stack.log_path(name)
        if path.exists():
            tail = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path}\n" + "\n".join(tail))
    return "\n".join(parts)


@pytest.fixture(scope="session")
def stack_mailbox() -> Iterator[Any]:
    """A real SMTP server (aiosmtpd) the stack's gateway mails through: (inbox, port)."""
    from tests.smtp_server import smtp_server

    with smtp_server() as running:
        yield running


@pytest.fixture(scope="session")
def running(tmp_path_factory: pytest.TempPathFactory, stack_mailbox: Any) -> Iterator[Stack]:
    """The running stack, shared by every test of the session. It is started by scripts/stack.py
    under supervisord exactly as `make run` starts it; its output is in `stack.config.log_dir`."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test does it)")
    var_dir: Path = tmp_path_factory.mktemp("stack-var")
    config = with_demo_desk(  # the demo desk and intranet tenant, as `make run` makes them
        StackConfig(
            gateway_port=free_port(),
            rasa_port=free_port(),
            actions_port=free_port(),
            var_dir=var_dir,
            extra_env={
                "MW_DATABASE_URL": f"sqlite:///{var_dir / 'gateway.db'}",
                "MW_RATE_LIMIT_ENABLED": "false",
                "MW_DESK_ENABLED": "true",
                "MW_SMTP_URL": f"smtp://127.0.0.1:{stack_mailbox[1]}",
                "MW_MAIL_FROM": "Mantelwijzer <noreply@example.nl>",
            },
        )
    )
    stack = Stack(config, log=None)
    try:
        stack.start()
        stack.wait_ready()
    except RuntimeError as exc:
        tails = log_tails(stack)
        stack.stop()
        pytest.fail(f"the stack did not start: {exc}\n{tails}")
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def stack(running: Stack) -> StackConfig:
    """Ports, URLs and data folder of the running stack."""
    return running.config
