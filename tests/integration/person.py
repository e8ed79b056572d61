"""A person in the widget: one conversation over the public web API of a running stack."""

from __future__ import annotations

import uuid
from typing import Any

import httpx


class Person:
    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=60)
        created = self.client.post("/api/v1/conversations", json={"channel": "web"})
        assert created.status_code == 201, created.text
        body = created.json()
        self.conversation_id: str = body["conversation_id"]
        self.token: str = body["token"]
        self.greeting: list[dict[str, Any]] = body["messages"]

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def say(self, text: str, payload: str | None = None) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"text": text, "client_message_id": str(uuid.uuid4())}
        if payload:
            body["payload"] = payload
        reply = self.client.post(
            f"/api/v1/conversations/{self.conversation_id}/messages", json=body, headers=self.auth
        )
        assert reply.status_code == 200, reply.text
        messages: list[dict[str, Any]] = reply.json()["messages"]
        return messages

    def said(self) -> list[str]:
        """The person's own messages as the gateway stored them."""
        transcript = self.client.get(
            f"/api/v1/conversations/{self.conversation_id}/messages", headers=self.auth
        )
        assert transcript.status_code == 200, transcript.text
        return [
            m["message"].get("text") or "" for m in transcript.json()["messages"] if m["sender"] == "user"
        ]
