"""scripts/scenario_figures.py: turns to the first overview and repeated messages."""

from __future__ import annotations

from scripts.scenario_figures import figures, longest_repeat, turns_to_overview

ASK = "  bot[text]: Hoe zwaar is de zorg op dit moment voor je?"
REASK = "  bot[text]: Ik begrijp je antwoord niet."
OVERVIEW = "  bot[recommendations]: Dit is je overzicht."


def test_turns_to_overview_counts_the_user_turns_before_it() -> None:
    transcript = ["  bot[text]: Hoi!", "  user: mijn verhaal", ASK, "  user: matig", OVERVIEW]
    assert turns_to_overview(transcript) == 2
    assert turns_to_overview(["  user: hoi", ASK]) is None


def test_a_question_in_three_replies_in_a_row_is_a_repeat_of_three() -> None:
    transcript = [ASK, "  user: a", REASK, ASK, "  user: b", REASK, ASK, "  user: c", OVERVIEW]
    assert longest_repeat(transcript) == 3
    assert longest_repeat([ASK, "  user: a", REASK, "  user: b", ASK]) == 1


def test_medians_are_taken_per_tag() -> None:
    report = [
        {"id": "a", "transcript": ["  user: x", OVERVIEW]},
        {"id": "b", "transcript": ["  user: x", "  user: y", "  user: z", OVERVIEW]},
        {
            "id": "c",
            "transcript": ["  user: hoi", ASK, "  user: x", ASK, "  user: y", ASK, "  user: z", OVERVIEW],
        },
    ]
    result = figures(report, {"a": {"story"}, "b": {"story"}, "c": {"hoi"}})
    assert result["median_turns_story"] == 2
    assert result["median_turns_hoi"] == 4
    assert result["repeated_three_times"] == ["c"]
