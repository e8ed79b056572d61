"""Check one catalogue file's data against the JSON Schema (``bot.catalogue.schema``).

``schema_problems`` returns ``(item index or None, field, message)`` for every schema error, with
the readable messages of the schema's ``x-messages``. The loader adds the cross-item checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from bot.catalogue.schema import build_schema

SchemaProblem = tuple[int | None, str | None, str]

_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}
#: YAML 1.1 (PyYAML) reads unquoted yes/no as booleans; in these condition keys they mean the words.
_BOOL_WORDS = {"wlz_indication": {True: "yes", False: "no"}}


@lru_cache(maxsize=4)
def _validator(definition: str) -> Draft202012Validator:
    schema = build_schema()
    root = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(root, format_checker=FormatChecker())


def normalise(data: Any) -> Any:
    """PyYAML's values as JSON (and editors, YAML 1.2) see them: dates as text, yes/no as words."""
    if isinstance(data, dict):
        out = {key: normalise(value) for key, value in data.items()}
        conditions = out.get("conditions")
        if isinstance(conditions, dict):
            out["conditions"] = _condition_words(conditions)
        return out
    if isinstance(data, list):
        return [normalise(value) for value in data]
    if isinstance(data, (date, datetime)):
        return data.isoformat()
    return data


def _condition_words(conditions: dict[Any, Any]) -> dict[Any, Any]:
    out = dict(conditions)
    for key, words in _BOOL_WORDS.items():
        if isinstance(out.get(key), list):
            out[key] = [words.get(v, v) if isinstance(v, bool) else v for v in out[key]]
    alternatives = out.get("any_of")
    if isinstance(alternatives, list):
        out["any_of"] = [_condition_words(a) if isinstance(a, dict) else a for a in alternatives]
    return out


def schema_problems(data: Any, employer: bool) -> list[SchemaProblem]:
    """Every schema error of one file's (normalised) data, in file order, without duplicates."""
    validator = _validator("employer_file" if employer else "file")
    found: list[SchemaProblem] = []
    for error in sorted(validator.iter_errors(data), key=_order):
        for problem in _explain(error):
            if problem not in found:
                found.append(problem)
    return found


def _order(error: ValidationError) -> tuple[str, ...]:
    return tuple(f"{part:08d}" if isinstance(part, int) else str(part) for part in error.absolute_path)


def _explain(error: ValidationError) -> Iterable[SchemaProblem]:
    path = list(error.absolute_path)
    keyword = str(error.validator)
    messages: dict[str, str] = error.schema.get("x-messages", {}) if isinstance(error.schema, dict) else {}
    instance = error.instance
    if keyword == "required":
        for key in error.validator_value:
            if isinstance(instance, dict) and key not in instance:
                message = messages.get("required", "missing required field")
                yield _where([*path, key], message.format(key=key))
        return
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {}))
        for key in instance:
            if key not in allowed:
                message = messages.get(keyword, "unknown field (allowed: {allowed})")
                yield _where([*path, str(key)], message.format(key=key, allowed=", ".join(allowed)))
        return
    if keyword == "dependentRequired" and isinstance(instance, dict):
        for key, needed in error.validator_value.items():
            if key in instance and any(n not in instance for n in needed):
                yield _where([*path, key], messages.get(keyword, f"needs {', '.join(needed)}"))
        return
    if keyword == "enum" and path and isinstance(path[-1], int):
        path = path[:-1]  # the message names the value
    template = messages.get(keyword) or _default(keyword, error)
    allowed_values = ", ".join(str(v) for v in error.validator_value) if keyword == "enum" else ""
    yield _where(path, template.format(value=instance, described=describe(instance), allowed=allowed_values))


def _default(keyword: str, error: ValidationError) -> str:
    if keyword == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        words = " or ".join(_TYPE_WORDS.get(name, name) for name in names if name != "null")
        return f"expected {words}, got {{described}}"
    if keyword == "enum":
        return "unknown value {value!r} (allowed: {allowed})"
    return error.message.replace("{", "{{").replace("}", "}}")


def _where(path: list[Any], message: str) -> SchemaProblem:
    """(item index, field, message) from a path in the file: ['items', 3, 'contact', 'phone']."""
    index: int | None = None
    rest = path
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        index, rest = path[1], path[2:]
    field = ""
    for part in rest:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return index, field or None, message


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {value!r}"
