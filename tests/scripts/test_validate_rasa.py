"""The filter around `rasa data validate` lets only Rasa's known false positives through."""

from pathlib import Path

from scripts.validate_rasa import action_responses, form_questions, unexpected

DOMAIN = """
forms:
  intake_form:
    required_slots: [relationship, work_hours_per_week]
"""


def test_form_questions_come_from_required_slots(tmp_path: Path) -> None:
    domain = tmp_path / "domain.yml"
    domain.write_text(DOMAIN, encoding="utf-8")
    assert form_questions(domain) == {"utter_ask_relationship", "utter_ask_work_hours_per_week"}


def test_known_false_positives_are_allowed() -> None:
    warnings = [
        "The utterance 'utter_ask_relationship' is not used in any story or rule.",
        "The intent 'item_details' is listed in the domain file, but is not found in the NLU training data.",
        "The following duplicated intents have been found across multiple domain files: faq",
    ]
    assert unexpected(warnings, {"utter_ask_relationship"}) == []


def test_other_warnings_fail() -> None:
    warnings = [
        "The utterance 'utter_greet' is not used in any story or rule.",
        "The utterance 'utter_ask_colour' is not used in any story or rule.",
        "The intent 'greet' is listed in the domain file, but is not found in the NLU training data.",
        "Issue found in 'data/rules/faq.yml': \nFound intent 'faq' in stories which is not in the domain.",
    ]
    assert unexpected(warnings, {"utter_ask_relationship"}) == warnings


def test_responses_the_actions_send_are_allowed_unused_in_stories(tmp_path: Path) -> None:
    path = tmp_path / "actions.yml"
    path.write_text('version: "3.1"\nresponses:\n  utter_restarted:\n    - text: "Goed."\n', encoding="utf-8")
    allowed = action_responses(path)
    assert allowed == {"utter_restarted"}
    warnings = ["The utterance 'utter_restarted' is not used in any story or rule."]
    assert unexpected(warnings, allowed) == []
