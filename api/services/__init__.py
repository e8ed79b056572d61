"""Business rules of the gateway, independent of HTTP."""
