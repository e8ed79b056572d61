"""Who gets what, and in which words: the law's conditions on the real catalogue (issue 12).

One row per case: relationship x employment x condition x age (the age of a child is a condition
the engine cannot know, so it is said: "als je kind jonger dan 8 jaar is"). Each row names the
items that must be shown and must not be shown, and sentences that must (or must never) appear in
an item's reasons or amount. Facts: shared/facts/werkende-mantelzorgers.md, "Checked again on
2026-12-05".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.catalogue import Catalogue, load_catalogue
from bot.engine import recommend
from bot.profile import Profile

LEAVE = ("kortdurend-zorgverlof", "langdurend-zorgverlof")
STATUTORY = ("calamiteitenverlof", *LEAVE)
NECESSARY = "de zorg echt nodig is en jij degene bent die die zorg moet geven"
SOCIAL = "de zorg direct voortkomt uit jullie band (een 'sociale relatie')"


@dataclass(frozen=True)
class Row:
    case: str
    profile: dict[str, Any]
    shown: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    #: item id -> phrases its reasons and amount must contain
    says: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: item id -> phrases its reasons and amount must never contain
    never: dict[str, tuple[str, ...]] = field(default_factory=dict)


ROWS = [
    Row(
        "parent with dementia, employee 32 h: leave said with its conditions and as a maximum",
        {
            "relationship": "parent",
            "employment": "employee",
            "work_hours_per_week": 32,
            "condition": "dementia",
        },
        shown=(*STATUTORY, "casemanager-dementie"),
        says={
            "kortdurend-zorgverlof": (
                "Dit kan voor jou gelden, omdat je in loondienst werkt en je voor je vader of moeder zorgt.",
                f"Verder geldt het alleen als je naaste ziek is, {NECESSARY}.",
                "Maximaal 64 uur kortdurend zorgverlof per 12 maanden",
            ),
            "langdurend-zorgverlof": ("Maximaal 192 uur langdurend zorgverlof per 12 maanden",),
            "calamiteitenverlof": ("In je cao kan iets anders staan.",),
        },
        never={
            "kortdurend-zorgverlof": ("Dit geldt voor jou",),
            "langdurend-zorgverlof": ("Dit geldt voor jou",),
        },
    ),
    Row(
        "mother-in-law: not family for the law, only a social relationship",
        {"relationship": "extended_family", "employment": "employee", "work_hours_per_week": 36},
        shown=STATUTORY,
        says={
            "kortdurend-zorgverlof": (
                f"Het geldt alleen als {SOCIAL} of je naaste bij je in huis woont.",
                "telt voor de wet niet als familie",
                "Maximaal 72 uur",
            ),
        },
        never={
            "kortdurend-zorgverlof": (
                "Dit geldt voor jou",
                "familielid zorgt",
                "schoonfamilie of verdere familie zorgt",
            )
        },
    ),
    Row(
        "aunt who lives with you: a housemate counts",
        {"relationship": "extended_family", "lives_together": True, "employment": "employee"},
        shown=LEAVE,
        says={
            "kortdurend-zorgverlof": ("omdat je in loondienst werkt en je met je naaste in één huis woont",)
        },
        never={"kortdurend-zorgverlof": ("sociale relatie", "telt voor de wet niet als familie")},
    ),
    Row(
        "neighbour or friend: only when the care follows from the relationship",
        {"relationship": "friend_neighbour", "employment": "employee", "lives_together": False},
        shown=LEAVE,
        says={"kortdurend-zorgverlof": (SOCIAL, "Een vriend of buur telt voor de wet niet als familie.")},
        never={"kortdurend-zorgverlof": ("Dit geldt voor jou", "omdat je voor een vriend of buur zorgt")},
    ),
    Row(
        "brother or sister: family the law names",
        {"relationship": "sibling", "employment": "employee"},
        shown=LEAVE,
        says={"kortdurend-zorgverlof": ("omdat je in loondienst werkt en je voor je broer of zus zorgt",)},
        never={"kortdurend-zorgverlof": ("sociale relatie",)},
    ),
    Row(
        "grandparent: family the law names",
        {"relationship": "grandparent", "employment": "employee"},
        shown=LEAVE,
        says={"langdurend-zorgverlof": ("je voor je opa of oma zorgt",)},
    ),
    Row(
        "grandchild: family the law names",
        {"relationship": "grandchild", "employment": "employee"},
        shown=LEAVE,
        says={"kortdurend-zorgverlof": ("je voor je kleinkind zorgt",)},
    ),
    Row(
        "'a relative' without saying which: the circle is spelled out",
        {"relationship": "other_family", "employment": "employee"},
        shown=LEAVE,
        says={
            "kortdurend-zorgverlof": (
                "je zorgt voor je partner, een ouder, kind, broer, zus, opa, oma of kleinkind",
            )
        },
        never={"kortdurend-zorgverlof": ("Dit geldt voor jou",)},
    ),
    Row(
        "student with a job: the rights of an employee, on that condition",
        {"relationship": "parent", "employment": "student"},
        shown=(*STATUTORY, "gesprek-werkgever"),
        says={
            "kortdurend-zorgverlof": ("je naast je studie een baan hebt met een arbeidscontract",),
            "calamiteitenverlof": (
                "Dit geldt alleen als je naast je studie een baan hebt met een arbeidscontract.",
            ),
        },
    ),
    Row(
        "employee on a zero-hours contract: no made-up working week",
        {"relationship": "partner", "employment": "employee", "work_hours_per_week": 0},
        shown=LEAVE,
        says={"kortdurend-zorgverlof": ("nulurencontract", "gemiddelde aantal uur dat je echt werkt")},
        never={"kortdurend-zorgverlof": ("64 uur", "bijvoorbeeld 32")},
    ),
    Row(
        "self-employed: plainly no statutory leave, and what helps instead",
        {"relationship": "parent", "employment": "self_employed", "work_hours_per_week": 40},
        shown=("ondernemer-en-zorg",),
        hidden=(*STATUTORY, "gesprek-werkgever", "ouderschapsverlof"),
    ),
    Row(
        "business owner: the same",
        {"relationship": "partner", "employment": "employer_owner"},
        shown=("ondernemer-en-zorg",),
        hidden=STATUTORY,
    ),
    Row(
        "not working: no leave and no business advice",
        {"relationship": "parent", "employment": "not_working"},
        hidden=(*STATUTORY, "ondernemer-en-zorg", "gesprek-werkgever"),
    ),
    Row(
        "own child, employee: ouderschapsverlof under 8 and the Jeugdwet under 18, both said as conditions",
        {"relationship": "child", "employment": "employee", "condition": "intellectual_disability"},
        shown=(*LEAVE, "ouderschapsverlof", "jeugdhulp-algemeen"),
        says={
            "ouderschapsverlof": ("je kind jonger dan 8 jaar is",),
            "jeugdhulp-algemeen": ("je kind jonger dan 18 is",),
        },
    ),
    Row(
        "parent cared for: no child routes",
        {"relationship": "parent", "employment": "employee"},
        hidden=("ouderschapsverlof", "jeugdhulp-algemeen"),
    ),
    Row(
        "partner who is dying: the palliative route, with the doctor's expectation as its condition",
        {"relationship": "partner", "employment": "employee", "condition": "terminal"},
        shown=("palliatieve-zorg-thuis", "vptz-vrijwilligers", *LEAVE),
        says={"palliatieve-zorg-thuis": ("minder dan 3 maanden te leven heeft",)},
    ),
    Row(
        "mental illness: support for relatives in the ggz",
        {"relationship": "sibling", "condition": "mental_illness"},
        shown=("naastenondersteuning-ggz",),
        hidden=("casemanager-dementie", "palliatieve-zorg-thuis"),
    ),
    Row(
        "old age: nursing at home",
        {"relationship": "parent", "condition": "old_age"},
        shown=("wijkverpleging", "clientondersteuning-algemeen"),
    ),
]


@pytest.fixture(scope="module")
def real_catalogue() -> Catalogue:
    return load_catalogue()


def _text(item: dict[str, Any]) -> str:
    return " ".join([*item["reasons"], item["amount"] or ""])


@pytest.mark.parametrize("row", ROWS, ids=[row.case for row in ROWS])
def test_eligibility(real_catalogue: Catalogue, row: Row) -> None:
    items = {item["id"]: item for item in recommend(Profile.from_dict(row.profile), real_catalogue)}
    assert set(row.shown) <= set(items), f"missing: {sorted(set(row.shown) - set(items))}"
    assert not set(row.hidden) & set(items), f"must not be shown: {sorted(set(row.hidden) & set(items))}"
    for item_id, phrases in row.says.items():
        text = _text(items[item_id])
        for phrase in phrases:
            assert phrase in text, f"{item_id}: {phrase!r} not in {text!r}"
    for item_id, phrases in row.never.items():
        text = _text(items[item_id])
        for phrase in phrases:
            assert phrase not in text, f"{item_id}: {phrase!r} in {text!r}"


def test_the_dying_are_sent_to_the_huisarts_before_the_ciz(real_catalogue: Catalogue) -> None:
    profile = Profile(relationship="parent", condition="terminal", burden="heavy")
    ids = [item["id"] for item in recommend(profile, real_catalogue)]
    assert "palliatieve-zorg-thuis" in ids
    if "wlz-indicatie" in ids:
        assert ids.index("palliatieve-zorg-thuis") < ids.index("wlz-indicatie")


def test_a_self_employed_person_reads_that_there_is_no_statutory_leave(real_catalogue: Catalogue) -> None:
    items = recommend(Profile(employment="self_employed"), real_catalogue)
    item = next(item for item in items if item["id"] == "ondernemer-en-zorg")
    assert "geen wettelijk recht op zorgverlof" in item["summary"]
    assert any("broodfonds" in step for step in item["how_to"])
    assert items.index(item) < 3  # among the first things a zzp'er reads


def test_flexible_work_says_the_26_weeks_instead_of_promising(real_catalogue: Catalogue) -> None:
    profile = Profile(employment="employee", employer_size="large")
    item = next(i for i in recommend(profile, real_catalogue) if i["id"] == "flexibel-werken")
    assert "Verder geldt het alleen als je minstens 26 weken bij deze werkgever werkt." in item["reasons"]
    assert not any(reason.startswith("Dit geldt voor jou") for reason in item["reasons"])


def test_the_dying_get_no_ciz_route(real_catalogue: Catalogue) -> None:
    ids = {item["id"] for item in recommend(Profile(condition="terminal"), real_catalogue)}
    assert "palliatieve-zorg-thuis" in ids and "wlz-indicatie" not in ids


def test_the_same_place_sentence_is_not_shared_between_people(real_catalogue: Catalogue) -> None:
    # the engine memoises renders on the catalogue: the key must hold what the sentence depends on
    together = Profile(recipient_municipality="GM0363", caregiver_municipality="GM0363")
    apart = Profile(recipient_municipality="GM0363")
    for first, second in [(together, apart), (apart, together)]:
        real_catalogue.engine_cache.clear()
        recommend(first, real_catalogue)
        point = next(i for i in recommend(second, real_catalogue) if i["kind"] == "mantelzorgsteunpunt")
        said = "waar je naaste en jij wonen" in " ".join(point["reasons"])
        assert said == (second is together)
