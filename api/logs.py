"""Structured logs: one JSON object per line, without message content, tokens or raw ids.

Use `log_fields(...)` as `extra=` to add fields; conversation ids go through `short_id` first.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
import traceback
from typing import Any

_FIELDS = "mw_fields"


def short_id(conversation_id: str) -> str:
    """A short, stable, non-reversible stand-in for a conversation id in logs."""
    return hashlib.sha256(conversation_id.encode()).hexdigest()[:12]


def log_fields(**fields: Any) -> dict[str, Any]:
    return {_FIELDS: fields}


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line. Exceptions keep their type and frames, not their text."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update(getattr(record, _FIELDS, {}))
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            entry["error_type"] = type(exc).__name__
            entry["frames"] = [
                f"{frame.filename}:{frame.lineno} {frame.name}"
                for frame in traceback.extract_tb(exc.__traceback__)
            ][-8:]
        return json.dumps(entry, ensure_ascii=False, default=str)


class _JsonHandler(logging.StreamHandler):
    """Marker class so repeated set-up replaces our handler instead of adding another."""


def configure_logging(level: str) -> None:
    """Send our logs and uvicorn's as JSON lines to stderr; switch uvicorn's access log off
    (it would print raw conversation ids in paths)."""
    handler = _JsonHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not isinstance(h, _JsonHandler)] + [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers = []
        uvicorn_logger.propagate = True
    # httpx logs every request URL at INFO, and Rasa's HTTP API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    access = logging.getLogger("uvicorn.access")
    access.handlers = []
    access.propagate = False
    access.disabled = True
