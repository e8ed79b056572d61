"""actions/extraction.py: which slots a message may fill, before validation."""

from __future__ import annotations

import pytest

from actions import slots as s
from actions.extraction import Message, extract_candidates, extract_leave_hours_basis
from actions.parsing import parse_weekly_hours


def entity(name: str, value: str, text: str, surface: str | None = None) -> dict[str, object]:
    surface = surface or value
    start = text.index(surface)
    return {"entity": name, "value": value, "start": start, "end": start + len(surface)}


def test_entities_of_a_story_fill_their_slots() -> None:
    text = "Ik zorg voor mijn moeder met dementie in Goor en werk 32 uur"
    message = Message(
        text=text,
        intent="tell_situation",
        entities=(
            entity("relationship", "parent", text, "moeder"),
            entity("condition", "dementia", text, "dementie"),
            entity("place", "Goor", text),
            entity("work_hours", "32", text),
        ),
    )
    found = extract_candidates(message)
    assert found[s.RELATIONSHIP] == "parent"
    assert found[s.CONDITION] == "dementia"
    assert found[s.RECIPIENT_MUNICIPALITY] == "Goor"
    assert found[s.WORK_HOURS].startswith("32 uur")


def test_hours_entity_keeps_the_words_after_it() -> None:
    text = "ik zorg 2 uur per dag voor haar"
    message = Message(text=text, intent="inform", entities=(entity("care_hours", "2", text),))
    assert extract_candidates(message)[s.CARE_HOURS].startswith("2 uur per dag")


def test_button_payload_fills_the_slot_named_in_it() -> None:
    message = Message(
        text='/inform{"burden":"heavy"}', intent="inform", entities=({"entity": "burden", "value": "heavy"},)
    )
    assert extract_candidates(message) == {s.BURDEN: "heavy"}


def test_word_rules_read_what_the_story_says() -> None:
    message = Message(text="Mijn vader woont bij ons en het is me echt te zwaar", intent="tell_situation")
    found = extract_candidates(message)
    assert found[s.LIVES_TOGETHER] is True
    assert found[s.BURDEN] == "heavy"
    assert found[s.RELATIONSHIP] == "parent"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik help mijn buurvrouw, ze is 88. ik werk 20 uur in de supermarkt", {s.WORK_HOURS: "20 uur"}),
        (
            "Ik werk zo'n 32 uur en zorg ongeveer 10 uur per week voor haar",
            {s.WORK_HOURS: "32 uur", s.CARE_HOURS: "10 uur"},
        ),
        ("mijn moeder, ik werk twintig uur", {s.WORK_HOURS: "twintig uur"}),
        ("ik zorg voor mijn vader en werk 4 uur per dag", {}),  # per day: the question asks it
        ("ik werk in Enschede, 2 uur rijden van mijn moeder", {}),
        ("we zijn met 6 man en ik werk daar graag", {}),
    ],
)
def test_hours_a_story_states_in_words(text: str, expected: dict[str, str]) -> None:
    found = extract_candidates(Message(text=text, intent="tell_situation"))
    assert {k: v for k, v in found.items() if k in (s.WORK_HOURS, s.CARE_HOURS)} == expected


def test_hours_an_entity_gives_win_over_the_words() -> None:
    text = "ik werk 32 uur"
    message = Message(text=text, intent="tell_situation", entities=(entity("work_hours", "32", text),))
    assert extract_candidates(message)[s.WORK_HOURS].startswith("32 uur")


def test_a_question_in_between_fills_nothing() -> None:
    message = Message(text="Wat is respijtzorg voor mijn moeder?", intent="faq")
    assert extract_candidates(message, s.CARE_HOURS, s.INTAKE_FORM) == {}


def test_bare_text_answers_the_asked_question() -> None:
    message = Message(text="32", intent="inform")
    assert extract_candidates(message, s.WORK_HOURS, s.INTAKE_FORM) == {s.WORK_HOURS: "32"}


def test_bare_text_outside_the_form_answers_nothing() -> None:
    message = Message(text="32", intent="inform")
    assert extract_candidates(message, s.WORK_HOURS, None) == {}


def test_dont_know_answers_the_asked_question_with_unknown() -> None:
    message = Message(text="geen idee", intent="dont_know")
    assert extract_candidates(message, s.EMPLOYER_SIZE, s.INTAKE_FORM) == {s.EMPLOYER_SIZE: s.UNKNOWN}


