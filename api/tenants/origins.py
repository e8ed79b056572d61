"""Which web pages may use the API from a browser (CORS) and frame our pages (`frame-ancestors`):
the configured MW_CORS_ORIGINS plus every tenant's own origins (set with the desk CLI's
`tenant-origins`). The tenants' part is read from the database every REFRESH seconds by the
gateway, so a change made with the CLI applies within that time without a restart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

REFRESH_SECONDS = 30.0
ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


def origin_problem(origin: str) -> str | None:
    """None for an origin like https://intranet.example.nl (scheme, host, optional port), else why not."""
    if not ORIGIN.match(origin):
        return f"'{origin}' is geen origin: schrijf het als https://intranet.voorbeeld.nl (zonder pad)."
    return None


class OriginRegistry:
    """The fixed origins and the tenants' origins, as one lookup (replaced whole on refresh)."""

    def __init__(self, fixed: Iterable[str]) -> None:
        self._fixed = frozenset(fixed)
        self._by_tenant: Mapping[str, tuple[str, ...]] = {}
        self._all = self._fixed

    def replace(self, by_tenant: Mapping[str, tuple[str, ...]]) -> None:
        self._by_tenant = dict(by_tenant)
        self._all = self._fixed.union(*by_tenant.values()) if by_tenant else self._fixed

    def allowed(self, origin: str) -> bool:
        return origin in self._all

    def allowed_for(self, tenant: str, origin: str) -> bool:
        """A tenant's conversation may start from its own origins; the fixed ones (our own site)
        too, and any origin while the tenant has set none."""
        own = self._by_tenant.get(tenant)
        return not own or origin in own or origin in self._fixed

    def frame_ancestors(self) -> str:
        return " ".join(["'self'", *sorted(self._all)])


class TenantCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware with the origins read from the registry at each request."""

    def __init__(
        self,
        app: ASGIApp,
        registry: OriginRegistry,
        allow_methods: Sequence[str],
        allow_headers: Sequence[str],
        expose_headers: Sequence[str],
        max_age: int,
    ) -> None:
        super().__init__(
            app,
            allow_origins=(),
            allow_methods=allow_methods,
            allow_headers=allow_headers,
            expose_headers=expose_headers,
            max_age=max_age,
        )
        self._registry = registry

    def is_allowed_origin(self, origin: str) -> bool:
        return self._registry.allowed(origin)
