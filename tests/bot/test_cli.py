"""python -m bot: recommend / questions / places, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURE_CATALOGUE, FIXTURES

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=REPO, input=stdin.encode(), capture_output=True, check=False
    )


def _recommend(stdin: str, *extra: str) -> subprocess.CompletedProcess[bytes]:
    return _run("recommend", "--profile", "-", "--catalogue", str(FIXTURE_CATALOGUE), *extra, stdin=stdin)


def test_recommend_prints_a_json_list_of_items() -> None:
    result = _recommend('{"employment": "employee", "relationship": "parent", "work_hours_per_week": 32}')
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout.decode("utf-8"))
    by_id = {item["id"]: item for item in items}
    assert by_id["kortdurend-zorgverlof"]["amount"].startswith("Maximaal 64 uur kortdurend zorgverlof")
    assert all(item["reasons"] for item in items)


def test_recommend_writes_utf8_without_escapes() -> None:
    result = _recommend('{"employment": "employee", "relationship": "parent", "work_hours_per_week": 32}')
    assert "×".encode() in result.stdout
    assert b"\\u00d7" not in result.stdout


def test_recommend_reads_a_profile_file(tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text('{"employment": "self_employed"}', encoding="utf-8")
    result = _run("recommend", "--profile", str(profile), "--catalogue", str(FIXTURE_CATALOGUE))
    assert result.returncode == 0, result.stderr
    kinds = {item["kind"] for item in json.loads(result.stdout)}
    assert "kortdurend-zorgverlof" not in kinds


def test_recommend_takes_the_tenant_as_an_option() -> None:
    result = _recommend('{"employment": "employee"}', "--tenant", "testbedrijf")
    assert "testbedrijf-extra-verlof" in {item["id"] for item in json.loads(result.stdout)}


def test_empty_profile_gets_an_answer() -> None:
    result = _recommend("{}")
    assert result.returncode == 0
    assert json.loads(result.stdout)


def test_questions_prints_the_open_fields() -> None:
    result = _run("questions", "--profile", "-", "--catalogue", str(FIXTURE_CATALOGUE), stdin="{}")
    assert result.returncode == 0
    assert json.loads(result.stdout)[0] == "employment"


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        ('{"employment": "boss"}', b"'employment'"),
        ('{"employment": "boss"}', b"'boss'"),
        ('{"work_hours_per_week": 100}', b"work_hours_per_week"),
        ('{"salary": 3000}', b"'salary'"),
        ('{"employment": ', b"geen geldige JSON"),
        ("[1, 2]", b"verwacht een object"),
    ],
)
def test_bad_profile_gives_one_line_and_exit_2(stdin: str, words: bytes) -> None:
    result = _recommend(stdin)
    assert result.returncode == 2
    assert result.stdout == b""
    assert words in result.stderr
    assert result.stderr.count(b"\n") == 1
    assert b"Traceback" not in result.stderr


def test_missing_profile_file_gives_exit_2(tmp_path: Path) -> None:
    result = _run("recommend", "--profile", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert b"niet gevonden" in result.stderr


def test_missing_profile_option_gives_exit_2() -> None:
    result = _run("recommend")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_broken_catalogue_gives_exit_1_and_points_to_the_check() -> None:
    result = _run("recommend", "--profile", "-", "--catalogue", str(FIXTURES / "broken"), stdin="{}")
    assert result.returncode == 1
    assert b"python -m bot.catalogue check" in result.stderr
    assert result.stderr.count(b"\n") == 1


def test_places_prints_the_municipality_of_a_town() -> None:
    pytest.importorskip("bot.places")
    result = _run("places", "Goor")
    assert result.returncode == 0, result.stderr
    assert "Hof van Twente" in result.stdout.decode("utf-8")


def test_places_as_json_gives_the_cbs_code() -> None:
    pytest.importorskip("bot.places")
    result = _run("places", "Goor", "--json")
    data = json.loads(result.stdout)
    assert (data["municipality"]["code"], data["town"]) == ("GM1735", "Goor")


def test_places_with_an_unknown_name_exits_1() -> None:
    pytest.importorskip("bot.places")
    result = _run("places", "Xyzzyville")
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
