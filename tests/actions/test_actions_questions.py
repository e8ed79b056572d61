"""actions/questions.py: fixed answers, and follow-ups answered about the leave last discussed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from actions import slots as s
from actions.questions import ASK_WHICH, ActionAnswerQuestion, chosen_topic, follow_up_topic


def run(tracker: Any, dispatcher: Any) -> Any:
    return asyncio.run(ActionAnswerQuestion().run(dispatcher, tracker, {}))


@pytest.mark.parametrize(
    ("text", "last", "topic"),
    [
        ("krijg ik dan nog salaris?", "zorgverlof", "leave_paid"),
        ("wordt dat doorbetaald?", "langdurend-zorgverlof", "leave_paid"),
        ("moet ik dat schriftelijk aanvragen?", "kortdurend-zorgverlof", "notice_short"),
        ("moet ik dat schriftelijk aanvragen?", "langdurend-zorgverlof", "notice_long"),
        ("moet ik dat schriftelijk aanvragen?", "zorgverlof", ASK_WHICH),
        ("moet ik dat schriftelijk aanvragen?", None, None),
        ("krijg ik dan nog salaris?", "respijtzorg", None),
        ("wat is respijtzorg?", "kortdurend-zorgverlof", None),
    ],
)
def test_a_follow_up_is_about_the_leave_last_discussed(text: str, last: Any, topic: Any) -> None:
    assert follow_up_topic(text, last) == topic


def test_the_topic_comes_from_the_response_selector() -> None:
    latest = {"response_selector": {"faq": {"response": {"intent_response_key": "faq/wlz"}}}}
    assert chosen_topic(latest) == "wlz"
    assert chosen_topic({"intent": {"name": "faq/pgb"}}) == "pgb"
    assert chosen_topic({"intent": {"name": "greet"}}) is None


def selector(topic: str) -> dict[str, Any]:
    return {"faq": {"response": {"intent_response_key": f"faq/{topic}"}}}


def test_after_the_overview_a_pay_question_gets_the_pay_of_leave_not_the_topic_nlu_chose(
    make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(text="krijg ik dan nog salaris?", intent="faq", slots={s.LAST_TOPIC: "zorgverlof"})
    tracker.latest_message["response_selector"] = selector("waardering")
    events = run(tracker, dispatcher)
    assert dispatcher.messages[0]["response"] == "utter_faq/leave_paid"
    assert helpers.event_slots(events) == {s.LAST_TOPIC: "zorgverlof"}


def test_an_unclear_follow_up_asks_which_leave(make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    tracker = make_tracker(
        text="moet ik dat schriftelijk aanvragen?", intent="faq", slots={s.LAST_TOPIC: "zorgverlof"}
    )
    tracker.latest_message["response_selector"] = selector("notice_long")
    run(tracker, dispatcher)
    assert dispatcher.messages[0]["response"] == "utter_which_leave"
    assert [b["title"] for b in helpers.buttons_of(dispatcher.messages[0])] == [
        "Kortdurend zorgverlof",
        "Langdurend zorgverlof",
    ]


def test_an_answer_records_what_it_was_about(make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    tracker = make_tracker(text="hoe vraag ik kortdurend verlof aan", intent="faq")
    tracker.latest_message["response_selector"] = selector("notice_short")
    events = run(tracker, dispatcher)
    assert dispatcher.messages[0]["response"] == "utter_faq/notice_short"
    assert helpers.event_slots(events) == {s.LAST_TOPIC: "kortdurend-zorgverlof"}


def test_on_an_intranet_the_pay_answer_says_what_the_employer_adds(
    fake_bot: Any, make_tracker: Any, dispatcher: Any
) -> None:
    fake_bot.additions["acme"] = ["Daarbovenop geeft Acme: Extra verlof. Acme betaalt je volledige loon."]
    slots = {s.LAST_TOPIC: "kortdurend-zorgverlof", s.TENANT: "acme"}
    tracker = make_tracker(text="krijg ik dan nog salaris?", intent="faq", slots=slots)
    run(tracker, dispatcher)
    assert dispatcher.messages[0]["response"] == "utter_faq/leave_paid"  # the law first
    assert dispatcher.messages[1]["text"] == fake_bot.additions["acme"][0]  # then the employer


def test_without_an_employer_the_pay_answer_is_the_laws_alone(
    fake_bot: Any, make_tracker: Any, dispatcher: Any
) -> None:
    fake_bot.additions["acme"] = ["Daarbovenop geeft Acme: Extra verlof."]
    tracker = make_tracker(
        text="krijg ik dan nog salaris?", intent="faq", slots={s.LAST_TOPIC: "kortdurend-zorgverlof"}
    )
    run(tracker, dispatcher)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_faq/leave_paid"]
