"""Content corrections of issue 12 (facts sheet, "Checked again on 2026-12-05"), read from the YAML."""

from __future__ import annotations

import re

import pytest

from .test_catalogue_content import BY_ID, ENTRIES, Entry, _items_of_kind

TWENTE = {
    "GM0141": "Almelo",
    "GM0147": "Borne",
    "GM1774": "Dinkelland",
    "GM0153": "Enschede",
    "GM0158": "Haaksbergen",
    "GM0163": "Hellendoorn",
    "GM0164": "Hengelo",
    "GM1735": "Hof van Twente",
    "GM0168": "Losser",
    "GM0173": "Oldenzaal",
    "GM1742": "Rijssen-Holten",
    "GM0183": "Tubbergen",
    "GM1700": "Twenterand",
    "GM0189": "Wierden",
}
YEARLY_PROMISE_RE = re.compile(r"\belk(e)? jaar\b|\bjaarlijks", re.IGNORECASE)


def _all_text(entry: Entry) -> str:
    return " ".join(entry.texts())


def test_pgb_says_the_zorgverzekeraar_pays_a_zvw_budget() -> None:
    text = _all_text(BY_ID["pgb-mantelzorg"])
    assert "zorgverzekeraar" in text
    assert re.search(r"Wmo, de Wlz of de Jeugdwet betaalt de Sociale Verzekeringsbank", text)


def test_pgb_says_gebruikelijke_zorg_is_not_paid() -> None:
    assert "gebruikelijke zorg" in _all_text(BY_ID["pgb-mantelzorg"])


@pytest.mark.parametrize("entry", _items_of_kind("mantelzorgwaardering"), ids=lambda e: e.id)
def test_no_waardering_item_promises_a_yearly_token(entry: Entry) -> None:
    for text in (entry.data["title"], entry.data["summary"], *entry.data["how_to"]):
        stated = [m.group(0) for m in YEARLY_PROMISE_RE.finditer(text)]
        assert not stated or "staat een jaarlijkse waardering" in text, (entry.id, text)
    assert "of en hoe" in _all_text(entry) or "of er een blijk van waardering is" in _all_text(entry)


@pytest.mark.parametrize("code", ["GM0141", "GM0164", "GM0158", "GM0183", "GM0153"])
def test_abolished_waardering_is_said_with_its_year(code: str) -> None:
    entry = next(e for e in _items_of_kind("mantelzorgwaardering") if e.data.get("municipality") == code)
    assert re.search(r"\b(2018|2019)\b", entry.data["summary"])
    assert entry.data.get("fact_seen") in (2019, 2021)


def test_no_item_text_says_alzheimer_telefoon() -> None:
    hits = [e.id for e in ENTRIES if "Alzheimer Telefoon" in _all_text(e)]
    assert hits == []


def test_dementielijn_has_its_number_and_no_old_hours() -> None:
    entry = BY_ID["alzheimer-telefoon"]
    assert "DementieLijn" in entry.data["title"]
    assert entry.data["contact"]["phone"] == "0800 5088"
    assert "hours" not in entry.data["contact"]
    assert not re.search(r"\b\d{1,2}[.:]\d{2}\b", _all_text(entry))


def test_wlz_item_has_no_burden_condition() -> None:
    assert all("burden" not in conditions for conditions in BY_ID["wlz-indicatie"].condition_sets())


def test_wlz_summary_is_about_the_person_cared_for() -> None:
    summary = BY_ID["wlz-indicatie"].data["summary"]
    assert "blijvend" in summary and "24 uur" in summary and "CIZ" in summary


def test_almelo_points_to_mantelzorgalmelo_not_the_old_news() -> None:
    entry = BY_ID["mantelzorgsteunpunt-almelo"]
    assert "mantelzorgalmelo.nl" in entry.data["contact"]["url"]
    assert "deklup" not in str(entry.data).lower()


def test_haaksbergen_says_the_meeting_stopped_in_2019() -> None:
    entry = BY_ID["mantelzorgsteunpunt-haaksbergen"]
    assert "stopte in 2019" in entry.data["summary"]
    assert "mantelzorgconsulent" in entry.data["summary"]


def test_enschede_sends_people_to_the_wmo_loket_and_the_mantelzorglijn() -> None:
    text = _all_text(BY_ID["mantelzorgsteunpunt-enschede"])
    assert "14 053" in text and "Mantelzorglijn" in text
    assert str(BY_ID["mantelzorgsteunpunt-enschede"].data["fact_seen"]) == "2016"


@pytest.mark.parametrize("code", sorted(TWENTE))
@pytest.mark.parametrize("kind", ["wmo-loket", "mantelzorgsteunpunt"])
def test_every_twente_municipality_has_a_way_in_with_a_link(code: str, kind: str) -> None:
    entries = [e for e in _items_of_kind(kind) if e.data.get("municipality") == code]
    assert len(entries) == 1, f"{kind} {TWENTE[code]}"
    url = (entries[0].data.get("contact") or {}).get("url")
    assert url and url.startswith("https://"), f"{kind} {TWENTE[code]} has no link"
