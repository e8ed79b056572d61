"""Everything the gateway says to people, in plain Dutch (B1, "je"): one home for the words.

This module: the gateway's own messages (the start of a conversation, what happens when the
assistant cannot answer, handoff notices, error messages). `api.texts.desk`: what the desk says to
the person and to agents; `api.texts.documents`: the documents' words outside their templates.
The bot's own answers come from Rasa's domain; the words the widget and the desk pages share are in
api/static/shared.js. Phone numbers come from shared/facts (Mantelzorglijn: verified).
"""

from __future__ import annotations

from bot.buttons import HUMAN_BUTTON, OVERVIEW_BUTTON, RESTART_BUTTON, START_BUTTON

#: The Mantelzorglijn (shared/facts: "Lines and organisations (national)").
MANTELZORGLIJN_PHONE = "030 760 60 55"
#: The sentence that offers it when no person of ours can help right now.
MANTELZORGLIJN_CALL = f"Wil je nu iemand spreken? Bel de Mantelzorglijn: {MANTELZORGLIJN_PHONE}."

WELCOME = (
    "Hoi! Ik ben Mantelwijzer. Ik help je als je werk combineert met de zorg voor een naaste. "
    "Vertel in een paar zinnen voor wie je zorgt en wat voor werk je doet. "
    "Dan zoek ik uit welk verlof en welke steun bij jou passen."
)

PRIVACY_NOTICE = (
    "Over je privacy: dit gesprek staat op onze server tot {days} dagen na je laatste bericht. "
    "Daarna wissen we het. Je kunt het ook zelf meteen wissen met de knop 'Gesprek wissen' "
    "of door 'wis mijn gegevens' te typen. "
    "Noem liever geen namen, adressen of je BSN."
)

#: Instead of the same bot message a third time in a row: never trap anyone in a loop (issue 11).
LOOP_BREAK = (
    "Ik merk dat we in een rondje draaien. Zal ik je een paar korte vragen stellen? "
    "Dan kies je gewoon een antwoord. Of praat met een medewerker."
)
LOOP_BREAK_BUTTONS = (
    {"title": "Stel me een paar vragen", "payload": "/tell_situation"},
    HUMAN_BUTTON,
)
#: The person asked for a document in the chat (issue 14); the widget shows the buttons below it.
DOCUMENTS_READY = (
    "Dat kan. Hieronder kun je je overzicht als PDF downloaden{mail} of een brief voor je werkgever "
    "maken. In de brief zet ik wat je me over je werk vertelde. De rest vul je zelf in."
)
DOCUMENTS_NOT_YET = (
    "Dat kan zodra je overzicht klaar is. Dan kun je het als PDF downloaden{mail} en een brief voor "
    "je werkgever maken."
)
DOCUMENTS_MAIL = ", naar jezelf mailen"
ASSISTANT_DOWN = (
    "Het lukt nu even niet om je vraag te beantwoorden. Je bericht is bewaard. "
    "Probeer het over een paar minuten nog eens. " + MANTELZORGLIJN_CALL
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
    f"Wil je iemand spreken? Bel de Mantelzorglijn: {MANTELZORGLIJN_PHONE}. "
    "Je kunt mij ook verder vragen stellen."
)

HANDOFF_ASSIGNED = "Een medewerker heeft je gesprek opgepakt."

HANDOFF_CLOSED = "Dit gesprek is afgesloten."

#: Under the desk's notice that the bot takes over again (issue 17): ways back into the bot, the
#: bot's own buttons (bot/buttons.py).
HANDBACK_BUTTONS = (OVERVIEW_BUTTON, START_BUTTON, RESTART_BUTTON)

#: What is kept and for how long, for the widget to show (issue 17; the start answer and the
#: transcript carry it as `retention_text`, with `retention_days`).
RETENTION = (
    "Wat bewaren we? Dit gesprek staat op onze server. We wissen het {days} dagen na je laatste "
    "bericht. Je kunt het ook zelf eerder wissen met de knop 'Gesprek wissen'."
)

