"""What the desk says: to the person in the chat (B1, "je") and to agents in error answers.

Phone numbers only from shared/facts, through api.texts (Mantelzorglijn: verified).
"""

from __future__ import annotations

from api.texts import MANTELZORGLIJN_CALL as MANTELZORGLIJN

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
TRANSFERRED = "Je gesprek gaat nu verder met {name} van {tenant}. {name} leest mee wat je al schreef."
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

# Too many handoffs from one address or to one desk (fake queue flooding): the handoff answer
QUEUE_FULL = (
    "Er kunnen op dit moment geen nieuwe gesprekken naar een medewerker. Probeer het later nog eens. "
    + MANTELZORGLIJN
    + " Je kunt mij ook verder vragen stellen."
)

# How long to wait before signing in again: "1 seconde", "40 seconden", "3 minuten"
SECONDS_ONE = "1 seconde"
SECONDS_MANY = "{n} seconden"
MINUTES_ONE = "1 minuut"
MINUTES_MANY = "{n} minuten"

# --- errors (code -> message): {"error": {"code", "message"}} ----------------------------------------

ERRORS: dict[str, str] = {
    "month_not_finished": "Deze maand is nog niet voorbij. De cijfers van een maand zie je als die maand "
    "om is: dan veranderen ze niet meer als iemand een gesprek voert.",
    "desk_disabled": "De servicedesk staat uit.",
    "not_logged_in": "Je bent niet ingelogd. Log in om verder te gaan.",
    "session_expired": "Je sessie is verlopen. Log opnieuw in.",
    "csrf_failed": "Deze actie is geweigerd omdat de beveiligingscode ontbreekt of niet klopt. "
    "Laad de pagina opnieuw.",
    "login_failed": "Het e-mailadres of het wachtwoord klopt niet.",
    "login_rate_limited": "Het inloggen is te vaak mislukt. Wacht {wait} en probeer het dan opnieuw.",
    "login_busy": "Er loggen nu veel mensen tegelijk in. Probeer het over een paar seconden opnieuw.",
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
    "questions_rate_limited": "Er zijn net veel vragen achtergelaten. Probeer het over {seconds} seconden "
    "opnieuw. " + MANTELZORGLIJN,
}

# --- insights (api/insights): monthly figures for supervisors and admins -----------------------------
# Needs and burden levels are named by bot/vocabulary.yml (`label`), the one home of those words.

INSIGHT_SUPPRESSED = "< 10"
INSIGHT_LEGEND = (
    "“< 10” betekent: minder dan 10 mensen. Of: verborgen, zodat niemand een kleine groep "
    "kan uitrekenen uit de andere getallen."
)
INSIGHT_TITLE = "Inzicht voor {tenant}, {month}"
INSIGHT_VIEWS = {
    "tenant": "Gesprekken via {tenant}",
    "municipality": "Openbare website: naasten die in {municipality} wonen",
}
INSIGHT_ROWS = {
    "conversations": "Gesprekken",
    "burden": "Hoe zwaar de zorg is",
    "needs": "Wil hulp bij",
    "kinds": "Getoonde hulp",
    "asked_for_person": "Wilde een medewerker spreken (of werd doorgezet)",
    "median_wait_minutes": "Wachttijd tot een medewerker het oppakte (mediaan)",
}
INSIGHT_YES_NO = {"yes": "ja", "no": "nee"}
INSIGHT_BURDEN_UNKNOWN = "niet bekend"
INSIGHT_MINUTES = "{minutes} min"
INSIGHT_WAIT_HIDDEN = "niet getoond: minder dan 10 mensen geholpen, of verborgen"
INSIGHT_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
#: The catalogue's kinds as a person reads them (a kind not listed here is shown by its id).
KIND_LABELS = {
    "calamiteitenverlof": "Calamiteitenverlof",
    "kortdurend-zorgverlof": "Kortdurend zorgverlof",
    "langdurend-zorgverlof": "Langdurend zorgverlof",
    "flexibel-werken": "Flexibel werken",
    "werkgeversregeling": "Regeling van de werkgever",
    "gesprek-werkgever": "Gesprek met de werkgever",
    "respijtzorg-dagbesteding": "Dagbesteding",
    "respijtzorg-logeeropvang": "Logeeropvang",
    "respijtzorg-thuis": "Respijtzorg thuis",
    "wmo-loket": "Wmo-loket",
    "mantelzorgsteunpunt": "Steunpunt mantelzorg",
    "mantelzorgwaardering": "Mantelzorgwaardering",
    "mantelzorgmakelaar": "Mantelzorgmakelaar",
    "huishoudelijke-hulp": "Huishoudelijke hulp",
    "pgb-mantelzorg": "Pgb voor mantelzorg",
    "mantelzorglijn": "Mantelzorglijn",
    "crisishulp": "Crisishulp",
    "lotgenotencontact": "Lotgenotencontact",
    "ziektespecifieke-steun": "Steun bij een ziekte",
    "huisarts": "Huisarts",
    "wlz-indicatie": "Wlz-indicatie",
    "ouderschapsverlof": "Ouderschapsverlof",
    "ondernemer-en-zorg": "Ondernemer en zorg",
    "jeugdhulp": "Jeugdhulp",
    "clientondersteuning": "Cliëntondersteuning",
    "palliatieve-zorg": "Palliatieve zorg",
    "wijkverpleging": "Wijkverpleging",
    "casemanager-dementie": "Casemanager dementie",
    "naastenondersteuning-ggz": "Steun voor naasten (ggz)",
}
INSIGHT_ERRORS = {
    "unknown_tenant": "De organisatie '{tenant}' bestaat niet.",
    "month": "Geef de maand als JJJJ-MM, bijvoorbeeld 2026-12.",
    "municipality": "'{code}' is geen gemeente. Gebruik de CBS-code, bijvoorbeeld GM0153 (Enschede).",
}

