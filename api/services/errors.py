"""What the services refuse; api/errors.py turns each into an HTTP status and a Dutch message."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    code = "internal_error"


class ConversationNotFound(ServiceError):
    code = "not_found"


class Unauthorized(ServiceError):
    code = "unauthorized"


class ConversationClosed(ServiceError):
    code = "conversation_closed"


class StateConflict(ServiceError):
    """The conversation was not in a state that allows this (e.g. a second agent's claim)."""

    code = "state_conflict"


class EraseFailed(ServiceError):
    """Rasa's tracker store could not be reached: nothing was deleted, try again."""

    code = "erase_failed"


class ResumeCodeUnknown(ServiceError):
    """A resume code that is wrong, expired, replaced or of an erased conversation."""

    code = "resume_code_unknown"


class DocumentError(Exception):
    """A document or mail refused: `code` (api/texts/__init__.py ERRORS), the status, the field and the
    message's values (``seconds`` on a 429 becomes Retry-After)."""

    def __init__(self, status: int, code: str, field: str | None = None, **args: Any) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.field = field
        self.args_ = args
