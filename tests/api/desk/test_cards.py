"""Catalogue search for the desk and items as cards, filled in for the person's situation."""

from __future__ import annotations

from api.desk.cards import CardMaker
from tests.api.desk.conftest import AgentClient, Desk

cards = CardMaker()


def test_generic_municipal_items_get_the_municipality_of_the_profile() -> None:
    [card] = [
        c
        for c in cards.search("steunpunt", None, {"recipient_municipality": "GM0200"})
        if "algemeen" in c["id"]
    ]
    assert card["title"] == "Mantelzorgsteunpunt in Apeldoorn"
    assert "{gemeente}" not in str(card)
    assert card["municipality"] == "GM0200"


def test_without_a_municipality_the_card_says_where_to_ask_instead() -> None:
    [card] = [c for c in cards.search("wmo loket", None, None) if c["id"] == "wmo-loket-algemeen"]
    assert card["title"] == "Wmo-loket van de gemeente waar je naaste woont"
    assert "de gemeente de gemeente" not in str(card)
    assert "{" not in card["summary"] + "".join(card["how_to"])


def test_the_persons_own_municipality_comes_first_and_replaces_the_generic_item() -> None:
    found = cards.search("wmo loket", None, {"recipient_municipality": "GM0153"})
    assert found[0]["id"] == "wmo-loket-enschede"
    assert "wmo-loket-algemeen" not in [c["id"] for c in found]


def test_employer_items_only_for_their_own_tenant() -> None:
    employer_item = next(i for i in cards.catalogue.items if i.tenant is not None)
    assert employer_item.id in [
        c["id"] for c in cards.search(employer_item.title, employer_item.tenant, None)
    ]
    assert employer_item.id not in [c["id"] for c in cards.search(employer_item.title, "gemeente-a", None)]
    assert cards.card(employer_item.id, "gemeente-a", None) is None


def test_a_card_the_engine_recommends_carries_its_reasons() -> None:
    profile = {"employment": "employee", "work_hours_per_week": 32, "relationship": "parent"}
    card = cards.card("kortdurend-zorgverlof", None, profile)
    assert card is not None
    assert card["reasons"]
    assert "64" in (card["amount"] or "")


def test_a_broken_profile_still_gives_plain_cards() -> None:
    card = cards.card("mantelzorglijn", None, {"relationship": "marsmannetje"})
    assert card is not None and card["id"] == "mantelzorglijn"


def test_the_search_route_fills_items_for_the_open_conversation(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    response = anna.get("/catalogue", q="mantelzorglijn", conversation_id=person.id)
    assert response.status_code == 200
    assert response.json()["items"][0]["id"] == "mantelzorglijn"


def test_the_search_needs_a_query(desk: Desk, anna: AgentClient) -> None:
    assert anna.get("/catalogue", q="").status_code == 422
