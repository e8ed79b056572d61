"""Signing in, sessions in HttpOnly SameSite=Strict cookies, CSRF tokens, expiry and logout."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from api.desk.sessions import COOKIE, session_id
from api.desk.tables import AGENT_SESSIONS
from api.store.records import utcnow
from tests.api.desk.conftest import PASSWORD, AgentClient, Desk


def test_login_sets_an_httponly_samesite_strict_cookie_for_the_desk_only(desk: Desk) -> None:
    anna = desk.add_agent("anna@a.nl")
    response = desk.gateway.client.post("/desk/api/login", json={"email": "Anna@A.nl", "password": PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    for attribute in ("HttpOnly", "SameSite=strict", "Path=/desk"):
        assert attribute.lower() in cookie.lower()
    body = response.json()
    assert body["agent"]["email"] == anna.email
    assert {k: body["tenant"][k] for k in ("id", "name", "hours")} == {
        "id": "gemeente-a",
        "name": "Gemeente A",
        "hours": "altijd",
    }
    assert len(body["csrf_token"]) == 64


def test_the_session_token_is_stored_only_as_a_hash(desk: Desk) -> None:
    anna = desk.add_agent("anna@a.nl")
    anna.login()
    assert desk.gateway.rows("SELECT id FROM agent_sessions") == [(session_id(anna.token),)]
    assert anna.token not in str(desk.gateway.rows("SELECT * FROM agent_sessions"))


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(desk: Desk) -> None:
    desk.add_agent("anna@a.nl")
    wrong = desk.gateway.client.post(
        "/desk/api/login", json={"email": "anna@a.nl", "password": "fout-wachtwoord"}
    )
    unknown = desk.gateway.client.post("/desk/api/login", json={"email": "wie@a.nl", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "login_failed"
    assert COOKIE not in wrong.headers.get("set-cookie", "")


def test_a_deactivated_account_cannot_sign_in(desk: Desk) -> None:
    anna = desk.add_agent("anna@a.nl")
    desk.accounts.set_active("anna@a.nl", False)
    assert anna.login().status_code == 401


def test_me_gives_the_csrf_token_of_the_session(desk: Desk, anna: AgentClient) -> None:
    me = anna.get("/me")
    assert me.status_code == 200
    assert me.json()["csrf_token"] == anna.csrf


def test_without_a_session_the_desk_api_is_a_401(desk: Desk) -> None:
    response = desk.gateway.client.get("/desk/api/queue")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_logged_in"


def test_a_made_up_session_token_is_a_401(desk: Desk) -> None:
    stranger = AgentClient(desk.gateway, "x@a.nl", token="verzonnen")
    assert stranger.get("/queue").json()["error"]["code"] == "not_logged_in"


def test_an_idle_session_expires(desk: Desk, anna: AgentClient) -> None:
    _set_session_times(desk, anna, last_seen=utcnow() - timedelta(hours=3))
    response = anna.get("/queue")
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "session_expired",
        "message": "Je sessie is verlopen. Log opnieuw in.",
    }
    assert anna.get("/queue").json()["error"]["code"] == "not_logged_in"  # and it is gone


def test_a_session_expires_at_its_end_even_when_busy(desk: Desk, anna: AgentClient) -> None:
    _set_session_times(desk, anna, expires=utcnow() - timedelta(seconds=1))
    assert anna.get("/queue").json()["error"]["code"] == "session_expired"


def test_the_live_stream_ends_with_expired_when_the_session_ends(desk: Desk, anna: AgentClient) -> None:
    with anna.events() as stream:
        next(stream)
        _set_session_times(desk, anna, expires=utcnow() - timedelta(seconds=1))
        event = next(stream)
    assert event == {"event": "expired", "data": {}}


def test_a_state_change_without_csrf_token_is_a_403(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    response = anna.post(f"/conversations/{person.id}/claim", csrf=False)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert desk.gateway.rows("SELECT state FROM conversations") == [("waiting",)]


def test_a_forged_csrf_token_is_a_403(desk: Desk, anna: AgentClient) -> None:
    person = desk.waiting()
    anna.csrf = "0" * 64
    assert anna.claim(person).status_code == 403


def test_the_csrf_token_of_another_session_is_a_403(desk: Desk, anna: AgentClient, bram: AgentClient) -> None:
    person = desk.waiting()
    anna.csrf = bram.csrf
    assert anna.claim(person).status_code == 403


def test_logout_ends_the_session_and_clears_the_cookie(desk: Desk, anna: AgentClient) -> None:
    response = anna.post("/logout")
    assert response.status_code == 204
    assert f'{COOKIE}=""' in response.headers["set-cookie"]
    assert anna.get("/queue").status_code == 401


def test_logout_needs_the_csrf_token(desk: Desk, anna: AgentClient) -> None:
    assert anna.post("/logout", csrf=False).status_code == 403
    assert anna.get("/queue").status_code == 200


def _set_session_times(desk: Desk, agent: AgentClient, **times: object) -> None:
    """Moves a session's last request or end into the past (no sleeping in tests)."""
    values = {("last_seen_at" if k == "last_seen" else "expires_at"): v for k, v in times.items()}
    with desk.service.sessions.engine.begin() as connection:
        connection.execute(
            update(AGENT_SESSIONS).where(AGENT_SESSIONS.c.id == session_id(agent.token)).values(**values)
        )


def test_me_gives_the_labels_of_the_profile_values_from_the_vocabulary(desk: Desk, anna: AgentClient) -> None:
    labels = anna.get("/me").json()["profile_labels"]
    assert labels["relationship"]["friend_neighbour"] == "vriend(in) of buur"
    assert labels["burden"] == {"light": "licht", "moderate": "gemiddeld", "heavy": "zwaar"}
