"""The constant quick-reply buttons (title as people read it, payload of an intent in domain.yml),
used by the actions and by the gateway (the ways back into the bot after the desk hands a
conversation back): one home for their words."""

from __future__ import annotations

from bot.safety import REQUEST_HUMAN

Button = dict[str, str]

HUMAN_BUTTON: Button = {"title": "Praat met een mens", "payload": REQUEST_HUMAN}
RESTART_BUTTON: Button = {"title": "Opnieuw beginnen", "payload": "/restart"}
EMPLOYER_TALK_BUTTON: Button = {
    "title": "Gesprek met werkgever voorbereiden",
    "payload": "/prepare_employer_talk",
}
OVERVIEW_BUTTON: Button = {"title": "Mijn overzicht", "payload": "/show_overview"}
START_BUTTON: Button = {"title": "Wat past bij mijn situatie?", "payload": "/tell_situation"}
LEAVE_BUTTON: Button = {"title": "Hoeveel zorgverlof krijg ik?", "payload": "/ask_leave_hours"}
