"""On an employer's intranet: its arrangements first, what it adds to the law said beside the law,
and employment and the employer's size taken from the employer's file instead of asked."""

from __future__ import annotations

import dataclasses

from bot.catalogue import Catalogue, default_catalogue
from bot.engine import employer_additions, open_questions, recommend, with_employer_facts
from bot.profile import Profile

TENANT = "voorbeeld-zorggroep"
PERSON = Profile(relationship="parent", recipient_municipality="GM0153", work_hours_per_week=32.0)


def _on_intranet(profile: Profile = PERSON) -> Profile:
    return dataclasses.replace(profile, tenant=TENANT)


def test_the_employers_arrangements_come_first() -> None:
    items = recommend(_on_intranet(), default_catalogue())
    own = [i for i, item in enumerate(items) if item["tenant"] == TENANT]
    assert own == [0, 1, 2]
    assert items[0]["id"] == "voorbeeld-zorggroep-extra-zorgverlof"


def test_without_the_intranet_the_employers_arrangements_are_not_shown() -> None:
    assert all(item["tenant"] is None for item in recommend(PERSON, default_catalogue()))


def test_the_laws_leave_says_what_the_employer_adds_beside_the_law() -> None:
    items = {item["id"]: item for item in recommend(_on_intranet(), default_catalogue())}
    amount = items["kortdurend-zorgverlof"]["amount"]
    law, added = amount.split(" Daarbovenop ")
    assert "70% van je loon" in law and "Maximaal 64 uur" in law
    assert added.startswith("geeft Voorbeeld Zorggroep (fictief): Extra betaald zorgverlof")
    assert "Maximaal 32 uur extra betaald zorgverlof" in added
    assert "je volledige loon" in added
    extra = items["voorbeeld-zorggroep-extra-zorgverlof"]
    assert "Dit krijg je bovenop wat de wet je geeft: kortdurend zorgverlof." in extra["reasons"]


def test_the_laws_leave_is_plain_without_the_intranet() -> None:
    items = {item["id"]: item for item in recommend(PERSON, default_catalogue())}
    assert "Daarbovenop" not in items["kortdurend-zorgverlof"]["amount"]


def test_a_self_employed_person_is_not_told_about_the_employers_leave() -> None:
    profile = _on_intranet(dataclasses.replace(PERSON, employment="self_employed"))
    catalogue = default_catalogue()
    assert all(item["tenant"] is None for item in recommend(profile, catalogue))
    assert employer_additions(profile, catalogue, ("kortdurend-zorgverlof",)) == []


def test_the_pay_answer_names_what_the_employer_adds() -> None:
    [sentence] = employer_additions(_on_intranet(), default_catalogue(), ("kortdurend-zorgverlof",))
    assert sentence.startswith("Daarbovenop geeft Voorbeeld Zorggroep (fictief)")
    assert employer_additions(PERSON, default_catalogue(), ("kortdurend-zorgverlof",)) == []
    assert employer_additions(_on_intranet(), default_catalogue(), ("langdurend-zorgverlof",)) == []


def test_employment_and_size_come_from_the_employers_file() -> None:
    catalogue = default_catalogue()
    facts = with_employer_facts(_on_intranet(Profile()), catalogue)
    assert (facts.employment, facts.employer_size) == ("employee", "large")
    small = Catalogue(catalogue.items, catalogue.employers, (), {TENANT: "small"})
    assert with_employer_facts(_on_intranet(Profile()), small).employer_size == "small"
    told = with_employer_facts(_on_intranet(Profile(employment="self_employed")), catalogue)
    assert (told.employment, told.employer_size) == ("self_employed", None)


def test_a_tenant_without_an_employer_file_tells_nothing_about_work() -> None:
    profile = Profile(tenant="gemeente-enschede")
    assert with_employer_facts(profile, default_catalogue()) == profile


def test_the_intake_never_asks_about_work_on_an_intranet() -> None:
    catalogue = default_catalogue()
    asked = open_questions(Profile(relationship="parent"), catalogue, shown=8)
    assert "employment" in asked and "employer_size" in asked
    on_intranet = open_questions(_on_intranet(Profile(relationship="parent")), catalogue, shown=8)
    assert "employment" not in on_intranet and "employer_size" not in on_intranet


def test_many_arrangements_do_not_push_the_rest_out_of_the_overview() -> None:
    """An employer that publishes many arrangements gets three places first; the rest of its items
    are ranked with everything else, so respite care or a helpline still make the overview."""
    base = default_catalogue()
    own = [item for item in base.items if item.tenant == TENANT]
    extra = [dataclasses.replace(own[1], id=f"{TENANT}-extra-{n}") for n in range(6)]
    catalogue = Catalogue([*base.items, *extra], base.employers, employer_sizes=base.employer_sizes)
    items = recommend(_on_intranet(), catalogue)
    first = [item["tenant"] for item in items[:3]]
    assert first == [TENANT] * 3
    assert items[3]["tenant"] is None  # the fourth of its 9 arrangements waits its turn
    assert sum(1 for item in items if item["tenant"] == TENANT) == 9  # none is dropped
