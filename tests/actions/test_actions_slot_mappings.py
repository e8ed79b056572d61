"""actions/slot_mappings.py: what happens on every message before Rasa picks the next action."""

from __future__ import annotations

import asyncio
from typing import Any

from actions import slots as s
from actions.slot_mappings import ValidateSlotMappings

DOMAIN: dict[str, Any] = {"slots": {}, "forms": {}}


def run(tracker: Any, dispatcher: Any) -> list[dict[str, Any]]:
    return asyncio.run(ValidateSlotMappings().run(dispatcher, tracker, DOMAIN))


def test_first_story_fills_every_slot_it_names(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    text = "Ik zorg voor mijn moeder in Goor, ze woont alleen. Ik werk 32 uur."
    tracker = make_tracker(
        text=text,
        intent="tell_situation",
        entities=[
            {"entity": "relationship", "value": "parent", "start": 18, "end": 24},
            {"entity": "place", "value": "Goor", "start": 28, "end": 32},
            {"entity": "work_hours", "value": "32", "start": 60, "end": 62},
        ],
    )
    values = helpers.event_slots(run(tracker, dispatcher))
    assert values[s.RELATIONSHIP] == "parent"
    assert values[s.RECIPIENT_MUNICIPALITY] == "GM1735"
    assert values[s.LIVES_TOGETHER] is False
    assert values[s.WORK_HOURS] == 32.0


def test_correction_outside_the_form_updates_the_slot(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="nee, ik werk 24 uur",
        intent="inform",
        entities=[{"entity": "work_hours", "value": "24", "start": 13, "end": 15}],
        slots={s.WORK_HOURS: 32.0},
    )
    assert helpers.event_slots(run(tracker, dispatcher))[s.WORK_HOURS] == 24.0


def test_crisis_words_send_the_crisis_message_and_a_handoff_first(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.crises = {"wil dood": "suicide"}
    tracker = make_tracker(text="ik wil dood, mijn moeder woont in Goor", intent="tell_situation")
    values = helpers.event_slots(run(tracker, dispatcher))
    payloads = helpers.custom_payloads(dispatcher)
    assert payloads[0]["type"] == "crisis" and "113" in payloads[0]["text"]
    assert payloads[1] == {"type": "handoff", "reason": "crisis", "summary": {}}
    assert values == {s.CRISIS_KIND: "suicide"}


def test_crisis_intent_is_left_to_the_crisis_rule(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text='/crisis{"crisis_kind":"acute_danger"}',
        intent="crisis",
        entities=[{"entity": "crisis_kind", "value": "acute_danger"}],
    )
    events = run(tracker, dispatcher)
    assert dispatcher.messages == []
    assert helpers.event_slots(events) == {s.CRISIS_KIND: "acute_danger"}


def test_rerun_when_a_form_starts_does_nothing(fake_bot: Any, make_tracker: Any, dispatcher: Any) -> None:
    events = [
        {"event": "user", "text": "Ik zorg voor mijn moeder"},
        {"event": "slot", "name": s.RELATIONSHIP, "value": "parent"},
        {"event": "active_loop", "name": s.INTAKE_FORM},
    ]
    tracker = make_tracker(text="Ik zorg voor mijn moeder", intent="tell_situation", events=events)
    assert run(tracker, dispatcher) == []
    assert dispatcher.messages == []


def test_tenant_comes_from_the_message_metadata(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(text="hoi", intent="greet", metadata={"tenant": "voorbeeld-zorggroep"})
    values = helpers.event_slots(run(tracker, dispatcher))
    assert values[s.TENANT] == "voorbeeld-zorggroep"


def test_invalid_tenant_id_is_ignored(fake_bot: Any, make_tracker: Any, dispatcher: Any) -> None:
    tracker = make_tracker(text="hoi", intent="greet", metadata={"tenant": "DROP TABLE"})
    assert run(tracker, dispatcher) == []


def test_very_long_message_gets_a_note(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(text="Ik zorg voor mijn moeder. " * 100, intent="tell_situation")
    run(tracker, dispatcher)
    assert helpers.responses(dispatcher)[0] == "utter_long_message"


def test_leave_question_sets_the_hours_it_is_about(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="hoeveel verlof bij 24 uur",
        intent="ask_leave_hours",
        entities=[{"entity": "work_hours", "value": "24", "start": 19, "end": 21}],
        slots={s.LEAVE_HOURS_BASIS: "32"},
    )
    values = helpers.event_slots(run(tracker, dispatcher))
    assert values[s.LEAVE_HOURS_BASIS].startswith("24")
    assert s.WORK_HOURS not in values


def test_answer_to_the_leave_hours_question(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="36",
        intent="inform",
        active_loop=s.LEAVE_HOURS_FORM,
        slots={s.REQUESTED_SLOT: s.LEAVE_HOURS_BASIS},
    )
    assert helpers.event_slots(run(tracker, dispatcher))[s.LEAVE_HOURS_BASIS] == "36"


# --- an answer fills the question that was asked, and nobody is trapped -----------------------------


def asked(slot: str, **slots: Any) -> dict[str, Any]:
    return {s.REQUESTED_SLOT: slot, **slots}


def test_a_count_of_people_answers_the_employer_question_and_never_sets_the_hours(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="6 man",
        intent="inform",
        entities=[{"entity": "work_hours", "value": "6", "start": 0, "end": 1}],
        slots=asked(s.EMPLOYER_SIZE, **{s.WORK_HOURS: 40.0}),
        active_loop=s.INTAKE_FORM,
    )
    values = helpers.event_slots(run(tracker, dispatcher))
    assert values == {s.EMPLOYER_SIZE: "small"}


def test_a_bare_number_fills_hours_only_while_hours_are_asked(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="meer dan 1000",
        intent="inform",
        entities=[{"entity": "work_hours", "value": "1000", "start": 9, "end": 13}],
        slots=asked(s.EMPLOYER_SIZE),
        active_loop=s.INTAKE_FORM,
    )
    assert helpers.event_slots(run(tracker, dispatcher)) == {s.EMPLOYER_SIZE: "large"}


def test_named_hours_correct_the_hours_while_another_question_is_asked_and_it_is_confirmed(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="ik werk trouwens 24 uur",
        intent="inform",
        entities=[{"entity": "work_hours", "value": "24", "start": 17, "end": 19}],
        slots=asked(s.BURDEN, **{s.WORK_HOURS: 32.0}),
        active_loop=s.INTAKE_FORM,
    )
    assert helpers.event_slots(run(tracker, dispatcher))[s.WORK_HOURS] == 24.0
    # a change to something known is confirmed in one line
    assert helpers.responses(dispatcher) == ["utter_corrected"]
    assert dispatcher.messages[0]["line"] == "je werkt 24 uur per week."
    assert helpers.texts(dispatcher) == [helpers.say("utter_corrected", line="je werkt 24 uur per week.")]


def test_living_on_their_own_is_no_self_employment(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="nee, hij woont zelfstandig",
        intent="inform",
        slots=asked(s.EMPLOYER_SIZE, **{s.EMPLOYMENT: "employee"}),
        active_loop=s.INTAKE_FORM,
    )
    values = helpers.event_slots(run(tracker, dispatcher))
    assert s.EMPLOYMENT not in values
    assert values.get(s.EMPLOYER_SIZE) is None


def test_a_workplace_is_nobodys_home(fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    text = "ik werk in een ziekenhuis in Goor"
    tracker = make_tracker(
        text=text,
        intent="inform",
        entities=[{"entity": "place", "value": "Goor", "start": text.index("Goor"), "end": len(text)}],
        slots=asked(s.CAREGIVER_MUNICIPALITY),
        active_loop=s.INTAKE_FORM,
    )
    values = helpers.event_slots(run(tracker, dispatcher))
    assert s.CAREGIVER_MUNICIPALITY not in values and s.RECIPIENT_MUNICIPALITY not in values
    assert values[s.EMPLOYMENT] == "employee"


def test_an_answer_not_understood_twice_is_recorded_as_unknown_and_the_intake_moves_on(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    first = make_tracker(text="blauw", intent="inform", slots=asked(s.BURDEN), active_loop=s.INTAKE_FORM)
    values = helpers.event_slots(run(first, dispatcher))
    assert values == {s.BURDEN: None, s.UNANSWERED: {s.BURDEN: 1}}
    assert "utter_reask_burden" in [m.get("response") for m in dispatcher.messages]

    second = make_tracker(
        text="groen", intent="inform", slots=asked(s.BURDEN, **values), active_loop=s.INTAKE_FORM
    )
    dispatcher.messages.clear()
    values = helpers.event_slots(run(second, dispatcher))
    assert values == {s.BURDEN: s.UNKNOWN, s.UNANSWERED: {s.BURDEN: 2}}
    assert [m.get("response") for m in dispatcher.messages] == ["utter_skipped"]


def test_an_unclear_message_counts_as_a_miss_quietly(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="tja", intent="nlu_fallback", slots=asked(s.BURDEN), active_loop=s.INTAKE_FORM
    )
    assert helpers.event_slots(run(tracker, dispatcher)) == {s.BURDEN: None, s.UNANSWERED: {s.BURDEN: 1}}
    assert dispatcher.messages == []


def test_an_answer_read_as_out_of_scope_fills_the_question_its_parser_understands(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="matig", intent="out_of_scope", slots=asked(s.BURDEN), active_loop=s.INTAKE_FORM
    )
    assert helpers.event_slots(run(tracker, dispatcher)) == {s.BURDEN: "moderate"}


def test_a_question_in_the_middle_is_no_miss(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="wat is respijtzorg?", intent="faq", slots=asked(s.BURDEN), active_loop=s.INTAKE_FORM
    )
    assert helpers.event_slots(run(tracker, dispatcher)) == {}


def test_one_warm_line_when_someone_first_tells_the_care_is_too_heavy(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="ik kan het eigenlijk niet meer aan",
        intent="inform",
        slots=asked(s.BURDEN),
        active_loop=s.INTAKE_FORM,
    )
    assert helpers.event_slots(run(tracker, dispatcher))[s.BURDEN] == "heavy"
    assert [m.get("response") for m in dispatcher.messages] == ["utter_overload_ack"]

    again = make_tracker(text="echt te zwaar", intent="inform", slots={s.BURDEN: "heavy"})
    dispatcher.messages.clear()
    run(again, dispatcher)
    assert dispatcher.messages == []


def test_on_an_intranet_the_person_works_there(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="ik zorg voor mijn vader", intent="tell_situation", metadata={"tenant": "acme"}
    )
    values = helpers.event_slots(run(tracker, dispatcher))
    assert values[s.TENANT] == "acme"
    assert values[s.EMPLOYMENT] == "employee"
    assert values[s.EMPLOYER_SIZE] == "small"  # from the employer's file: never asked


def test_a_tenant_without_an_employer_file_tells_nothing_about_work(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="ik zorg voor mijn vader", intent="tell_situation", metadata={"tenant": "gemeente-a"}
    )
    values = helpers.event_slots(run(tracker, dispatcher))
    assert values[s.TENANT] == "gemeente-a"
    assert s.EMPLOYMENT not in values and s.EMPLOYER_SIZE not in values


def test_what_the_person_said_about_work_stays_on_an_intranet(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        text="ik zorg voor mijn vader",
        intent="tell_situation",
        metadata={"tenant": "acme"},
        slots={s.TENANT: "acme", s.EMPLOYMENT: "self_employed"},
    )
    values = helpers.event_slots(run(tracker, dispatcher))
    assert values.get(s.EMPLOYMENT, "self_employed") == "self_employed"
    assert s.EMPLOYER_SIZE not in values


def test_a_leave_question_in_the_first_story_is_answered_before_the_questions(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    text = "Ik ben zzp'er en zorg voor mijn moeder. Heb ik recht op zorgverlof?"
    tracker = make_tracker(text=text, intent="tell_situation")
    assert helpers.event_slots(run(tracker, dispatcher))[s.EMPLOYMENT] == "self_employed"
    answer = next(m for m in dispatcher.messages if m.get("response") == "utter_no_leave_self_employed")
    assert "geen recht op wettelijk zorgverlof" in helpers.text_of(answer)
    assert "Bron: Wet arbeid en zorg" in helpers.text_of(answer)  # law is never said without its source
