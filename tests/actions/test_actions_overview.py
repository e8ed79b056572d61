"""actions/overview.py: the recommendations payload and questions about one item."""

from __future__ import annotations

import asyncio
from typing import Any

from actions import rendering
from actions import slots as s
from actions.overview import (
    MAX_ITEMS,
    ActionItemContact,
    ActionItemDetails,
    ActionItemHowTo,
    ActionShowOverview,
    select_items,
)
from tests.actions.conftest import domain_dict, say, text_of


def run(action: Any, tracker: Any, dispatcher: Any) -> Any:
    """Runs the action with the domain Rasa sends (the overview reads its first sentence from it)."""
    return asyncio.run(action.run(dispatcher, tracker, domain_dict()))


def test_select_items_keeps_the_best_and_groups_them(item: Any) -> None:
    items = [item(f"i{n}", group=("werk" if n % 2 == 0 else "gemeente")) for n in range(12)]
    selected = select_items(items)
    assert len(selected) == MAX_ITEMS
    assert [i["group"] for i in selected] == ["werk"] * 4 + ["gemeente"] * 4
    assert [i["id"] for i in selected[:4]] == ["i0", "i2", "i4", "i6"]


def test_select_items_adds_the_first_step(item: Any) -> None:
    assert select_items([item("a")])[0]["first_step"] == "Eerste stap a."


