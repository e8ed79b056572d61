"""Mantelwijzer gateway: FastAPI in front of Rasa (see docs/gateway.md)."""
