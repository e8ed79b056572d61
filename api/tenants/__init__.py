"""Tenants as the public API meets them: signed intranet embedding (`tenant_token`), the pages
that may embed a tenant's widget, and how the widget shows the tenant (name, colour)."""
