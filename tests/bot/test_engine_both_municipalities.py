"""Help for the person cared for follows their municipality; support for the caregiver may be in
either municipality (``municipality_of: both``): shown for both, once each, labelled (issue 12)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.catalogue import Catalogue, load_catalogue
from bot.engine import recommend
from bot.profile import Profile

HENGELO, ENSCHEDE, AMSTERDAM, UTRECHT = "GM0164", "GM0153", "GM0363", "GM0344"


@pytest.fixture(scope="module")
def real_catalogue() -> Catalogue:
    return load_catalogue()


def _of_kind(profile: Profile, catalogue: Catalogue, kind: str) -> list[dict[str, Any]]:
    return [item for item in recommend(profile, catalogue) if item["kind"] == kind]


def test_each_municipality_s_own_support_point_is_shown_and_labelled(real_catalogue: Catalogue) -> None:
    profile = Profile(recipient_municipality=HENGELO, caregiver_municipality=ENSCHEDE)
    points = {item["id"]: item for item in _of_kind(profile, real_catalogue, "mantelzorgsteunpunt")}
    assert set(points) == {"mantelzorgsteunpunt-hengelo", "mantelzorgsteunpunt-enschede"}
    assert (
        "Dit regel je bij de gemeente Hengelo, waar je naaste woont."
        in points["mantelzorgsteunpunt-hengelo"]["reasons"]
    )
    assert (
        "Dit regel je bij de gemeente Enschede, waar je zelf woont."
        in points["mantelzorgsteunpunt-enschede"]["reasons"]
    )


def test_help_for_the_person_cared_for_follows_their_municipality_only(real_catalogue: Catalogue) -> None:
    profile = Profile(recipient_municipality=HENGELO, caregiver_municipality=ENSCHEDE)
    assert [item["id"] for item in _of_kind(profile, real_catalogue, "wmo-loket")] == ["wmo-loket-hengelo"]


def test_a_generic_item_for_both_places_is_shown_once_naming_both(real_catalogue: Catalogue) -> None:
    profile = Profile(recipient_municipality=AMSTERDAM, caregiver_municipality=UTRECHT)
    (point,) = _of_kind(profile, real_catalogue, "mantelzorgsteunpunt")
    assert point["municipality"] == AMSTERDAM
    assert point["reasons"][:2] == [
        "Dit regel je bij de gemeente Amsterdam, waar je naaste woont.",
        "Je kunt hiervoor ook terecht bij de gemeente Utrecht, waar je zelf woont.",
    ]


def test_living_in_the_same_municipality_says_so_once(real_catalogue: Catalogue) -> None:
    profile = Profile(recipient_municipality=AMSTERDAM, caregiver_municipality=AMSTERDAM)
    (point,) = _of_kind(profile, real_catalogue, "mantelzorgsteunpunt")
    assert "Dit regel je bij de gemeente Amsterdam, waar je naaste en jij wonen." in point["reasons"]


def test_only_the_caregiver_s_place_known_finds_its_support_point(real_catalogue: Catalogue) -> None:
    points = _of_kind(Profile(caregiver_municipality=ENSCHEDE), real_catalogue, "mantelzorgsteunpunt")
    assert [item["id"] for item in points] == ["mantelzorgsteunpunt-enschede"]


def test_no_place_known_shows_the_generic_support_point_once(real_catalogue: Catalogue) -> None:
    points = _of_kind(Profile(), real_catalogue, "mantelzorgsteunpunt")
    assert [item["id"] for item in points] == ["mantelzorgsteunpunt-algemeen"]
    assert "de gemeente waar je naaste woont" in points[0]["title"]


def test_ids_in_an_overview_are_unique(real_catalogue: Catalogue) -> None:
    for recipient, caregiver in [
        (HENGELO, ENSCHEDE),
        (AMSTERDAM, UTRECHT),
        (ENSCHEDE, None),
        (None, HENGELO),
    ]:
        ids = [
            item["id"]
            for item in recommend(
                Profile(recipient_municipality=recipient, caregiver_municipality=caregiver), real_catalogue
            )
        ]
        assert len(ids) == len(set(ids))
