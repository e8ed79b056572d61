"""Fixtures for the bot/ tests: the hand-made fixture catalogue and stand-ins for bot.places."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot import engine, profile
from bot.catalogue import Catalogue, load_catalogue

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CATALOGUE = FIXTURES / "catalogue"
TODAY = date(2026, 11, 23)
#: The municipalities the fixture tests use, as bot.places would name them.
PLACES = {"GM1735": "Hof van Twente", "GM0153": "Enschede", "GM0193": "Zwolle", "GM0363": "Amsterdam"}


def known_code(code: str) -> bool:
    return code in PLACES


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(FIXTURE_CATALOGUE, today=TODAY, municipality_exists=known_code)


@pytest.fixture
def places(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Stand in for bot.places: names for the engine, existence for the profile."""

    def display_name(code: str) -> str | None:
        return PLACES.get(code)

    def exists(code: str) -> bool:
        return code in PLACES

    monkeypatch.setattr(engine, "_display_name", display_name)
    monkeypatch.setattr(profile, "municipality_exists", exists)
    return PLACES


@pytest.fixture
def no_places(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if bot.places did not exist (yet)."""
    none: Callable[[str], None] = lambda code: None  # noqa: E731
    monkeypatch.setattr(engine, "_display_name", none)
    monkeypatch.setattr(profile, "municipality_exists", none)
