"""Save a blank Dutch spaCy pipeline to a folder that Rasa's SpacyNLP can load by path.

No pretrained Dutch model can be downloaded here, so Rasa gets spaCy's Dutch tokenizer and
lookup lemmas only (no vectors). Runs in .venv-rasa:

    .venv-rasa/bin/python scripts/build_spacy_model.py build/spacy-nl
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy


def build(target: Path) -> None:
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy-nl"))
