"""What the engine says about each item: reasons, amounts, filled-in municipality names."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.catalogue import Catalogue
from bot.engine import recommend
from bot.profile import Profile


def _item(profile: Profile, catalogue: Catalogue, item_id: str, tenant: str | None = None) -> dict[str, Any]:
    for item in recommend(profile, catalogue, tenant=tenant):
        if item["id"] == item_id:
            return item
    raise AssertionError(f"{item_id} not recommended")


EMPLOYEE_PARENT = Profile(employment="employee", relationship="parent")


def test_matched_conditions_are_named_as_the_reason(catalogue: Catalogue) -> None:
    reasons = _item(EMPLOYEE_PARENT, catalogue, "langdurend-zorgverlof")["reasons"]
    assert (
        reasons[0] == "Dit geldt voor jou, omdat je in loondienst werkt en je voor je vader of moeder zorgt."
    )


def test_open_conditions_are_spelled_out(catalogue: Catalogue) -> None:
    reasons = _item(Profile(), catalogue, "calamiteitenverlof")["reasons"]
    assert reasons == ["Dit geldt alleen als je in loondienst werkt."]


def test_matched_and_open_conditions_together(catalogue: Catalogue) -> None:
    reasons = _item(Profile(employment="employee"), catalogue, "langdurend-zorgverlof")["reasons"]
    assert reasons[:2] == [
        "Dit kan voor jou gelden, omdat je in loondienst werkt.",
        "Het geldt alleen als je voor je partner, een ouder, je kind, een ander familielid of een vriend of "
        "buur zorgt.",
    ]


def test_someone_outside_the_family_circle_gets_the_conditions_never_a_promise(catalogue: Catalogue) -> None:
    reasons = _item(Profile(employment="employee", relationship="other"), catalogue, "kortdurend-zorgverlof")
    assert reasons["reasons"][:3] == [
        "Dit kan voor jou gelden, omdat je in loondienst werkt.",
        "Het geldt alleen als de zorg direct voortkomt uit jullie band (een 'sociale relatie') of je "
        "naaste bij je in huis woont.",
        "Verder geldt het alleen als de zorg echt nodig is.",
    ]


def test_friend_or_neighbour_gets_the_social_relationship_condition(catalogue: Catalogue) -> None:
    profile = Profile(employment="employee", relationship="friend_neighbour")
    reasons = " ".join(_item(profile, catalogue, "kortdurend-zorgverlof")["reasons"])
    assert "sociale relatie" in reasons
    assert "direct voortkomt uit jullie band" in reasons
    assert "Een vriend of buur telt voor de wet niet als familie." in reasons
    assert "Dit geldt voor jou" not in reasons


def test_item_without_conditions_is_for_everyone(catalogue: Catalogue) -> None:
    assert _item(Profile(), catalogue, "mantelzorglijn")["reasons"] == [
        "Dit is er voor iedereen die voor een naaste zorgt."
    ]


def test_open_small_employer_variant_is_mentioned_on_the_base_item(catalogue: Catalogue) -> None:
    reasons = _item(Profile(employment="employee"), catalogue, "flexibel-werken")["reasons"]
    assert reasons[-1] == (
        "Als je werkgever minder dan 10 mensen in dienst heeft, geldt iets anders: "
        "Andere werktijden vragen bij een kleine werkgever."
    )


def test_heavy_burden_says_why_relief_comes_first(catalogue: Catalogue) -> None:
    reasons = _item(Profile(burden="heavy"), catalogue, "mantelzorglijn")["reasons"]
    assert "De zorg is zwaar voor je. Dit kan je wat lucht geven." in reasons


def test_named_need_is_given_as_a_reason(catalogue: Catalogue) -> None:
    reasons = _item(Profile(needs=("respite", "leave")), catalogue, "dagbesteding-wmo")["reasons"]
    assert "Dit past bij waar je hulp bij zoekt: even vrij zijn van de zorg." in reasons


def test_employer_arrangement_names_the_employer(catalogue: Catalogue) -> None:
    item = _item(Profile(employment="employee"), catalogue, "testbedrijf-extra-verlof", tenant="testbedrijf")
    assert item["reasons"][0] == "Dit is een regeling van je eigen werkgever, Testbedrijf (fictief)."


# --- amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item_id", "week", "amount"),
    [
        (
            "kortdurend-zorgverlof",
            32,
            "Maximaal 64 uur kortdurend zorgverlof per 12 maanden (2 × je werkweek van 32 uur). "
            "Je werkgever betaalt minstens 70% van je loon.",
        ),
        (
            "langdurend-zorgverlof",
            32,
            "Maximaal 192 uur langdurend zorgverlof per 12 maanden (6 × je werkweek van 32 uur). "
            "Volgens de wet krijg je geen loon tijdens dit verlof.",
        ),
        (
            "kortdurend-zorgverlof",
            12.5,
            "Maximaal 25 uur kortdurend zorgverlof per 12 maanden (2 × je werkweek van 12,5 uur). "
            "Je werkgever betaalt minstens 70% van je loon.",
        ),
        (
            "langdurend-zorgverlof",
            36.5,
            "Maximaal 219 uur langdurend zorgverlof per 12 maanden (6 × je werkweek van 36,5 uur). "
            "Volgens de wet krijg je geen loon tijdens dit verlof.",
        ),
    ],
)
def test_leave_amount_is_computed_from_the_working_week(
    catalogue: Catalogue, item_id: str, week: float, amount: str
) -> None:
    profile = Profile(employment="employee", relationship="partner", work_hours_per_week=week)
    assert _item(profile, catalogue, item_id)["amount"] == amount


def test_unknown_hours_give_the_rule_in_words(catalogue: Catalogue) -> None:
    amount = _item(EMPLOYEE_PARENT, catalogue, "kortdurend-zorgverlof")["amount"]
    assert amount.startswith(
        "Je kunt per 12 maanden maximaal 2 × het aantal uur dat je per week werkt opnemen "
        "als kortdurend zorgverlof."
    )
    assert amount.endswith("Je werkgever betaalt minstens 70% van je loon.")


def test_zero_hours_ask_for_the_average_of_an_on_call_contract(catalogue: Catalogue) -> None:
    profile = Profile(employment="employee", relationship="parent", work_hours_per_week=0)
    amount = _item(profile, catalogue, "kortdurend-zorgverlof")["amount"]
    assert "nulurencontract" in amount and "gemiddelde aantal uur" in amount
    assert "32" not in amount  # no made-up working week


def test_pay_only_amount_is_the_pay_sentence(catalogue: Catalogue) -> None:
    assert (
        _item(EMPLOYEE_PARENT, catalogue, "calamiteitenverlof")["amount"]
        == "Je werkgever betaalt je loon door."
    )


def test_item_without_amount_has_none(catalogue: Catalogue) -> None:
    assert _item(EMPLOYEE_PARENT, catalogue, "gesprek-werkgever")["amount"] is None


def test_hour_placeholders_are_filled_in(catalogue: Catalogue) -> None:
    profile = Profile(employment="employee", relationship="parent", work_hours_per_week=24)
    summary = _item(profile, catalogue, "langdurend-zorgverlof")["summary"]
    assert summary.endswith("144 uur bij 24 uur werk.")


def test_hour_placeholders_read_as_words_when_hours_are_unknown(catalogue: Catalogue) -> None:
    summary = _item(EMPLOYEE_PARENT, catalogue, "langdurend-zorgverlof")["summary"]
    assert "{" not in summary
    assert "6 × het aantal uur dat je per week werkt" in summary


# --- municipalities ----------------------------------------------------------------------------


def test_generic_item_names_the_municipality(catalogue: Catalogue, places: dict[str, str]) -> None:
    item = _item(Profile(recipient_municipality="GM0193"), catalogue, "wmo-loket-algemeen")
    assert item["title"] == "Wmo-loket van de gemeente Zwolle"
    assert item["summary"].startswith("Bij Zwolle vraag je hulp aan")
    assert item["contact"]["name"] == "Gemeente Zwolle"
    assert item["check"] == "Controleer het telefoonnummer bij de gemeente Zwolle."
    assert item["municipality"] == "GM0193"


def test_generic_item_without_a_municipality_reads_well(catalogue: Catalogue, places: dict[str, str]) -> None:
    item = _item(Profile(), catalogue, "wmo-loket-algemeen")
    assert item["title"] == "Wmo-loket van de gemeente waar je naaste woont"
    assert item["summary"].startswith("Bij de gemeente waar je naaste woont vraag je hulp aan")
    assert item["contact"]["name"] == "De gemeente waar je naaste woont"
    assert item["municipality"] == "*"


def test_placeholder_at_the_start_is_capitalised(catalogue: Catalogue, places: dict[str, str]) -> None:
    item = _item(Profile(), catalogue, "mantelzorgsteunpunt-algemeen")
    assert item["how_to"] == ["De gemeente waar je woont weet waar je terecht kunt."]


def test_municipal_reason_names_the_municipality(catalogue: Catalogue, places: dict[str, str]) -> None:
    item = _item(Profile(recipient_municipality="GM1735"), catalogue, "wmo-loket-hof-van-twente")
    assert item["reasons"] == ["Dit regel je bij de gemeente Hof van Twente, waar je naaste woont."]


def test_caregiver_side_reason_says_where_you_live(catalogue: Catalogue, places: dict[str, str]) -> None:
    item = _item(Profile(caregiver_municipality="GM0153"), catalogue, "mantelzorgsteunpunt-enschede")
    assert item["reasons"] == ["Dit regel je bij de gemeente Enschede, waar je zelf woont."]


def test_municipal_reason_without_places_still_reads_well(catalogue: Catalogue, no_places: None) -> None:
    item = _item(Profile(recipient_municipality="GM0193"), catalogue, "wmo-loket-algemeen")
    assert item["reasons"] == ["Dit regel je bij de gemeente waar je naaste woont."]
    assert item["title"] == "Wmo-loket van de gemeente waar je naaste woont"


# --- output shape ------------------------------------------------------------------------------


def test_every_item_has_reasons_amount_group_and_check(catalogue: Catalogue) -> None:
    for item in recommend(Profile(), catalogue):
        assert item["reasons"], item["id"]
        assert {"amount", "group", "check"} <= set(item)
        assert item["group"] in {"werk", "respijtzorg", "gemeente", "geld", "steun"}


def test_output_is_json_ready(catalogue: Catalogue, places: dict[str, str]) -> None:
    profile = Profile.from_dict({"employment": "employee", "work_hours_per_week": 32, "needs": ["leave"]})
    json.dumps(recommend(profile, catalogue, tenant="testbedrijf"), ensure_ascii=False)


def test_output_can_be_changed_without_touching_the_catalogue(catalogue: Catalogue) -> None:
    first = recommend(EMPLOYEE_PARENT, catalogue)
    first[0]["how_to"].append("changed")
    first[0]["reasons"].append("changed")
    assert recommend(EMPLOYEE_PARENT, catalogue)[0]["how_to"][-1] != "changed"


@pytest.mark.parametrize("wlz", [None, "unknown"])
def test_condition_that_holds_because_unknown_is_allowed_is_still_spelled_out(
    catalogue: Catalogue, wlz: str | None
) -> None:
    reasons = _item(Profile(wlz_indication=wlz), catalogue, "dagbesteding-wmo")["reasons"]
    assert reasons == ["Dit geldt alleen als je naaste nog geen Wlz-indicatie heeft."]


def test_known_answer_in_the_list_is_a_plain_reason(catalogue: Catalogue) -> None:
    reasons = _item(Profile(wlz_indication="no"), catalogue, "dagbesteding-wmo")["reasons"]
    assert reasons == ["Dit geldt voor jou, omdat je naaste geen Wlz-indicatie heeft."]
