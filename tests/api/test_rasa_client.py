"""The Rasa client against a fake Rasa (httpx.MockTransport): every error path."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from api.rasa.client import SECRET_HEADER, WEBHOOK_PATH, RasaClient, RasaError, RasaUnavailable

pytestmark = pytest.mark.anyio

Handler = Callable[[httpx.Request], httpx.Response]


def client(handler: Handler, urls: tuple[str, ...] = ("http://rasa.test",), token: str = "tok") -> RasaClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return RasaClient(http, urls, secret="s3cret", token=token, read_timeout=5)


def answer(status: int, body: object) -> Handler:
    return lambda request: httpx.Response(status, json=body)


async def test_send_posts_sender_message_metadata_and_secret() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[{"recipient_id": "c1", "text": "hoi"}])

    outputs = await client(handler).send("c1", "hallo", {"channel": "web", "tenant": None})
    assert outputs == [{"recipient_id": "c1", "text": "hoi"}]
    [request] = seen
    assert str(request.url) == "http://rasa.test" + WEBHOOK_PATH
    assert request.headers[SECRET_HEADER] == "s3cret"
    assert json.loads(request.content) == {
        "sender": "c1",
        "message": "hallo",
        "metadata": {"channel": "web", "tenant": None},
    }


async def test_empty_list_is_an_error() -> None:
    with pytest.raises(RasaError) as caught:
        await client(answer(200, [])).send("c1", "hallo", {})
    assert caught.value.code == "empty_reply"


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (502, {"error": "empty_reply"}, "empty_reply"),
        (500, {"error": "action_failed", "action": "action_x"}, "action_failed"),
        (500, {"error": "rasa_failed"}, "rasa_failed"),
        (401, {"error": "unauthorised"}, "unauthorised"),
        (404, "not found", "http_404"),
        (200, {"not": "a list"}, "bad_reply"),
        (200, ["not a dict"], "bad_reply"),
    ],
)
async def test_failures_become_rasa_errors_with_a_code(status: int, body: object, code: str) -> None:
    with pytest.raises(RasaError) as caught:
        await client(answer(status, body)).send("c1", "hallo", {})
    assert caught.value.code == code
    assert not isinstance(caught.value, RasaUnavailable)


async def test_body_that_is_not_json_is_an_error() -> None:
    with pytest.raises(RasaError) as caught:
        await client(lambda request: httpx.Response(200, content=b"<html>")).send("c1", "hallo", {})
    assert caught.value.code == "bad_reply"


async def test_connection_error_is_retried_once() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json=[{"text": "hoi"}])

    assert await client(handler).send("c1", "hallo", {}) == [{"text": "hoi"}]
    assert calls == 2


async def test_two_connection_errors_make_rasa_unavailable() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ConnectTimeout("slow", request=request)

    with pytest.raises(RasaUnavailable) as caught:
        await client(handler).send("c1", "hallo", {})
    assert (caught.value.code, calls) == ("connect_failed", 2)


async def test_read_timeout_is_not_retried() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(RasaUnavailable) as caught:
        await client(handler).send("c1", "hallo", {})
    assert (caught.value.code, calls) == ("timeout", 1)


async def test_timeouts_are_set_on_the_request() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[{"text": "x"}])

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    rasa = RasaClient(http, ["http://rasa.test"], secret="s", connect_timeout=2, read_timeout=30)
    await rasa.send("c1", "x", {})
    assert seen[0].extensions["timeout"] == {"connect": 2, "read": 30, "write": 30, "pool": 30}


async def test_pause_and_resume_append_tracker_events_with_the_token() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    rasa = client(handler)
    await rasa.pause("c1")
    await rasa.resume("c1")
    assert [r.url.path for r in seen] == ["/conversations/c1/tracker/events"] * 2
    assert [r.url.params["token"] for r in seen] == ["tok", "tok"]
    assert [json.loads(r.content) for r in seen] == [[{"event": "pause"}], [{"event": "resume"}]]


async def test_pause_with_a_wrong_token_is_an_error() -> None:
    with pytest.raises(RasaError) as caught:
        await client(answer(401, {"message": "no"})).pause("c1")
    assert caught.value.status == 401


async def test_every_conversation_stays_with_one_rasa_process() -> None:
    rasa = client(answer(200, []), urls=("http://a", "http://b", "http://c"))
    owners = {f"conversation-{n}": rasa.url_for(f"conversation-{n}") for n in range(60)}
    assert all(rasa.url_for(sender) == url for sender, url in owners.items())
    assert set(owners.values()) == {"http://a", "http://b", "http://c"}


async def test_check_uses_status_with_token_or_root_without() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={})

    assert await client(handler).check("http://rasa.test", 1) is None
    assert await client(handler, token="").check("http://rasa.test", 1) is None
    assert seen == ["http://rasa.test/status?token=tok", "http://rasa.test/"]
