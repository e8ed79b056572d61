"""Verifying a `tenant_token`: a JWT (HS256) signed by the employer's own server with the tenant's
secret. PyJWT does the cryptography and the standard claims; here only what the contract adds:
`tenant` and `aud: "mantelwijzer"` required, `exp` at most an hour after `iat`, the algorithm pinned
(`none` and every other algorithm refused), a small clock skew allowed.

Every refusal is the same `TokenRefused`, so a caller cannot learn whether a tenant exists.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import jwt

AUDIENCE = "mantelwijzer"
ALGORITHM = "HS256"
MAX_LIFETIME = timedelta(hours=1)
LEEWAY = timedelta(seconds=60)
_REQUIRED = ["tenant", "aud", "iat", "exp"]
_UNKNOWN_TENANT_SECRET = "x" * 43  # verified against when a tenant has no secret: the same work


class TokenRefused(Exception):
    """The token is missing, malformed, unsigned, signed with another secret or expired."""


def _claimed_tenant(token: str) -> str:
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise TokenRefused from None
    tenant = claims.get("tenant")
    if header.get("alg") != ALGORITHM or not isinstance(tenant, str) or not tenant:
        raise TokenRefused
    return tenant


def verify(token: str, secrets_of: Callable[[str], Sequence[str]], now: datetime) -> str:
    """The tenant the token was signed for, or TokenRefused. `secrets_of(tenant)`: the tenant's
    valid secrets (the current one and rotated ones still in their grace period)."""
    tenant = _claimed_tenant(token)
    secrets = list(secrets_of(tenant)) or [_UNKNOWN_TENANT_SECRET]
    for secret in secrets:
        try:
            claims = jwt.decode(
                token,
                secret,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                leeway=LEEWAY,
                options={"require": _REQUIRED},
            )
        except jwt.InvalidSignatureError:
            continue
        except jwt.PyJWTError:
            raise TokenRefused from None
        if secret is _UNKNOWN_TENANT_SECRET or not hmac.compare_digest(str(claims["tenant"]), tenant):
            raise TokenRefused
        _check_lifetime(claims, now)
        return tenant
    raise TokenRefused


def _check_lifetime(claims: dict[str, object], now: datetime) -> None:
    issued, expires = claims["iat"], claims["exp"]
    if not isinstance(issued, int | float) or not isinstance(expires, int | float):
        raise TokenRefused
    stamp = now.timestamp()
    if issued > stamp + LEEWAY.total_seconds():  # PyJWT checks it too; kept explicit
        raise TokenRefused
    if (
        expires - issued > MAX_LIFETIME.total_seconds()
        or expires > stamp + (MAX_LIFETIME + LEEWAY).total_seconds()
    ):
        raise TokenRefused


def sign(tenant: str, secret: str, now: datetime, lifetime: timedelta = timedelta(minutes=30)) -> str:
    """A token as the employer's server makes it (used by the CLI's example and the tests)."""
    issued = int(now.timestamp())
    claims = {"tenant": tenant, "aud": AUDIENCE, "iat": issued, "exp": issued + int(lifetime.total_seconds())}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)
