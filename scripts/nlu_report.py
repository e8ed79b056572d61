"""Print intent and entity F1 from `rasa test nlu` results and fail below the thresholds.

    python scripts/nlu_report.py results/nlu --min-intent-f1 0.90 --min-entity-f1 0.85

Reads intent_report.json and the entity extractors' reports (DIETClassifier_report.json,
RegexEntityExtractor_report.json, ...). The entity figure is the weighted F1 over the entity
reports that exist, taking for each entity the extractor that owns it (the one with support).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

_SUMMARY_KEYS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def _load(path: Path) -> dict[str, dict[str, float]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def intent_f1(results: Path) -> tuple[float, list[tuple[str, float, int]]]:
    report = _load(results / "intent_report.json")
    if not report:
        raise SystemExit(f"no intent report in {results}")
    rows = [
        (name, float(v["f1-score"]), int(v["support"]))
        for name, v in report.items()
        if name not in _SUMMARY_KEYS and isinstance(v, dict)
    ]
    return float(report["weighted avg"]["f1-score"]), sorted(rows, key=lambda r: r[1])


def entity_f1(results: Path) -> tuple[float, list[tuple[str, float, int]]]:
    best: dict[str, tuple[float, int]] = {}
    for path in sorted(results.glob("*Extractor_report.json")) + sorted(results.glob("DIET*_report.json")):
        for name, v in _load(path).items():
            if name in _SUMMARY_KEYS or name == "no_entity" or not isinstance(v, dict):
                continue
            support = int(v.get("support", 0))
            if support and (name not in best or v["f1-score"] > best[name][0]):
                best[name] = (float(v["f1-score"]), support)
    total = sum(s for _, s in best.values())
    if not total:
        return 0.0, []
    weighted = sum(f1 * s for f1, s in best.values()) / total
    return weighted, sorted(((n, f, s) for n, (f, s) in best.items()), key=lambda r: r[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("--min-intent-f1", type=float, default=0.90)
    parser.add_argument("--min-entity-f1", type=float, default=0.85)
    args = parser.parse_args()

    intent, intent_rows = intent_f1(args.results)
    entity, entity_rows = entity_f1(args.results)
    print("NLU evaluation on the held-out test set (tests/nlu/held_out.yml)")
    print(f"  intent F1 (weighted): {intent:.3f}   (minimum {args.min_intent_f1:.2f})")
    print(f"  entity F1 (weighted): {entity:.3f}   (minimum {args.min_entity_f1:.2f})")
    print("  weakest intents: " + ", ".join(f"{n} {f:.2f} (n={s})" for n, f, s in intent_rows[:5]))
    print("  entities: " + ", ".join(f"{n} {f:.2f} (n={s})" for n, f, s in entity_rows))
    failed = intent < args.min_intent_f1 or entity < args.min_entity_f1
    if failed:
        print("NLU evaluation below the minimum: failing.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
