"""Helpers for the action tests: rasa_sdk trackers and a small fake of ``bot``.

These tests run in .venv-rasa (``.venv-rasa/bin/python -m pytest tests/actions``); in an
environment without rasa_sdk they are not collected. Every test is marked ``rasa``.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

if importlib.util.find_spec("rasa_sdk") is None:  # pragma: no cover - other environments
    collect_ignore_glob = ["test_*.py"]
else:
    from rasa.core.nlg.interpolator import interpolate_text
    from rasa.shared.core.domain import Domain
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]
#: The keys ``CollectingDispatcher.utter_message`` always sets; the others are a response's values.
_MESSAGE_KEYS = frozenset(
    ("text", "buttons", "elements", "custom", "template", "response", "image", "attachment")
)
_PLACEHOLDER = re.compile(r"{([^\n{}]+?)}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/actions/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.rasa)


TrackerFactory = Callable[..., "Tracker"]


@pytest.fixture
def make_tracker() -> TrackerFactory:
    """``make_tracker(text=..., intent=..., entities=[...], slots={...}, active_loop=..., events=[...])``:
    a tracker whose latest event is the person's message (unless ``events`` is given)."""

    def build(
        text: str = "",
        intent: str | None = "inform",
        entities: Iterable[Mapping[str, Any]] = (),
        slots: Mapping[str, Any] | None = None,
        active_loop: str | None = None,
        events: list[dict[str, Any]] | None = None,
        metadata: Mapping[str, Any] | None = None,
        sender_id: str = "test-conversation",
    ) -> Tracker:
        latest = {
            "text": text,
            "intent": {"name": intent, "confidence": 0.9} if intent else {},
            "entities": [dict(e) for e in entities],
            "metadata": dict(metadata or {}),
        }
        if events is None:
            events = [
                {"event": "action", "name": "action_listen"},
                {"event": "user", "text": text, "parse_data": latest, "metadata": dict(metadata or {})},
            ]
        return Tracker(
            sender_id,
            dict(slots or {}),
            latest,
            events,
            False,
            None,
            {"name": active_loop} if active_loop else {},
            "action_listen",
        )

    return build


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@functools.cache
def domain_dict() -> dict[str, Any]:
    """The domain as Rasa trains it and sends it to the action server (domain.yml + data/responses)."""
    return dict(Domain.load([str(ROOT / "domain.yml"), str(ROOT / "data/responses")]).as_dict())


@pytest.fixture
def domain() -> dict[str, Any]:
    return domain_dict()


def say(response: str, **variables: Any) -> str:
    """The text Rasa sends for a domain response filled with ``variables`` (as the action passed
    them to ``utter_message``); fails when the response or one of its values is missing."""
    template = domain_dict()["responses"][response][0]["text"]
    missing = set(_PLACEHOLDER.findall(template)) - set(variables)
    assert not missing, f"{response} needs {sorted(missing)}"
    return str(interpolate_text(template, dict(variables)))


def variables(message: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in message.items() if key not in _MESSAGE_KEYS}


def text_of(message: Mapping[str, Any]) -> str:
    """What the person reads: the domain response rendered with its values, or the message's text."""
    if message.get("response"):
        return say(str(message["response"]), **variables(message))
    return str(message.get("text") or "")


