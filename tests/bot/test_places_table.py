"""bot.places against a table of places and postcodes across the twelve provinces
(``places_table.yml``): the municipality, the question back, or no place at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.places import find_places, format_place_match, resolve_place

TABLE: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).with_name("places_table.yml")).read_text("utf-8")
)
PROVINCE_HEADINGS = (Path(__file__).with_name("places_table.yml")).read_text("utf-8").count("\n# ")


def _codes(text: str) -> list[str]:
    return sorted(c.code for c in resolve_place(text).candidates)


def test_the_table_is_large_and_covers_every_province() -> None:
    assert len(TABLE) >= 200
    assert PROVINCE_HEADINGS >= 12 + 2  # twelve provinces, postcodes, sentences
    assert sum(1 for row in TABLE if "ask" in row) >= 15
    assert sum(1 for row in TABLE if "none" in row) >= 10


@pytest.mark.parametrize("row", [r for r in TABLE if "code" in r], ids=lambda r: r["text"])
def test_place_resolves_to_its_municipality(row: dict[str, Any]) -> None:
    match = resolve_place(row["text"])
    assert match.municipality is not None, format_place_match(match)
    assert match.municipality.code == row["code"]
    assert match.corrected is False


@pytest.mark.parametrize("row", [r for r in TABLE if "ask" in r], ids=lambda r: r["text"])
def test_place_in_several_municipalities_is_asked_back(row: dict[str, Any]) -> None:
    match = resolve_place(row["text"])
    assert match.municipality is None
    assert _codes(row["text"]) == sorted(row["ask"])
    line = format_place_match(match)
    assert line.endswith("Welke bedoel je?")
    assert all(c.name in line for c in match.candidates)


@pytest.mark.parametrize("row", [r for r in TABLE if "none" in r], ids=lambda r: r["text"])
def test_ordinary_text_names_no_place(row: dict[str, Any]) -> None:
    assert find_places(row["text"]) == []
    assert resolve_place(row["text"]).candidates == ()
