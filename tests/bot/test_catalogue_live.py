"""The catalogue with the employers folder the desk publishes into, reloaded when it changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.catalogue import DEFAULT_ROOT
from bot.catalogue.live import LiveCatalogue, load_with_overlay
from bot.catalogue.loader import validate_employer_text

TENANT = "voorbeeld-zorggroep"
EXAMPLE = (DEFAULT_ROOT / "employers" / f"{TENANT}.yml").read_text(encoding="utf-8")
TITLE = "Extra betaald zorgverlof bij Voorbeeld Zorggroep (fictief)"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _title(catalogue: object, item_id: str) -> str:
    item = catalogue.get(item_id)  # type: ignore[attr-defined]
    assert item is not None
    return str(item.title)


def _write(folder: Path, text: str, mtime: float) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / f"{TENANT}.yml"
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


def test_a_published_file_replaces_the_built_in_one(tmp_path: Path) -> None:
    _write(tmp_path, EXAMPLE.replace(TITLE, "Nieuwe regeling (fictief)"), 1_000)
    catalogue = load_with_overlay(tmp_path)
    assert _title(catalogue, "voorbeeld-zorggroep-extra-zorgverlof") == "Nieuwe regeling (fictief)"
    assert catalogue.employer_sizes[TENANT] == "large"


def test_without_a_folder_the_built_in_file_counts(tmp_path: Path) -> None:
    catalogue = load_with_overlay(tmp_path / "missing")
    assert _title(catalogue, "voorbeeld-zorggroep-extra-zorgverlof") == TITLE


def test_a_broken_file_in_the_folder_is_left_out(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    _write(tmp_path, "tenant: voorbeeld-zorggroep\nitems: [", 1_000)
    catalogue = load_with_overlay(tmp_path)
    assert _title(catalogue, "voorbeeld-zorggroep-extra-zorgverlof") == TITLE
    assert "left out" in caplog.text


def test_a_change_in_the_folder_is_seen_on_the_next_check(tmp_path: Path) -> None:
    clock = Clock()
    live = LiveCatalogue(tmp_path, interval=1.0, clock=clock)
    first = live.get()
    assert _title(first, "voorbeeld-zorggroep-extra-zorgverlof") == TITLE
    _write(tmp_path, EXAMPLE.replace(TITLE, "Versie 2 (fictief)"), 2_000)
    clock.now += 0.5
    assert live.get() is first  # looked at no more than once a second
    clock.now += 0.6
    assert _title(live.get(), "voorbeeld-zorggroep-extra-zorgverlof") == "Versie 2 (fictief)"
    unchanged = live.get()
    clock.now += 5
    assert live.get() is unchanged  # nothing changed: not loaded again


def test_an_upload_is_checked_with_the_rest_of_the_catalogue() -> None:
    clash = EXAMPLE.replace("id: voorbeeld-zorggroep-hr-contact", "id: kortdurend-zorgverlof")
    report = validate_employer_text(clash, TENANT)
    assert [(p.file, p.item, p.message) for p in report.errors] == [
        (f"{TENANT}.yml", "kortdurend-zorgverlof", "duplicate id (also in data/catalogue/werk/verlof.yml)")
    ]
    good = validate_employer_text(EXAMPLE, TENANT)
    assert good.errors == [] and len(good.items) == 3 and good.employers[TENANT].startswith("Voorbeeld")
