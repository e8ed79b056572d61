"""The shipped place data (bot/places_data/): complete, consistent, every row valid."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from bot.places import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]
PROVINCES = {
    "Groningen",
    "Friesland",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
}


def rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CODES = {row["cbs_code"] for row in rows("gemeenten.csv")}


def test_gemeenten_has_342_unique_codes() -> None:
    assert len(rows("gemeenten.csv")) == len(CODES) == 342
    assert all(re.fullmatch(r"GM\d{4}", code) for code in CODES)


def test_woonplaatsen_are_the_2501_of_cbs_across_all_342_municipalities() -> None:
    places = rows("woonplaatsen.csv")
    assert len(places) == 2501
    assert all(row["name"].strip() == row["name"] and row["name"] for row in places)
    assert {row["cbs_code"] for row in places} == CODES
    assert len({(row["name"], row["cbs_code"]) for row in places}) == len(places)


def test_every_municipality_has_one_of_the_twelve_provinces() -> None:
    provinces = rows("provinces.csv")
    assert [row["cbs_code"] for row in provinces] == sorted(CODES)
    assert {row["province"] for row in provinces} == PROVINCES


def test_former_municipalities_point_to_existing_codes() -> None:
    former = rows("former_municipalities.csv")
    assert len(former) == 102
    assert all(row["name"] and row["cbs_codes"] for row in former)
    assert all(code in CODES for row in former for code in row["cbs_codes"].split())
    split = sorted(row["name"] for row in former if len(row["cbs_codes"].split()) > 1)
    assert split == ["Boarnsterhim", "Haaren", "Littenseradiel", "Maasdonk"]
    assert not CODES & {row["name"] for row in former}


def test_postcodes_are_four_digits_with_existing_codes() -> None:
    postcodes = rows("postcodes.csv")
    assert len(postcodes) == 4069
    assert all(re.fullmatch(r"[1-9]\d{3}", row["postcode"]) for row in postcodes)
    assert len({row["postcode"] for row in postcodes}) == len(postcodes)
    assert all(code in CODES for row in postcodes for code in row["cbs_codes"].split())
    assert sum(1 for row in postcodes if len(row["cbs_codes"].split()) > 1) == 34


def test_split_postcodes_with_letters_belong_to_a_split_four_digit_postcode() -> None:
    four = {row["postcode"]: set(row["cbs_codes"].split()) for row in rows("postcodes.csv")}
    six = rows("postcodes_split.csv")
    assert all(re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", row["postcode"]) for row in six)
    assert all(len(four[row["postcode"][:4]]) > 1 for row in six)
    assert all(set(row["cbs_codes"].split()) <= four[row["postcode"][:4]] for row in six)
    assert {row["postcode"][:4] for row in six} == {pc for pc, codes in four.items() if len(codes) > 1}


def test_postcodes_after_the_mergers_of_2022_and_2023_have_the_new_code() -> None:
    four = {row["postcode"]: row["cbs_codes"] for row in rows("postcodes.csv")}
    assert four["1381"] == "GM0363"  # Weesp -> Amsterdam
    assert four["1703"] == "GM1980"  # Heerhugowaard -> Dijk en Waard
    assert four["3231"] == "GM1992"  # Brielle -> Voorne aan Zee
    assert four["5831"] == "GM1982"  # Boxmeer -> Land van Cuijk
    assert four["5268"] == "GM0865"  # Helvoirt (Haaren, split in 2021) -> Vught


def test_districts_have_names_and_existing_codes() -> None:
    districts = rows("districts.csv")
    assert len(districts) > 5000
    assert all(row["name"].strip() and row["cbs_code"] in CODES for row in districts)
    names = {row["name"] for row in districts}
    assert {"Scheveningen", "Ypenburg", "Grouw", "Driebergen"} <= names
    woonplaatsen = Counter(row["name"] for row in rows("woonplaatsen.csv"))
    assert not names & set(woonplaatsen)


def test_hand_written_files_use_existing_codes() -> None:
    for name, column in [("name_variants.csv", "cbs_codes"), ("twente_towns.csv", "cbs_codes")]:
        assert all(code in CODES for row in rows(name) for code in row[column].split())
    assert all(row["cbs_code"] in CODES for row in rows("display_names.csv"))


@pytest.mark.parametrize(
    "line",
    [
        "Bron: CBS, Woonplaatsen in Nederland 2024 (85877NED), CC BY 4.0",
        "GeoNames, www.geonames.org, CC BY 4.0",
    ],
)
def test_the_readme_of_the_data_names_the_attribution(line: str) -> None:
    assert line in (DATA_DIR / "README.md").read_text("utf-8")
    assert "bot/places_data/README.md" in (ROOT / "README.md").read_text("utf-8")
