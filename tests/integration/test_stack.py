"""The real stack: gateway -> Rasa server -> action server -> bot/, over the public web API."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from scripts.scenario_figures import figures, scenario_tags
from scripts.stack import ROOT, Stack, StackConfig
from tests.integration.person import Person
from tests.shared_dir import SHARED

pytestmark = pytest.mark.stack

SCENARIOS_TOOL = SHARED / "tools" / "scenarios.py"


def _tracker_rows(config: StackConfig, sender: str) -> int:
    with sqlite3.connect(config.tracker_db) as db:
        return int(db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0])


def test_readyz_reports_every_part_up(stack: StackConfig) -> None:
    ready = httpx.get(f"{stack.gateway_url}/readyz", timeout=10)
    assert ready.status_code == 200
    assert "down" not in ready.text


def test_greeting_is_answered_in_dutch_by_rasa(stack: StackConfig) -> None:
    person = Person(stack.gateway_url)
    replies = person.say("Hallo")
    texts = " ".join(m.get("text", "") for m in replies)
    assert replies and texts.strip()
    assert "sorry" not in texts.lower() or "mantel" in texts.lower()


def test_crisis_message_comes_first_with_113_and_a_handoff_offer(stack: StackConfig) -> None:
    person = Person(stack.gateway_url)
    replies = person.say("Ik kan het niet meer aan, ik wil niet meer leven")
    assert replies[0]["type"] == "crisis"
    assert "113" in replies[0]["text"] and "112" in replies[0]["text"]
    everything = " ".join(str(m) for m in replies[1:])
    assert "mens" in everything.lower() or "medewerker" in everything.lower() or "handoff" in everything


def test_situation_in_one_message_gets_a_personal_overview_with_leave_hours(stack: StackConfig) -> None:
    person = Person(stack.gateway_url)
    replies = person.say(
        "Ik zorg voor mijn moeder met dementie, ze woont in Goor. Ik werk 32 uur per week in loondienst "
        "bij een groot ziekenhuis en zorg zo'n 12 uur per week. Waar heb ik recht op?"
    )
    for _ in range(12):  # answer what is still asked, with 'weet ik niet' where nothing fits
        overview = [m for m in replies if m["type"] == "recommendations"]
        if overview:
            break
        buttons = [b for m in replies for b in m.get("buttons") or []]
        replies = (
            person.say(buttons[0]["title"], buttons[0]["payload"]) if buttons else person.say("weet ik niet")
        )
    else:
        pytest.fail("no personal overview after 12 answers")
    items = overview[0]["items"]
    kinds = {item["kind"] for item in items}
    assert "kortdurend-zorgverlof" in kinds
    short_leave = next(item for item in items if item["kind"] == "kortdurend-zorgverlof")
    assert "64" in (short_leave.get("amount") or "")
    assert all(item.get("reasons") for item in items)


def test_erasure_removes_the_conversation_from_gateway_and_rasa_tracker(stack: StackConfig) -> None:
    person = Person(stack.gateway_url)
    person.say("Hoi, ik zorg voor mijn vader")
    assert _tracker_rows(stack, person.conversation_id) > 0
    erased = person.client.delete(f"/api/v1/conversations/{person.conversation_id}", headers=person.auth)
    assert erased.status_code in (200, 204)
    assert _tracker_rows(stack, person.conversation_id) == 0
    gone = person.client.get(f"/api/v1/conversations/{person.conversation_id}/messages", headers=person.auth)
    assert gone.status_code in (401, 404)


def test_action_server_down_gives_a_dutch_message_keeps_the_message_and_readyz_says_so(
    running: Stack, stack: StackConfig
) -> None:
    person = Person(stack.gateway_url)
    running.stop_service("actions")
    try:
        ready = httpx.get(f"{stack.gateway_url}/readyz", timeout=10)
        assert ready.status_code == 503
        assert "action" in ready.text.lower()
        replies = person.say("Ik zorg voor mijn partner met kanker, waar heb ik recht op?")
        text = " ".join(m.get("text", "") for m in replies)
        assert "bewaard" in text.lower()
    finally:
        running.restart_service("actions")
    transcript = person.client.get(
        f"/api/v1/conversations/{person.conversation_id}/messages", headers=person.auth
    )
    said = [m["message"].get("text") or "" for m in transcript.json()["messages"] if m["sender"] == "user"]
    assert any("partner met kanker" in text for text in said)


def test_simulated_caregivers_from_tests_scenarios_pass(stack: StackConfig, tmp_path: Path) -> None:
    files = sorted(str(p) for p in (ROOT / "tests" / "scenarios").glob("*.yml"))
    assert files, "no scenario files in tests/scenarios"
    report = tmp_path / "scenarios.json"
    run = subprocess.run(
        [
            sys.executable,
            str(SCENARIOS_TOOL),
            "--base-url",
            stack.gateway_url,
            *files,
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(run.stdout[-4000:])
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    found = figures(json.loads(report.read_text(encoding="utf-8")), scenario_tags())
    print(found)
    assert found["repeated_three_times"] == [], "a message came three times in a row"
    assert found["median_turns_story"] is not None and found["median_turns_story"] <= 3
    assert found["median_turns_hoi"] is not None and found["median_turns_hoi"] <= 5
