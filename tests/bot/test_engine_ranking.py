"""Ranking: matched before open, burden and needs lift what helps, stable order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.catalogue import Catalogue, Item
from bot.engine import recommend
from bot.profile import Profile

RELIEF = (
    "dagbesteding-wmo",
    "respijt-thuis-wmo",
    "mantelzorglijn",
    "huisarts",
    "mantelzorgmakelaar-algemeen",
)


def _ids(profile: Profile, catalogue: Catalogue, tenant: str | None = None) -> list[str]:
    return [item["id"] for item in recommend(profile, catalogue, tenant=tenant)]


def test_same_profile_gives_the_same_list(catalogue: Catalogue) -> None:
    profile = Profile(employment="employee", relationship="parent", burden="heavy", needs=("respite",))
    assert recommend(profile, catalogue) == recommend(profile, catalogue)


def test_heavy_burden_ranks_respite_and_personal_support_higher(catalogue: Catalogue) -> None:
    base = Profile(employment="employee", relationship="parent", wlz_indication="no")
    light = _ids(replace(base, burden="light"), catalogue)
    heavy = _ids(replace(base, burden="heavy"), catalogue)
    for item_id in RELIEF:
        assert heavy.index(item_id) < light.index(item_id), item_id


def test_heavy_burden_puts_relief_before_the_employer_talk(catalogue: Catalogue) -> None:
    ids = _ids(Profile(employment="employee", wlz_indication="no", burden="heavy"), catalogue)
    assert ids.index("dagbesteding-wmo") < ids.index("gesprek-werkgever")


def test_a_named_need_ranks_matching_items_higher(catalogue: Catalogue) -> None:
    base = Profile(employment="employee", relationship="parent", wlz_indication="no")
    without = _ids(base, catalogue)
    with_need = _ids(replace(base, needs=("respite",)), catalogue)
    assert with_need.index("dagbesteding-wmo") < without.index("dagbesteding-wmo")


def test_matched_items_come_before_open_ones(catalogue: Catalogue) -> None:
    ids = _ids(Profile(employment="employee", relationship="parent"), catalogue)
    # flexibel-werken is open (employer size unknown); calamiteitenverlof is fully matched
    assert ids.index("calamiteitenverlof") < ids.index("flexibel-werken")


def test_the_employers_own_arrangement_comes_first(catalogue: Catalogue) -> None:
    ids = _ids(Profile(employment="employee", relationship="parent"), catalogue, tenant="testbedrijf")
    assert ids[0] == "testbedrijf-extra-verlof"


def _item(item_id: str) -> Item:
    return Item(
        id=item_id,
        kind="huisarts",
        title="Titel",
        summary="Samenvatting.",
        how_to=("Doe dit.",),
        source={"name": "Bron", "url": None},
        verified_on=date(2026, 11, 1),
    )


def test_equal_scores_are_ordered_by_id() -> None:
    tied = Catalogue([_item("c-item"), _item("a-item"), _item("b-item")])
    assert _ids(Profile(), tied) == ["a-item", "b-item", "c-item"]
