"""Training time, peak memory and model size: our config against Rasa's default pipeline.

    .venv/bin/python bench/train.py [--only ours|baseline] [--threads N]

Trains twice, each into a temporary folder and with an empty `.rasa` cache (so nothing is
reused): with `config.yml`, and with Rasa's default recipe (`rasa init`'s pipeline: whitespace
tokens, word and char n-grams 1-4, DIET and ResponseSelector 100 epochs) on the same data and
domain. Prints wall time, peak RSS of the training process tree, and the model size, with the
ratio ours / baseline. Prints figures, asserts nothing. Takes a while on a small machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"

# Rasa 3.6's default config (rasa/cli/initial_project/config.yml, commented out there), with our
# policies and the same seeds, so the difference is the NLU pipeline.
BASELINE_PIPELINE = """
pipeline:
  - name: WhitespaceTokenizer
  - name: RegexFeaturizer
  - name: LexicalSyntacticFeaturizer
  - name: CountVectorsFeaturizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 1
    max_ngram: 4
  - name: DIETClassifier
    epochs: 100
    constrain_similarities: true
    random_seed: 20261123
  - name: EntitySynonymMapper
  - name: ResponseSelector
    retrieval_intent: faq
    epochs: 100
    constrain_similarities: true
    random_seed: 20261123
  - name: FallbackClassifier
    threshold: 0.3
    ambiguity_threshold: 0.1
"""


@dataclass
class Run:
    name: str
    seconds: float
    peak_rss_mb: float
    model_mb: float


def baseline_config(ours: str) -> str:
    """config.yml with its pipeline replaced by Rasa's default one."""
    head, _, rest = ours.partition("pipeline:")
    _, _, policies = rest.partition("\npolicies:")
    return f"{head.rstrip()}\n{BASELINE_PIPELINE}\npolicies:{policies}"


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def train(name: str, config: Path, threads: int) -> Run:
    with tempfile.TemporaryDirectory(prefix=f"bench-train-{name}-") as scratch:
        work = Path(scratch)
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "TF_INTRA_OP_PARALLELISM_THREADS": str(threads),
            "TF_INTER_OP_PARALLELISM_THREADS": str(threads),
            # Rasa's training cache lives under the working directory's .rasa unless told otherwise.
            "RASA_CACHE_DIRECTORY": str(work / "cache"),
        }
        command = [str(RASA_PY), "-m", "rasa", "train", "--config", str(config),
                   "--out", str(work / "models"), "--fixed-model-name", "bench", "--quiet"]  # fmt: skip
        started = time.perf_counter()
        process = psutil.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process))
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise SystemExit(f"training with {config} failed:\n{stderr[-3000:]}")
        model = work / "models" / "bench.tar.gz"
        return Run(name, seconds, peak / 2**20, model.stat().st_size / 2**20)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["ours", "baseline"])
    parser.add_argument("--threads", type=int, default=2, help="TensorFlow threads (make uses 2)")
    args = parser.parse_args()

    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench-train-config-") as scratch:
        baseline = Path(scratch) / "config-baseline.yml"
        ours_config = (ROOT / "config.yml").read_text(encoding="utf-8")
        baseline.write_text(baseline_config(ours_config), encoding="utf-8")
        plan = [("ours", ROOT / "config.yml"), ("baseline", baseline)]
        for name, config in plan:
            if args.only in (None, name):
                print(f"training {name} ...", flush=True)
                runs.append(train(name, config, args.threads))
                run = runs[-1]
                figures = f"{run.seconds:.0f} s, peak {run.peak_rss_mb:.0f} MB, model {run.model_mb:.1f} MB"
                print(f"  {figures}", flush=True)

    print(f"\n{'config':<10} {'time s':>8} {'peak RSS MB':>12} {'model MB':>9}")
    for run in runs:
        print(f"{run.name:<10} {run.seconds:>8.1f} {run.peak_rss_mb:>12.0f} {run.model_mb:>9.1f}")
    if len(runs) == 2:
        ours, base = runs
        print(
            f"ours / Rasa default: time {ours.seconds / base.seconds:.2f}x, "
            f"memory {ours.peak_rss_mb / base.peak_rss_mb:.2f}x, model {ours.model_mb / base.model_mb:.2f}x"
        )
    print(f"machine: {os.cpu_count()} CPUs; free disk {shutil.disk_usage(ROOT).free / 2**30:.0f} GB")


if __name__ == "__main__":
    main()
