"""actions/session.py: the tenant from the metadata, and erasure."""

from __future__ import annotations

import asyncio
from typing import Any

from actions import slots as s
from actions.session import ActionEraseData, ActionSessionStart, tenant_from_metadata


def test_session_start_sets_the_tenant_and_keeps_the_answers(
    make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(
        slots={s.SESSION_STARTED_METADATA: {"tenant": "voorbeeld-zorggroep"}, s.RELATIONSHIP: "parent"}
    )
    events = asyncio.run(ActionSessionStart().run(dispatcher, tracker, {}))
    assert events[0]["event"] == "session_started"
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")
    values = helpers.event_slots(events)
    assert values[s.TENANT] == "voorbeeld-zorggroep"
    assert values[s.RELATIONSHIP] == "parent"


def test_session_start_on_an_intranet_knows_the_work_from_the_employer(
    fake_bot: Any, make_tracker: Any, dispatcher: Any, helpers: Any
) -> None:
    tracker = make_tracker(slots={s.SESSION_STARTED_METADATA: {"tenant": "acme"}})
    values = helpers.event_slots(asyncio.run(ActionSessionStart().run(dispatcher, tracker, {})))
    assert (values[s.EMPLOYMENT], values[s.EMPLOYER_SIZE]) == ("employee", "small")
    tracker = make_tracker(slots={s.SESSION_STARTED_METADATA: {"tenant": "acme"}, s.EMPLOYMENT: "student"})
    values = helpers.event_slots(asyncio.run(ActionSessionStart().run(dispatcher, tracker, {})))
    assert values[s.EMPLOYMENT] == "student" and s.EMPLOYER_SIZE not in values


def test_tenant_must_be_a_valid_id() -> None:
    assert tenant_from_metadata({"tenant": "voorbeeld-zorggroep"}) == "voorbeeld-zorggroep"
    assert tenant_from_metadata({"tenant": "Not Valid!"}) is None
    assert tenant_from_metadata(None) is None


def test_erase_data_asks_the_gateway_to_erase(make_tracker: Any, dispatcher: Any, helpers: Any) -> None:
    events = asyncio.run(
        ActionEraseData().run(dispatcher, make_tracker(slots={s.RELATIONSHIP: "parent"}), {})
    )
    assert helpers.responses(dispatcher)[0] == "utter_erase"
    assert "verwijderd" in helpers.texts(dispatcher)[0]
    assert helpers.custom_payloads(dispatcher) == [{"type": "erase_request"}]
    assert events[0]["event"] == "reset_slots"
