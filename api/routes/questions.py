"""Extension of the public web API: leave a question for the desk outside its opening hours.

The widget offers this when a handoff answer is `unavailable` with a `leave_question` field.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from api.deps import AuthorisedConversation, ServicesDep, client_address, too_many
from api.desk.errors import DeskError
from api.schemas import ContractMessage

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])


class LeaveQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(max_length=100_000, description="What the person wants to ask.")
    contact_method: Literal["phone", "email"]
    contact_value: str = Field(max_length=254, description="Phone number or e-mail address.")
    consent: bool = Field(description="The person agreed to the consent text of the handoff answer.")


class QuestionLeft(BaseModel):
    messages: list[ContractMessage]


_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or wrong token"},
    404: {"description": "Unknown conversation, or no desk"},
    409: {"description": "A question was left already, or the conversation is closed"},
    422: {"description": "No consent, a wrong phone number or e-mail address, empty or too long"},
    429: {"description": "Too many requests"},
}


@router.post("/{conversation_id}/questions", status_code=201, response_model=QuestionLeft, responses=_ERRORS)
async def leave_question(
    request: Request, services: ServicesDep, conversation: AuthorisedConversation, body: LeaveQuestion
) -> QuestionLeft:
    """Leaves a question with how to be contacted (phone or e-mail) and consent; it lands in the
    queue of the conversation's desk. The answer holds the confirmation for the chat. Questions
    are limited per address and per desk (429 `questions_rate_limited`, against fake flooding)."""
    if services.desk is None:
        raise DeskError(404, "desk_disabled")
    address = client_address(request)
    if wait := await services.limits.message_from_address(address):
        raise too_many(wait)
    if wait := await services.limits.message_in_conversation(conversation.id):
        raise too_many(wait)
    if conversation.state == "closed":
        raise DeskError(409, "conversation_closed")
    messages = await services.desk.leave_question(
        conversation, body.question, body.contact_method, body.contact_value, body.consent, address
    )
    return QuestionLeft.model_validate({"messages": messages})