# Error bodies: {"error": {"code": ..., "message": <one of these>}}
ERRORS: dict[str, str] = {
    "invalid_json": "Je bericht kon niet worden gelezen: het is geen geldige JSON.",
    "validation_error": "Je bericht klopt niet: controleer de velden.",
    "missing_field": "Er ontbreekt een verplicht veld.",
    "unknown_field": "Je bericht bevat een veld dat we niet kennen.",
    "empty_text": "Je bericht is leeg. Typ eerst iets.",
    "text_too_long": "Je bericht is te lang. Gebruik maximaal {max} tekens.",
    "body_too_large": "Je bericht is te groot.",
    "tenant_not_accepted": "De chat kan nu niet starten. Laad de pagina opnieuw. Lukt het dan nog niet? "
    "Meld het bij de beheerder van het intranet.",
    "unauthorized": "Je hebt geen toegang tot dit gesprek. Begin een nieuw gesprek.",
    "not_found": "Dit gesprek bestaat niet (meer). Begin een nieuw gesprek.",
    "route_not_found": "Deze pagina of dit adres bestaat niet.",
    "method_not_allowed": "Dit adres kan dit verzoek niet verwerken.",
    "conversation_closed": "Dit gesprek is afgesloten. Begin een nieuw gesprek als je nog iets wilt vragen.",
    "state_conflict": "Dit gesprek is intussen veranderd. Laad het opnieuw.",
    "rate_limited": "Je stuurt te veel berichten achter elkaar. "
    "Wacht {seconds} seconden en probeer het opnieuw.",
    "invalid_last_event_id": "Het nummer van je laatste bericht (Last-Event-ID) klopt niet. "
    "Laat het weg of stuur alleen cijfers.",
    "erase_failed": "Het wissen is niet gelukt. Probeer het over een paar minuten opnieuw.",
    "internal_error": "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
}

# Coming back to a conversation with a resume code (issue 17; api/routes/conversations.py).
ERRORS.update(
    {
        "resume_code_unknown": "Deze code kennen we niet. Misschien is hij verlopen of is het gesprek "
        "gewist. Controleer de code, of begin een nieuw gesprek.",
        "resume_rate_limited": "Je hebt te vaak een verkeerde code ingevuld. "
        "Wacht {seconds} seconden en probeer het opnieuw.",
    }
)

# Documents and mail (issue 14; api/routes/documents.py): the same error shape, appended here.
ERRORS.update(
    {
        "no_overview": "Er is nog geen overzicht in dit gesprek. Vertel eerst over je situatie. "
        "Daarna kun je je overzicht bewaren.",
        "invalid_date": "De datum klopt niet. Schrijf hem als jaar-maand-dag, bijvoorbeeld 2027-01-04.",
        "date_out_of_range": "Kies een datum tussen {low} en {high}.",
        "invalid_number": "Vul bij {label} een getal in.",
        "invalid_whole_number": "Vul bij {label} een heel getal in, zonder komma.",
        "out_of_range": "Vul bij {label} een getal in van {low} tot en met {high}.",
        "invalid_text": "Vul bij {label} gewone tekst in, van hoogstens {max} tekens.",
        "letter_field_required": "Voor deze brief is {label} nodig. Vul het in en probeer het opnieuw.",
        "leave_over_week": "Je vraagt {asked} uur verlof per week, maar je werkt {week} uur per week. "
        "Kies hoogstens {week} uur per week.",
        "leave_over_maximum": "Je vraagt in totaal {asked} uur. Langdurend zorgverlof is maximaal "
        "{maximum} uur per 12 maanden (6 keer je {week} uur per week). "
        "Kies minder weken of minder uur per week.",
        "letter_not_applicable": "Je werkt voor jezelf. Dan heb je geen werkgever en geen wettelijk "
        "zorgverlof, dus ook geen brief voor een werkgever. In je overzicht staat wat je wel helpt.",
        "invalid_email": "Dit e-mailadres klopt niet. Controleer het, bijvoorbeeld naam@voorbeeld.nl.",
        "mail_not_configured": "Mailen kan hier niet: er is geen mailserver ingesteld. "
        "Download je overzicht als PDF.",
        "mail_failed": "Het mailen is niet gelukt. Probeer het later opnieuw, "
        "of download je overzicht als PDF.",
    }
)

# Messaging channels' webhooks (issue 15; api/routes/channels.py): for the provider's logs.
ERRORS.update(
    {
        "channel_off": "Dit kanaal staat niet aan.",
        "missing_signature": "De handtekening (X-Hub-Signature-256) ontbreekt.",
        "wrong_signature": "De handtekening (X-Hub-Signature-256) klopt niet.",
        "wrong_verify_token": "De verificatie klopt niet.",
        "wrong_secret_token": "Het geheime token (X-Telegram-Bot-Api-Secret-Token) ontbreekt of klopt niet.",
    }
)

