"""Profile.from_dict: every field checked, errors name the field and the value."""

from __future__ import annotations

from typing import Any

import pytest

from bot.profile import FIELD_NAMES, Profile, ProfileError

FULL = {
    "relationship": "parent",
    "condition": "dementia",
    "care_hours_per_week": 12.5,
    "lives_together": False,
    "recipient_municipality": "GM1735",
    "caregiver_municipality": "GM0153",
    "employment": "employee",
    "work_hours_per_week": 32,
    "employer_size": "large",
    "wlz_indication": "no",
    "needs": ["leave", "respite"],
    "burden": "heavy",
    "tenant": "testbedrijf",
}


def test_empty_profile_has_every_field_unknown() -> None:
    assert Profile.from_dict({}) == Profile()


def test_full_profile_round_trips_through_to_dict(places: dict[str, str]) -> None:
    profile = Profile.from_dict(FULL)
    assert profile.to_dict() == {**FULL, "work_hours_per_week": 32.0}


def test_to_dict_has_every_key_even_when_unknown() -> None:
    assert set(Profile().to_dict()) == set(FIELD_NAMES)


def test_nulls_are_unknown() -> None:
    assert Profile.from_dict(dict.fromkeys(FIELD_NAMES)) == Profile()


def test_needs_keep_their_order_without_duplicates() -> None:
    assert Profile.from_dict({"needs": ["money", "leave", "money"]}).needs == ("money", "leave")


def test_municipality_code_is_normalised_to_upper_case(places: dict[str, str]) -> None:
    assert Profile.from_dict({"recipient_municipality": "gm1735"}).recipient_municipality == "GM1735"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("relationship", "mother"),
        ("condition", "flu"),
        ("employment", "boss"),
        ("employer_size", "medium"),
        ("wlz_indication", True),
        ("burden", 3),
        ("needs", "leave"),
        ("needs", ["holiday"]),
        ("care_hours_per_week", 169),
        ("care_hours_per_week", -1),
        ("care_hours_per_week", "10"),
        ("work_hours_per_week", 81),
        ("work_hours_per_week", True),
        ("work_hours_per_week", float("nan")),
        ("lives_together", "yes"),
        ("recipient_municipality", "0153"),
        ("caregiver_municipality", "GM153"),
        ("tenant", "Voorbeeld Zorggroep"),
    ],
)
def test_bad_value_raises_profile_error_naming_field_and_value(field: str, value: Any) -> None:
    with pytest.raises(ProfileError) as caught:
        Profile.from_dict({field: value})
    assert caught.value.field == field
    message = str(caught.value)
    assert field in message
    assert "\n" not in message


def test_error_message_shows_the_bad_value() -> None:
    with pytest.raises(ProfileError, match="'boss'"):
        Profile.from_dict({"employment": "boss"})


def test_bad_value_inside_needs_is_named() -> None:
    with pytest.raises(ProfileError) as caught:
        Profile.from_dict({"needs": ["leave", "holiday"]})
    assert caught.value.value == "holiday"


def test_unknown_key_is_an_error() -> None:
    with pytest.raises(ProfileError) as caught:
        Profile.from_dict({"employmnet": "employee"})
    assert caught.value.field == "employmnet"


def test_not_a_mapping_is_an_error() -> None:
    with pytest.raises(ProfileError):
        Profile.from_dict(["employee"])  # type: ignore[arg-type]


def test_municipality_that_does_not_exist_is_an_error(places: dict[str, str]) -> None:
    with pytest.raises(ProfileError, match="GM9999"):
        Profile.from_dict({"recipient_municipality": "GM9999"})


def test_municipality_format_is_enough_without_places(no_places: None) -> None:
    assert Profile.from_dict({"recipient_municipality": "GM9999"}).recipient_municipality == "GM9999"


@pytest.mark.parametrize(("field", "value"), [("care_hours_per_week", 0), ("work_hours_per_week", 80)])
def test_range_ends_are_allowed(field: str, value: float) -> None:
    assert getattr(Profile.from_dict({field: value}), field) == value


def test_is_known_treats_empty_needs_as_unknown() -> None:
    assert not Profile().is_known("needs")
    assert Profile(needs=("leave",)).is_known("needs")
