"""Freshness you can trust: verified_on / source_checked / fact_seen, and old facts ranked last."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot import engine, reasons
from bot.catalogue import Catalogue, default_catalogue, load_catalogue, validate
from bot.catalogue.model import STALE_PENALTY, fact_seen_date
from bot.profile import Profile

from .conftest import TODAY, known_code
from .test_catalogue_content import ENTRIES, Entry, _is_employer_file

SHEET_CHECK = date(2026, 12, 5)  # "Checked again on 2026-12-05" in shared/facts


def _write(tmp_path: Path, **fields: object) -> Path:
    item = {
        "id": "oud",
        "kind": "mantelzorgsteunpunt",
        "municipality": "GM0153",
        "title": "Oud steunpunt",
        "summary": "Samenvatting.",
        "how_to": ["Doe dit."],
        "source": {"name": "Bron"},
        "verified_on": date(2026, 11, 1),
        **fields,
    }
    (tmp_path / "items.yml").write_text(yaml.safe_dump({"items": [item]}), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2016", date(2016, 12, 31)),
        ("2019-02", date(2019, 2, 28)),
        ("2019-09-25", date(2019, 9, 25)),
        ("x", None),
    ],
)
def test_fact_seen_means_the_last_day_it_was_known_current(text: str, day: date | None) -> None:
    assert fact_seen_date(text) == day


def test_a_fact_older_than_three_years_is_stale(tmp_path: Path) -> None:
    item = load_catalogue(
        _write(tmp_path, fact_seen=2016), today=TODAY, municipality_exists=known_code
    ).items[0]
    assert item.stale_year(TODAY) == 2016
    assert item.staleness_penalty(TODAY) == STALE_PENALTY


def test_a_fact_seen_within_three_years_is_current(tmp_path: Path) -> None:
    item = load_catalogue(
        _write(tmp_path, fact_seen="2024-01"), today=TODAY, municipality_exists=known_code
    ).items[0]
    assert item.stale_year(TODAY) is None
    assert item.staleness_penalty(TODAY) == 0


def test_without_fact_seen_verified_on_dates_the_fact(tmp_path: Path) -> None:
    item = load_catalogue(_write(tmp_path), today=TODAY, municipality_exists=known_code).items[0]
    assert item.fact_date == date(2026, 11, 1)
    assert item.stale_year(date(2030, 1, 1)) == 2026


def test_check_warns_about_old_facts(tmp_path: Path) -> None:
    report = validate(_write(tmp_path, fact_seen=2016), today=TODAY, municipality_exists=known_code)
    assert report.errors == []
    [warning] = [p for p in report.warnings if p.field == "fact_seen"]
    assert "2016" in warning.message and "ranked below current items" in warning.message


def test_stale_sentence_is_dutch_and_names_the_year() -> None:
    assert reasons.stale_sentences(2016, local=True) == [
        "Deze informatie is van 2016. Controleer bij je gemeente of het nog klopt."
    ]
    assert reasons.stale_sentences(2021) == ["Deze informatie is van 2021. Controleer of het nog klopt."]
    assert reasons.stale_sentences(None) == []


def test_items_from_the_facts_sheet_carry_its_check_date_honestly() -> None:
    bad = [
        e.id
        for e in ENTRIES
        if not _is_employer_file(e.file)
        and e.data.get("source_checked") is False
        and e.data.get("verified_on") != SHEET_CHECK
    ]
    assert bad == []


def _reviewed(entry: Entry) -> bool:
    """Files reviewed in issue 12 carry the editor hint; files added since get their fields from the lead."""
    return entry.file.read_text(encoding="utf-8").startswith("# yaml-language-server:")


def test_every_reviewed_item_says_whether_its_source_was_checked() -> None:
    missing = [
        e.id
        for e in ENTRIES
        if not _is_employer_file(e.file) and _reviewed(e) and "source_checked" not in e.data
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("item_id", "year"),
    [
        ("mantelzorgsteunpunt-enschede", 2016),
        ("mantelzorgsteunpunt-haaksbergen", 2019),
        ("crisishulp-luisterlijn", 2021),
        ("mantelzorgsteunpunt-almelo", 2022),
    ],
)
def test_the_year_the_sheet_gives_is_the_fact_seen(item_id: str, year: int) -> None:
    entry = next(e for e in ENTRIES if e.id == item_id)
    assert str(entry.data["fact_seen"]).startswith(str(year))


@pytest.fixture(scope="module")
def real() -> Catalogue:
    return default_catalogue()


@pytest.mark.parametrize("needs", [(), ("emotional",), ("practical", "information")])
def test_no_old_fact_ranks_above_a_current_one_in_enschede(
    real: Catalogue, needs: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "_display_name", lambda code: "Enschede" if code == "GM0153" else None)
    profile = Profile(recipient_municipality="GM0153", employment="employee", needs=needs)
    ranked = engine.recommend(profile, real)
    stale = {item.id for item in real.items if item.stale_year() is not None}
    assert "mantelzorgsteunpunt-enschede" in {item["id"] for item in ranked}
    for group in {item["group"] for item in ranked}:
        order = [item["id"] in stale for item in ranked if item["group"] == group]
        assert order == sorted(order), f"an old item ranks above a current one in group {group}"


def test_old_enschede_item_says_how_old_it_is(real: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_display_name", lambda code: "Enschede" if code == "GM0153" else None)
    ranked = engine.recommend(Profile(recipient_municipality="GM0153"), real)
    item = next(i for i in ranked if i["id"] == "mantelzorgsteunpunt-enschede")
    assert "Deze informatie is van 2016. Controleer bij je gemeente of het nog klopt." in item["reasons"]
    assert item["fact_seen"] == "2016" and item["source_checked"] is False
