"""Starting a tenant's conversation (POST /api/v1/conversations with tenant_token): only with the
tenant's signature, from its own origins; refusals never say whether the tenant exists."""

from __future__ import annotations

from datetime import timedelta

import httpx
import jwt
from sqlalchemy import insert

from api.desk.tables import TENANT_SECRETS
from api.store.records import utcnow
from api.tenants.store import TenantKeys
from api.tenants.tokens import AUDIENCE, sign
from tests.api.conftest import Gateway, GatewayFactory
from tests.tenants import ensure_tenant, tenant_token

TENANT = "werkgever-a"
START = "/api/v1/conversations"


def keys(gateway: Gateway) -> TenantKeys:
    return TenantKeys(gateway.services.store.engine)


def start(gateway: Gateway, headers: dict[str, str] | None = None, **body: str) -> httpx.Response:
    return gateway.client.post(START, json=body, headers=headers or {})


def test_a_signed_tenant_starts_and_the_bot_hears_the_tenant(gateway: Gateway) -> None:
    ensure_tenant(gateway.services.store.engine, TENANT, "Werkgever A")
    keys(gateway).set_colour(TENANT, "#1f6f8b")
    token = tenant_token(gateway.services.store.engine, TENANT)
    response = start(gateway, tenant=TENANT, tenant_token=token)
    assert response.status_code == 201, response.text
    assert response.json()["tenant"] == {"id": TENANT, "name": "Werkgever A", "colour": "#1f6f8b"}
    assert gateway.rows("SELECT tenant FROM conversations") == [(TENANT,)]
    # the token alone is enough: the tenant is the one it was signed for
    alone = start(gateway, tenant_token=token)
    assert alone.status_code == 201 and alone.json()["tenant"]["id"] == TENANT


def test_the_public_site_needs_no_token(gateway: Gateway) -> None:
    response = start(gateway)
    assert response.status_code == 201
    assert response.json()["tenant"] is None


def refused(response: httpx.Response) -> None:
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "tenant_not_accepted"
    assert "Laad de pagina opnieuw" in response.json()["error"]["message"]  # Dutch, for people


def test_a_tenant_without_a_token_is_refused_and_nothing_is_stored(gateway: Gateway) -> None:
    ensure_tenant(gateway.services.store.engine, TENANT)
    refused(start(gateway, tenant=TENANT))
    assert gateway.rows("SELECT count(*) FROM conversations") == [(0,)]


def test_refusals_look_the_same_for_existing_and_unknown_tenants(gateway: Gateway) -> None:
    engine = gateway.services.store.engine
    ensure_tenant(engine, TENANT)
    keys(gateway).secret(TENANT)
    forged_known = sign(TENANT, "x" * 43, utcnow())
    forged_unknown = sign("bestaat-niet", "x" * 43, utcnow())
    bodies = []
    attempts: list[dict[str, str]] = [
        {"tenant": TENANT},
        {"tenant": "bestaat-niet"},
        {"tenant": TENANT, "tenant_token": forged_known},
        {"tenant": "bestaat-niet", "tenant_token": forged_unknown},
    ]
    for body in attempts:
        response = start(gateway, None, **body)
        refused(response)
        bodies.append(response.json())
    assert all(b == bodies[0] for b in bodies)


def test_a_token_for_another_tenant_is_refused(gateway: Gateway) -> None:
    other = tenant_token(gateway.services.store.engine, "werkgever-b")
    ensure_tenant(gateway.services.store.engine, TENANT)
    refused(start(gateway, tenant=TENANT, tenant_token=other))


def test_an_expired_or_wrong_audience_token_is_refused(gateway: Gateway) -> None:
    engine = gateway.services.store.engine
    ensure_tenant(engine, TENANT)
    secret = keys(gateway).secret(TENANT)
    issued = int((utcnow() - timedelta(hours=2)).timestamp())
    expired = jwt.encode({"tenant": TENANT, "aud": AUDIENCE, "iat": issued, "exp": issued + 3600}, secret)
    refused(start(gateway, tenant_token=expired))
    now = int(utcnow().timestamp())
    wrong = jwt.encode({"tenant": TENANT, "aud": "iets-anders", "iat": now, "exp": now + 600}, secret)
    refused(start(gateway, tenant_token=wrong))


