"""One error shape for every failure: `{"error": {"code", "message", "field"?}}`.

`code` is for programs (stable, English), `message` for people (Dutch). Client mistakes never
become a 500: FastAPI's validation handler is replaced, and unexpected errors are logged without
their content and answered with a plain 500 body (api/middleware.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.services.errors import DocumentError, ServiceError
from api.texts import ERRORS


class ApiError(Exception):
    """An error the client is told about; raised by dependencies and routes."""

    def __init__(
        self,
        status: int,
        code: str,
        *,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
        **format_args: Any,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.field = field
        self.headers = dict(headers or {})
        self.message = ERRORS[code].format(**format_args)


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if field:
        error["field"] = field
    return {"error": error}


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(
        error_body(error.code, error.message, error.field), status_code=error.status, headers=error.headers
    )


# pydantic error type -> (status, code); anything else is a 422 validation_error
_VALIDATION_CODES: dict[str, tuple[int, str]] = {
    "json_invalid": (400, "invalid_json"),
    "missing": (422, "missing_field"),
    "extra_forbidden": (422, "unknown_field"),
    "empty_text": (422, "empty_text"),
}


def _field_name(loc: Sequence[Any]) -> str | None:
    parts = [str(part) for part in loc if part != "body"]
    return ".".join(parts) or None


def validation_error(exc: RequestValidationError) -> ApiError:
    """The first problem of a failed validation, as an ApiError."""
    errors = exc.errors()
    first: Mapping[str, Any] = errors[0] if errors else {}
    status, code = _VALIDATION_CODES.get(str(first.get("type", "")), (422, "validation_error"))
    field = None if code == "invalid_json" else _field_name(first.get("loc", ()))
    return ApiError(status, code, field=field)


async def _on_api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc)


_SERVICE_STATUS = {
    "not_found": 404,
    "unauthorized": 401,
    "conversation_closed": 409,
    "state_conflict": 409,
    "erase_failed": 503,
}


async def _on_service_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.code == "unauthorized" else None
    return error_response(ApiError(_SERVICE_STATUS.get(exc.code, 500), exc.code, headers=headers))


async def _on_validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(validation_error(exc))


async def _on_http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "route_not_found", 405: "method_not_allowed", 413: "body_too_large"}
    code = codes.get(exc.status_code, "validation_error" if exc.status_code < 500 else "internal_error")
    headers = dict(exc.headers or {})
    return JSONResponse(error_body(code, ERRORS[code]), status_code=exc.status_code, headers=headers)


async def _on_document_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DocumentError)
    headers = {"Retry-After": str(exc.args_["seconds"])} if exc.status == 429 else None
    return error_response(ApiError(exc.status, exc.code, field=exc.field, headers=headers, **exc.args_))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(DocumentError, _on_document_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(ServiceError, _on_service_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    # Unexpected exceptions: api.middleware.RequestLogMiddleware answers a JSON 500.
