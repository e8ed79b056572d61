"""Everything the gateway itself says to people, in plain Dutch (B1, "je").

The bot's own answers come from Rasa; these are only the gateway's: the start of a conversation,
what happens when the assistant cannot answer, handoff notices and error messages.
Phone numbers come from shared/facts (Mantelzorglijn: verified).
"""

from __future__ import annotations

WELCOME = (
    "Hoi! Ik ben Mantelwijzer. Ik help je als je werk combineert met de zorg voor een naaste. "
    "Vertel in een paar zinnen voor wie je zorgt en wat voor werk je doet. "
    "Dan zoek ik uit welk verlof en welke steun bij jou passen."
)

PRIVACY_NOTICE = (
    "Over je privacy: ik bewaar dit gesprek {days} dagen en wis het daarna. "
    "Je kunt het ook zelf meteen wissen met de knop 'gesprek wissen' of door 'wis mijn gegevens' te typen. "
    "Noem liever geen namen, adressen of je BSN."
)

ASSISTANT_DOWN = (
    "Het lukt nu even niet om je vraag te beantwoorden. Je bericht is bewaard. "
    "Probeer het over een paar minuten nog eens. "
    "Wil je nu iemand spreken? Bel de Mantelzorglijn: 030 760 60 55."
)

ERASED = (
    "Je gesprek en je gegevens zijn gewist. Wil je later weer iets vragen? Dan begin je een nieuw gesprek."
)

HANDOFF_WAITING = (
    "Ik zet je gesprek door naar een medewerker. Je krijgt hier antwoord zodra iemand je gesprek oppakt. "
    "Je kunt je vraag alvast typen."
)

HANDOFF_UNAVAILABLE = (
    "Er is op dit moment geen medewerker beschikbaar in deze chat. "
    "Wil je iemand spreken? Bel de Mantelzorglijn: 030 760 60 55. Je kunt mij ook verder vragen stellen."
)

OFFER_YES = "Ja, met een medewerker praten"
OFFER_NO = "Nee, nu niet"

HANDOFF_ASSIGNED = "Een medewerker heeft je gesprek opgepakt."

HANDOFF_CLOSED = "Dit gesprek is afgesloten."

# Error bodies: {"error": {"code": ..., "message": <one of these>}}
ERRORS: dict[str, str] = {
    "invalid_json": "Je bericht kon niet worden gelezen: het is geen geldige JSON.",
    "validation_error": "Je bericht klopt niet: controleer de velden.",
    "missing_field": "Er ontbreekt een verplicht veld.",
    "unknown_field": "Je bericht bevat een veld dat we niet kennen.",
    "empty_text": "Je bericht is leeg. Typ eerst iets.",
    "text_too_long": "Je bericht is te lang. Gebruik maximaal {max} tekens.",
    "body_too_large": "Je bericht is te groot.",
    "unknown_tenant": "Deze organisatie kennen we niet.",
    "unauthorized": "Je hebt geen toegang tot dit gesprek. Begin een nieuw gesprek.",
    "not_found": "Dit gesprek bestaat niet (meer). Begin een nieuw gesprek.",
    "route_not_found": "Deze pagina of dit adres bestaat niet.",
    "method_not_allowed": "Dit adres kan dit verzoek niet verwerken.",
    "conversation_closed": "Dit gesprek is afgesloten. Begin een nieuw gesprek als je nog iets wilt vragen.",
    "state_conflict": "Dit gesprek is intussen veranderd. Laad het opnieuw.",
    "rate_limited": "Je stuurt te veel berichten achter elkaar. "
    "Wacht {seconds} seconden en probeer het opnieuw.",
    "erase_failed": "Het wissen is niet gelukt. Probeer het over een paar minuten opnieuw.",
    "internal_error": "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
}