# --- Regelingen: an employer's own arrangements (api/desk/arrangements.py) ---------------------------

ERRORS.update(
    {
        "admin_only": "De regelingen van je organisatie kan alleen een beheerder aanpassen.",
        "version_not_found": "Deze versie bestaat niet (meer).",
        "arrangements_invalid": "Het bestand heeft fouten. Er is niets gepubliceerd. "
        "Bekijk de fouten hieronder.",
    }
)
#: Problems of an uploaded file, for the admin. Keys as api/desk/arrangements.py names them;
#: {value}, {key} and {allowed} come from the check.
ARRANGEMENT_PROBLEMS: dict[str, str] = {
    "empty": "Het bestand is leeg. Plak of kies het bestand met jullie regelingen.",
    "too_long": "Het bestand is te groot. Het mag maximaal {max} tekens hebben.",
    "yaml": "Dit is geen goed YAML-bestand. Kijk of de inspringing (spaties vooraan) en de dubbele "
    "punten kloppen.",
    "other_tenant": "Dit bestand is van een andere organisatie ({value}). Je kunt alleen de regelingen "
    "van je eigen organisatie uploaden.",
    "top": "Bovenaan het bestand horen tenant, name en items te staan.",
    "missing_top": "Bovenaan het bestand ontbreekt '{key}'.",
    "unknown_top": "'{key}' kennen we niet. Bovenaan mogen alleen tenant, name, size en items staan.",
    "missing": "Dit veld ontbreekt. Het is verplicht.",
    "unknown_field": "Dit veld kennen we niet. Kijk of je het goed hebt geschreven.",
    "unknown_condition": "'{key}' kennen we niet als voorwaarde.",
    "kind": "De soort '{value}' kan hier niet. In jullie eigen bestand mag alleen werkgeversregeling "
    "of gesprek-werkgever staan.",
    "municipality": "Een regeling van een werkgever hoort niet bij een gemeente. Haal dit veld weg.",
    "id": "De id mag alleen kleine letters, cijfers en streepjes hebben, zoals extra-zorgverlof.",
    "duplicate_id": "Deze id bestaat al. Kies een andere id.",
    "tenant_id": "Dit is geen goede naam voor je organisatie. Gebruik kleine letters, cijfers en streepjes.",
    "name": "Vul de naam van je organisatie in.",
    "no_items": "Zet minstens één regeling onder items.",
    "no_steps": "Schrijf minstens één stap.",
    "at_least_one": "Vul minstens één waarde in.",
    "date": "Deze datum klopt niet. Schrijf hem als jaar-maand-dag, bijvoorbeeld 2026-11-23.",
    "future": "Deze datum ligt in de toekomst. Klopt dat?",
    "old": "Deze regeling is meer dan een jaar geleden gecontroleerd. Kijk of alles nog klopt.",
    "stale": "Deze informatie is oud. Mensen lezen dat erbij. Kijk of het nog klopt.",
    "url": "Dit adres klopt niet. Gebruik een adres dat begint met https:// of een pagina op jullie "
    "intranet die begint met /.",
    "phone": 'Dit telefoonnummer klopt niet. Zet het tussen aanhalingstekens, bijvoorbeeld "030 123 45 67".',
    "email": "Dit e-mailadres klopt niet. Kijk of er een @ en een punt in staan.",
    "placeholder": "{{{key}}} kan hier niet. Haal de accolades weg.",
    "value": "'{value}' kan hier niet. Kies uit: {allowed}.",
    "factor": "Vul een getal groter dan 0 in (maximaal 52).",
    "amount": "Vul bij amount een formule met factor in, of een zin over het loon (pay).",
    "priority": "Vul een heel getal in van -100 tot 100.",
    "text": "Hier hoort tekst te staan.",
    "item": "Een regeling heeft velden zoals id, kind en title. Kijk of de streepjes en de inspringing "
    "kloppen.",
    "type": "Hier staat iets van de verkeerde soort. Vergelijk het met het voorbeeldbestand.",
    "other": "Hier klopt iets niet. Vergelijk het met het voorbeeldbestand.",
}
#: The desk page's "Regelingen" section (api/static/desk/desk.js shows what the API gives).
ARRANGEMENTS_PUBLISHED = (
    "Versie {version} is gepubliceerd. Gesprekken gebruiken hem vanaf het volgende bericht."
)

# --- canned replies and transfers (api/desk/canned.py, DeskService.transfer) ------------------------

ERRORS.update(
    {
        "canned_not_found": "Dit standaardantwoord bestaat niet (meer).",
        "canned_title": "Geef het standaardantwoord een titel van 1 tot {max} tekens.",
        "canned_text": "De tekst van het standaardantwoord moet 1 tot {max} tekens hebben.",
        "canned_full": "Je organisatie heeft al {max} standaardantwoorden. Verwijder er eerst een.",
        "unknown_colleague": "Deze collega bestaat niet, is niet actief of hoort niet bij jouw organisatie.",
        "same_colleague": "Dit gesprek is al van deze collega.",
    }
)
