"""How an intranet's own server signs a tenant_token: the example the intranet demo page shows,
and the code that signs the demo page's token (so the example is known to work).

The secret comes from `python -m api.desk.cli tenant-secret <tenant>` and stays on the server:
never put it in a page. Sign a fresh token for each page view (valid for at most an hour).
"""

import time

import jwt  # PyJWT


def make_tenant_token(tenant: str, secret: str, minutes: int = 30) -> str:
    now = int(time.time())
    claims = {"tenant": tenant, "aud": "mantelwijzer", "iat": now, "exp": now + minutes * 60}
    return jwt.encode(claims, secret, algorithm="HS256")
