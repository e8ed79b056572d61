"""scripts/nlu_report.py: per-entity figures, the new entities marked, the gate over the right entities."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "nlu_report.py"
_spec = importlib.util.spec_from_file_location("nlu_report", SCRIPT)
assert _spec and _spec.loader
nlu_report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nlu_report)


def _write(results: Path, entities: dict[str, tuple[float, int]]) -> None:
    results.mkdir(parents=True, exist_ok=True)
    intents = {"inform": {"f1-score": 0.95, "support": 10}, "weighted avg": {"f1-score": 0.95, "support": 10}}
    (results / "intent_report.json").write_text(json.dumps(intents), encoding="utf-8")
    report = {name: {"f1-score": f1, "support": n} for name, (f1, n) in entities.items()}
    report["no_entity"] = {"f1-score": 0.99, "support": 1000}
    report["weighted avg"] = {"f1-score": 0.5, "support": 1}
    (results / "DIETClassifier_report.json").write_text(json.dumps(report), encoding="utf-8")


def _run(results: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["nlu_report.py", str(results)])
    return int(nlu_report.main())


def test_every_entity_is_printed_and_the_new_ones_are_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, {"place": (0.9, 60), "burden": (0.8, 20), "needs": (0.9, 20)})
    assert _run(tmp_path, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "entity F1 (weighted, all entities): 0.880" in out
    assert "without the new entities: 0.900   new entities only: 0.850" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("    ") and "n=" in line}
    assert "[new]" in lines["burden"] and "[new]" in lines["needs"] and "[new]" not in lines["place"]


def test_the_gate_fails_below_the_minimum_over_the_gated_entities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"place": (0.9, 50), "employer_size": (0.5, 50)})
    monkeypatch.setattr(nlu_report, "UNGATED_ENTITIES", frozenset())
    assert _run(tmp_path, monkeypatch) == 1
    monkeypatch.setattr(nlu_report, "UNGATED_ENTITIES", frozenset({"employer_size"}))
    assert _run(tmp_path, monkeypatch) == 0


def test_the_ungated_entities_are_new_ones() -> None:
    assert nlu_report.UNGATED_ENTITIES <= nlu_report.NEW_ENTITIES


def test_new_entities_without_annotations_are_named_not_scored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, {"place": (0.9, 60)})
    assert _run(tmp_path, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "new entities only" not in out
    assert "new entities not annotated (tests/nlu/README.md): burden, employer_size, needs" in out
