"""Word lists and rules for ``bot.safety``: the phrases that signal a crisis.

Every rule is a regular expression over *normalised* text (see ``bot.safety.normalise``): lower
case, no accents, words separated by one space, a clause boundary (. , ! ? ; : and new lines)
written as " . ". ``_ANY(n)`` allows up to n words in between, never across a clause boundary.

Decisions (see also ``bot/safety.py``):

- "ik zie het niet meer zitten" counts as a suicide signal: it is how many people first say it,
  and a kind pointer to 113 costs little when it was "only" despair. "ik zie het niet zitten"
  (without "meer": "I don't fancy it") does not count.
- "ik kan niet meer", "ik trek het niet meer", "ik hou het niet vol", "doodop", "doodmoe": heavy
  burden, not a crisis. The conversation handles burden (handoff on a heavy burden).
- "ik wil niet meer" on its own does not count: in a chat it also answers "wil je meer weten?".
  "ik wil niet meer leven" and "ik wil niet meer verder." do.
- Every mention of zelfmoord/suïcide/zelfdoding counts, also in a question about the line
  ("zelfmoordpreventie telefoonnummer?": the crisis text gives exactly that number) and in a
  negation ("ik heb geen zelfmoordgedachten"): a missed signal costs more than an extra kind text.
- Grief and past events ("mijn vader is vorig jaar dood gegaan", "hij heeft een beroerte gehad")
  do not count; an acute event now ("hij krijgt een beroerte", "ze reageert niet") does.
- Someone else harming themselves ("hij dreigt zichzelf iets aan te doen") is acute danger for
  the caregiver; the acute text also gives 113.
"""

from __future__ import annotations

SUICIDE = "suicide"
ACUTE_DANGER = "acute_danger"


def _any(n: int) -> str:
    """Up to ``n`` words (letters/digits) in between, each followed by one space."""
    return rf"(?:[a-z0-9]+ ){{0,{n}}}"


def _one_of(words: str) -> str:
    return "(?:" + "|".join(words.split("|")) + ")"


# People the caregiver may talk about (singular, after "mijn"/"onze"/"de").
RELATIVES = _one_of(
    "man|vrouw|partner|vriend|vriendin|vader|moeder|pa|ma|papa|mama|pap|mam|opa|oma|zoon|dochter|"
    "kind|broer|zus|zuster|schoonvader|schoonmoeder|schoonzoon|schoondochter|oom|tante|neef|nicht|"
    "buurman|buurvrouw|echtgenoot|echtgenote|vent|stiefvader|stiefmoeder|grootvader|grootmoeder"
)
PERSON = rf"(?:hij|zij|ze|(?:mijn|onze|ons|de) {RELATIVES})"
_ADVERB = r"(?:(?:soms|vaak|weer|steeds|nu|net|al|ook|regelmatig|telkens|gisteren|vandaag|echt) )?"

#: Token -> corrected token, applied after lower-casing and removing accents.
SPELLING_FIXES: dict[str, str] = {
    "k": "ik",
    "ikke": "ik",
    "wl": "wil",
    "will": "wil",
    "nie": "niet",
    "nit": "niet",
    "neit": "niet",
    "mer": "meer",
    "doot": "dood",
    "doodt": "dood",
    "leve": "leven",
    "lven": "leven",
    "leeven": "leven",
    "ijnde": "einde",
    "eide": "einde",
    "mijzelf": "mezelf",
    "mzelf": "mezelf",
    "mezelve": "mezelf",
    "mijzelve": "mezelf",
    "mezlf": "mezelf",
    "mn": "mijn",
    "em": "hem",
    "zitte": "zitten",
    "ziten": "zitten",
    "ademd": "ademt",
    "reageerd": "reageert",
    "reageer": "reageert",
    "slaad": "slaat",
    "weggelope": "weggelopen",
    "wegelopen": "weggelopen",
}

#: Multi-word fixes on the normalised text: (regex, replacement).
PHRASE_FIXES: tuple[tuple[str, str], ...] = (
    (r"\b(?:me|mij) zelf\b", "mezelf"),
    (r"\bzelf moord", "zelfmoord"),
    (r"\bzelf doding", "zelfdoding"),
    (r"\bweg gelopen\b", "weggelopen"),
    (r"\bbewust loos\b", "bewusteloos"),
)

#: Long keywords that are corrected when a word is one slip away from them (or starts so).
FUZZY_KEYWORDS: tuple[str, ...] = (
    "zelfmoord",
    "zelfdoding",
    "suicide",
    "suicidaal",
    "bewusteloos",
    "overdosis",
    "weggelopen",
)