def test_correction_of_work_hours_does_not_answer_the_care_hours_question() -> None:
    text = "nee, ik werk 24 uur"
    message = Message(text=text, intent="inform", entities=(entity("work_hours", "24", text),))
    found = extract_candidates(message, s.CARE_HOURS, s.INTAKE_FORM)
    assert s.CARE_HOURS not in found
    assert found[s.WORK_HOURS].startswith("24")


def test_short_number_answers_the_hours_question_whatever_entity_it_got() -> None:
    text = "zo'n 10 uur"
    message = Message(text=text, intent="inform", entities=(entity("work_hours", "10", text),))
    found = extract_candidates(message, s.CARE_HOURS, s.INTAKE_FORM)
    assert parse_weekly_hours(found[s.CARE_HOURS]) == 10
    assert s.WORK_HOURS not in found


def test_not_understood_text_answers_only_when_it_reads_as_an_answer() -> None:
    assert extract_candidates(Message(text="32", intent="nlu_fallback"), s.WORK_HOURS, s.INTAKE_FORM) == {
        s.WORK_HOURS: "32"
    }
    assert (
        extract_candidates(Message(text="asdfgh", intent="nlu_fallback"), s.WORK_HOURS, s.INTAKE_FORM) == {}
    )


def test_place_after_ik_woon_is_the_caregivers_own() -> None:
    text = "Mijn moeder woont in Goor en ik woon in Enschede"
    message = Message(
        text=text,
        intent="inform",
        entities=(entity("place", "Goor", text), entity("place", "Enschede", text)),
    )
    found = extract_candidates(message)
    assert found[s.RECIPIENT_MUNICIPALITY] == "Goor"
    assert found[s.CAREGIVER_MUNICIPALITY] == "Enschede"


def test_place_after_we_wonen_is_where_both_live() -> None:
    text = "Ik zorg voor mijn man met alzheimer, we wonen in Almelo."
    message = Message(text=text, intent="tell_situation", entities=(entity("place", "Almelo", text),))
    found = extract_candidates(message)
    assert found[s.RECIPIENT_MUNICIPALITY] == found[s.CAREGIVER_MUNICIPALITY] == "Almelo"


def test_leave_question_takes_the_hours_from_the_message() -> None:
    text = "hoeveel verlof krijg ik bij 24 uur"
    message = Message(text=text, intent="ask_leave_hours", entities=(entity("work_hours", "24", text),))
    basis = extract_leave_hours_basis(message)
    assert basis is not None and basis.startswith("24")


def test_leave_question_without_hours_has_no_basis() -> None:
    assert (
        extract_leave_hours_basis(Message(text="hoeveel zorgverlof krijg ik?", intent="ask_leave_hours"))
        is None
    )


def test_message_from_latest_reads_rasa_parse_data() -> None:
    message = Message.from_latest(
        {
            "text": "hoi",
            "intent": {"name": "greet"},
            "entities": [{"entity": "place", "value": "Goor"}],
            "metadata": None,
        }
    )
    assert (message.text, message.intent, message.entity_values("place"), message.metadata) == (
        "hoi",
        "greet",
        ["Goor"],
        {},
    )


def test_an_age_is_no_working_week_and_staff_in_service_make_an_employer() -> None:
    text = "Ik heb een eigen bedrijf met 12 mensen in dienst. Mijn dochter van 17 is verstandelijk beperkt."
    message = Message(
        text=text,
        intent="tell_situation",
        entities=(
            entity("employment", "employer_owner", text, "eigen bedrijf"),
            entity("employment", "employee", text, "in dienst"),
            entity("work_hours", "17", text),
        ),
    )
    found = extract_candidates(message)
    assert found[s.EMPLOYMENT] == "employer_owner"
    assert s.WORK_HOURS not in found


def test_hours_right_after_the_verb_need_no_unit() -> None:
    text = "ik werk 32 en zorg voor mijn vader"
    message = Message(text=text, intent="tell_situation", entities=(entity("work_hours", "32", text),))
    assert parse_weekly_hours(extract_candidates(message)[s.WORK_HOURS]) == 32


def test_burden_needs_and_employer_size_entities_in_text_are_read_by_their_word_rules() -> None:
    text = "Het valt me zwaar, ik werk bij een klein bedrijf en zoek respijtzorg"
    message = Message(
        text=text,
        intent="tell_situation",
        entities=(
            entity("burden", "heavy", text, "valt me zwaar"),
            entity("employer_size", "small", text, "klein bedrijf"),
            entity("needs", "respite", text, "respijtzorg"),
        ),
    )
    found = extract_candidates(message)
    assert found[s.BURDEN] == "heavy"
    assert found[s.EMPLOYER_SIZE] == "small"
    assert found[s.NEEDS] == ["respite"]