def test_overview_sends_a_recommendations_payload(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [
        item("kortdurend-zorgverlof", amount="64 uur per 12 maanden."),
        item("mantelzorglijn", group="steun"),
    ]
    run(ActionShowOverview(), make_tracker(slots={s.EMPLOYMENT: "employee"}), dispatcher)
    payload = helpers.custom_payloads(dispatcher)[0]
    assert payload["type"] == "recommendations"
    assert payload["text"] == say("utter_overview_intro")
    assert [i["id"] for i in payload["items"]] == ["kortdurend-zorgverlof", "mantelzorglijn"]
    assert payload["items"][0]["amount"] == "64 uur per 12 maanden."


def test_overview_payload_carries_the_insight_for_the_monthly_figures(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("kortdurend-zorgverlof"), item("mantelzorglijn", group="steun")]
    slots = {s.NEEDS: ["leave", "respite"], s.BURDEN: "moderate", s.RECIPIENT_MUNICIPALITY: "GM0153"}
    run(ActionShowOverview(), make_tracker(slots=slots), dispatcher)
    payload = helpers.custom_payloads(dispatcher)[0]
    assert payload["insight"] == {
        "needs": ["leave", "respite"],
        "burden": "moderate",
        "municipality": "GM0153",
    }


def test_overview_insight_of_an_unknown_situation_is_empty(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("a")]
    run(ActionShowOverview(), make_tracker(), dispatcher)
    assert helpers.custom_payloads(dispatcher)[0]["insight"] == {
        "needs": [],
        "burden": None,
        "municipality": None,
    }


def test_overview_text_gives_both_leave_figures_when_leave_applies(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("a"), item("kortdurend-zorgverlof")]
    run(ActionShowOverview(), make_tracker(slots={s.WORK_HOURS: 32.0}), dispatcher)
    text = helpers.custom_payloads(dispatcher)[0]["text"]
    assert text.startswith(say("utter_overview_intro") + " Je werkt 32 uur per week")
    assert "64 uur kortdurend" in text and "192 uur langdurend" in text
    assert "Bron: Wet arbeid en zorg" in text  # the law with its source


def test_overview_text_has_no_leave_figures_when_leave_does_not_apply(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("a")]
    run(ActionShowOverview(), make_tracker(slots={s.WORK_HOURS: 32.0}), dispatcher)
    assert helpers.custom_payloads(dispatcher)[0]["text"] == say("utter_overview_intro")


def test_overview_says_what_is_still_unknown(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("a")]
    fake_bot.questions = [s.WORK_HOURS]
    run(
        ActionShowOverview(),
        make_tracker(slots={s.EMPLOYER_SIZE: s.UNKNOWN, s.CONDITION: s.UNKNOWN}),
        dispatcher,
    )
    note = next(t for t in helpers.texts(dispatcher) if t.startswith("Ik weet nog niet"))
    assert rendering.UNKNOWN_LABELS[s.WORK_HOURS] in note
    assert rendering.UNKNOWN_LABELS[s.CONDITION] in note


def test_overview_buttons_open_details_and_offer_a_person(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("a"), item("b")]
    run(ActionShowOverview(), make_tracker(), dispatcher)
    payloads = [b["payload"] for m in dispatcher.messages for b in helpers.buttons_of(m)]
    assert '/item_details{"item_id":"a"}' in payloads
    assert '/item_how_to{"item_id":"a"}' in payloads
    assert '/item_contact{"item_id":"a"}' in payloads
    assert "/prepare_employer_talk" in payloads
    assert "/request_human" in payloads


def test_overview_for_a_self_employed_person_has_no_employer_talk_button(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any
) -> None:
    fake_bot.items = [item("a")]
    run(ActionShowOverview(), make_tracker(slots={s.EMPLOYMENT: "self_employed"}), dispatcher)
    payloads = [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]
    assert "/prepare_employer_talk" not in payloads


def test_heavy_burden_hands_over_once_after_the_overview(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("a")]
    events = run(ActionShowOverview(), make_tracker(slots={s.BURDEN: "heavy"}), dispatcher)
    payloads = helpers.custom_payloads(dispatcher)
    assert [p["type"] for p in payloads] == ["recommendations", "handoff"]
    assert payloads[1]["reason"] == "burden"
    assert payloads[1]["summary"]["burden"] == "heavy"
    assert helpers.event_slots(events) == {s.BURDEN_HANDOFF_SENT: True}


def test_heavy_burden_is_not_handed_over_twice(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("a")]
    run(
        ActionShowOverview(), make_tracker(slots={s.BURDEN: "heavy", s.BURDEN_HANDOFF_SENT: True}), dispatcher
    )
    assert [p["type"] for p in helpers.custom_payloads(dispatcher)] == ["recommendations"]


def test_item_details_answer_from_the_catalogue(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("a", amount="64 uur.", check="Controleer dit bij je gemeente.")]
    tracker = make_tracker(
        text='/item_details{"item_id":"a"}',
        intent="item_details",
        entities=[{"entity": "item_id", "value": "a"}],
    )
    events = run(ActionItemDetails(), tracker, dispatcher)
    text = helpers.texts(dispatcher)[0]
    assert "Titel a" in text and "64 uur." in text and "Reden a." in text and "Controleer dit" in text
    assert helpers.event_slots(events) == {s.ITEM_ID: "a", s.LAST_TOPIC: "a"}


def test_item_how_to_lists_the_steps(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("a")]
    tracker = make_tracker(intent="item_how_to", entities=[{"entity": "item_id", "value": "a"}])
    run(ActionItemHowTo(), tracker, dispatcher)
    assert "1. Eerste stap a.\n2. Tweede stap a." in helpers.texts(dispatcher)[0]


def test_item_contact_gives_the_website(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("a")]
    run(ActionItemContact(), make_tracker(intent="item_contact", slots={s.ITEM_ID: "a"}), dispatcher)
    assert "https://example.org/a" in helpers.texts(dispatcher)[0]


def test_unknown_item_says_so(fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    run(
        ActionItemDetails(),
        make_tracker(intent="item_details", entities=[{"entity": "item_id", "value": "nope"}]),
        dispatcher,
    )
    assert helpers.responses(dispatcher) == ["utter_item_unknown"]


def test_unknown_note_names_at_most_three_things() -> None:
    reply = rendering.still_unknown([s.RELATIONSHIP, s.CONDITION, s.CARE_HOURS, s.BURDEN, s.NEEDS])
    assert reply is not None and reply["response"] == "utter_still_unknown"
    note = text_of(reply)
    assert rendering.UNKNOWN_LABELS[s.CARE_HOURS] in note
    assert rendering.UNKNOWN_LABELS[s.BURDEN] not in note
    assert "nog een paar andere dingen" in note


def test_statutory_leave_the_engine_found_is_always_shown(item: Any) -> None:
    items = [item(f"i{n}") for n in range(10)] + [item("long", kind="langdurend-zorgverlof")]
    selected = select_items(items)
    assert len(selected) == MAX_ITEMS
    assert [i["id"] for i in selected] == [f"i{n}" for n in range(MAX_ITEMS - 1)] + ["long"]


def test_a_correction_that_changes_nothing_gets_one_line_not_the_same_overview(
    fake_bot: Any, item: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    fake_bot.items = [item("kortdurend-zorgverlof")]
    events = [
        {"event": "slot", "name": s.WORK_HOURS, "value": 32.0},
        {"event": "action", "name": "action_show_overview"},
        {"event": "user", "text": "ik werk 32 uur", "parse_data": {"intent": {"name": "inform"}}},
        {"event": "slot", "name": s.WORK_HOURS, "value": 32.0},
    ]
    tracker = make_tracker(text="ik werk 32 uur", intent="inform", slots={s.WORK_HOURS: 32.0}, events=events)
    run(ActionShowOverview(), tracker, dispatcher)
    assert helpers.responses(dispatcher) == ["utter_overview_unchanged"]

    events[-1] = {"event": "slot", "name": s.WORK_HOURS, "value": 24.0}
    dispatcher.messages.clear()
    run(ActionShowOverview(), make_tracker(text="ik werk 24 uur", intent="inform", events=events), dispatcher)
    assert any(m.get("custom", {}).get("type") == "recommendations" for m in dispatcher.messages)
