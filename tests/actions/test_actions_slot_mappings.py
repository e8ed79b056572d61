"""actions/slot_mappings.py: what happens on every message before Rasa picks the next action."""

from __future__ import annotations

import asyncio
from typing import Any

from actions import rendering
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
    assert helpers.event_slots(run(tracker, dispatcher)) == {s.TENANT: "voorbeeld-zorggroep"}


def test_invalid_tenant_id_is_ignored(fake_bot: Any, make_tracker: Any, dispatcher: Any) -> None:
    tracker = make_tracker(text="hoi", intent="greet", metadata={"tenant": "DROP TABLE"})
    assert run(tracker, dispatcher) == []


def test_very_long_message_gets_a_note(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(text="Ik zorg voor mijn moeder. " * 100, intent="tell_situation")
    run(tracker, dispatcher)
    assert helpers.texts(dispatcher)[0] == rendering.LONG_MESSAGE


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
