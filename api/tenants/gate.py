"""Who may start a conversation for a tenant: only a page whose server signed a `tenant_token` with
that tenant's secret, from one of the tenant's own origins (when it set any). Everything else is
refused with the same error, whether or not the tenant exists."""

from __future__ import annotations

from api.store.records import utcnow
from api.tenants.origins import OriginRegistry
from api.tenants.store import Appearance, TenantKeys
from api.tenants.tokens import TokenRefused, verify
from api.threads import in_thread


class TenantRefused(Exception):
    """No valid signature for the tenant (or a tenant without a token)."""


class TenantGate:
    def __init__(self, keys: TenantKeys, origins: OriginRegistry) -> None:
        self._keys = keys
        self._origins = origins

    def frame_ancestors(self) -> str:
        return self._origins.frame_ancestors()

    async def refresh_origins(self) -> None:
        self._origins.replace(await in_thread(self._keys.origins))

    def _verify(self, token: str) -> str:
        return verify(token, self._keys.valid_secrets, utcnow())

    async def admit(self, tenant: str | None, token: str | None, origin: str | None) -> Appearance | None:
        """The tenant the conversation belongs to (None: the public site), or TenantRefused."""
        if token is None:
            if tenant is not None:
                raise TenantRefused
            return None
        try:
            signed_for = await in_thread(self._verify, token)
        except TokenRefused:
            raise TenantRefused from None
        if tenant is not None and tenant != signed_for:
            raise TenantRefused
        if origin is not None and not self._origins.allowed_for(signed_for, origin):
            raise TenantRefused
        appearance = await in_thread(self._keys.appearance, signed_for)
        if appearance is None:  # deleted since it signed
            raise TenantRefused
        return appearance
