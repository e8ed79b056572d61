"""actions/intake_form.py: one validator per slot, and the questions the form still asks."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from actions import slots as s
from actions.intake_form import ActionAskRecipientMunicipality, ActionRestart, ValidateIntakeForm

DOMAIN: dict[str, Any] = {
    "forms": {s.INTAKE_FORM: {"required_slots": list(s.INTAKE_SLOTS)}},
    "slots": {slot: {"mappings": [{"type": "custom"}]} for slot in s.INTAKE_SLOTS},
}


def validate(slot: str, value: Any, tracker: Any, dispatcher: Any) -> dict[str, Any]:
    return getattr(ValidateIntakeForm(), f"validate_{slot}")(value, dispatcher, tracker, DOMAIN)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@pytest.mark.parametrize(
    ("slot", "value", "expected"),
    [
        (s.RELATIONSHIP, "parent", "parent"),
        (s.RELATIONSHIP, "mijn pa", "parent"),
        (s.CONDITION, "vergeetachtig", "dementia"),
        (s.EMPLOYMENT, "zzp", "self_employed"),
        (s.EMPLOYER_SIZE, "minder dan 10", "small"),
        (s.WLZ_INDICATION, "nee", "no"),
        (s.BURDEN, "best zwaar", "moderate"),
        (s.BURDEN, s.UNKNOWN, s.UNKNOWN),
    ],
)
def test_enum_validators_accept_values_and_words(
    slot: str, value: str, expected: str, make_tracker: Any, dispatcher: Any
) -> None:
    assert validate(slot, value, make_tracker(), dispatcher) == {slot: expected}
    assert dispatcher.messages == []


@pytest.mark.parametrize("slot", s.INTAKE_SLOTS)
def test_validators_pass_an_empty_slot_silently(slot: str, make_tracker: Any, dispatcher: Any) -> None:
    assert validate(slot, None, make_tracker(), dispatcher)[slot] is None
    assert dispatcher.messages == []


def test_enum_validator_asks_again_with_an_example(make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    assert validate(s.RELATIONSHIP, "banaan", make_tracker(), dispatcher) == {s.RELATIONSHIP: None}
    assert helpers.responses(dispatcher) == ["utter_reask_relationship"]


@pytest.mark.parametrize(
    ("value", "expected"), [("32", 32.0), ("tweeëndertig", 32.0), (24, 24.0), ("4 dagen van 8 uur", 32.0)]
)
def test_work_hours_are_read_as_numbers(
    value: Any, expected: float, make_tracker: Any, dispatcher: Any
) -> None:
    assert validate(s.WORK_HOURS, value, make_tracker(), dispatcher) == {s.WORK_HOURS: expected}


def test_zero_work_hours_of_an_employee_ask_once_for_the_average(
    make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    asked = {s.EMPLOYMENT: "employee", s.REQUESTED_SLOT: s.WORK_HOURS}
    first = validate(s.WORK_HOURS, "0", make_tracker(slots=asked), dispatcher)
    assert first[s.WORK_HOURS] is None
    assert helpers.responses(dispatcher) == ["utter_zero_hours_average"]
    second = validate(s.WORK_HOURS, "0", make_tracker(slots={**asked, **first}), dispatcher)
    assert second[s.WORK_HOURS] == 0  # the second 0 stands: the overview explains the average


def test_zero_work_hours_stand_while_the_kind_of_work_is_unknown(make_tracker: Any, dispatcher: Any) -> None:
    assert validate(s.WORK_HOURS, "0", make_tracker(), dispatcher) == {s.WORK_HOURS: 0.0}


def test_care_hours_per_day_become_hours_per_week(make_tracker: Any, dispatcher: Any) -> None:
    assert validate(s.CARE_HOURS, "2 uur per dag", make_tracker(), dispatcher) == {s.CARE_HOURS: 14.0}


def test_work_hours_above_80_are_asked_again(make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    assert validate(s.WORK_HOURS, "90", make_tracker(), dispatcher) == {s.WORK_HOURS: None}
    assert helpers.responses(dispatcher) == ["utter_work_hours_range"]


def test_care_hours_above_a_week_are_asked_again(make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    assert validate(s.CARE_HOURS, "200", make_tracker(), dispatcher) == {s.CARE_HOURS: None}
    assert helpers.responses(dispatcher) == ["utter_care_hours_range"]


def test_hours_without_a_number_are_asked_again(make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    assert validate(s.CARE_HOURS, "heel veel", make_tracker(), dispatcher) == {s.CARE_HOURS: None}
    assert helpers.responses(dispatcher) == ["utter_reask_care_hours_per_week"]


def test_lives_together_reads_button_payload_strings(make_tracker: Any, dispatcher: Any) -> None:
    assert validate(s.LIVES_TOGETHER, "true", make_tracker(), dispatcher) == {s.LIVES_TOGETHER: True}
    assert validate(s.LIVES_TOGETHER, "ze woont alleen", make_tracker(), dispatcher) == {
        s.LIVES_TOGETHER: False
    }


def test_needs_are_added_to_earlier_needs(make_tracker: Any, dispatcher: Any) -> None:
    tracker = make_tracker(slots={s.NEEDS: ["leave"]})
    assert validate(s.NEEDS, "respite", tracker, dispatcher) == {s.NEEDS: ["leave", "respite"]}


def test_town_resolves_to_its_municipality_with_a_note(
    make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    result = validate(s.RECIPIENT_MUNICIPALITY, "Goor", make_tracker(), dispatcher)
    assert result == {s.RECIPIENT_MUNICIPALITY: "GM1735", s.PLACE_CANDIDATES: None}
    assert "Hof van Twente" in helpers.texts(dispatcher)[0]


def test_cbs_code_from_a_button_is_kept(make_tracker: Any, dispatcher: Any) -> None:
    result = validate(s.RECIPIENT_MUNICIPALITY, "GM0209", make_tracker(), dispatcher)
    assert result == {s.RECIPIENT_MUNICIPALITY: "GM0209", s.PLACE_CANDIDATES: None}


def test_ambiguous_place_keeps_the_candidates_for_buttons(make_tracker: Any, dispatcher: Any) -> None:
    result = validate(s.RECIPIENT_MUNICIPALITY, "Beuningen", make_tracker(), dispatcher)
    assert result[s.RECIPIENT_MUNICIPALITY] is None
    assert set(result[s.PLACE_CANDIDATES]) == {"GM0209", "GM0168"}


def test_unknown_place_is_asked_again(make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    result = validate(s.RECIPIENT_MUNICIPALITY, "Xyzzyville", make_tracker(), dispatcher)
    assert result[s.RECIPIENT_MUNICIPALITY] is None
    assert "Xyzzyville" in helpers.texts(dispatcher)[0]


def test_ask_place_offers_a_button_per_candidate(make_tracker: Any, dispatcher: Any) -> None:
    tracker = make_tracker(slots={s.PLACE_CANDIDATES: ["GM0209", "GM0168"]})
    run(ActionAskRecipientMunicipality().run(dispatcher, tracker, DOMAIN))
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads == [
        '/choose{"recipient_municipality":"GM0209"}',
        '/choose{"recipient_municipality":"GM0168"}',
    ]


def test_ask_place_without_candidates_uses_the_question(make_tracker: Any, dispatcher: Any) -> None:
    run(ActionAskRecipientMunicipality().run(dispatcher, make_tracker(), DOMAIN))
    assert dispatcher.messages[0]["response"] == "utter_ask_recipient_municipality"


def test_required_slots_are_the_open_questions_not_yet_answered(
    fake_bot: Any, make_tracker: Any, dispatcher: Any
) -> None:
    fake_bot.questions = [s.WORK_HOURS, s.EMPLOYER_SIZE, s.RELATIONSHIP, s.BURDEN]
    tracker = make_tracker(
        slots={s.RELATIONSHIP: "parent", s.EMPLOYER_SIZE: s.UNKNOWN, s.CONDITION: s.UNKNOWN}
    )
    required = run(ValidateIntakeForm().required_slots(list(s.INTAKE_SLOTS), dispatcher, tracker, DOMAIN))
    assert required == [s.RELATIONSHIP, s.CONDITION, s.EMPLOYER_SIZE, s.WORK_HOURS, s.BURDEN]


def test_form_asks_the_most_important_open_question(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.questions = [s.EMPLOYMENT, s.WORK_HOURS]
    tracker = make_tracker(text="32", slots={s.EMPLOYMENT: "employee"}, active_loop=s.INTAKE_FORM)
    events = run(ValidateIntakeForm().run(dispatcher, tracker, DOMAIN))
    assert helpers.event_slots(events)[s.REQUESTED_SLOT] == s.WORK_HOURS


def test_form_stops_when_no_question_changes_the_overview(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.questions = [s.WORK_HOURS]
    tracker = make_tracker(text="32", slots={s.WORK_HOURS: 32.0}, active_loop=s.INTAKE_FORM)
    events = run(ValidateIntakeForm().run(dispatcher, tracker, DOMAIN))
    assert helpers.event_slots(events)[s.REQUESTED_SLOT] is None


def test_form_stops_quietly_on_signs_of_a_crisis(fake_bot: Any, make_tracker: Any, dispatcher: Any) -> None:
    fake_bot.crises = {"wil dood": "suicide"}
    fake_bot.questions = [s.WORK_HOURS]
    tracker = make_tracker(text="ik wil dood", intent="inform", active_loop=s.INTAKE_FORM)
    events = run(ValidateIntakeForm().run(dispatcher, tracker, DOMAIN))
    assert {"event": "followup", "name": "action_listen"} in [
        {"event": e["event"], "name": e.get("name")} for e in events
    ]
    assert dispatcher.messages == []


def test_form_rejects_the_crisis_intent_so_the_crisis_rule_answers(
    fake_bot: Any, make_tracker: Any, dispatcher: Any
) -> None:
    tracker = make_tracker(
        text='/crisis{"crisis_kind":"suicide"}', intent="crisis", active_loop=s.INTAKE_FORM
    )
    assert run(ValidateIntakeForm().run(dispatcher, tracker, DOMAIN)) == []


def test_restart_forgets_the_conversation_but_not_the_tenant_and_starts_the_intake(
    make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(slots={s.RELATIONSHIP: "parent", s.TENANT: "voorbeeld-zorggroep"})
    events = run(ActionRestart().run(dispatcher, tracker, DOMAIN))
    assert [e["event"] for e in events] == ["restart", "slot", "followup"]
    assert helpers.event_slots(events) == {s.TENANT: "voorbeeld-zorggroep"}
    assert events[-1]["name"] == s.INTAKE_FORM
    assert helpers.responses(dispatcher) == ["utter_restarted"]


def test_at_most_two_refining_questions_are_asked_the_essential_ones_always() -> None:
    from actions.intake_form import asked_refinements, questions_to_ask

    open_slots = [s.EMPLOYMENT, s.BURDEN, s.CONDITION, s.EMPLOYER_SIZE, s.NEEDS]
    assert questions_to_ask(open_slots, set()) == [s.EMPLOYMENT, s.BURDEN, s.CONDITION]
    events = [
        {"event": "slot", "name": s.REQUESTED_SLOT, "value": s.BURDEN},
        {"event": "slot", "name": s.REQUESTED_SLOT, "value": s.EMPLOYMENT},
        {"event": "slot", "name": s.REQUESTED_SLOT, "value": s.CONDITION},
    ]
    asked = asked_refinements(events)
    assert asked == {s.BURDEN, s.CONDITION}
    assert questions_to_ask([s.WORK_HOURS, s.CONDITION, s.EMPLOYER_SIZE], asked) == [
        s.WORK_HOURS,
        s.CONDITION,
    ]
    assert asked_refinements([*events, {"event": "restart"}]) == set()


def test_a_question_with_fixed_answers_gets_a_button_per_value_titled_from_the_vocabulary(
    make_tracker: Any, dispatcher: Any
) -> None:
    import asyncio

    from actions.intake_form import ActionAskEmployerSize

    asyncio.run(ActionAskEmployerSize().run(dispatcher, make_tracker(), {}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_employer_size"
    assert [(b["title"], b["payload"]) for b in message["buttons"]] == [
        ("Minder dan 10", '/inform{"employer_size":"small"}'),
        ("10 of meer", '/inform{"employer_size":"large"}'),
        ("Weet ik niet", '/inform{"employer_size":"unknown"}'),
    ]
