"""The validator reports every problem with file, item id and field."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.catalogue import Report, validate

from .conftest import FIXTURE_CATALOGUE, FIXTURES, TODAY, known_code

BROKEN = FIXTURES / "broken"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report() -> Report:
    return validate(BROKEN, today=TODAY, municipality_exists=known_code)


def _found(report: Report, severity: str, item: str | None, field: str | None) -> list[str]:
    return [p.message for p in report.problems if (p.severity, p.item, p.field) == (severity, item, field)]


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        ("unknown-kind", "kind", "unknown kind 'vakantiegeld'"),
        ("missing-source", "source", "missing required field"),
        ("missing-verified-on", "verified_on", "missing required field"),
        ("bad-date", "verified_on", "bad date '2026-13-45'"),
        ("unknown-condition-key", "conditions.salary", "unknown condition key 'salary'"),
        ("unknown-condition-value", "conditions.employment", "unknown value 'boss'"),
        ("unknown-municipality", "municipality", "unknown municipality code 'GM9999'"),
        ("duplicate", "id", "duplicate id (also in"),
        ("unknown-field", "sumary", "unknown field"),
        ("placeholder-outside-generic", "title", "unknown placeholder {gemeente}"),
        ("Not-Kebab", "id", "not kebab-case"),
        ("amount-without-factor", "amount.factor", "expected a number"),
        ("variant-of-missing", "variant_of", "unknown item 'no-such-item'"),
    ],
)
def test_error_names_item_field_and_problem(report: Report, item: str, field: str, words: str) -> None:
    messages = _found(report, "error", item, field)
    assert len(messages) == 1, messages
    assert words in messages[0]


def test_old_verified_on_is_a_warning_not_an_error(report: Report) -> None:
    assert _found(report, "error", "old-date", "verified_on") == []
    assert "older than 12 months" in _found(report, "warning", "old-date", "verified_on")[0]


def test_verified_on_exactly_12_months_old_is_fine() -> None:
    report = validate(BROKEN, today=date(2026, 11, 22), municipality_exists=known_code)
    assert not [p for p in report.problems if p.item == "old-date"]


def test_yaml_error_names_the_file_and_line(report: Report) -> None:
    problems = [p for p in report.problems if p.file.endswith("syntax.yml")]
    assert len(problems) == 1
    assert "YAML error: line 6" in problems[0].message


def test_tenant_must_match_the_employer_file_name(report: Report) -> None:
    problems = [p for p in report.problems if p.file.endswith("wrong-name.yml") and p.field == "tenant"]
    assert "does not match the file name" in problems[0].message


def test_each_problem_names_its_file(report: Report) -> None:
    assert all(
        p.file.startswith(str(BROKEN.relative_to(REPO))) or p.file.startswith("/") for p in report.problems
    )
    assert {Path(p.file).name for p in report.errors} == {"items.yml", "syntax.yml", "wrong-name.yml"}


def test_every_broken_item_is_reported_at_once(report: Report) -> None:
    assert len(report.errors) == 15
    assert len(report.warnings) == 1


def test_good_items_of_a_broken_file_are_kept(report: Report) -> None:
    assert {item.id for item in report.items} == {"old-date", "duplicate", "wrong-name-item"}


def test_fixture_catalogue_is_clean() -> None:
    report = validate(FIXTURE_CATALOGUE, today=TODAY, municipality_exists=known_code)
    assert report.problems == []


def _write(tmp_path: Path, text: str) -> Report:
    (tmp_path / "items.yml").write_text(text, encoding="utf-8")
    return validate(tmp_path, today=TODAY, municipality_exists=known_code)


ITEM = """
  - id: a
    kind: huisarts
    title: T
    summary: S
    how_to: [Doe dit.]
    source: {name: Bron}
    verified_on: 2026-11-01
