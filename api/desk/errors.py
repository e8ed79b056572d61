"""Desk errors: an ApiError (same JSON shape and handler) with the desk's own Dutch messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.errors import ApiError
from api.texts.desk import ERRORS


class DeskError(ApiError):
    def __init__(
        self,
        status: int,
        code: str,
        *,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
        **format_args: Any,
    ) -> None:
        Exception.__init__(self, code)
        self.status = status
        self.code = code
        self.field = field
        self.headers = dict(headers or {})
        self.message = ERRORS[code].format(**format_args)


def not_found() -> DeskError:
    return DeskError(404, "not_found")
