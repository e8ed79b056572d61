"""Parse time per message of the trained model, in process, on the held-out messages.

    .venv/bin/python bench/nlu.py [--model models/mantelwijzer.tar.gz] [--rounds 3]

Loads the model with Rasa's Agent (in .venv-rasa: the script starts itself there) and parses
every message of tests/nlu/held_out.yml a few times. Baseline, measured in the same run: button
payloads such as `/inform{"burden":"heavy"}`. Rasa 3.6 runs its whole NLU graph for those too
and only then takes the payload's intent (RegexMessageHandler), so they show Rasa's fixed cost
per message; the ratio is what the words of real messages add to it. Prints median, p95 and max
in milliseconds, and the parse time by message length. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"
HELD_OUT = ROOT / "tests" / "nlu" / "held_out.yml"
PAYLOADS = [
    "/greet",
    '/inform{"burden":"heavy"}',
    '/inform{"relationship":"parent"}',
    '/inform{"employment":"employee"}',
    '/item_details{"item_id":"kortdurend-zorgverlof"}',
    "/request_human",
]
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def held_out_messages() -> list[str]:
    import yaml

    data = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    texts: list[str] = []
    for block in data.get("nlu", []):
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                texts.append(ANNOTATION.sub(r"\1", line[2:]))
    return texts


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def timings(agent: Any, texts: list[str], rounds: int) -> list[float]:
    measured: list[float] = []
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            await agent.parse_message(text)
            measured.append((time.perf_counter() - started) * 1000)
    return measured


def line(name: str, values: list[float]) -> str:
    return (
        f"{name:<22} n={len(values):<5} median {statistics.median(values):6.2f} ms  "
        f"p95 {percentile(values, 0.95):6.2f} ms  max {max(values):7.2f} ms"
    )


async def run(model: Path, rounds: int) -> None:
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    started = time.perf_counter()
    agent = Agent.load(model_path=str(model))
    print(f"model load: {time.perf_counter() - started:.1f} s ({model.stat().st_size / 2**20:.0f} MB)")
    texts = held_out_messages()
    await timings(agent, texts[:20], 1)  # warm-up: first calls build TensorFlow functions
    messages = await timings(agent, texts, rounds)
    payloads = await timings(agent, PAYLOADS * (len(texts) // len(PAYLOADS)), rounds)
    print(line("held-out messages", messages))
    print(line("button payloads", payloads))
    ratio = statistics.median(messages) / statistics.median(payloads)
    p95_ratio = percentile(messages, 0.95) / percentile(payloads, 0.95)
    print(f"messages / payload baseline: median {ratio:.2f}x, p95 {p95_ratio:.2f}x")
    by_length: dict[str, list[float]] = {"< 60 chars": [], "60-200 chars": [], "> 200 chars": []}
    for text, ms in zip(texts * rounds, messages, strict=True):
        key = "< 60 chars" if len(text) < 60 else "60-200 chars" if len(text) <= 200 else "> 200 chars"
        by_length[key].append(ms)
    for key, values in by_length.items():
        if values:
            print(line(key, values))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "mantelwijzer.tar.gz")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        import rasa  # noqa: F401
    except ImportError:  # the gateway's environment: start again in Rasa's
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        os.environ.setdefault("PYTHONWARNINGS", "ignore")  # TensorFlow and Click deprecations
        os.environ["PYTHONPATH"] = str(ROOT)
        os.execv(str(RASA_PY), [str(RASA_PY), __file__, *sys.argv[1:]])
    os.chdir(ROOT)  # the model names the spaCy pipeline by a path relative to the repository
    asyncio.run(run(args.model, args.rounds))


if __name__ == "__main__":
    main()
