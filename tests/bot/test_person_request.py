"""bot/person_request.py: a request for a person wins wherever it stands in a sentence."""

from __future__ import annotations

import pytest

from bot.person_request import asks_for_a_person


@pytest.mark.parametrize(
    "text",
    [
        "ik wil een mens spreken",
        "Ik heb een vraag over de Wlz, kan ik misschien even met iemand van jullie bellen?",
        "kan ik met een medewerker praten",
        "dit is me te ingewikkeld. mag ik een echt persoon spreken aub",
        "geef me een mens",
        "verbind me door met een medewerker",
        "Ik wil graag een consulent aan de telefoon",
        "kan een medewerker mij terugbellen?",
        "ik zou liever met een mens chatten dan met een computer",
        "help ik wil een medewerker spreken",
        "Kan ik even iemand van het team bellen over mijn moeder?",
        "ik wil een mens",
        "Ik wil een m\u200bedewerker spreken",
    ],
)
def test_a_request_for_a_person_is_found_anywhere_in_the_message(text: str) -> None:
    assert asks_for_a_person(text)


@pytest.mark.parametrize(
    "text",
    [
        "ik wil geen mens spreken, ik wil alleen weten hoeveel verlof ik krijg",
        "ik zoek iemand om mee te praten",
        "mijn moeder wil niemand zien",
        "ik werk als medewerker in de thuiszorg",
        "ik ben verpleegkundige en spreek veel mensen",
        "hoeveel zorgverlof krijg ik?",
        "mijn vader is een lastig mens",
        "",
    ],
)
def test_other_messages_are_no_request_for_a_person(text: str) -> None:
    assert not asks_for_a_person(text)
