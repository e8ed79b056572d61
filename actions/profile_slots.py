"""Slots <-> ``bot.profile.Profile``: the intake slots carry the profile's field names.

A slot holding ``UNKNOWN`` ("weet ik niet") is an unknown field in the profile, except for
``employer_size`` and ``wlz_indication``, whose enums have an ``unknown`` value of their own.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from actions import bot_api
from actions import slots as s

logger = logging.getLogger(__name__)

_UNKNOWN_IS_A_VALUE = (s.EMPLOYER_SIZE, s.WLZ_INDICATION)


def profile_data(slot_values: Mapping[str, Any]) -> dict[str, Any]:
    """The profile fields the slots know, as ``Profile.from_dict`` takes them."""
    data: dict[str, Any] = {}
    for slot in s.INTAKE_SLOTS:
        value = slot_values.get(slot)
        if value is None or (value == s.UNKNOWN and slot not in _UNKNOWN_IS_A_VALUE):
            continue
        if slot == s.NEEDS:
            value = [v for v in (value if isinstance(value, list) else [value]) if v != s.UNKNOWN]
            if not value:
                continue
        elif slot in s.NUMBER_SLOTS:
            value = float(value)
        data[slot] = value
    tenant = slot_values.get(s.TENANT)
    if isinstance(tenant, str) and tenant:
        data[s.TENANT] = tenant
    return data


def employer_slots(slot_values: Mapping[str, Any]) -> dict[str, Any]:
    """On an employer's intranet: the slots its file settles (employment, employer size) that
    are still empty. They are set as known, so the intake never asks them, and shown in "Dit
    weet ik van je" so a zzp'er hired by that employer can correct them."""
    tenant = slot_values.get(s.TENANT)
    facts = bot_api.employer_facts(tenant if isinstance(tenant, str) and tenant else None)
    if (slot_values.get(s.EMPLOYMENT) or facts.get(s.EMPLOYMENT)) != "employee":
        facts.pop(s.EMPLOYER_SIZE, None)  # the employer's size is no fact about a zzp'er's work
    return {slot: value for slot, value in facts.items() if slot_values.get(slot) is None}


def skipped_fields(slot_values: Mapping[str, Any]) -> list[str]:
    """Intake slots the person could not answer."""
    return [slot for slot in s.INTAKE_SLOTS if slot_values.get(slot) == s.UNKNOWN]


def build_profile(slot_values: Mapping[str, Any]) -> Any:
    """A ``bot`` profile from the slots. A field ``bot`` rejects is logged and left out, so one
    odd slot value never costs the person the whole overview."""
    data = profile_data(slot_values)
    while True:
        try:
            return bot_api.make_profile(data)
        except (TypeError, ValueError) as error:
            field = getattr(error, "field", None)
            if field not in data:
                raise
            logger.warning("profile field %s dropped: %s", field, error)
            data.pop(field)