def buttons_of(message: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The response's own buttons, then those the action added (as Rasa joins them)."""
    own = (
        domain_dict()["responses"][message["response"]][0].get("buttons", [])
        if message.get("response")
        else []
    )
    return [*own, *(message.get("buttons") or [])]


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [text_of(m) for m in dispatcher.messages]


def responses(dispatcher: CollectingDispatcher) -> list[str | None]:
    """The domain response of each message (None for a text or payload made in code)."""
    return [m.get("response") for m in dispatcher.messages]


def custom_payloads(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    return [m["custom"] for m in dispatcher.messages if m.get("custom")]


def event_slots(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slot values a list of events sets (the last one wins)."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.fixture
def helpers() -> Any:
    class Helpers:
        texts = staticmethod(texts)
        responses = staticmethod(responses)
        say = staticmethod(say)
        text_of = staticmethod(text_of)
        buttons_of = staticmethod(buttons_of)
        custom_payloads = staticmethod(custom_payloads)
        event_slots = staticmethod(event_slots)

    return Helpers


@dataclass
class FakeProfile:
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.data)


@dataclass
class FakeBot:
    """Stands in for ``bot``: returns what a test sets, and records what it was asked."""

    items: list[dict[str, Any]] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    places: dict[str, Any] = field(default_factory=dict)
    crises: dict[str, str] = field(default_factory=dict)
    profiles: list[dict[str, Any]] = field(default_factory=list)
    #: tenants with an employer file, and their size ("acme": a small employer)
    employers: dict[str, str] = field(default_factory=lambda: {"acme": "small"})
    #: tenant -> what that employer adds to the law's leave (sentences)
    additions: dict[str, list[str]] = field(default_factory=dict)

    def employer_facts(self, tenant: str | None) -> dict[str, str]:
        if tenant not in self.employers:
            return {}
        return {"employment": "employee", "employer_size": self.employers[tenant]}

    def employer_additions(
        self, profile: FakeProfile, kinds: tuple[str, ...], tenant: str | None = None
    ) -> list[str]:
        return list(self.additions.get(tenant or "", []))

    def make_profile(self, data: dict[str, Any]) -> FakeProfile:
        self.profiles.append(dict(data))
        return FakeProfile(dict(data))

    def recommend(self, profile: FakeProfile, tenant: str | None = None) -> list[dict[str, Any]]:
        return [dict(item) for item in self.items]

    def open_questions(self, profile: FakeProfile, tenant: str | None = None) -> list[str]:
        return [q for q in self.questions if profile.data.get(q) in (None, [])]

    def catalogue_item(self, item_id: str) -> dict[str, Any] | None:
        return next((dict(i) for i in self.items if i["id"] == item_id), None)

    def detect_crisis(self, text: str) -> str | None:
        return next((kind for phrase, kind in self.crises.items() if phrase in text.lower()), None)


def fake_item(item_id: str, group: str = "werk", **extra: Any) -> dict[str, Any]:
    item = {
        "id": item_id,
        "kind": item_id,
        "group": group,
        "title": f"Titel {item_id}",
        "summary": f"Samenvatting {item_id}.",
        "how_to": [f"Eerste stap {item_id}.", f"Tweede stap {item_id}."],
        "contact": {"name": f"Contact {item_id}", "phone": None, "url": f"https://example.org/{item_id}"},
        "check": None,
        "tenant": None,
        "reasons": [f"Reden {item_id}."],
        "amount": None,
    }
    item.update(extra)
    return item


@pytest.fixture
def fake_bot(monkeypatch: pytest.MonkeyPatch) -> FakeBot:
    """Replaces the profile, engine, catalogue and crisis calls of ``actions.bot_api``; places,
    leave and crisis texts stay real (they are fixed data)."""
    from actions import bot_api

    fake = FakeBot()
    monkeypatch.setattr(bot_api, "make_profile", fake.make_profile)
    monkeypatch.setattr(bot_api, "recommend", fake.recommend)
    monkeypatch.setattr(bot_api, "open_questions", fake.open_questions)
    monkeypatch.setattr(bot_api, "catalogue_item", fake.catalogue_item)
    monkeypatch.setattr(bot_api, "detect_crisis", fake.detect_crisis)
    monkeypatch.setattr(bot_api, "employer_facts", fake.employer_facts)
    monkeypatch.setattr(bot_api, "employer_additions", fake.employer_additions)
    return fake


@pytest.fixture
def item() -> Callable[..., dict[str, Any]]:
    return fake_item
