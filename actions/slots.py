"""Slot, entity and intent names, named once for every action module.

Intake slots carry the names of the profile fields (``bot.profile.Profile``) so the mapping
between the two is the identity; ``UNKNOWN`` marks a question the person could not answer.
"""

from __future__ import annotations

# --- intake slots (= profile fields) -------------------------------------------------------------
RELATIONSHIP = "relationship"
CONDITION = "condition"
CARE_HOURS = "care_hours_per_week"
LIVES_TOGETHER = "lives_together"
RECIPIENT_MUNICIPALITY = "recipient_municipality"
CAREGIVER_MUNICIPALITY = "caregiver_municipality"
EMPLOYMENT = "employment"
WORK_HOURS = "work_hours_per_week"
EMPLOYER_SIZE = "employer_size"
WLZ_INDICATION = "wlz_indication"
NEEDS = "needs"
BURDEN = "burden"

#: Every slot the intake form may ask, in the order of the domain's form definition.
INTAKE_SLOTS: tuple[str, ...] = (
    RELATIONSHIP,
    CONDITION,
    CARE_HOURS,
    RECIPIENT_MUNICIPALITY,
    CAREGIVER_MUNICIPALITY,
    LIVES_TOGETHER,
    EMPLOYMENT,
    WORK_HOURS,
    EMPLOYER_SIZE,
    WLZ_INDICATION,
    NEEDS,
    BURDEN,
)
NUMBER_SLOTS: tuple[str, ...] = (CARE_HOURS, WORK_HOURS)
PLACE_SLOTS: tuple[str, ...] = (RECIPIENT_MUNICIPALITY, CAREGIVER_MUNICIPALITY)

# --- other slots -----------------------------------------------------------------------------------
TENANT = "tenant"
PLACE_CANDIDATES = "place_candidates"  # CBS codes offered as buttons for an ambiguous place
LEAVE_HOURS_BASIS = "leave_hours_basis"  # weekly hours a leave question is about
CRISIS_KIND = "crisis_kind"
BURDEN_HANDOFF_SENT = "burden_handoff_sent"  # the overview handed a heavy burden to a person once
UNANSWERED = "unanswered"  # {intake slot: answers not understood}; at MAX_MISSES the question is skipped
MAX_MISSES = 2
ITEM_ID = "item_id"
LAST_TOPIC = "last_topic"  # what was last discussed (an item's kind, or what a FAQ answer was about)
REQUESTED_SLOT = "requested_slot"
SESSION_STARTED_METADATA = "session_started_metadata"

#: Value stored in a slot when the person said "weet ik niet" (the form does not ask again).
UNKNOWN = "unknown"

# --- forms ------------------------------------------------------------------------------------------
INTAKE_FORM = "intake_form"
LEAVE_HOURS_FORM = "leave_hours_form"

# --- entities ------------------------------------------------------------------------------------
ENTITY_RELATIONSHIP = "relationship"
ENTITY_CONDITION = "condition"
ENTITY_EMPLOYMENT = "employment"
ENTITY_PLACE = "place"
ENTITY_WORK_HOURS = "work_hours"
ENTITY_CARE_HOURS = "care_hours"

# --- intents -----------------------------------------------------------------------------------------
INFORM = "inform"
CHOOSE = "choose"
AFFIRM = "affirm"
DENY = "deny"
DONT_KNOW = "dont_know"
TELL_SITUATION = "tell_situation"
ASK_LEAVE_HOURS = "ask_leave_hours"
CRISIS = "crisis"
NLU_FALLBACK = "nlu_fallback"

#: Intents whose message may answer an intake question; any other intent leaves the slots alone,
#: so a question asked in the middle of the intake ("wat is respijtzorg?") is not taken as an answer.
ANSWER_INTENTS: frozenset[str] = frozenset({INFORM, CHOOSE, AFFIRM, DENY, DONT_KNOW, TELL_SITUATION})
OUT_OF_SCOPE = "out_of_scope"
#: Intents of a message that may be a (not understood) answer: read by the question's own parser only.
UNCLEAR_INTENTS: frozenset[str] = frozenset({NLU_FALLBACK, OUT_OF_SCOPE})
