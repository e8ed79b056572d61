"""tenant_token verification (api/tenants/tokens.py): every way a token can be wrong is refused."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from api.tenants.tokens import AUDIENCE, TokenRefused, sign, verify


def now() -> datetime:
    return datetime.now(UTC)  # PyJWT checks the times against the real clock, at each test


SECRET = "s" * 43
OTHER_SECRET = "o" * 64
SECRETS = {"werkgever-a": [SECRET], "werkgever-b": [OTHER_SECRET]}


def secrets_of(tenant: str) -> list[str]:
    return SECRETS.get(tenant, [])


def token(secret: str = SECRET, algorithm: str = "HS256", **changes: Any) -> str:
    issued = int(now().timestamp())
    claims: dict[str, Any] = {"tenant": "werkgever-a", "aud": AUDIENCE, "iat": issued, "exp": issued + 1800}
    claims.update(changes)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, secret, algorithm=algorithm)


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_valid_token_gives_its_tenant() -> None:
    assert verify(token(), secrets_of, now()) == "werkgever-a"
    assert verify(sign("werkgever-a", SECRET, now()), secrets_of, now()) == "werkgever-a"


def test_an_expired_token_is_refused_after_the_clock_skew() -> None:
    issued = int((now() - timedelta(hours=1)).timestamp())
    expired = token(iat=issued, exp=issued + 3600 - 61)  # 61 s ago: beyond the 60 s skew
    with pytest.raises(TokenRefused):
        verify(expired, secrets_of, now())
    just = token(iat=issued, exp=issued + 3600 - 30)  # 30 s ago: within the skew
    assert verify(just, secrets_of, now()) == "werkgever-a"


@pytest.mark.parametrize(
    "offsets",
    [
        {"iat": 300, "exp": 900},  # issued in 5 minutes
        {"nbf": 300},  # not valid before 5 minutes from now
    ],
)
def test_a_token_not_yet_valid_is_refused(offsets: dict[str, int]) -> None:
    moment = int(now().timestamp())  # at the test, not at collection: a long run must not age it
    claims: dict[str, Any] = {claim: moment + seconds for claim, seconds in offsets.items()}
    with pytest.raises(TokenRefused):
        verify(token(**claims), secrets_of, now())


def test_more_than_an_hour_ahead_is_refused() -> None:
    issued = int(now().timestamp())
    with pytest.raises(TokenRefused):
        verify(token(exp=issued + 3600 + 120), secrets_of, now())
    assert verify(token(exp=issued + 3600), secrets_of, now()) == "werkgever-a"


@pytest.mark.parametrize("audience", ["andere-dienst", ["andere-dienst"], None])
def test_a_wrong_or_missing_audience_is_refused(audience: Any) -> None:
    with pytest.raises(TokenRefused):
        verify(token(aud=audience), secrets_of, now())


@pytest.mark.parametrize("claim", ["tenant", "iat", "exp"])
def test_a_missing_claim_is_refused(claim: str) -> None:
    with pytest.raises(TokenRefused):
        missing: dict[str, Any] = {claim: None}
        verify(token(**missing), secrets_of, now())


def test_another_tenants_secret_is_refused() -> None:
    with pytest.raises(TokenRefused):
        verify(token(secret=OTHER_SECRET), secrets_of, now())  # claims werkgever-a, signed by b


def test_an_unknown_tenant_is_refused_like_a_bad_signature() -> None:
    with pytest.raises(TokenRefused):
        verify(token(tenant="bestaat-niet"), secrets_of, now())


def test_alg_none_is_refused() -> None:
    claims = jwt.decode(token(), options={"verify_signature": False})
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    with pytest.raises(TokenRefused):
        verify(unsigned, secrets_of, now())


def test_other_algorithms_are_refused() -> None:
    with pytest.raises(TokenRefused):
        verify(token(secret=OTHER_SECRET, algorithm="HS512", tenant="werkgever-b"), secrets_of, now())


def test_a_tampered_payload_is_refused() -> None:
    header, _, signature = token().split(".")
    issued = int(now().timestamp())
    forged = b64({"tenant": "werkgever-b", "aud": AUDIENCE, "iat": issued, "exp": issued + 1800})
    with pytest.raises(TokenRefused):
        verify(f"{header}.{forged}.{signature}", secrets_of, now())


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "x" * 500])
def test_garbage_is_refused(garbage: str) -> None:
    with pytest.raises(TokenRefused):
        verify(garbage, secrets_of, now())


def test_a_rotated_secret_works_while_either_is_valid() -> None:
    rotated = {"werkgever-a": ["n" * 43, SECRET]}
    assert verify(token(), rotated.__getitem__, now()) == "werkgever-a"  # old one, in its grace period
    assert verify(token(secret="n" * 43), rotated.__getitem__, now()) == "werkgever-a"