"""


def test_duplicate_yaml_key_is_an_error(tmp_path: Path) -> None:
    report = _write(tmp_path, "items:" + ITEM + "    title: Nog een titel\n")
    assert "duplicate key 'title'" in report.errors[0].message


def test_file_without_items_is_an_error(tmp_path: Path) -> None:
    report = _write(tmp_path, "items: []\n")
    assert report.errors[0].field == "items"


def test_unknown_top_level_key_is_an_error(tmp_path: Path) -> None:
    report = _write(tmp_path, "version: 2\nitems:" + ITEM)
    assert report.errors[0].field == "version"


def test_future_verified_on_is_a_warning(tmp_path: Path) -> None:
    report = _write(tmp_path, "items:" + ITEM.replace("2026-11-01", "2027-01-01"))
    assert report.errors == []
    assert "future" in report.warnings[0].message


def test_municipal_kind_without_municipality_is_an_error(tmp_path: Path) -> None:
    report = _write(tmp_path, "items:" + ITEM.replace("kind: huisarts", "kind: wmo-loket"))
    assert report.errors[0].field == "municipality"


def test_phone_written_as_a_number_is_an_error(tmp_path: Path) -> None:
    report = _write(tmp_path, "items:" + ITEM + "    contact: {phone: 112}\n")
    assert report.errors[0].field == "contact.phone"


def test_folder_without_yaml_files_is_an_error(tmp_path: Path) -> None:
    assert validate(tmp_path, today=TODAY, municipality_exists=known_code).errors


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.catalogue", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_check_command_exits_1_and_lists_every_error() -> None:
    result = _run("check", "--root", str(BROKEN), "--today", "2026-11-23")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    expected = validate(BROKEN, today=TODAY)  # the same municipality lookup as the command
    assert lines == [str(p) for p in expected.errors]
    assert "Traceback" not in result.stderr


def test_check_command_exits_0_on_a_clean_catalogue() -> None:
    result = _run("check", "--root", str(FIXTURE_CATALOGUE), "--today", "2026-11-23")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "23 items in 8 files: 0 errors" in result.stdout


def test_check_command_quiet_leaves_out_warnings() -> None:
    result = _run("check", "--root", str(BROKEN), "--today", "2026-11-23", "--quiet")
    assert "warning: " not in result.stdout


def test_check_command_refuses_a_bad_today() -> None:
    result = _run("check", "--today", "tomorrow")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_an_intranet_path_and_adds_to_belong_to_employer_files_only(tmp_path: Path) -> None:
    national = ITEM + "    contact: {url: /personeel/verlof}\n    adds_to: [kortdurend-zorgverlof]\n"
    report = _write(tmp_path, "items:" + national)
    assert {(p.item, p.field) for p in report.errors} == {("a", "contact.url"), ("a", "adds_to")}
    employers = tmp_path / "employers"
    employers.mkdir()
    (tmp_path / "items.yml").unlink()
    employer = national.replace("kind: huisarts", "kind: werkgeversregeling")
    (employers / "bedrijf.yml").write_text(
        "tenant: bedrijf\nname: Bedrijf\nsize: small\nitems:" + employer, encoding="utf-8"
    )
    report = validate(tmp_path, today=TODAY, municipality_exists=known_code)
    assert report.errors == []
    assert report.employer_sizes == {"bedrijf": "small"}
    assert report.items[0].adds_to == ("kortdurend-zorgverlof",)


def test_an_employer_size_must_be_small_or_large(tmp_path: Path) -> None:
    (tmp_path / "employers").mkdir()
    (tmp_path / "employers" / "bedrijf.yml").write_text(
        "tenant: bedrijf\nname: Bedrijf\nsize: middel\nitems:" + ITEM, encoding="utf-8"
    )
    report = validate(tmp_path, today=TODAY, municipality_exists=known_code)
    assert [(p.field, p.message) for p in report.errors] == [
        ("size", "expected one of small, large, got 'middel'")
    ]
