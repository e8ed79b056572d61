"""The words of the profile (``bot/vocabulary.yml``): what people say for each profile value.

``table(field)`` gives the field's entries in order as ``(value, patterns)``, where a pattern that
counts only as a direct answer starts with ``ANSWER_ONLY``; ``actions/parsing.py`` matches text
against them. ``synonyms_yaml()`` renders Rasa's synonym file from the entries' ``synonyms``:

    python -m bot.vocabulary synonyms > data/nlu/synonyms.yml

Pure data and PyYAML, so both environments (gateway and Rasa) can read it.
"""

from __future__ import annotations

import sys
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

PATH = Path(__file__).with_name("vocabulary.yml")
#: Marks a pattern that counts only as the direct answer to the field's question.
ANSWER_ONLY = "~"
SYNONYMS_HEADER = (
    'version: "3.1"\n'
    "# Generated from bot/vocabulary.yml by `python -m bot.vocabulary synonyms`: edit the vocabulary,\n"
    "# not this file (tests/bot/test_vocabulary.py checks that it is current). Entity values are\n"
    "# normalised to the profile's enums (bot.profile); actions/parsing.py reads the same vocabulary.\n"
    "nlu:\n"
)

Table = tuple[tuple[str, tuple[str, ...]], ...]


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    return data


def fields() -> tuple[str, ...]:
    return tuple(_data()["fields"])


def entries(field: str) -> list[dict[str, Any]]:
    """The field's entries as written: ``value``, ``patterns``, ``answer_patterns``, ``synonyms``."""
    return list(_data()["fields"][field])


def fragment(name: str) -> str:
    """A named regex fragment (``<num>``: a number in digits or words, ``<jobs>``: employee jobs)."""
    return str(_data()["fragments"][name])


def _expand(pattern: str) -> str:
    for name, fragment in _data()["fragments"].items():
        pattern = pattern.replace(f"<{name}>", fragment)
    return pattern


@cache
def table(field: str) -> Table:
    """``(value, patterns)`` per entry, in order; direct-answer patterns start with ``ANSWER_ONLY``."""
    return tuple(
        (
            str(entry["value"]),
            tuple(_expand(p) for p in entry.get("patterns") or [])
            + tuple(ANSWER_ONLY + _expand(p) for p in entry.get("answer_patterns") or []),
        )
        for entry in entries(field)
    )


def words(field: str) -> dict[str, str]:
    """The field's synonym words (folded to lower case) and the value each one names."""
    return {
        str(word).lower(): str(entry["value"])
        for entry in entries(field)
        for word in entry.get("synonyms") or []
    }


def texts(field: str, kind: str, fallback: str | None = None) -> dict[str, str]:
    """Value -> its ``kind`` text ("title", "reason", "reason_open", "label") for a profile field, in
    the profile's order; a value without that text uses its ``fallback`` text."""
    values: dict[str, dict[str, str]] = _data()["values"][field]
    result = {}
    for value, given in values.items():
        text = given.get(kind) or (given.get(fallback) if fallback else None)
        if text:
            result[str(value)] = str(text)
    return result


def synonyms() -> dict[str, list[str]]:
    """Value -> the words NLU may tag for it, over all fields, in the vocabulary's order."""
    result: dict[str, list[str]] = {}
    for field in fields():
        for entry in entries(field):
            words = entry.get("synonyms") or []
            if words:
                result.setdefault(str(entry["value"]), [])
                result[str(entry["value"])] += [w for w in words if w not in result[str(entry["value"])]]
    return result


def synonyms_yaml() -> str:
    """Rasa's synonym file (``data/nlu/synonyms.yml``), rendered from the vocabulary."""
    blocks = [
        f"- synonym: {value}\n  examples: |\n" + "".join(f"    - {word}\n" for word in words)
        for value, words in synonyms().items()
    ]
    return SYNONYMS_HEADER + "".join(blocks)


_OUTPUTS = {"synonyms": synonyms_yaml}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in _OUTPUTS:
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(_OUTPUTS[argv[0]]())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