_AANDOEN = r"(?:aandoen|aandoe|aan doen|aan doe|aan te doen|aan ga doen|aan gaan doen|aan zal doen)"

#: (rule name, regex) checked in order; suicide rules come first.
SUICIDE_RULES: tuple[tuple[str, str], ...] = (
    ("zelfmoord", r"\b(?:zelfmoord|zelfdoding|suicid|suizid|suicdaal)[a-z]*"),
    ("levensmoe", r"\b(?:levensmoe|doodswens|doodsgedachte|zelfmoordgedachte)[a-z]*"),
    ("wil_dood", rf"\b(?:wil|wilde|wou|willen) {_any(2)}dood(?: ?gaan)?\b(?! (?:op|moe)\b)"),
    ("dood_willen", r"\bdood (?:willen|wil) (?:zijn|gaan)\b"),
    ("liever_dood", r"\b(?:liever|beter) dood\b(?! (?:op|moe)\b)"),
    ("was_dood", r"\b(?:was ik (?:maar )?dood|ik (?:maar )?dood was)\b"),
    ("er_niet_meer_was", r"\b(?:was ik er (?:maar )?niet meer|ik er (?:maar )?niet meer was)\b"),
    ("niet_meer_leven", rf"\bniet (?:meer|langer) {_any(2)}(?:verder )?leven\b"),
    ("niet_meer_verder", rf"\bwil {_any(1)}niet (?:meer|langer) verder\b(?! (?:met|gaan met|werken)\b)"),
    (
        "geen_zin_leven",
        rf"\b(?:geen zin (?:meer )?(?:in|om te) (?:het |mijn )?leven|(?:het|mijn|dit) leven "
        rf"(?:heeft|is) {_any(2)}(?:geen zin|zinloos|geen nut|niks meer waard|niets meer waard))\b",
    ),
    (
        "einde_maken",
        rf"\b(?:ik|wil|ga|gaan|zal|wilde|denk|overweeg|wou) {_any(3)}er {_any(1)}(?:een )?eind(?:e)? "
        rf"aan {_any(1)}(?:maken|te maken)\b",
    ),
    ("einde_maak_ik", r"\b(?:maak|maakte) (?:ik )?er (?:een )?eind(?:e)? aan\b"),
    ("einde_leven", r"\beind(?:e)? (?:aan|maken aan|te maken aan) (?:mijn|het) leven\b"),
    ("leven_beeindigen", rf"\bmijn leven {_any(1)}(?:beeindigen|te beeindigen)\b"),
    (
        "leven_nemen",
        rf"\b(?:mezelf|me) {_any(1)}(?:het leven|van het leven) {_any(1)}(?:nemen|te nemen|beroven)\b",
    ),
    ("zie_niet_meer_zitten", rf"\bzie {_any(3)}niet meer zitten\b"),
    ("er_niet_meer_zijn", rf"\bwil(?:len|de)? er {_any(1)}niet meer zijn\b"),
    ("mezelf_aandoen", rf"\bmezelf {_any(1)}(?:iets|wat) {_any(1)}{_AANDOEN}\b"),
    ("ik_me_aandoen", rf"\bik {_any(3)}me {_any(1)}(?:iets|wat) {_any(1)}{_AANDOEN}\b"),
    ("zelfbeschadiging", r"\b(?:zelfbeschadig|zelfverwond|automutil)[a-z]*"),
    (
        "mezelf_pijn",
        rf"\bmezelf {_any(1)}(?:pijn doen|pijn doe|snijden|snijd|snij|beschadigen|beschadig|krassen|"
        r"ophangen|verhangen|verdrinken|doden|dood maken|doodmaken|vergiftigen|gesneden|gekrast|"
        r"beschadigd|pijn gedaan|verwond|opgehangen)\b",
    ),
    ("me_ophangen", r"\bme (?:ophangen|verhangen|van kant maken|van kant te maken|doodmaken|dood maken)\b"),
    ("van_kant", rf"\b(?:mezelf|me) {_any(1)}van kant {_any(1)}(?:maken|te maken)\b"),
    (
        "snijden",
        r"\b(?:snij|snijd|sneed|kras) (?:in )?(?:mezelf|mijn (?:arm|armen|pols|polsen|been|benen))\b",
    ),
    ("polsen", rf"\bpolsen {_any(1)}(?:doorsnijden|door snijden|doorsnijd|doorgesneden)\b"),
    (
        "springen",
        rf"\b(?:voor (?:de|een) trein|van (?:de|het|een) (?:flat|brug|dak|balkon|gebouw)) {_any(2)}"
        r"(?:springen|spring|te springen|af springen|af te springen|gaan liggen|te gaan liggen)\b",
    ),
    ("springen_van", rf"\b(?:dak|brug|flat|balkon|spoor) {_any(4)}(?:springen|spring)\b"),
    (
        "pillen_ik",
        rf"\bik {_any(3)}(?:alle|al mijn|een doos|een hele doos) {_any(1)}(?:pillen|slaappillen|tabletten)\b",
    ),
    ("overdosis_ik", rf"\bik {_any(4)}(?:een )?overdosis\b"),
    (
        "niet_wakker_worden",
        rf"\b(?:wil|hoop|hoopte|wou|wens) {_any(3)}niet meer wakker {_any(1)}(?:word|worden)\b",
    ),
)

