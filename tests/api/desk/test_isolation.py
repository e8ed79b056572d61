"""Tenant isolation: another tenant's conversation is a 404 everywhere, and never in the queue."""

from __future__ import annotations

import pytest

from tests.api.desk.conftest import OTHER_TENANT, TENANT, AgentClient, Desk, DeskFactory

ACTIONS = [
    ("post", "/claim", None),
    ("post", "/messages", {"text": "hallo"}),
    ("post", "/notes", {"text": "notitie"}),
    ("post", "/cards", {"item_id": "mantelzorglijn"}),
    ("post", "/handback", None),
    ("post", "/close", None),
    ("get", "", None),
]


@pytest.mark.parametrize(("method", "suffix", "body"), ACTIONS)
def test_another_tenants_conversation_is_a_404(
    desk: Desk, anna: AgentClient, bob: AgentClient, method: str, suffix: str, body: object
) -> None:
    person = desk.waiting(tenant="gemeente-a")
    anna.claim(person)
    path = f"/conversations/{person.id}{suffix}"
    response = bob.get(path) if method == "get" else bob.post(path, body)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_catalogue_search_for_another_tenants_conversation_is_a_404(desk: Desk, bob: AgentClient) -> None:
    person = desk.waiting(tenant="gemeente-a")
    assert bob.get("/catalogue", q="verlof", conversation_id=person.id).status_code == 404


def test_the_queue_holds_only_the_own_tenants_conversations(
    desk: Desk, anna: AgentClient, bob: AgentClient
) -> None:
    ours, theirs = desk.waiting(tenant="gemeente-a"), desk.waiting(tenant="werkgever-b")
    assert [c["conversation_id"] for c in anna.get("/queue").json()["conversations"]] == [ours.id]
    assert [c["conversation_id"] for c in bob.get("/queue").json()["conversations"]] == [theirs.id]


def test_the_live_stream_carries_no_events_of_other_tenants(
    desk: Desk, anna: AgentClient, bob: AgentClient
) -> None:
    theirs = desk.waiting(tenant="werkgever-b")
    with anna.events() as stream:
        next(stream)
        theirs.send("iets voor werkgever b")
        bob.claim(theirs)
        ours = desk.waiting(tenant="gemeente-a")
        event = next(stream)
    assert event["event"] == "conversation"
    assert event["data"]["item"]["conversation_id"] == ours.id


def test_a_conversation_never_handed_over_is_a_404_for_its_own_desk(desk: Desk, anna: AgentClient) -> None:
    person = desk.gateway.start(tenant="gemeente-a")
    person.say("hoeveel verlof krijg ik?")
    assert anna.view(person).status_code == 404


def test_an_unknown_or_malformed_id_is_a_404(desk: Desk, anna: AgentClient) -> None:
    assert anna.get("/conversations/00000000-0000-4000-8000-000000000000").status_code == 404
    assert anna.get("/conversations/not-a-uuid").status_code == 404


def test_conversations_without_a_tenant_go_to_the_default_desk(make_desk: DeskFactory) -> None:
    desk = make_desk(desk_default_tenant=OTHER_TENANT)
    national, local = desk.agent("hulp@b.nl", OTHER_TENANT), desk.agent("anna@a.nl", TENANT)
    person = desk.waiting(tenant=None)
    with national.events() as stream:
        [item] = next(stream)["data"]["conversations"]
        person.send("nog een vraag")
        message = next(f for f in stream if f["event"] == "message")
    assert item["conversation_id"] == person.id
    assert message["data"]["conversation_id"] == person.id
    assert local.view(person).status_code == 404
