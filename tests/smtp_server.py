"""A real SMTP server for tests (aiosmtpd), keeping what arrives in memory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.stack_fixture import free_port


@dataclass
class Inbox:
    """aiosmtpd handler: keeps what arrived."""

    envelopes: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A running SMTP server on 127.0.0.1: its inbox and port."""
    from aiosmtpd.controller import Controller  # only the tests that send mail need it

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
