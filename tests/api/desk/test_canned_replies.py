"""Canned replies ("standaardantwoorden"): per tenant, read by every agent, managed by supervisors
and admins, validated, audited by id (never the text), and another tenant's is a 404."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.desk.canned import TEXT_MAX, TITLE_MAX
from tests.api.desk.conftest import OTHER_TENANT, AgentClient, Desk

GREETING = {"title": "Begroeting", "text": "Hoi, ik ben er. Waar kan ik je mee helpen?"}


def send(client: AgentClient, method: str, path: str, body: Any = None) -> httpx.Response:
    response = client.gateway.client.request(method, f"/desk/api{path}", json=body, headers=client.headers())
    client.gateway.client.cookies.clear()
    return response


@pytest.fixture
def lisa(desk: Desk) -> AgentClient:
    """A supervisor of the first tenant."""
    return desk.agent("lisa@a.nl", role="supervisor")


def test_a_supervisor_adds_a_reply_that_every_agent_of_the_tenant_reads(
    desk: Desk, lisa: AgentClient, anna: AgentClient
) -> None:
    added = lisa.post("/canned-replies", GREETING)
    assert added.status_code == 201
    assert {k: added.json()[k] for k in ("title", "text")} == GREETING
    [reply] = anna.get("/canned-replies").json()["replies"]
    assert reply["id"] == added.json()["id"]
    assert reply["text"] == GREETING["text"]


def test_replies_are_listed_by_title(lisa: AgentClient) -> None:
    for title in ("Zorgverlof", "afsluiten", "Begroeting"):
        lisa.post("/canned-replies", {"title": title, "text": "tekst"})
    assert [r["title"] for r in lisa.get("/canned-replies").json()["replies"]] == [
        "afsluiten",
        "Begroeting",
        "Zorgverlof",
    ]


def test_an_admin_edits_and_deletes(desk: Desk, lisa: AgentClient) -> None:
    admin = desk.agent("adam@a.nl", role="admin")
    reply_id = lisa.post("/canned-replies", GREETING).json()["id"]
    edited = send(admin, "PUT", f"/canned-replies/{reply_id}", {"title": "Hallo", "text": " Nieuw. "})
    assert edited.status_code == 200
    assert (edited.json()["title"], edited.json()["text"]) == ("Hallo", "Nieuw.")
    assert send(admin, "DELETE", f"/canned-replies/{reply_id}").status_code == 204
    assert admin.get("/canned-replies").json()["replies"] == []
    assert send(admin, "DELETE", f"/canned-replies/{reply_id}").status_code == 404


def test_an_agent_may_not_change_them(lisa: AgentClient, anna: AgentClient) -> None:
    reply_id = lisa.post("/canned-replies", GREETING).json()["id"]
    refused = [
        anna.post("/canned-replies", GREETING),
        send(anna, "PUT", f"/canned-replies/{reply_id}", GREETING),
        send(anna, "DELETE", f"/canned-replies/{reply_id}"),
    ]
    assert [(r.status_code, r.json()["error"]["code"]) for r in refused] == [(403, "forbidden")] * 3
    assert len(lisa.get("/canned-replies").json()["replies"]) == 1


def test_another_tenants_reply_does_not_exist(desk: Desk, lisa: AgentClient) -> None:
    reply_id = lisa.post("/canned-replies", GREETING).json()["id"]
    boss = desk.agent("baas@b.nl", OTHER_TENANT, role="admin")
    assert boss.get("/canned-replies").json()["replies"] == []
    for method in ("PUT", "DELETE"):
        response = send(boss, method, f"/canned-replies/{reply_id}", GREETING if method == "PUT" else None)
        assert (response.status_code, response.json()["error"]["code"]) == (404, "canned_not_found")
    assert lisa.get("/canned-replies").json()["replies"][0]["title"] == GREETING["title"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"title": " ", "text": "tekst"}, "canned_title"),
        ({"title": "x" * (TITLE_MAX + 1), "text": "tekst"}, "canned_title"),
        ({"title": "Titel", "text": ""}, "canned_text"),
        ({"title": "Titel", "text": "x" * (TEXT_MAX + 1)}, "canned_text"),
    ],
)
def test_lengths_are_checked_with_a_dutch_message(lisa: AgentClient, body: dict[str, str], code: str) -> None:
    response = lisa.post("/canned-replies", body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == code
    assert "tekens" in error["message"]
    assert lisa.get("/canned-replies").json()["replies"] == []


def test_the_longest_allowed_reply_is_kept(lisa: AgentClient) -> None:
    body = {"title": "t" * TITLE_MAX, "text": "x" * TEXT_MAX}
    assert lisa.post("/canned-replies", body).status_code == 201


def test_changes_are_audited_by_id_without_the_text(desk: Desk, lisa: AgentClient) -> None:
    reply_id = lisa.post("/canned-replies", GREETING).json()["id"]
    send(lisa, "PUT", f"/canned-replies/{reply_id}", {"title": "Hallo", "text": "Geheim woord."})
    send(lisa, "DELETE", f"/canned-replies/{reply_id}")
    rows = desk.gateway.rows(
        "SELECT agent_id, action, detail FROM audit_log WHERE action LIKE 'canned_%' ORDER BY id"
    )
    assert [(agent, action) for agent, action, _ in rows] == [
        (lisa.agent_id, "canned_add"),
        (lisa.agent_id, "canned_edit"),
        (lisa.agent_id, "canned_delete"),
    ]
    assert all(str(reply_id) in str(detail) for _, _, detail in rows)
    assert "Geheim" not in str(rows) and "Begroeting" not in str(rows)


def test_changes_need_the_csrf_token(lisa: AgentClient) -> None:
    assert lisa.post("/canned-replies", GREETING, csrf=False).status_code == 403
