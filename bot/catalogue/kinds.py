"""The catalogue's kinds of items and the group each belongs to."""

from __future__ import annotations

WORK = "werk"
RESPITE = "respijtzorg"
MUNICIPALITY = "gemeente"
MONEY = "geld"
SUPPORT = "steun"

#: kind -> group. The kinds of the architecture page must stay; more may be added.
KINDS: dict[str, str] = {
    "calamiteitenverlof": WORK,
    "kortdurend-zorgverlof": WORK,
    "langdurend-zorgverlof": WORK,
    "flexibel-werken": WORK,
    "werkgeversregeling": WORK,
    "gesprek-werkgever": WORK,
    "respijtzorg-dagbesteding": RESPITE,
    "respijtzorg-logeeropvang": RESPITE,
    "respijtzorg-thuis": RESPITE,
    "wmo-loket": MUNICIPALITY,
    "mantelzorgsteunpunt": MUNICIPALITY,
    "mantelzorgwaardering": MUNICIPALITY,
    "mantelzorgmakelaar": MUNICIPALITY,
    "huishoudelijke-hulp": MUNICIPALITY,
    "pgb-mantelzorg": MONEY,
    "mantelzorglijn": SUPPORT,
    "crisishulp": SUPPORT,
    "lotgenotencontact": SUPPORT,
    "ziektespecifieke-steun": SUPPORT,
    "huisarts": SUPPORT,
    "wlz-indicatie": SUPPORT,
    # added in wave 2 (issue 12): the routes an advisor names first
    "ouderschapsverlof": WORK,
    "ondernemer-en-zorg": WORK,
    "jeugdhulp": MUNICIPALITY,
    "clientondersteuning": MUNICIPALITY,
    "palliatieve-zorg": SUPPORT,
    "wijkverpleging": SUPPORT,
    "casemanager-dementie": SUPPORT,
    "naastenondersteuning-ggz": SUPPORT,
}
GROUPS: tuple[str, ...] = (WORK, RESPITE, MUNICIPALITY, MONEY, SUPPORT)
#: What a person reads above each group of the overview (the chat and the PDF).
GROUP_TITLES: dict[str, str] = {
    WORK: "Werk en verlof",
    RESPITE: "Even vrij van de zorg",
    MUNICIPALITY: "Hulp van je gemeente",
    MONEY: "Geld",
    SUPPORT: "Steun en informatie",
}

#: Kinds that give a caregiver rest or personal support: ranked higher as the burden grows.
RELIEF_KINDS: frozenset[str] = frozenset(
    {
        "respijtzorg-dagbesteding",
        "respijtzorg-logeeropvang",
        "respijtzorg-thuis",
        "mantelzorgsteunpunt",
        "mantelzorglijn",
        "huisarts",
        "mantelzorgmakelaar",
    }
)

#: The kinds an employer's own file may hold (its arrangements, and talking with it): an uploaded
#: file with another kind is refused (api/desk/arrangements.py).
EMPLOYER_KINDS: tuple[str, ...] = ("werkgeversregeling", "gesprek-werkgever")
#: What the law gives at work; an employer's arrangement may add to one of these (``adds_to``), and
#: the law's item then says what the employer adds.
STATUTORY_WORK_KINDS: tuple[str, ...] = (
    "calamiteitenverlof",
    "kortdurend-zorgverlof",
    "langdurend-zorgverlof",
    "flexibel-werken",
    "ouderschapsverlof",
)
#: An employer's size when its file does not say (``size: small|large``).
DEFAULT_EMPLOYER_SIZE = "large"
EMPLOYER_SIZES: tuple[str, ...] = ("small", "large")
