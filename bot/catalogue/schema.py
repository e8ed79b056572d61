"""The JSON Schema of a catalogue file, built from the enumerations that live in Python.

Kinds (``bot.catalogue.kinds``), profile values (``bot.profile``), condition keys
(``bot.conditions``) and needs are read here, so they are written down once. ``item.schema.json``
beside this module is the same schema as a file, for editors (``# yaml-language-server:
$schema=...``); ``python -m bot.catalogue schema --write`` regenerates it and a test checks that it
is current. The loader validates with the schema built here, never with the file.

``x-messages`` (an extension keyword; validators and editors ignore it) holds the Dutch-free,
readable message the loader prints when that keyword fails. ``{value}`` is the value found,
``{key}`` the missing or unknown key, ``{allowed}`` the allowed keys.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.catalogue.kinds import EMPLOYER_SIZES, KINDS, MUNICIPALITY, STATUTORY_WORK_KINDS
from bot.conditions import ANY_OF, BOOL_KEYS, CONDITION_KEYS, ENUM_KEYS, MIN_KEYS
from bot.profile import ENUM_FIELDS, NEEDS, NUMBER_FIELDS

SCHEMA_FILE: Path = Path(__file__).with_name("item.schema.json")
SCHEMA_ID = "https://mantelwijzer.example/catalogue/item.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

SIDES_ALLOWED = ("recipient", "caregiver", "both")
FORMULAS = ("weeks_of_work_hours",)
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TENANT_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
MUNICIPALITY_PATTERN = r"^(?:\*|GM[0-9]{4})$"
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
#: A contact's url may also be a path on the employer's intranet ("/personeel/verlof"); the loader
#: allows that only in an employer's file.
PATH_PATTERN = r"^/(?![/\\])[^\s\\]*$"  # never "//x" or "/\x": another site
CONTACT_URL_PATTERN = f"(?:{URL_PATTERN})|(?:{PATH_PATTERN})"
PHONE_PATTERN = r"^\+?[0-9][0-9 ()-]{1,18}[0-9]$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
TEXT_PATTERN = r"\S"
FACT_SEEN_PATTERN = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_FACTOR = 52

REQUIRED_FIELDS = ("id", "kind", "title", "summary", "how_to", "source", "verified_on")
CONTACT_FIELDS = ("name", "url", "phone", "email", "whatsapp", "chat", "hours")


def _text(nullable: bool = False, description: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": ["string", "null"] if nullable else "string",
        "pattern": TEXT_PATTERN,
        "x-messages": {"pattern": "expected text, got {value!r}"},
    }
    if description:
        schema["description"] = description
    return schema


def _patterned(pattern: str, message: str, nullable: bool = True) -> dict[str, Any]:
    return {
        "type": ["string", "null"] if nullable else "string",
        "pattern": pattern,
        "x-messages": {"pattern": message},
    }


def _texts(what: str) -> dict[str, Any]:
    return {
        "type": "array",
        "minItems": 1,
        "items": _text(),
        "x-messages": {"minItems": f"expected at least one {what}"},
    }


def _condition_keys(top_level: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for key, field in ENUM_KEYS.items():
        values = list(ENUM_FIELDS[field])
        properties[key] = {
            "type": "array",
            "minItems": 1,
            "items": {"enum": values, "x-messages": {"enum": "unknown value {value!r} (allowed: {allowed})"}},
            "description": f"profile field {field}: at least one of these values",
            "x-messages": {"minItems": "expected at least one value"},
        }
    for key, field in MIN_KEYS.items():
        low, high = NUMBER_FIELDS[field]
        outside = f"{{value!r}} is outside {low:g}..{high:g}"
        properties[key] = {
            "type": "number",
            "minimum": low,
            "maximum": high,
            "description": f"profile field {field} must be at least this",
            "x-messages": {"minimum": outside, "maximum": outside},
        }
    for key, field in BOOL_KEYS.items():
        properties[key] = {"type": "boolean", "description": f"profile field {field}"}
    for key in CONDITION_KEYS:  # keys with a shape of their own: bot/conditions.py checks the value
        if key not in properties and key != ANY_OF:
            properties[key] = {"description": "see bot/conditions.py (its parser checks the value)"}
    if top_level:
        properties[ANY_OF] = {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/alternative"},
            "description": "at least one of these condition mappings must hold",
            "x-messages": {"minItems": "expected a non-empty list of condition mappings"},
        }
    return {
        "type": ["object", "null"] if top_level else "object",
        "properties": properties,
        "additionalProperties": False,
        "x-messages": {"additionalProperties": "unknown condition key {key!r} (allowed: {allowed})"},
    }


def _item() -> dict[str, Any]:
    municipal_kinds = sorted(kind for kind, group in KINDS.items() if group == MUNICIPALITY)
    kebab = "{value!r} is not kebab-case (a-z, 0-9, single hyphens)"
    properties: dict[str, Any] = {
        "id": _patterned(ID_PATTERN, kebab, nullable=False) | {"description": "unique, kebab-case, stable"},
        "kind": {
            "enum": list(KINDS),
            "x-messages": {"enum": "unknown kind {value!r} (add it to bot/catalogue/kinds.py if it is new)"},
        },
        "title": _text(),
        "summary": _text(description="Dutch B1, 1-3 sentences"),
        "needs": {
            "type": "array",
            "items": {
                "enum": list(NEEDS),
                "x-messages": {"enum": "unknown value {value!r} (allowed: {allowed})"},
            },
        },
        "conditions": {"$ref": "#/$defs/conditions"},
        "applies_if": _texts("clause") | {"description": "Dutch clauses: when this applies, in words"},
        "amount": {"$ref": "#/$defs/amount"},
        "how_to": _texts("step") | {"description": "steps, Dutch, imperative, short"},
        "contact": {"$ref": "#/$defs/contact"},
        "source": {"$ref": "#/$defs/source"},
        "verified_on": {
            "type": "string",
            "format": "date",
            "description": "the day someone checked this item against the source named (YYYY-MM-DD)",
            "x-messages": {
                "format": "bad date {value!r} (expected YYYY-MM-DD)",
                "type": "bad date {value!r} (expected YYYY-MM-DD)",
            },
        },
        "source_checked": {
            "type": "boolean",
            "description": "true: the source was opened on verified_on; false: taken from the facts sheet",
        },
        "fact_seen": {
            "type": ["integer", "string"],
            "minimum": FIRST_YEAR,
            "maximum": LAST_YEAR,
            "pattern": FACT_SEEN_PATTERN,
            "description": "when the fact was seen current on the source: YYYY, YYYY-MM or YYYY-MM-DD",
            "x-messages": {
                "pattern": "expected a year or a date (YYYY, YYYY-MM or YYYY-MM-DD), got {value!r}"
            },
        },
        "check": _text(nullable=True, description='Dutch: "Controleer ..." for facts not verified'),
        "municipality": _patterned(
            MUNICIPALITY_PATTERN, 'expected a CBS code like GM0153 or "*", got {value!r}', nullable=False
        ),
        "municipality_of": {
            "enum": list(SIDES_ALLOWED),
            "x-messages": {"enum": "expected one of {allowed}, got {value!r}"},
        },
        "tenant": _patterned(
            TENANT_PATTERN,
            "expected a tenant id (lower case, digits, hyphens), got {value!r}",
            nullable=False,
        ),
        "priority": {
            "type": "integer",
            "minimum": -100,
            "maximum": 100,
            "x-messages": {
                "minimum": "expected a whole number from -100 to 100, got {value!r}",
                "maximum": "expected a whole number from -100 to 100, got {value!r}",
                "type": "expected a whole number from -100 to 100, got {value!r}",
            },
        },
        "strict": {"type": "boolean"},
        "variant_of": _patterned(ID_PATTERN, "expected an item id, got {value!r}", nullable=False),
        "adds_to": {
            "type": "array",
            "minItems": 1,
            "items": {
                "enum": list(STATUTORY_WORK_KINDS),
                "x-messages": {"enum": "unknown value {value!r} (allowed: {allowed})"},
            },
            "description": "employer items: the statutory kinds this adds to (the law's item says so)",
            "x-messages": {"minItems": "expected at least one value"},
        },
    }
    return {
        "type": "object",
        "required": list(REQUIRED_FIELDS),
        "properties": properties,
        "additionalProperties": False,
        "dependentRequired": {"municipality_of": ["municipality"]},
        "allOf": [
            {
                "if": {"properties": {"kind": {"enum": municipal_kinds}}, "required": ["kind"]},
                "then": {
                    "required": ["municipality"],
                    "x-messages": {
                        "required": 'a municipal item needs a CBS code, or "*" for every municipality'
                    },
                },
            }
        ],
        "x-messages": {
            "type": "expected a mapping, got {described}",
            "additionalProperties": "unknown field (allowed: {allowed})",
            "dependentRequired": "only for items with a municipality",
        },
    }


def _amount() -> dict[str, Any]:
    factor_message = f"expected a number above 0 (at most {MAX_FACTOR}), got {{value!r}}"
    return {
        "type": "object",
        "properties": {
            "formula": {
                "enum": list(FORMULAS),
                "x-messages": {"enum": "unknown formula {value!r} (allowed: {allowed})"},
            },
            "factor": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": MAX_FACTOR,
                "x-messages": {
                    "type": factor_message,
                    "exclusiveMinimum": factor_message,
                    "maximum": factor_message,
                },
            },
            "label": _text(),
            "pay": _text(description="Dutch sentence about pay"),
        },
        "additionalProperties": False,
        "dependentRequired": {"factor": ["formula"]},
        "anyOf": [{"required": ["formula"]}, {"required": ["pay"]}],
        "if": {"required": ["formula"]},
        "then": {
            "required": ["factor"],
            "x-messages": {"required": "expected a number above 0 (at most 52) with the formula"},
        },
        "x-messages": {
            "anyOf": "expected a formula or a pay sentence",
            "dependentRequired": "a factor needs a formula",
            "additionalProperties": "unknown field (allowed: {allowed})",
        },
    }


def _contact() -> dict[str, Any]:
    number = "write the number as quoted text, got {value!r}"
    return {
        "type": ["object", "null"],
        "properties": {
            "name": _text(nullable=True),
            "url": _patterned(CONTACT_URL_PATTERN, "{value!r} does not look like a valid url")
            | {"description": "an http(s) address; in an employer's file also an intranet path (/...)"},
            "phone": _patterned(PHONE_PATTERN, "{value!r} does not look like a valid phone")
            | {"x-messages": {"pattern": "{value!r} does not look like a valid phone", "type": number}},
            "email": _patterned(EMAIL_PATTERN, "{value!r} does not look like a valid email"),
            "whatsapp": _patterned(PHONE_PATTERN, "{value!r} does not look like a valid whatsapp")
            | {"x-messages": {"pattern": "{value!r} does not look like a valid whatsapp", "type": number}},
            "chat": _patterned(URL_PATTERN, "{value!r} does not look like a valid chat"),
            "hours": _text(nullable=True),
        },
        "additionalProperties": False,
        "x-messages": {"additionalProperties": "unknown field (allowed: {allowed})"},
    }


def _source() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": _text(),
            "url": _patterned(URL_PATTERN, "expected an http(s) address, got {value!r}")
            | {"description": "the page that states the fact, not a site's home page"},
        },
        "additionalProperties": False,
        "x-messages": {
            "type": "expected a mapping with name and url, got {described}",
            "additionalProperties": "unknown field (allowed: {allowed})",
        },
    }


def _files() -> dict[str, Any]:
    items = {
        "type": "array",
        "minItems": 1,
        "items": {"$ref": "#/$defs/item"},
        "x-messages": {
            "type": "expected a non-empty list of items, got {described}",
            "minItems": "expected a non-empty list of items, got an empty list",
        },
    }
    tenant = _patterned(TENANT_PATTERN, "expected a tenant id (lower case, digits, hyphens)", nullable=False)
    tenant["x-messages"]["type"] = "expected a tenant id (lower case, digits, hyphens)"
    name = _text() | {
        "x-messages": {"pattern": "expected the employer's name", "type": "expected the employer's name"}
    }
    size = {
        "enum": list(EMPLOYER_SIZES),
        "description": "small: fewer than 10 staff; without it: large",
        "x-messages": {"enum": "expected one of {allowed}, got {value!r}"},
    }
    top = "unknown top-level key {key!r} (allowed: {allowed})"
    return {
        "file": {
            "type": "object",
            "required": ["items"],
            "properties": {"items": items},
            "additionalProperties": False,
            "x-messages": {
                "additionalProperties": top,
                "type": "expected a mapping with items at the top, got {described}",
                "required": "expected a non-empty list of items, got nothing",
            },
        },
        "employer_file": {
            "type": "object",
            "required": ["tenant", "name", "items"],
            "properties": {"tenant": tenant, "name": name, "size": size, "items": items},
            "additionalProperties": False,
            "x-messages": {
                "additionalProperties": top,
                "type": "expected a mapping with tenant, name, items at the top, got {described}",
                "required": "missing required top-level key {key!r}",
            },
        },
    }


def build_schema() -> dict[str, Any]:
    """The whole schema: any catalogue file (employer files also have ``tenant`` and ``name``)."""
    files = _files()
    any_file = dict(files["employer_file"])
    any_file["required"] = ["items"]
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": "Mantelwijzer catalogue file",
        "description": "Generated by `python -m bot.catalogue schema --write`; do not edit by hand.",
        "$ref": "#/$defs/any_file",
        "$defs": {
            "any_file": any_file,
            **files,
            "item": _item(),
            "conditions": _condition_keys(top_level=True),
            "alternative": _condition_keys(top_level=False)
            | {
                "minProperties": 1,
                "x-messages": {
                    "minProperties": "expected a non-empty mapping of condition keys",
                    "type": "expected a non-empty mapping of condition keys",
                    "additionalProperties": "unknown condition key {key!r} (allowed: {allowed})",
                },
            },
            "amount": _amount(),
            "contact": _contact(),
            "source": _source(),
        },
    }


def schema_text() -> str:
    """The schema as the file holds it (stable key order, trailing newline)."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema_file(path: Path = SCHEMA_FILE) -> bool:
    """Write the schema file; True when it changed."""
    text = schema_text()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