ACUTE_DANGER_RULES: tuple[tuple[str, str], ...] = (
    (
        "geweld_tegen",
        rf"\b{PERSON} {_any(2)}(?:slaat|sloeg|schopt|schopte|stompt|stompte|wurgt|wurgde|trapt|trapte|"
        rf"mishandelt|mishandelde|bedreigt|bedreigde) {_ADVERB}(?:me|mij|ons|haar|hem|mijn)\b",
    ),
    (
        "geweld_omgekeerd",
        rf"\b(?:slaat|sloeg|schopt|schopte|wurgt|trapt|mishandelt|bedreigt) (?:hij|ze|zij) "
        rf"{_ADVERB}(?:me|mij|ons)\b",
    ),
    (
        "geweld_passief",
        rf"\b(?:word|wordt|werd|ben|is) {_any(3)}(?:geslagen|geschopt|mishandeld|gewurgd|bedreigd|"
        r"aangevallen|gestompt)\b",
    ),
    (
        "geweld_gedaan",
        rf"\b(?:heeft|hebben|heb) {_any(3)}(?:geslagen|geschopt|mishandeld|gewurgd|bedreigd|"
        r"aangevallen|gestompt)\b",
    ),
    ("mishandeling", r"\b[a-z]*mishandel[a-z]*|\b(?:huiselijk|fysiek|lichamelijk) geweld\b|\bgewelddadig"),
    ("dreigt", rf"\b{PERSON} {_any(2)}dreigt\b(?! te\b| met ontslag\b)"),
    ("dreigt_omgekeerd", rf"\bdreigt (?:hij|ze|zij) {_any(2)}(?:me|mij|ons|ermee|met)\b"),
    (
        "vermoorden",
        rf"\b(?:me|mij|ons) {_any(2)}(?:vermoorden|te vermoorden|vermoordt|dood maken|doodmaken|"
        r"dood te maken|ombrengen|om te brengen)\b",
    ),
    (
        "wapen",
        rf"\b(?:heeft|pakt|pakte|zwaait|zwaaide|dreigt|dreigde) {_any(3)}"
        r"(?:mes|messen|pistool|vuurwapen|wapen|geweer)\b",
    ),
    (
        "met_wapen",
        rf"\b{PERSON} {_any(2)}(?:zit|staat|loopt|zwaait|dreigt|komt|rent) {_any(3)}met (?:een |het |de )?"
        r"(?:mes|messen|pistool|vuurwapen|wapen|geweer)\b",
    ),
    (
        "iemand_iets_aandoen",
        rf"\bik {_any(4)}(?:hem|haar|mijn {RELATIVES}) {_any(2)}(?:iets|wat) {_any(1)}{_AANDOEN}\b",
    ),
    ("ik_sla", rf"\bik {_any(2)}(?:sla|sloeg|schop|schopte) (?:hem|haar|mijn {RELATIVES})\b"),
    ("niet_beheersen", r"\b(?:me|mezelf) niet (?:meer )?(?:beheersen|in de hand houden)\b"),
    (
        "zichzelf_aandoen",
        rf"\bzichzelf {_any(2)}(?:iets|wat) {_any(1)}(?:aandoen|aandoet|aan doen|aan doet|aan te doen)\b",
    ),
    ("bang_voor", rf"\bik ben {_any(2)}bang voor (?:hem|haar|mijn {RELATIVES})\b"),
    ("niet_veilig", rf"\b(?:voel|voelt) {_any(1)}(?:me|mij|zich|ik) {_any(1)}niet (?:meer )?veilig\b"),
    ("niet_veilig_thuis", r"\b(?:ik ben|ben ik|we zijn|zijn we) (?:hier |thuis )?niet (?:meer )?veilig\b"),
    ("bewusteloos", r"\bbewustelo[a-z]*|\b(?:buiten bewustzijn|bewustzijn verloren|knock out)\b"),
    (
        "reageert_niet",
        rf"\b(?:{PERSON}|gevallen|op de grond|op de vloer) {_any(6)}reageert (?:[a-z]+ )?(?:niet|nergens)"
        r"(?: meer)?(?= \.|$| en\b| maar\b| op (?:aanspreken|aanraken|pijn|mij|me|ons)\b| op \.| op$)",
    ),
    ("niet_wakker", rf"\b(?:krijg|krijgen|kreeg) {_any(3)}niet (?:meer )?wakker\b"),
    ("wordt_niet_wakker", rf"\b{PERSON} {_any(2)}(?:wordt|werd) niet (?:meer )?wakker\b"),
    ("ademt_niet", rf"\b(?:ademt|ademde) {_any(1)}(?:niet|nauwelijks|bijna niet)\b"),
    (
        "adem",
        r"\b(?:geen ademhaling|ademhaling (?:is )?gestopt|stopt met ademen|kan niet (?:meer )?ademen|"
        r"krijgt geen (?:lucht|adem)|kreeg geen lucht|stikt|is aan het stikken)\b",
    ),
    ("hart", r"\b(?:geen hartslag|hartstilstand|hart (?:is )?gestopt)\b|(?<!niet )\breanime(?:er|ren)\b"),
    (
        "aanval_nu",
        r"\b(?:heeft|krijgt|is) (?:nu |net |zojuist |waarschijnlijk |volgens mij |denk ik )?(?:een )?"
        r"(?:hartaanval|hartinfarct|beroerte|herseninfarct|hersenbloeding|epileptische aanval|insult)\b"
        r"(?![^.]*\b(?:gehad|overleefd)\b)",
    ),
    (
        "aanval_denk",
        rf"\b(?:denk|geloof|bang) {_any(3)}(?:een )?(?:hartaanval|beroerte|herseninfarct) (?:heeft|krijgt)\b",
    ),
    ("bloedt", rf"\bbloedt {_any(2)}(?:erg|hevig|veel|flink|enorm)\b|\b(?:bloeding|bloeden) stopt niet\b"),
    (
        "gevallen_opstaan",
        rf"\b(?:gevallen|valt|ligt {_any(2)}op de (?:grond|vloer)) {_any(3)}(?:kan|komt) {_any(2)}niet "
        r"(?:meer )?(?:op|opstaan|overeind|omhoog)\b",
    ),
    (
        "vermist",
        rf"\b{PERSON} {_any(3)}(?:is|zijn) {_any(4)}(?:weggelopen|(?<!op )zoek(?! naar)|vermist|verdwenen|"
        r"zoekgeraakt|verdwaald|niet thuisgekomen|niet thuis gekomen|niet teruggekomen|niet terug gekomen)\b",
    ),
    (
        "niet_vinden",
        rf"\b(?:kan|kon|kunnen) (?:hem|haar|mijn {RELATIVES}|onze {RELATIVES}|ons {RELATIVES}) {_ADVERB}"
        r"(?:niet (?:meer )?|nergens (?:meer )?)(?:vinden|terugvinden)\b",
    ),
    ("nergens_vinden", rf"\bvind (?:hem|haar|mijn {RELATIVES}) nergens\b"),
    (
        "weet_niet_waar",
        rf"\bweet {_any(2)}niet waar (?:hij|ze|zij|mijn {RELATIVES}) (?:is|uithangt|gebleven is)\b",
    ),
    ("overdosis", r"\boverdosis\b"),
    (
        "te_veel_pillen",
        rf"\b(?:te veel|alle|al haar|al zijn|een hele doos|een hele strip) {_any(1)}(?:pillen|tabletten|"
        rf"medicijnen|slaappillen) {_any(2)}(?:genomen|ingenomen|geslikt|opgegeten)\b",
    ),
    (
        "brand",
        r"\b(?:er is brand|staat in brand|brand in (?:huis|de keuken|de kamer)|ruik gas|gaslucht|gaslek)\b",
    ),
    (
        "hulpdiensten",
        rf"\b(?:bel|bellen|gebeld|belde) {_any(2)}(?:112|ambulance|politie)\b"
        rf"|\b(?:112|ambulance|politie) {_any(2)}(?:bellen|gebeld|laten komen)\b",
    ),
)
