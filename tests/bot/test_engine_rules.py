"""Eligibility rules of the engine, pinned with a table: profile -> what must and must not be shown.

Runs on the hand-made fixture catalogue (tests/bot/fixtures/catalogue), so the rules are tested
apart from the real catalogue's content.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.catalogue import Catalogue
from bot.engine import recommend
from bot.profile import Profile

STATUTORY = ("calamiteitenverlof", "kortdurend-zorgverlof", "langdurend-zorgverlof", "flexibel-werken")
# A student may have a job on an employment contract: the leave is shown on that condition
# (tests/bot/test_eligibility_table.py); these have no statutory leave at all.
NOT_EMPLOYED = ("self_employed", "employer_owner", "not_working")

# (case id, profile fields, tenant, ids that must be shown, ids that must not be shown)
RULES: list[tuple[str, dict[str, Any], str | None, set[str], set[str]]] = [
    (
        "employee caring for a parent gets statutory leave and the employer talk",
        {"employment": "employee", "relationship": "parent"},
        None,
        {*STATUTORY, "gesprek-werkgever"},
        set(),
    ),
    *[
        (
            f"{employment} gets no statutory leave and no employer talk, but respite and support",
            {"employment": employment, "relationship": "parent"},
            None,
            {"dagbesteding-wmo", "mantelzorglijn", "wmo-loket-algemeen", "mantelzorgsteunpunt-algemeen"},
            {*STATUTORY, "gesprek-werkgever", "flexibel-werken-kleine-werkgever"},
        )
        for employment in NOT_EMPLOYED
    ],
    (
        "a friend or neighbour gets zorgverlof (sociale relatie)",
        {"employment": "employee", "relationship": "friend_neighbour"},
        None,
        {"kortdurend-zorgverlof", "langdurend-zorgverlof"},
        set(),
    ),
    (
        "someone outside the circle, not living together: calamiteitenverlof, zorgverlof only as a"
        " social relationship (care_circle) and not where the item names the relationships",
        {"employment": "employee", "relationship": "other", "lives_together": False},
        None,
        {"calamiteitenverlof", "kortdurend-zorgverlof"},
        {"langdurend-zorgverlof"},
    ),
    (
        "a housemate outside the family circle gets kortdurend zorgverlof (any_of)",
        {"employment": "employee", "relationship": "other", "lives_together": True},
        None,
        {"kortdurend-zorgverlof"},
        {"langdurend-zorgverlof"},
    ),
    (
        "a small employer: the variant replaces the Wfw item",
        {"employment": "employee", "employer_size": "small"},
        None,
        {"flexibel-werken-kleine-werkgever"},
        {"flexibel-werken"},
    ),
    (
        "a large employer: the Wfw item, not the small-employer variant",
        {"employment": "employee", "employer_size": "large"},
        None,
        {"flexibel-werken"},
        {"flexibel-werken-kleine-werkgever"},
    ),
    (
        "employer size not known: the Wfw item, the variant stays hidden",
        {"employment": "employee", "employer_size": "unknown"},
        None,
        {"flexibel-werken"},
        {"flexibel-werken-kleine-werkgever"},
    ),
    (
        "Wlz indication: respite through the zorgkantoor, no CIZ route",
        {"wlz_indication": "yes", "condition": "dementia"},
        None,
        {"dagbesteding-wlz", "respijt-thuis-wlz"},
        {"dagbesteding-wmo", "respijt-thuis-wmo", "wlz-indicatie"},
    ),
    (
        "no Wlz indication: respite through the municipality",
        {"wlz_indication": "no"},
        None,
        {"dagbesteding-wmo", "respijt-thuis-wmo"},
        {"dagbesteding-wlz", "respijt-thuis-wlz"},
    ),
    (
        "Wlz indication not known: the Wlz route stays hidden",
        {"wlz_indication": "unknown"},
        None,
        {"dagbesteding-wmo", "respijt-thuis-wmo"},
        {"dagbesteding-wlz", "respijt-thuis-wlz"},
    ),
    (
        "dementia without an indication: the CIZ route is offered",
        {"wlz_indication": "no", "condition": "dementia"},
        None,
        {"wlz-indicatie"},
        set(),
    ),
    (
        "many care hours without an indication: the CIZ route is offered",
        {
            "wlz_indication": "unknown",
            "care_hours_per_week": 30,
            "burden": "moderate",
            "condition": "old_age",
        },
        None,
        {"wlz-indicatie"},
        set(),
    ),
    (
        "a light situation: no CIZ route",
        {"wlz_indication": "no", "condition": "chronic_illness", "burden": "light", "care_hours_per_week": 5},
        None,
        set(),
        {"wlz-indicatie"},
    ),
    (
        "dementia: disease-specific support",
        {"condition": "dementia"},
        None,
        {"alzheimer-telefoon"},
        set(),
    ),
    (
        "another condition: no Alzheimer Telefoon",
        {"condition": "chronic_illness"},
        None,
        set(),
        {"alzheimer-telefoon"},
    ),
    (
        "condition not known: no disease-specific support",
        {},
        None,
        set(),
        {"alzheimer-telefoon"},
    ),
    (
        "recipient in Hof van Twente: its own items replace the generic ones",
        {"recipient_municipality": "GM1735"},
        None,
        {"wmo-loket-hof-van-twente", "mantelzorgmakelaar-hof-van-twente"},
        {"wmo-loket-algemeen", "mantelzorgmakelaar-algemeen"},
    ),
    (
        "recipient elsewhere: the generic municipal items",
        {"recipient_municipality": "GM0193"},
        None,
        {"wmo-loket-algemeen", "mantelzorgmakelaar-algemeen"},
        {"wmo-loket-hof-van-twente", "mantelzorgmakelaar-hof-van-twente"},
    ),
    (
        "the caregiver's own municipality decides caregiver-side items",
        {"recipient_municipality": "GM1735", "caregiver_municipality": "GM0153"},
        None,
        {"mantelzorgsteunpunt-enschede", "wmo-loket-hof-van-twente"},
        {"mantelzorgsteunpunt-algemeen", "wmo-loket-algemeen"},
    ),
    (
        "the recipient's municipality does not decide caregiver-side items",
        {"recipient_municipality": "GM0153", "lives_together": False},
        None,
        {"mantelzorgsteunpunt-algemeen"},
        {"mantelzorgsteunpunt-enschede"},
    ),
    (
        "living together, the recipient's municipality is the caregiver's too",
        {"recipient_municipality": "GM0153", "lives_together": True},
        None,
        {"mantelzorgsteunpunt-enschede"},
        {"mantelzorgsteunpunt-algemeen"},
    ),
    (
        "through an employer's intranet: its arrangements",
        {"employment": "employee"},
        "testbedrijf",
        {"testbedrijf-extra-verlof"},
        set(),
    ),
    (
        "without a tenant: no employer arrangements",
        {"employment": "employee"},
        None,
        set(),
        {"testbedrijf-extra-verlof"},
    ),
    (
        "another tenant: not this employer's arrangements",
        {"employment": "employee"},
        "ander-bedrijf",
        set(),
        {"testbedrijf-extra-verlof"},
    ),
    (
        "self-employed through an intranet: the employee arrangement does not apply",
        {"employment": "self_employed"},
        "testbedrijf",
        set(),
        {"testbedrijf-extra-verlof"},
    ),
    (
        "asking about money: the pgb",
        {"needs": ["money"]},
        None,
        {"pgb-mantelzorg"},
        set(),
    ),
    (
        "asking about other things only: no pgb",
        {"needs": ["leave", "respite"]},
        None,
        set(),
        {"pgb-mantelzorg"},
    ),
    (
        "an empty profile still gets an answer with open items",
        {},
        None,
        {
            *STATUTORY,
            "gesprek-werkgever",
            "dagbesteding-wmo",
            "respijt-thuis-wmo",
            "wlz-indicatie",
            "pgb-mantelzorg",
            "wmo-loket-algemeen",
            "mantelzorgsteunpunt-algemeen",
            "mantelzorglijn",
            "huisarts",
            "crisishulp-113",
        },
        {
            "dagbesteding-wlz",
            "respijt-thuis-wlz",
            "flexibel-werken-kleine-werkgever",
            "testbedrijf-extra-verlof",
        },
    ),
]


@pytest.mark.parametrize(("case", "fields", "tenant", "shown", "hidden"), RULES, ids=[r[0] for r in RULES])
def test_eligibility_rule(
    catalogue: Catalogue,
    places: dict[str, str],
    case: str,
    fields: dict[str, Any],
    tenant: str | None,
    shown: set[str],
    hidden: set[str],
) -> None:
    ids = {item["id"] for item in recommend(Profile.from_dict(fields), catalogue, tenant=tenant)}
    assert shown <= ids, f"missing: {sorted(shown - ids)}"
    assert not hidden & ids, f"must not be shown: {sorted(hidden & ids)}"


def test_tenant_from_the_profile_counts_like_the_argument(catalogue: Catalogue) -> None:
    ids = {item["id"] for item in recommend(Profile(employment="employee", tenant="testbedrijf"), catalogue)}
    assert "testbedrijf-extra-verlof" in ids


def test_every_item_appears_once(catalogue: Catalogue) -> None:
    ids = [item["id"] for item in recommend(Profile(lives_together=True), catalogue)]
    assert len(ids) == len(set(ids))
