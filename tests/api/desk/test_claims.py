"""Claims are atomic: of many agents claiming at once, exactly one gets the conversation."""

from __future__ import annotations

import asyncio

import httpx

from tests.api.desk.conftest import AgentClient, Desk


def test_twenty_concurrent_claims_give_one_200_and_nineteen_409(desk: Desk) -> None:
    agents = [desk.agent(f"agent{n}@a.nl") for n in range(20)]
    person = desk.waiting()
    app = desk.gateway.client.app

    async def claim_all() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await asyncio.gather(
                *(
                    client.post(f"/desk/api/conversations/{person.id}/claim", headers=agent.headers())
                    for agent in agents
                )
            )

    responses = desk.run(claim_all)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 19
    winner = next(agent for agent, r in zip(agents, responses, strict=True) if r.status_code == 200)
    assert desk.gateway.rows("SELECT state, assignee_id FROM conversations") == [
        ("assigned", winner.agent_id)
    ]
    assert len(desk.audit("claim")) == 1
    assert len(desk.audit("claim_refused")) == 19
    assigned_notices = desk.gateway.rows("SELECT COUNT(*) FROM messages WHERE text LIKE '%opgepakt%'")
    assert assigned_notices == [(1,)]


def test_a_second_claim_is_a_409_naming_who_has_it(desk: Desk, anna: AgentClient, bram: AgentClient) -> None:
    person = desk.waiting()
    assert anna.claim(person).status_code == 200
    second = bram.claim(person)
    assert second.status_code == 409
    assert second.json()["error"] == {
        "code": "already_claimed",
        "message": "Dit gesprek is al opgepakt door Anna.",
    }


def test_claiming_a_closed_conversation_is_a_409(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.post(f"/conversations/{person.id}/close")
    assert anna.claim(person).json()["error"]["code"] == "conversation_closed"


def test_claiming_a_conversation_back_with_the_bot_is_a_409(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.claim(person)
    anna.post(f"/conversations/{person.id}/handback")
    assert anna.claim(person).json()["error"]["code"] == "not_waiting"
