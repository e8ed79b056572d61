"""Fault benchmark: kill -9 Rasa in the middle of steady traffic and see what people get.

Starts its own stack under supervisord (scripts/stack.py, as `make run` does) on free ports with
its data under var/bench-fault/, sends messages through the gateway's public API at a steady rate
to a set of conversations, kills Rasa with SIGKILL after `--before` seconds, keeps sending while
supervisord brings Rasa back, and for `--after` seconds once Rasa serves again. Then it prints, in
one run:

- messages sent during the crash (kill -> Rasa serving again) and how many got an answer (HTTP
  200 with at least one message), how many of those were the "even niet" text, how many the bot;
- seconds until Rasa served again (its `/status` answers, from a new process);
- lost messages: sent minus stored inbound (read back through the API), over the whole run (goal 0).

Figures only; nothing is asserted.

    .venv/bin/python bench/fault.py --rate 1 --before 30 --after 15
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.texts import ASSISTANT_DOWN
from scripts.stack import ROOT, Stack, StackConfig
from tests.stack_fixture import free_port

TEXTS = [
    "Hallo",
    "Ik zorg voor mijn moeder met dementie",
    "Wat is respijtzorg?",
    "Hoeveel zorgverlof krijg ik?",
    "Ik werk 32 uur per week",
]


@dataclass
class Sent:
    at: float  # seconds since the start of the traffic
    conversation: int
    text: str
    status: int = 0  # 0: no HTTP answer (connection error, timeout)
    messages: int = 0
    down_text: bool = False


@dataclass
class Conversation:
    id: str
    headers: dict[str, str]
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


async def open_conversations(client: httpx.AsyncClient, count: int) -> list[Conversation]:
    conversations = []
    for _ in range(count):
        created = await client.post("/api/v1/conversations", json={"channel": "web"})
        created.raise_for_status()
        body = created.json()
        conversations.append(
            Conversation(body["conversation_id"], {"Authorization": f"Bearer {body['token']}"})
        )
    return conversations


async def send(client: httpx.AsyncClient, conversation: Conversation, record: Sent) -> None:
    # One message of a conversation at a time, as a person in the widget would send them.
    async with conversation.lock:
        try:
            reply = await client.post(
                f"/api/v1/conversations/{conversation.id}/messages",
                json={"text": record.text, "client_message_id": str(uuid.uuid4())},
                headers=conversation.headers,
            )
        except httpx.HTTPError:
            return
        record.status = reply.status_code
        if reply.status_code == 200:
            messages = reply.json()["messages"]
            record.messages = len(messages)
            record.down_text = any(m.get("text") == ASSISTANT_DOWN for m in messages)


async def stored_inbound(client: httpx.AsyncClient, conversation: Conversation) -> list[str]:
    transcript = await client.get(
        f"/api/v1/conversations/{conversation.id}/messages", headers=conversation.headers
    )
    transcript.raise_for_status()
    return [m["message"].get("text") or "" for m in transcript.json()["messages"] if m["sender"] == "user"]


async def run(stack: Stack, args: argparse.Namespace) -> None:
    config = stack.config
    timeout = httpx.Timeout(120, connect=10)
    async with httpx.AsyncClient(base_url=config.gateway_url, timeout=timeout) as client:
        conversations = await open_conversations(client, args.conversations)
        records: list[Sent] = []
        tasks: list[asyncio.Task[None]] = []
        started = time.monotonic()
        killed_at: float | None = None
        back_at: float | None = None
        old_pid = 0
        number = 0
        interval = 1.0 / args.rate
        while True:
            now = time.monotonic() - started
            if killed_at is None and now >= args.before:
                old_pid = stack.kill("rasa")
                killed_at = now
                print(f"{now:6.1f} s  kill -9 rasa (pid {old_pid})", flush=True)
            elif killed_at is not None and back_at is None:
                pid = stack.pid("rasa")
                if pid and pid != old_pid and await asyncio.to_thread(stack.is_up, "rasa"):
                    back_at = time.monotonic() - started
                    print(f"{back_at:6.1f} s  rasa serves again (pid {pid})", flush=True)
                elif now - killed_at > args.max_outage:
                    print(f"{now:6.1f} s  rasa not back after {args.max_outage:.0f} s: stopping", flush=True)
                    break
            if back_at is not None and now >= back_at + args.after:
                break
            conversation_number = number % len(conversations)
            text = f"{TEXTS[number % len(TEXTS)]} ({number})"  # unique, to find it back
            record = Sent(now, conversation_number, text)
            records.append(record)
            tasks.append(asyncio.create_task(send(client, conversations[conversation_number], record)))
            number += 1
            await asyncio.sleep(max(0.0, started + number * interval - time.monotonic()))
        await asyncio.gather(*tasks)

        stored: set[str] = set()
        for conversation in conversations:
            stored.update(await stored_inbound(client, conversation))

    report(records, stored, killed_at, back_at, args)


def report(
    records: list[Sent],
    stored: set[str],
    killed_at: float | None,
    back_at: float | None,
    args: argparse.Namespace,
) -> None:
    end = back_at if back_at is not None else float("inf")
    during = [r for r in records if killed_at is not None and killed_at <= r.at < end]
    answered = [r for r in during if r.status == 200 and r.messages]
    lost = [r for r in records if r.text not in stored]
    print(f"\n{len(records)} messages at {args.rate:g}/s to {args.conversations} conversations")
    print(f"sent during the crash:         {len(during)}")
    print(
        f"  answered (200 + a message):  {len(answered)}"
        f"  ('even niet' text: {sum(r.down_text for r in answered)},"
        f" bot: {sum(not r.down_text for r in answered)})"
    )
    print(f"  without an answer:           {len(during) - len(answered)}")
    if killed_at is not None and back_at is not None:
        print(f"seconds until Rasa served again: {back_at - killed_at:.1f}")
    else:
        print("seconds until Rasa served again: (not within the run)")
    print(f"lost messages (sent, not stored): {len(lost)} of {len(records)}")
    errors = [r for r in records if r.status != 200]
    print(f"non-200 or no HTTP answer, whole run: {len(errors)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=1.0, help="messages per second (default 1)")
    parser.add_argument("--conversations", type=int, default=10)
    parser.add_argument("--before", type=float, default=30.0, help="seconds of traffic before the kill")
    parser.add_argument("--after", type=float, default=15.0, help="seconds of traffic once Rasa is back")
    parser.add_argument("--max-outage", type=float, default=900.0, help="give up waiting for Rasa after this")
    args = parser.parse_args()

    var_dir = ROOT / "var" / "bench-fault"
    shutil.rmtree(var_dir, ignore_errors=True)
    config = StackConfig(
        gateway_port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
        var_dir=var_dir,
        extra_env={"MW_RATE_LIMIT_ENABLED": "false", "MW_DESK_ENABLED": "false"},
    )
    stack = Stack(config, log=None)
    print("starting the stack (a minute or more)...", flush=True)
    started = time.monotonic()
    stack.start()
    try:
        stack.wait_ready()
        print(f"ready after {time.monotonic() - started:.0f} s", flush=True)
        asyncio.run(run(stack, args))
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
