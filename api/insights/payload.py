"""What the bot tells the gateway for the figures: the `insight` key of its `recommendations`
payload (`{"needs": [...], "burden": ..., "municipality": ...}`, made in actions/overview.py) and
the kinds of the items it shows. Read here, checked against the profile's and the catalogue's own
values (never free text), and stripped: the key is never stored with the message nor sent on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.catalogue.kinds import KINDS
from bot.profile import BURDENS, CBS_CODE_RE, NEEDS

KEY = "insight"


@dataclass(frozen=True)
class Insight:
    """One overview's facts: the needs and burden the person named, where the person they care
    for lives (CBS code), and the kinds of support shown. Unknown or unexpected values are left out."""

    needs: tuple[str, ...] = ()
    burden: str | None = None
    municipality: str | None = None
    kinds: tuple[str, ...] = ()


def read_insight(raw: Any, items: Iterable[Any]) -> Insight:
    """The insight of a recommendations payload (`raw`: its `insight` value, `items`: its items)."""
    data: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    needs = data.get("needs")
    burden = data.get("burden")
    municipality = data.get("municipality")
    kinds = {item.get("kind") for item in items if isinstance(item, Mapping)}
    return Insight(
        needs=tuple(n for n in NEEDS if isinstance(needs, list) and n in needs),
        burden=burden if isinstance(burden, str) and burden in BURDENS else None,
        municipality=municipality
        if isinstance(municipality, str) and CBS_CODE_RE.match(municipality)
        else None,
        kinds=tuple(sorted(k for k in kinds if isinstance(k, str) and k in KINDS)),
    )
