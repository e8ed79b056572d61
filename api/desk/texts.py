"""What the desk says: to the person in the chat (B1, "je") and to agents in error answers.

Phone numbers only from shared/facts (Mantelzorglijn: verified).
"""

from __future__ import annotations

MANTELZORGLIJN = "Wil je nu iemand spreken? Bel de Mantelzorglijn: 030 760 60 55."

# --- to the person ---------------------------------------------------------------------------------

WAITING_INTRO = "Ik zet je gesprek door naar een medewerker van {tenant}."
AHEAD_ONE = "Er wacht nu 1 persoon voor je."
AHEAD_MANY = "Er wachten nu {n} mensen voor je."
WAIT_FEW = "Het duurt meestal een paar minuten voordat iemand je gesprek oppakt."
WAIT_MINUTES = "Het duurt ongeveer {minutes} minuten voordat iemand je gesprek oppakt."
WAIT_LONG = "Het kan meer dan een uur duren voordat iemand je gesprek oppakt."
WAITING_NEXT = "Je krijgt hier antwoord. Je kunt je vraag alvast typen."

CLOSED_NOW = "De medewerkers van {tenant} zijn nu niet bereikbaar."
OPEN_AGAIN = "Vanaf {moment} is er weer iemand."
LEAVE_QUESTION = "Je kunt een vraag achterlaten. Dan nemen we contact met je op."

ASSIGNED = "{name} van {tenant} heeft je gesprek opgepakt. Je praat nu met een mens."
HANDED_BACK = (
    "Bedankt voor het gesprek met {name}. Je praat nu weer met Mantelwijzer. "
    "Heb je nog een vraag? Typ hem hieronder."
)
CLOSED = (
    "{name} heeft het gesprek afgesloten. Bedankt voor je vragen. "
    "Wil je later nog iets vragen? Begin dan een nieuw gesprek."
)

CONSENT = (
    "Ik vind het goed dat {tenant} mijn vraag en mijn {contact} bewaart om contact met me op te nemen. "
    "Na het contact wordt dit gewist."
)
CONTACT_WORDS = {"phone": "telefoonnummer", "email": "e-mailadres"}
CONTACT_HOW = {"phone": "belt je", "email": "mailt je"}
QUESTION_RECEIVED = (
    "Dank je, je vraag is bewaard. Een medewerker van {tenant} {how} {when}. "
    "Je kunt mij ondertussen ook verder vragen stellen."
)
WHEN_OPEN = "zodra er weer iemand is ({moment})"
WHEN_UNKNOWN = "zo snel mogelijk"

# --- errors (code -> message): {"error": {"code", "message"}} ----------------------------------------

ERRORS: dict[str, str] = {
    "desk_disabled": "De servicedesk staat uit.",
    "not_logged_in": "Je bent niet ingelogd. Log in om verder te gaan.",
    "session_expired": "Je sessie is verlopen. Log opnieuw in.",
    "csrf_failed": "Deze actie is geweigerd omdat de beveiligingscode ontbreekt of niet klopt. "
    "Laad de pagina opnieuw.",
    "login_failed": "Het e-mailadres of het wachtwoord klopt niet.",
    "login_rate_limited": "Te veel pogingen om in te loggen. "
    "Wacht {seconds} seconden en probeer het opnieuw.",
    "not_found": "Dit gesprek bestaat niet (meer) of hoort niet bij jouw organisatie.",
    "question_not_found": "Deze vraag bestaat niet (meer) of hoort niet bij jouw organisatie.",
    "already_claimed": "Dit gesprek is al opgepakt door {name}.",
    "not_waiting": "Dit gesprek staat niet (meer) in de wachtrij.",
    "question_claimed": "Deze vraag is al opgepakt door {name}.",
    "not_assigned": "Pak dit gesprek eerst op. Alleen wie het gesprek heeft opgepakt, kan antwoorden.",
    "not_yours": "Dit gesprek of deze vraag is van een collega.",
    "conversation_closed": "Dit gesprek is afgesloten. Je kunt er niets meer in zetten.",
    "empty_text": "Het bericht is leeg. Typ eerst iets.",
    "text_too_long": "Het bericht is te lang. Gebruik maximaal {max} tekens.",
    "unknown_item": "Dit onderdeel staat niet (meer) in de catalogus.",
    "rasa_unavailable": "Mantelwijzer is nu niet bereikbaar, dus teruggeven lukt niet. "
    "Probeer het over een minuut opnieuw of sluit het gesprek af.",
    "forbidden": "Dit mag alleen een teamleider of beheerder.",
    "no_desk": "Er is geen medewerker van deze organisatie die vragen kan aannemen.",
    "consent_required": "Geef toestemming om je gegevens te bewaren. "
    "Anders kunnen we geen contact met je opnemen.",
    "invalid_phone": "Dit telefoonnummer klopt niet. Gebruik alleen cijfers, bijvoorbeeld 0612345678.",
    "invalid_email": "Dit e-mailadres klopt niet. Kijk of er een @ en een punt in staan.",
    "desk_open": "Er is nu een medewerker bereikbaar. Vraag in de chat naar een medewerker.",
    "question_exists": "Je hebt al een vraag achtergelaten. We nemen contact met je op.",
}
