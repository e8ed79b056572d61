"""open_questions: the unknown fields whose answer would change the overview, most important first."""

from __future__ import annotations

from bot.catalogue import Catalogue
from bot.engine import open_questions
from bot.profile import Profile

COMPLETE = Profile(
    relationship="parent",
    condition="old_age",
    care_hours_per_week=10,
    lives_together=False,
    recipient_municipality="GM1735",
    caregiver_municipality="GM0153",
    employment="employee",
    work_hours_per_week=32,
    employer_size="large",
    wlz_indication="no",
    needs=("leave",),
    burden="moderate",
)


def test_empty_profile_asks_what_changes_the_overview_in_order_of_importance(catalogue: Catalogue) -> None:
    assert open_questions(Profile(), catalogue) == [
        "employment",
        "relationship",
        "recipient_municipality",
        "work_hours_per_week",
        "burden",
        "condition",
        "employer_size",
        "wlz_indication",
        "caregiver_municipality",
        "care_hours_per_week",
        "lives_together",
        "needs",
    ]


def test_field_that_only_changes_the_ranking_is_not_asked(catalogue: Catalogue) -> None:
    # with a Wlz indication the CIZ route is gone: burden then only lifts relief items
    assert "burden" not in open_questions(Profile(wlz_indication="yes"), catalogue)


def test_field_that_changes_which_items_are_shown_is_asked_when_the_overview_is_short(
    catalogue: Catalogue,
) -> None:
    # the overview shows the best 8: a heavy burden brings respite care into them
    profile = Profile(
        relationship="partner",
        condition="dementia",
        lives_together=True,
        recipient_municipality="GM0141",
        employment="employee",
        work_hours_per_week=32,
        employer_size="large",
        wlz_indication="no",
    )
    assert "burden" not in open_questions(profile, catalogue)
    assert "burden" in open_questions(profile, catalogue, shown=8)


def test_a_complete_profile_has_no_questions_with_a_short_overview_either(catalogue: Catalogue) -> None:
    assert open_questions(COMPLETE, catalogue, shown=8) == []


def test_answer_that_settles_a_conditional_item_is_asked(catalogue: Catalogue) -> None:
    # kortdurend zorgverlof hangs on "family or housemate": the relationship settles it
    profile = Profile(employment="employee", lives_together=False, recipient_municipality="GM1735")
    assert open_questions(profile, catalogue)[0] == "relationship"


def test_field_that_decides_an_item_is_asked(catalogue: Catalogue) -> None:
    # with a light burden and a known condition, enough care hours decide the CIZ route
    profile = Profile(wlz_indication="no", burden="light", condition="chronic_illness")
    assert "care_hours_per_week" in open_questions(profile, catalogue)


def test_complete_profile_has_no_open_questions(catalogue: Catalogue) -> None:
    assert open_questions(COMPLETE, catalogue) == []


def test_living_together_is_asked_when_it_decides_zorgverlof(catalogue: Catalogue) -> None:
    assert "lives_together" in open_questions(Profile(employment="employee", relationship="other"), catalogue)


def test_self_employed_is_not_asked_about_work_hours_or_employer_size(catalogue: Catalogue) -> None:
    questions = open_questions(Profile(employment="self_employed"), catalogue)
    assert "work_hours_per_week" not in questions
    assert "employer_size" not in questions


def test_employee_without_hours_is_asked_for_them(catalogue: Catalogue) -> None:
    questions = open_questions(Profile(employment="employee", relationship="parent"), catalogue)
    assert "work_hours_per_week" in questions


def test_answer_unknown_is_not_asked_again(catalogue: Catalogue) -> None:
    questions = open_questions(Profile(wlz_indication="unknown", employer_size="unknown"), catalogue)
    assert "wlz_indication" not in questions
    assert "employer_size" not in questions


def test_field_that_changes_nothing_is_not_asked(catalogue: Catalogue) -> None:
    # a parent is in the circle and both municipalities are known: living together decides nothing
    profile = Profile(
        recipient_municipality="GM1735",
        caregiver_municipality="GM0153",
        relationship="parent",
        employment="employee",
    )
    assert "lives_together" not in open_questions(profile, catalogue)
