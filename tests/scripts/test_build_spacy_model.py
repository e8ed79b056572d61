"""The blank Dutch spaCy pipeline splits a full stop off a word ("MS.") but keeps "a.u.b." whole.

Runs in .venv-rasa (make test-rasa); in .venv, which has no spaCy, it is skipped.
"""

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from scripts.build_spacy_model import build, without_word_abbreviations  # noqa: E402


def test_word_abbreviations_are_dropped_and_dotted_ones_kept() -> None:
    rules: dict[str, list[object]] = {"ms.": [], "ww.": [], "a.u.b.": [], "'s": []}
    assert set(without_word_abbreviations(rules)) == {"a.u.b.", "'s"}


def test_saved_pipeline_tokenises_chat_sentences(tmp_path: Path) -> None:
    build(tmp_path / "nl")
    nlp = spacy.load(tmp_path / "nl")
    tokens = [token.text for token in nlp("Hij heeft MS. Ik zit in de WW. Bel a.u.b. terug")]
    assert tokens == ["Hij", "heeft", "MS", ".", "Ik", "zit", "in", "de", "WW", ".", "Bel", "a.u.b.", "terug"]