# --- messaging channels (WhatsApp, Telegram; api/channels) -----------------------------------------
# A messaging app shows no cards and no download buttons: these say in words what the widget shows.

#: The person sent a photo, a voice message, a sticker or a file: only typed text is read.
CHANNEL_ONLY_TEXT = (
    "Sorry, hier kan ik alleen getypte berichten lezen. "
    "Foto's, spraakberichten en stickers kan ik niet lezen. Wil je je vraag typen?"
)
#: How a photo, voice message, sticker or file shows in the conversation (the desk sees it; never downloaded).
CHANNEL_MEDIA_LABELS = {
    "image": "(foto, niet gelezen)",
    "voice": "(spraakbericht, niet gelezen)",
    "audio": "(geluid, niet gelezen)",
    "video": "(video, niet gelezen)",
    "sticker": "(sticker, niet gelezen)",
    "document": "(bestand, niet gelezen)",
    "location": "(locatie, niet gelezen)",
    "contacts": "(contact, niet gelezen)",
    "other": "(bericht, niet gelezen)",
}
#: The privacy notice on a messaging channel (it has no erase button).
CHANNEL_PRIVACY_NOTICE = (
    "Over je privacy: dit gesprek staat op onze server tot {days} dagen na je laatste bericht. "
    "Daarna wissen we het. Typ 'wis mijn gegevens' als je het meteen wilt wissen. "
    "Je telefoonnummer wordt dan ook gewist. "
    "Noem liever geen namen, adressen of je BSN."
)
#: The button that opens a list of answers (WhatsApp: at most 20 characters).
CHANNEL_LIST_BUTTON = "Kies een antwoord"
#: The heading above that list (WhatsApp: at most 24 characters).
CHANNEL_LIST_SECTION = "Antwoorden"
#: Above the buttons when the bot sent buttons without a text.
CHANNEL_CHOOSE = "Kies een antwoord."
#: More answers than a WhatsApp list holds (10): the rest follow as a numbered list to type.
CHANNEL_MORE_ANSWERS = "Of typ een van deze antwoorden:"

# The overview, one short message per item (the three that fit best; the widget shows cards).
CHANNEL_WHY = "Waarom: {reason}"
CHANNEL_FIRST_STEP = "Eerste stap: {step}"
CHANNEL_CHECK = "Let op: {check}"
CHANNEL_CALL = "Bel {phone}"
CHANNEL_MORE_INFO = "Meer informatie: {url}"
CHANNEL_MORE_ITEMS_ONE = "Er is nog 1 andere mogelijkheid voor jou."
CHANNEL_MORE_ITEMS = "Er zijn nog {count} andere mogelijkheden voor jou."
#: After CHANNEL_MORE_ITEMS when this chat can send the overview as a PDF document.
CHANNEL_ASK_PDF = "Wil je alles op een rij? Typ dan: stuur mijn overzicht als pdf"
#: After CHANNEL_MORE_ITEMS when it cannot (the website's chat is a new conversation).
CHANNEL_SEE_WEBSITE = (
    "Wil je alles op een rij? Gebruik dan de chat op onze website. Vertel daar je situatie opnieuw."
)

# Instead of DOCUMENTS_READY (which points at the widget's download buttons).
#: The overview PDF follows as a document in this chat.
CHANNEL_DOCUMENTS_PDF = "Je overzicht komt hieronder als PDF."
#: A letter or a mail was asked for; this chat can send the PDF.
CHANNEL_DOCUMENTS_PDF_ONLY = (
    "Een brief voor je werkgever of een mail kan ik hier niet maken. "
    "Dat kan wel in de chat op onze website. Vertel daar je situatie opnieuw. "
    "Je overzicht als PDF kan ik hier wel sturen. Typ dan: stuur mijn overzicht als pdf"
)
#: This chat can make no document at all.
CHANNEL_DOCUMENTS_WEBSITE = (
    "Een PDF, een mail of een brief voor je werkgever kan ik hier niet maken. "
    "Dat kan wel in de chat op onze website. Vertel daar je situatie opnieuw."
)
