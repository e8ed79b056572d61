"""actions/bot_api.py with the real ``bot``: the employers folder the desk publishes into."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from actions import bot_api
from bot.catalogue import DEFAULT_ROOT
from bot.profile import Profile

TENANT = "voorbeeld-zorggroep"
EXAMPLE = (DEFAULT_ROOT / "employers" / f"{TENANT}.yml").read_text(encoding="utf-8")
TITLE = "Extra betaald zorgverlof bij Voorbeeld Zorggroep (fictief)"
PERSON = Profile(relationship="parent", work_hours_per_week=32.0, tenant=TENANT)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh employers folder for the actions (as MW_EMPLOYERS_DIR), and a fresh catalogue."""
    monkeypatch.setenv(bot_api.EMPLOYERS_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(bot_api, "_live", None)
    return tmp_path


def _first_title() -> str:
    return str(bot_api.recommend(PERSON, TENANT)[0]["title"])


def test_a_file_published_in_the_folder_is_used_on_the_next_call_without_a_restart(folder: Path) -> None:
    assert _first_title() == TITLE  # the built-in file while nothing is published
    (folder / f"{TENANT}.yml").write_text(EXAMPLE.replace(TITLE, "Gepubliceerd verlof (fictief)"), "utf-8")
    time.sleep(1.05)  # the folder is looked at at most once a second
    assert _first_title() == "Gepubliceerd verlof (fictief)"
    small = EXAMPLE.replace("size: large", "size: small").replace(TITLE, "Versie 3 (fictief)")
    (folder / f"{TENANT}.yml").write_text(small, "utf-8")
    time.sleep(1.05)
    assert _first_title() == "Versie 3 (fictief)"
    assert bot_api.employer_facts(TENANT) == {"employment": "employee", "employer_size": "small"}


def test_the_employers_facts_only_for_a_tenant_with_an_employer_file(folder: Path) -> None:
    assert bot_api.employer_facts(TENANT) == {"employment": "employee", "employer_size": "large"}
    assert bot_api.employer_facts("gemeente-enschede") == {}
    assert bot_api.employer_facts(None) == {}
