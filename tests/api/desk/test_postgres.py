"""The desk on a real PostgreSQL: migrations, queue order (JSON lookup for crises), atomic claims."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.api.desk.conftest import AgentClient, Desk

pytestmark = pytest.mark.postgres


@pytest.fixture
def database_url(postgres_database_url: str) -> str:
    return postgres_database_url


def test_queue_order_and_lifecycle_on_postgresql(desk: Desk, anna: AgentClient) -> None:
    first = desk.waiting()
    urgent = desk.gateway.start(tenant="gemeente-a")
    urgent.say("dit is een noodgeval")
    urgent.say("ik wil een mens spreken")
    queue = anna.get("/queue").json()["conversations"]
    assert [(c["conversation_id"], c["urgent"]) for c in queue] == [(urgent.id, True), (first.id, False)]
    assert anna.claim(urgent).status_code == 200
    assert anna.reply(urgent, "Ik ben er.").status_code == 201
    assert anna.post(f"/conversations/{urgent.id}/handback").json()["state"] == "bot"
    supervisor = desk.agent("lisa@a.nl", role="supervisor")
    actions = [e["action"] for e in supervisor.get("/audit", conversation_id=urgent.id).json()["entries"]]
    assert actions == ["handback", "reply", "claim"]


def test_concurrent_claims_on_postgresql(desk: Desk) -> None:
    agents = [desk.agent(f"agent{n}@a.nl") for n in range(10)]
    person = desk.waiting()
    app = desk.gateway.client.app

    async def claim_all() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            url = f"/desk/api/conversations/{person.id}/claim"
            responses = await asyncio.gather(*(client.post(url, headers=a.headers()) for a in agents))
            return sorted(r.status_code for r in responses)

    assert desk.run(claim_all) == [200] + [409] * 9


def test_canned_replies_and_a_transfer_on_postgresql(
    desk: Desk, anna: AgentClient, bram: AgentClient
) -> None:
    lead = desk.agent("lisa@a.nl", role="supervisor")
    added = lead.post("/canned-replies", {"title": "Welkom", "text": "Hoi, ik ben er."})
    assert added.status_code == 201
    reply_id = added.json()["id"]
    client = desk.gateway.client
    edited = client.put(
        f"/desk/api/canned-replies/{reply_id}",
        json={"title": "Hallo", "text": "Hoi!"},
        headers=lead.headers(),
    )
    assert edited.json()["title"] == "Hallo"
    assert [r["title"] for r in anna.get("/canned-replies").json()["replies"]] == ["Hallo"]
    assert client.delete(f"/desk/api/canned-replies/{reply_id}", headers=lead.headers()).status_code == 204
    person = desk.waiting()
    anna.claim(person)
    moved = anna.post(f"/conversations/{person.id}/transfer", {"agent_id": bram.agent_id})
    assert moved.json()["assignee"]["id"] == bram.agent_id
    assert anna.reply(person, "ik ook").json()["error"]["code"] == "not_assigned"
    assert bram.reply(person, "Ik neem het over.").status_code == 201
    supervisor_view = lead.get("/audit", conversation_id=person.id).json()["entries"]
    assert [e["action"] for e in supervisor_view][:3] == ["reply", "transfer", "claim"]
