"""Loading the fixture catalogue: items, indexes, search and JSON output."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.catalogue import Catalogue, CatalogueError, load_catalogue

from .conftest import FIXTURE_CATALOGUE, FIXTURES, TODAY, known_code


def test_every_fixture_item_is_loaded(catalogue: Catalogue) -> None:
    assert len(catalogue) == 23


def test_items_are_sorted_by_id(catalogue: Catalogue) -> None:
    ids = [item.id for item in catalogue.items]
    assert ids == sorted(ids)


def test_get_finds_an_item_by_id(catalogue: Catalogue) -> None:
    item = catalogue.get("kortdurend-zorgverlof")
    assert item is not None
    assert item.kind == "kortdurend-zorgverlof"
    assert catalogue.get("no-such-item") is None


def test_employer_file_gives_its_tenant_to_its_items(catalogue: Catalogue) -> None:
    item = catalogue.get("testbedrijf-extra-verlof")
    assert item is not None and item.tenant == "testbedrijf"
    assert catalogue.employers["testbedrijf"] == "Testbedrijf (fictief)"


def test_municipal_items_replace_generic_ones_of_the_same_kind(catalogue: Catalogue) -> None:
    ids = {item.id for item in catalogue.municipal_items("recipient", "GM1735")}
    assert ids == {"wmo-loket-hof-van-twente", "mantelzorgmakelaar-hof-van-twente"}


def test_municipality_without_items_gets_the_generic_ones(catalogue: Catalogue) -> None:
    ids = {item.id for item in catalogue.municipal_items("recipient", "GM0193")}
    assert ids == {"wmo-loket-algemeen", "mantelzorgmakelaar-algemeen"}


def test_caregiver_side_is_indexed_apart(catalogue: Catalogue) -> None:
    assert [i.id for i in catalogue.municipal_items("caregiver", "GM0153")] == [
        "mantelzorgsteunpunt-enschede"
    ]
    assert catalogue.municipality_codes("caregiver") == ("GM0153",)


def test_variants_are_indexed_by_their_base(catalogue: Catalogue) -> None:
    assert [v.id for v in catalogue.variants["flexibel-werken"]] == ["flexibel-werken-kleine-werkgever"]
    assert "flexibel-werken-kleine-werkgever" not in {item.id for item in catalogue.national}


def test_variants_are_always_strict(catalogue: Catalogue) -> None:
    variant = catalogue.get("flexibel-werken-kleine-werkgever")
    assert variant is not None and variant.strict


def test_to_dict_is_json_ready_with_the_architecture_fields(catalogue: Catalogue) -> None:
    item = catalogue.get("kortdurend-zorgverlof")
    assert item is not None
    data = item.to_dict()
    json.dumps(data)
    for key in ("id", "kind", "title", "summary", "conditions", "how_to", "contact", "source", "verified_on"):
        assert key in data
    assert data["group"] == "werk"
    assert data["verified_on"] == "2026-11-01"


def test_to_dict_returns_a_fresh_copy(catalogue: Catalogue) -> None:
    item = catalogue.get("kortdurend-zorgverlof")
    assert item is not None
    item.to_dict()["how_to"].append("changed")
    item.to_dict()["contact"]["name"] = "changed"
    assert item.to_dict()["how_to"] == list(item.how_to)
    assert item.to_dict()["contact"]["name"] == "Rijksoverheid"


def test_search_finds_items_by_title_words(catalogue: Catalogue) -> None:
    assert [item.id for item in catalogue.search("zorgverlof")][:2] == [
        "kortdurend-zorgverlof",
        "langdurend-zorgverlof",
    ]


def test_search_ignores_case_and_accents(catalogue: Catalogue) -> None:
    assert catalogue.search("MANTELZÓRGLIJN")[0].id == "mantelzorglijn"


def test_search_shows_employer_items_only_for_their_tenant(catalogue: Catalogue) -> None:
    assert "testbedrijf-extra-verlof" not in {i.id for i in catalogue.search("extra zorgverlof")}
    assert "testbedrijf-extra-verlof" in {
        i.id for i in catalogue.search("extra zorgverlof", tenant="testbedrijf")
    }


def test_search_respects_the_limit(catalogue: Catalogue) -> None:
    assert len(catalogue.search("je", limit=3)) <= 3
    assert catalogue.search("") == []


def test_load_raises_catalogue_error_for_a_broken_catalogue() -> None:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(FIXTURES / "broken", today=TODAY, municipality_exists=known_code)
    assert len([p for p in caught.value.problems if p.severity == "error"]) > 1
    assert "\n" not in str(caught.value)


def test_load_of_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="not found"):
        load_catalogue(tmp_path / "nothing", today=TODAY, municipality_exists=known_code)


def test_warnings_do_not_stop_loading() -> None:
    later = date(2028, 1, 1)
    catalogue = load_catalogue(FIXTURE_CATALOGUE, today=later, municipality_exists=known_code)
    assert len(catalogue) == 23
    assert catalogue.warnings
