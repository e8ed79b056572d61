"""Whether a message asks to talk with a person of ours, wherever that stands in the sentence.

The NLU classifier reads a whole message as one intent, so "ik heb een vraag over de Wlz, kan ik
misschien even met iemand van jullie bellen?" may come out as a Wlz question. The gateway checks
this first (like the crisis check) and sends the request for a person to the bot instead.
Deterministic, on folded text (lower case, no accents). Negations ("ik wil geen mens") do not count.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Who a person would ask for: one of us, not "iemand" alone ("iemand om mee te praten" is a need).
_STAFF = (
    r"(?:een |met een |met )?(?:echte? |levende )?"
    r"(?:mens|medewerker|medewerkster|persoon|consulent|mantelzorgconsulent|adviseur|"
    r"iemand van jullie|"
    r"iemand van (?:jullie|de|het) (?:team|organisatie|servicedesk|helpdesk|klantenservice))"
)
_TALK = (
    r"(?:spreken|bellen|praten|chatten|contact|aan de lijn|aan de telefoon|te woord staan|"
    r"terugbellen|doorverbinden)"
)
_ASK = r"(?:kan|kun|kunnen|mag|wil|wil je|zou|graag|liever|help)"
_RULES = (
    # "kan ik misschien even met iemand van jullie bellen", "ik wil graag een medewerker spreken"
    rf"\b{_ASK} (?:[a-z']+ ){{0,5}}{_STAFF} (?:[a-z']+ ){{0,2}}{_TALK}\b",
    # "een mens graag", "geef me een medewerker", "verbind me door met een medewerker"
    rf"\b(?:geef (?:me|mij)|verbind (?:me|mij) (?:door )?met|liever|ik wil) {_STAFF}\b",
    rf"\b(?:doorverbinden|doorverbonden) (?:met )?{_STAFF}\b",
    rf"\b(?:kan|mag|kunnen) {_STAFF} (?:[a-z']+ ){{0,3}}(?:bellen|terugbellen|contact|meekijken|helpen)\b",
)
_NEGATED = rf"\b(?:geen|niet met|hoef (?:ik )?geen|niet) {_STAFF}\b"


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rule) for rule in _RULES)


def _fold(text: str) -> str:
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    decomposed = unicodedata.normalize("NFKD", visible.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", plain).split())


def asks_for_a_person(text: str) -> bool:
    """True for "ik wil een mens spreken", "…, kan ik met iemand van jullie bellen?"; False for
    "ik wil geen mens", "ik zoek iemand om mee te praten" (a need, answered in the overview)."""
    folded = _fold(text)
    if not folded or re.search(_NEGATED, folded):
        return False
    return any(rule.search(folded) for rule in _compiled())
