"""bot/vocabulary.yml: the one home of the words people use for each profile value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import vocabulary
from bot.profile import ENUM_FIELDS

ROOT = Path(__file__).resolve().parents[2]
SYNONYMS = ROOT / "data" / "nlu" / "synonyms.yml"


def test_rasas_synonym_file_is_generated_from_the_vocabulary() -> None:
    assert SYNONYMS.read_text(encoding="utf-8") == vocabulary.synonyms_yaml(), (
        "data/nlu/synonyms.yml is not current: run `.venv/bin/python -m bot.vocabulary synonyms > "
        "data/nlu/synonyms.yml`"
    )


@pytest.mark.parametrize("field", vocabulary.fields())
def test_every_entry_names_an_allowed_profile_value(field: str) -> None:
    assert {value for value, _ in vocabulary.table(field)} <= set(ENUM_FIELDS[field])


@pytest.mark.parametrize("field", vocabulary.fields())
def test_every_value_but_unknown_has_words(field: str) -> None:
    named = {value for value, patterns in vocabulary.table(field) if patterns}
    assert set(ENUM_FIELDS[field]) - {"unknown"} <= named


@pytest.mark.parametrize("field", vocabulary.fields())
def test_every_pattern_compiles_with_its_fragments_filled_in(field: str) -> None:
    for _, patterns in vocabulary.table(field):
        for pattern in patterns:
            assert "<jobs>" not in pattern and "<num>" not in pattern
            re.compile(pattern.removeprefix(vocabulary.ANSWER_ONLY))


def test_a_synonym_belongs_to_one_value() -> None:
    seen: dict[str, str] = {}
    for value, words in vocabulary.synonyms().items():
        for word in words:
            assert seen.setdefault(word.lower(), value) == value, (
                f"{word!r} is both {seen[word.lower()]} and {value}"
            )


def test_the_cli_prints_the_synonym_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert vocabulary.main(["synonyms"]) == 0
    assert capsys.readouterr().out == vocabulary.synonyms_yaml()
    assert vocabulary.main([]) == 2
    assert vocabulary.main(["lookups"]) == 2


@pytest.mark.parametrize("field", sorted(ENUM_FIELDS))
def test_every_profile_value_has_a_reason_and_a_desk_label_and_buttons_name_real_values(field: str) -> None:
    values = set(ENUM_FIELDS[field])
    titles = set(vocabulary.texts(field, "title"))
    assert titles <= values and len(titles) >= 2
    assert set(vocabulary.texts(field, "label")) == values
    assert set(vocabulary.texts(field, "reason")) == values


def test_relatives_the_law_distinguishes_have_no_button_of_their_own() -> None:
    # Six buttons stay: "Ander familielid" covers them; typed words name them exactly.
    assert list(vocabulary.texts("relationship", "title")) == [
        "partner",
        "parent",
        "child",
        "other_family",
        "friend_neighbour",
        "other",
    ]


def test_the_open_reason_falls_back_to_the_reason() -> None:
    assert vocabulary.texts("relationship", "reason_open", fallback="reason")["parent"] == "een ouder"
    assert vocabulary.texts("relationship", "reason_open", fallback="reason")["child"] == "je kind"
