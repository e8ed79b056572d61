"""Catalogue search for the desk, and items made ready to send as a card.

An item the recommendation engine picks for the conversation's profile comes as the engine renders
it (with reasons and amount). Any other item is filled here: generic municipal items get the
municipality from the profile, or "de gemeente waar je naaste woont" when it is unknown; an item
with any other placeholder is left out rather than sent half-filled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from bot.catalogue import Catalogue, Item, default_catalogue
from bot.catalogue.model import PLACEHOLDER_RE
from bot.engine import recommend
from bot.places import municipality_by_code
from bot.profile import Profile, ProfileError
from bot.reasons import UNKNOWN_MUNICIPALITY

_GEMEENTE = re.compile(r"\b(?:([Dd])e )?([Gg])emeente \{gemeente\}")


def _profile(summary: Mapping[str, Any] | None) -> Profile | None:
    if not summary:
        return None
    try:
        return Profile.from_dict(summary)
    except (ProfileError, TypeError, ValueError):
        return None


def _municipality_code(item: Item, profile: Profile | None) -> str | None:
    if profile is None:
        return None
    if item.municipality_of == "caregiver":
        return profile.caregiver_municipality
    return profile.recipient_municipality


def _fill_text(text: str, name: str | None, unknown: str) -> str:
    if name is None:  # "de gemeente {gemeente}" must not become "de gemeente de gemeente waar ..."
        text = _GEMEENTE.sub(lambda m: unknown.capitalize() if (m[1] or m[2]).isupper() else unknown, text)
    filled = text.replace("{gemeente}", name or unknown)
    return filled[0].upper() + filled[1:] if text.startswith("{") and filled else filled


def fill_item(item: Item, profile: Profile | None) -> dict[str, Any] | None:
    """The item as a card dict with `{gemeente}` filled; None when other placeholders remain."""
    data = item.to_dict()
    if not item.has_placeholders:
        return data
    if not item.is_generic:
        return None
    code = _municipality_code(item, profile)
    municipality = municipality_by_code(code) if code else None
    name = municipality.display_name if municipality is not None else None
    unknown = UNKNOWN_MUNICIPALITY.get(item.municipality_of, UNKNOWN_MUNICIPALITY["recipient"])
    for key in ("title", "summary", "check"):
        if isinstance(data.get(key), str):
            data[key] = _fill_text(data[key], name, unknown)
    data["how_to"] = [_fill_text(step, name, unknown) for step in data["how_to"]]
    contact = data.get("contact")
    if isinstance(contact, dict) and isinstance(contact.get("name"), str):
        contact["name"] = _fill_text(contact["name"], name, unknown)
    if municipality is not None:
        data["municipality"] = municipality.code
    texts = [data["title"], data["summary"], data.get("check") or "", *data["how_to"]]
    if any(PLACEHOLDER_RE.search(text) for text in texts):
        return None
    return data


def _own_codes(profile: Profile | None) -> set[str]:
    if profile is None:
        return set()
    return {code for code in (profile.recipient_municipality, profile.caregiver_municipality) if code}


class CardMaker:
    """Search and render items for one conversation (its profile and tenant)."""

    def __init__(
        self, catalogue: Catalogue | None = None, current: Callable[[], Catalogue] = default_catalogue
    ) -> None:
        """`current`: the current catalogue (the gateway's: with the employers' published files)."""
        self._catalogue = catalogue
        self._current = current

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue or self._current()

    def _rendered_by_engine(self, profile: Profile | None, tenant: str | None) -> dict[str, dict[str, Any]]:
        if profile is None:
            return {}
        return {entry["id"]: entry for entry in recommend(profile, self.catalogue, tenant)}

    def search(
        self, query: str, tenant: str | None, summary: Mapping[str, Any] | None, limit: int = 10
    ) -> list[dict[str, Any]]:
        profile = _profile(summary)
        found = self.catalogue.search(query, tenant=tenant, limit=limit * 3)
        engine = self._rendered_by_engine(profile, tenant)
        # The person's own municipality first; its own item replaces the generic one of that kind.
        codes = _own_codes(profile)
        own_kinds = {item.kind for item in found if item.municipality in codes}
        cards: list[dict[str, Any]] = []
        for item in found:
            if item.is_generic and item.kind in own_kinds:
                continue
            card = engine.get(item.id) or fill_item(item, profile)
            if card is not None:
                cards.append(card)
        cards.sort(key=lambda card: card.get("municipality") not in codes)
        return cards[:limit]

    def card(
        self, item_id: str, tenant: str | None, summary: Mapping[str, Any] | None
    ) -> dict[str, Any] | None:
        """One item ready to send (None: unknown, another tenant's, or not fillable)."""
        item = self.catalogue.get(item_id)
        if item is None or (item.tenant is not None and item.tenant != tenant):
            return None
        profile = _profile(summary)
        return self._rendered_by_engine(profile, tenant).get(item_id) or fill_item(item, profile)
