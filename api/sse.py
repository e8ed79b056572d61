"""Server-Sent Events framing and heartbeats (the widget reads the stream with fetch)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

from api.events.bus import Event

HEARTBEAT = b": ping\n\n"


def frame(event: Event) -> bytes:
    """`event: <kind>` + optional `id:` (message id, for Last-Event-ID) + one JSON `data:` line."""
    lines = [f"event: {event.kind}"]
    if event.kind == "message" and "id" in event.data:
        lines.append(f"id: {event.data['id']}")
    data = {key: value for key, value in event.data.items() if key != "conversation_id"}
    lines.append("data: " + json.dumps(data, ensure_ascii=False))
    return ("\n".join(lines) + "\n\n").encode()


async def with_heartbeats(events: AsyncIterator[Event], seconds: float) -> AsyncIterator[bytes]:
    """The events as SSE frames, with a comment line whenever `seconds` pass without one.
    Waits without cancelling `events` (cancelling an async generator would end it)."""
    pending: asyncio.Future[Event] | None = None
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(anext(events))
            done, _ = await asyncio.wait({pending}, timeout=seconds)
            if not done:
                yield HEARTBEAT
                continue
            try:
                event = pending.result()
            except StopAsyncIteration:
                return
            finally:
                pending = None
            yield frame(event)
    finally:
        if pending is not None:
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                await pending