def test_rotation_keeps_the_old_secret_for_the_grace_period(gateway: Gateway) -> None:
    engine = gateway.services.store.engine
    ensure_tenant(engine, TENANT)
    old = keys(gateway).secret(TENANT)
    new = keys(gateway).secret(TENANT, rotate=True, grace=timedelta(hours=1))
    assert new != old and keys(gateway).secret(TENANT) == new
    for secret in (old, new):
        assert start(gateway, tenant_token=sign(TENANT, secret, utcnow())).status_code == 201
    keys(gateway).secret(TENANT, rotate=True, grace=timedelta(0))  # `new` retired at once
    refused(start(gateway, tenant_token=sign(TENANT, new, utcnow())))
    assert start(gateway, tenant_token=sign(TENANT, old, utcnow())).status_code == 201  # its hour runs
    later = keys(gateway).valid_secrets(TENANT, utcnow() + timedelta(hours=2))
    assert later == [keys(gateway).secret(TENANT)]  # after its hour only the newest is left


def test_two_current_secrets_are_both_retired_by_a_rotation(gateway: Gateway) -> None:
    """Two first calls at once on SQLite (no row lock) can each make a secret: a rotation retires both."""
    engine = gateway.services.store.engine
    ensure_tenant(engine, TENANT)
    with engine.begin() as connection:
        for secret in ("a" * 43, "b" * 43):
            connection.execute(
                insert(TENANT_SECRETS).values(tenant_id=TENANT, secret=secret, created_at=utcnow())
            )
    assert keys(gateway).secret(TENANT) == "b" * 43  # the newest
    fresh = keys(gateway).secret(TENANT, rotate=True, grace=timedelta(0))
    assert keys(gateway).valid_secrets(TENANT, utcnow() + timedelta(seconds=1)) == [fresh]


def test_malformed_tokens_are_422_or_403_never_500(gateway: Gateway) -> None:
    assert start(gateway, tenant_token="niet-een-token").status_code == 422
    refused(start(gateway, tenant_token="a.b.c"))


def test_a_tenant_with_origins_starts_only_from_them(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway()
    engine = gateway.services.store.engine
    ensure_tenant(engine, TENANT)
    keys(gateway).set_origins(TENANT, ["https://intranet.werkgever-a.nl"])
    gateway.client.portal.call(gateway.services.tenants.refresh_origins)  # type: ignore[union-attr]
    token = tenant_token(engine, TENANT)
    own = start(gateway, {"Origin": "https://intranet.werkgever-a.nl"}, tenant_token=token)
    assert own.status_code == 201
    assert own.headers["access-control-allow-origin"] == "https://intranet.werkgever-a.nl"
    refused(start(gateway, {"Origin": "https://elders.example"}, tenant_token=token))
    # a server-to-server call without Origin still needs the signature (checked above), not a page


def test_tenant_origins_get_cors_and_may_frame_the_page(make_gateway: GatewayFactory) -> None:
    gateway = make_gateway()
    origin = "https://intranet.werkgever-a.nl"
    preflight = {"Origin": origin, "Access-Control-Request-Method": "POST"}
    assert "access-control-allow-origin" not in gateway.client.options(START, headers=preflight).headers
    ensure_tenant(gateway.services.store.engine, TENANT)
    keys(gateway).set_origins(TENANT, [origin])
    gateway.client.portal.call(gateway.services.tenants.refresh_origins)  # type: ignore[union-attr]
    allowed = gateway.client.options(START, headers=preflight)
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == origin
    policy = gateway.client.get("/").headers["content-security-policy"]
    assert policy.startswith("frame-ancestors 'self'") and origin in policy
    assert "https://elders.example" not in policy
