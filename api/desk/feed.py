"""One live stream per signed-in agent (Server-Sent Events): the desk's queue and messages.

Events (each `data:` one JSON object):
  queue        {"conversations": [...], "questions": [...]}   first, and after the agent reconnects
  conversation {"item": {...}, "notice": {...} | null}        entered or changed in the queue
  removed      {"conversation_id", "state"}                   left the desk (bot, closed, erased)
  message      {"conversation_id", "id", "direction", "sender", "created_at", "message"}
               (only of conversations the desk may see now: MW_DESK_VISIBILITY_MINUTES)
  question     {...}  /  question_removed {"id"}              questions left outside opening hours
  typing       {"conversation_id", "sender": "user", "active"} the person types (only while the
               conversation is with the desk; never stored)
  expired      {}                                             the session ended: sign in again
A comment line every `heartbeat` seconds keeps proxies from closing the stream; the session is
checked at the same moments.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

from api.desk.records import Agent
from api.desk.service import DeskService
from api.events.bus import Event

HEARTBEAT = b": ping\n\n"


def frame(kind: str, data: dict[str, Any], event_id: str | None = None) -> bytes:
    lines = [f"event: {kind}"]
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append("data: " + json.dumps(data, ensure_ascii=False))
    return ("\n".join(lines) + "\n\n").encode()


async def _pump(events: AsyncIterator[Event], sink: asyncio.Queue[Event | None]) -> None:
    try:
        async for event in events:
            await sink.put(event)
    finally:
        await sink.put(None)  # this subscription ended (dropped as too slow, or the bus closed)


async def agent_stream(desk: DeskService, agent: Agent, token: str, heartbeat: float) -> AsyncIterator[bytes]:
    """The agent's events as SSE frames, until the session ends or a subscription is dropped
    (the browser then reconnects and gets a fresh `queue`)."""
    inbox: asyncio.Queue[Event | None] = asyncio.Queue()
    async with AsyncExitStack() as stack:
        pumps = []
        for topic in desk.topics(agent):
            subscription = await stack.enter_async_context(desk.bus.subscribe(topic))
            pumps.append(asyncio.create_task(_pump(subscription, inbox)))
        try:
            yield b"retry: 3000\n\n"
            yield frame("queue", await desk.snapshot(agent))
            loop = asyncio.get_running_loop()
            next_check = loop.time() + heartbeat
            while True:
                try:
                    event = await asyncio.wait_for(inbox.get(), timeout=max(0.0, next_check - loop.time()))
                except TimeoutError:
                    event = None
                    quiet = True
                else:
                    quiet = False
                if loop.time() >= next_check:
                    next_check = loop.time() + heartbeat
                    if not await desk.session_valid(token):
                        yield frame("expired", {})
                        return
                    if quiet:
                        yield HEARTBEAT
                if quiet:
                    continue
                if event is None:
                    return
                chunk = await _translate(desk, event)
                if chunk is not None:
                    yield chunk
        finally:
            for pump in pumps:
                pump.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await pump


async def _translate(desk: DeskService, event: Event) -> bytes | None:
    data = dict(event.data)
    if event.kind == "message":
        # The bus carries a conversation's messages to its desk only while it is handed over;
        # this checks again, so nothing the person says after the desk's window is pushed.
        if not await desk.live_visible(str(data.get("conversation_id"))):
            return None
        return frame("message", data, str(data.get("id")))
    if event.kind == "state":
        conversation_id = str(data.get("conversation_id"))
        item = await desk.queue_item(conversation_id)
        if item is None:
            return frame("removed", {"conversation_id": conversation_id, "state": data.get("state")})
        return frame("conversation", {"item": item, "notice": data.get("message")})
    if event.kind == "erased":
        return frame("removed", {"conversation_id": data.get("conversation_id"), "state": "erased"})
    if event.kind in ("question", "question_removed"):
        return frame(event.kind, data)
    if event.kind == "typing":
        conversation_id = str(data.get("conversation_id"))
        if data.get("sender") != "user" or await desk.queue_item(conversation_id) is None:
            return None  # only the person's typing, only while the conversation is with the desk
        return frame(
            "typing",
            {"conversation_id": conversation_id, "sender": "user", "active": bool(data.get("active"))},
        )
    return None
