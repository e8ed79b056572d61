"""Save a blank Dutch spaCy pipeline to a folder that Rasa's SpacyNLP can load by path.

No pretrained Dutch model can be downloaded here, so Rasa gets spaCy's Dutch tokenizer and
lookup lemmas only (no vectors). Runs in .venv-rasa:

    .venv-rasa/bin/python scripts/build_spacy_model.py build/spacy-nl
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import spacy


def without_word_abbreviations(rules: dict[str, Any]) -> dict[str, Any]:
    """Drops spaCy's special cases for one word plus a full stop ("ms.", "ww.", "mw.").

    In chat people end sentences with exactly those words ("Hij heeft MS. Ik werk ..."); as
    abbreviations they would stay one token with the full stop, and an entity on "MS" would not
    line up with any token. Abbreviations with inner full stops ("a.u.b.", "t.a.v.") stay.
    """
    return {key: value for key, value in rules.items() if not (key.endswith(".") and "." not in key[:-1])}


def build(target: Path) -> None:
    nlp = spacy.blank("nl")
    nlp.tokenizer.rules = without_word_abbreviations(nlp.tokenizer.rules)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy-nl"))
