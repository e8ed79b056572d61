"""The situation profile: what the conversation knows about a caregiver.

Every field may be unknown (``None``; ``needs`` empty). ``Profile.from_dict`` checks every
field and raises ``ProfileError`` naming the field and the value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import Enum
from typing import Any


class Relationship(str, Enum):
    PARTNER = "partner"
    PARENT = "parent"
    CHILD = "child"
    OTHER_FAMILY = "other_family"  # a relative, not said which
    # Added in wave 2 (issue 12): zorgverlof counts these by law (bot.leave.FAMILY_CIRCLE) ...
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    # ... and these only as a social relationship or a housemate: in-laws, aunts, uncles, cousins,
    # step- and foster parents.
    EXTENDED_FAMILY = "extended_family"
    FRIEND_NEIGHBOUR = "friend_neighbour"
    OTHER = "other"


class Condition(str, Enum):
    DEMENTIA = "dementia"
    OLD_AGE = "old_age"
    CHRONIC_ILLNESS = "chronic_illness"
    PHYSICAL_DISABILITY = "physical_disability"
    MENTAL_ILLNESS = "mental_illness"
    INTELLECTUAL_DISABILITY = "intellectual_disability"
    TERMINAL = "terminal"
    OTHER = "other"


class Employment(str, Enum):
    EMPLOYEE = "employee"
    SELF_EMPLOYED = "self_employed"
    EMPLOYER_OWNER = "employer_owner"
    STUDENT = "student"
    NOT_WORKING = "not_working"


class EmployerSize(str, Enum):
    SMALL = "small"
    LARGE = "large"
    UNKNOWN = "unknown"


class WlzIndication(str, Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Need(str, Enum):
    LEAVE = "leave"
    RESPITE = "respite"
    PRACTICAL = "practical"
    MONEY = "money"
    EMPLOYER_TALK = "employer_talk"
    EMOTIONAL = "emotional"
    INFORMATION = "information"


class Burden(str, Enum):
    LIGHT = "light"
    MODERATE = "moderate"
    HEAVY = "heavy"


def _values(enum: type[Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in enum)


# The allowed values as plain strings, in the enums' order (what JSON, slots and the catalogue hold).
RELATIONSHIPS = _values(Relationship)
CONDITIONS = _values(Condition)
EMPLOYMENTS = _values(Employment)
EMPLOYER_SIZES = _values(EmployerSize)
WLZ_INDICATIONS = _values(WlzIndication)
NEEDS = _values(Need)
BURDENS = _values(Burden)

#: Enum fields and their allowed values (``needs`` holds a list of these values).
ENUM_FIELDS: dict[str, tuple[str, ...]] = {
    "relationship": RELATIONSHIPS,
    "condition": CONDITIONS,
    "employment": EMPLOYMENTS,
    "employer_size": EMPLOYER_SIZES,
    "wlz_indication": WLZ_INDICATIONS,
    "needs": NEEDS,
    "burden": BURDENS,
}
#: Number fields and their inclusive ranges.
NUMBER_FIELDS: dict[str, tuple[float, float]] = {
    "care_hours_per_week": (0.0, 168.0),
    "work_hours_per_week": (0.0, 80.0),
}
MUNICIPALITY_FIELDS = ("recipient_municipality", "caregiver_municipality")

CBS_CODE_RE = re.compile(r"^GM\d{4}$")
TENANT_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class ProfileError(ValueError):
    """A profile field has a value that is not allowed; ``str()`` is one line naming both."""

    def __init__(self, field: str, value: Any, message: str) -> None:
        self.field = field
        self.value = value
        super().__init__(f"Ongeldig profiel: veld '{field}' met waarde {_show(value)}: {message}")


@dataclass(frozen=True)
class Profile:
    """What we know about the caregiver's situation; ``None`` means unknown."""

    relationship: str | None = None
    condition: str | None = None
    care_hours_per_week: float | None = None
    lives_together: bool | None = None
    recipient_municipality: str | None = None
    caregiver_municipality: str | None = None
    employment: str | None = None
    work_hours_per_week: float | None = None
    employer_size: str | None = None
    wlz_indication: str | None = None
    needs: tuple[str, ...] = ()
    burden: str | None = None
    tenant: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """Build a profile from JSON-like data; raises ``ProfileError`` for any bad field."""
        if not isinstance(data, Mapping):
            raise ProfileError("(profiel)", data, "verwacht een object met velden")
        for key in data:
            if key not in FIELD_NAMES:
                raise ProfileError(str(key), data[key], f"onbekend veld (bekend: {', '.join(FIELD_NAMES)})")
        values = {name: _CHECKS[name](name, data[name]) for name in FIELD_NAMES if name in data}
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with every field present (``needs`` as a list)."""
        out = {name: getattr(self, name) for name in FIELD_NAMES}
        out["needs"] = list(self.needs)
        return out

    def is_known(self, name: str) -> bool:
        """Whether a field has an answer (``needs``: at least one need)."""
        value = getattr(self, name)
        return bool(value) if name == "needs" else value is not None


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Profile))


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_enum(name: str, value: Any) -> str | None:
    if value is None:
        return None
    allowed = ENUM_FIELDS[name]
    if not isinstance(value, str) or value not in allowed:
        raise ProfileError(name, value, f"kies uit {', '.join(allowed)}")
    return value


def _check_needs(name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ProfileError(name, value, f"verwacht een lijst met waarden uit {', '.join(NEEDS)}")
    seen: list[str] = []
    for need in value:
        if not isinstance(need, str) or need not in NEEDS:
            raise ProfileError(name, need, f"kies uit {', '.join(NEEDS)}")
        if need not in seen:
            seen.append(need)
    return tuple(seen)


def _check_number(name: str, value: Any) -> float | None:
    if value is None:
        return None
    low, high = NUMBER_FIELDS[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ProfileError(name, value, f"verwacht een getal van {low:g} tot en met {high:g}")
    if not low <= value <= high:
        raise ProfileError(name, value, f"moet tussen {low:g} en {high:g} liggen")
    return float(value)


def _check_bool(name: str, value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ProfileError(name, value, "verwacht true, false of null")


def _check_municipality(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not CBS_CODE_RE.match(value.strip().upper()):
        raise ProfileError(name, value, "verwacht een CBS-gemeentecode zoals GM0153")
    code = value.strip().upper()
    if municipality_exists(code) is False:
        raise ProfileError(name, value, "deze gemeentecode bestaat niet")
    return code


def _check_tenant(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not TENANT_RE.match(value):
        raise ProfileError(name, value, "verwacht een id met kleine letters, cijfers en streepjes")
    return value


def municipality_exists(code: str) -> bool | None:
    """True/False from ``bot.places``; ``None`` when ``bot.places`` is not available (yet)."""
    try:
        from bot.places import municipality_by_code
    except ImportError:
        return None
    return municipality_by_code(code) is not None


_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "relationship": _check_enum,
    "condition": _check_enum,
    "care_hours_per_week": _check_number,
    "lives_together": _check_bool,
    "recipient_municipality": _check_municipality,
    "caregiver_municipality": _check_municipality,
    "employment": _check_enum,
    "work_hours_per_week": _check_number,
    "employer_size": _check_enum,
    "wlz_indication": _check_enum,
    "needs": _check_needs,
    "burden": _check_enum,
    "tenant": _check_tenant,
}
