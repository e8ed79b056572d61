"""Load benchmark: the gateway against Rasa's own REST channel, in the same run.

Starts its own stack on free ports (or uses a running one with --gateway/--rasa), runs N
simulated conversations with C at a time against Rasa's REST webhook (the baseline) and against
the gateway's public API, and prints throughput, p50/p95 latency per message, their ratios, and
the resident memory of each process of the stack.

    .venv/bin/python bench/load.py --conversations 60 --concurrency 20
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.stack import ROOT, Stack, StackConfig
from tests.stack_fixture import free_port

SCRIPT = [
    "Hallo",
    "Wat is respijtzorg?",
    "Hoeveel uur zorgverlof krijg ik als ik 32 uur werk?",
    "Is zorgverlof betaald?",
    "Bedankt!",
]


@dataclass
class Run:
    name: str
    latencies: list[float]
    seconds: float
    errors: int

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def quantile(self, q: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(q * 100) - 1]


Conversation = Callable[[httpx.AsyncClient, list[float]], Awaitable[int]]


async def rasa_conversation(client: httpx.AsyncClient, latencies: list[float]) -> int:
    sender, errors = f"bench-{uuid.uuid4()}", 0
    for text in SCRIPT:
        started = time.perf_counter()
        reply = await client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
        latencies.append((time.perf_counter() - started) * 1000)
        errors += reply.status_code != 200 or not reply.json()
    return errors


async def gateway_conversation(client: httpx.AsyncClient, latencies: list[float]) -> int:
    created = await client.post("/api/v1/conversations", json={"channel": "web"})
    if created.status_code != 201:
        return len(SCRIPT)
    body = created.json()
    headers = {"Authorization": f"Bearer {body['token']}"}
    url, errors = f"/api/v1/conversations/{body['conversation_id']}/messages", 0
    for text in SCRIPT:
        started = time.perf_counter()
        reply = await client.post(
            url, json={"text": text, "client_message_id": str(uuid.uuid4())}, headers=headers
        )
        latencies.append((time.perf_counter() - started) * 1000)
        errors += reply.status_code != 200
    return errors


async def drive(name: str, base_url: str, conversation: Conversation, count: int, concurrency: int) -> Run:
    latencies: list[float] = []
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:

        async def one() -> int:
            async with gate:
                return await conversation(client, latencies)

        started = time.perf_counter()
        errors = sum(await asyncio.gather(*(one() for _ in range(count))))
        return Run(name, latencies, time.perf_counter() - started, errors)


def memory_report(pids: dict[str, int]) -> dict[str, float]:
    """Resident memory in MB of each process, its children included."""
    report = {}
    for name, pid in pids.items():
        proc = psutil.Process(pid)
        report[name] = sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20
    return report


def print_runs(runs: list[Run]) -> None:
    print(f"{'target':<10} {'messages':>8} {'errors':>6} {'msg/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for run in runs:
        print(
            f"{run.name:<10} {len(run.latencies):>8} {run.errors:>6} {run.throughput:>8.1f} "
            f"{run.quantile(0.5):>8.1f} {run.quantile(0.95):>8.1f}"
        )


async def bench(config: StackConfig, conversations: int, concurrency: int) -> tuple[Run, Run]:
    await drive("warm-up", config.rasa_url, rasa_conversation, 4, 4)
    await drive("warm-up", config.gateway_url, gateway_conversation, 4, 4)
    rasa = await drive("rasa-rest", config.rasa_url, rasa_conversation, conversations, concurrency)
    gateway = await drive("gateway", config.gateway_url, gateway_conversation, conversations, concurrency)
    return rasa, gateway


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()

    var_dir = Path("var") / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    credentials = var_dir / "credentials-with-rest.yml"  # Rasa's own REST channel: the baseline
    credentials.write_text(
        (ROOT / "credentials.yml").read_text(encoding="utf-8") + "\nrest:\n", encoding="utf-8"
    )
    config = StackConfig(
        gateway_port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
        var_dir=var_dir,
        credentials=credentials,
        extra_env={"MW_RATE_LIMIT_ENABLED": "false"},
    )
    stack = Stack(config, log=lambda line: None)
    print("starting the stack (about a minute)...", flush=True)
    stack.start()
    try:
        stack.wait_ready()
        rasa, gateway = asyncio.run(bench(config, args.conversations, args.concurrency))
        memory = memory_report(stack.process_ids())
    finally:
        stack.stop()

    print(f"\n{args.conversations} conversations x {len(SCRIPT)} messages, {args.concurrency} at a time")
    print_runs([rasa, gateway])
    print(f"\nthroughput gateway / rasa-rest: {gateway.throughput / rasa.throughput:.3f}")
    print(f"median added by the gateway:    {gateway.quantile(0.5) - rasa.quantile(0.5):+.1f} ms")
    print(f"p95 added by the gateway:       {gateway.quantile(0.95) - rasa.quantile(0.95):+.1f} ms")
    print("\nresident memory (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in memory.items()))
    print(f"action server + gateway: {memory['actions'] + memory['gateway']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
