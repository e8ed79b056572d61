"""Documents of a conversation (issue 14): the overview as PDF and print view, mailed to the
person, and request letters for the employer. Made on demand from the stored conversation and
never stored; after erasure every endpoint answers 404 (the token opens nothing any more)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from api.deps import AuthorisedConversation, ServicesDep, client_address, too_many
from api.documents.letters import KINDS, LetterKind
from api.services.documents import DocumentService, Made, make_document_service
from api.texts import documents as texts

router = APIRouter(prefix="/api/v1/conversations", tags=["documents"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or wrong token"},
    404: {"description": "Unknown or erased conversation"},
    409: {"description": "No overview yet in this conversation"},
    429: {"description": "Too many requests (see Retry-After)"},
}
_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MailRequest(_Strict):
    email: str = Field(max_length=320, description="Used for this one mail; never stored or logged.")


class MailSent(BaseModel):
    status: Literal["sent"] = "sent"


class LetterFieldsIn(_Strict):
    """The letter form. Checked by api/documents/letters.py (Dutch messages per field)."""

    name: Any = Field(default=None, description="Your name (at most 100 characters)")
    employer: Any = Field(default=None, description="The employer's name (at most 150 characters)")
    manager: Any = Field(default=None, description="The manager's name (at most 100 characters)")
    start_date: Any = Field(default=None, description="YYYY-MM-DD; for the talk sheet: the date of the talk")
    weeks: Any = Field(default=None, description="Whole number, 1-52")
    hours_per_week: Any = Field(default=None, description="Hours of leave per week, 0.5-80")
    wishes: Any = Field(default=None, description="Free text, at most 1000 characters")


class LetterRequest(_Strict):
    kind: LetterKind
    format: Literal["docx", "pdf"] = "pdf"
    fields: LetterFieldsIn = Field(default_factory=LetterFieldsIn)


class FormField(BaseModel):
    name: str
    label: str
    input: texts.FormInput


class LetterChoice(BaseModel):
    kind: LetterKind
    title: str
    fields: list[FormField]


class DocumentsInfo(BaseModel):
    """What the widget may offer under the overview."""

    overview: bool = Field(description="An overview was shown: the PDF, print view and mail can be made")
    mail: bool = Field(description="Mail is configured (MW_SMTP_URL); hide 'Mail naar mezelf' when false")
    letters: list[str]
    formats: list[str]
    letter_form: list[LetterChoice] = Field(
        description="The widget's letter form: per kind its title and fields, in Dutch"
    )


def _letter_form() -> list[LetterChoice]:
    choices = []
    for kind in KINDS:
        choice = texts.LETTER_CHOICES[kind]
        labels = {**texts.FORM_LABELS, **choice.labels}
        fields = [FormField(name=n, label=labels[n], input=texts.FORM_INPUTS[n]) for n in choice.fields]
        choices.append(LetterChoice(kind=kind, title=choice.title, fields=fields))
    return choices


def get_documents(request: Request, services: ServicesDep) -> DocumentService:
    """One DocumentService per running app (made on first use, with the app's services)."""
    cached = getattr(request.app.state, "documents", None)
    if cached is not None and cached[0] is services:
        documents: DocumentService = cached[1]
        return documents
    documents = make_document_service(services.settings, services.conversations, services.rasa, services.http)
    request.app.state.documents = (services, documents)
    return documents


DocumentsDep = Annotated[DocumentService, Depends(get_documents)]


async def _limit(request: Request, services: ServicesDep) -> None:
    """Documents cost CPU: they count against the caller's address like messages do."""
    if wait := await services.limits.message_from_address(client_address(request)):
        raise too_many(wait)


def _download(made: Made) -> Response:
    disposition = f"attachment; filename=\"{made.filename}\"; filename*=UTF-8''{quote(made.filename)}"
    return Response(
        made.content, media_type=made.media_type, headers={**_NO_STORE, "Content-Disposition": disposition}
    )


@router.get("/{conversation_id}/documents", response_model=DocumentsInfo, responses=_ERRORS)
async def documents_info(conversation: AuthorisedConversation, documents: DocumentsDep) -> DocumentsInfo:
    """Extension: which documents can be made now (for the widget's buttons)."""
    situation = await documents.situation(conversation)
    return DocumentsInfo(
        overview=bool(situation.shown),
        mail=documents.mail_enabled,
        letters=list(KINDS),
        formats=["pdf", "docx"],
        letter_form=_letter_form(),
    )


@router.get(
    "/{conversation_id}/overview.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The overview"}, **_ERRORS},
    dependencies=[Depends(_limit)],
)
async def overview_pdf(conversation: AuthorisedConversation, documents: DocumentsDep) -> Response:
    """The personal overview as PDF: the situation, each item with why it fits, the amount, the
    first step, contact, source and date checked, and where to call when it gets too much."""
    return _download(await documents.overview_pdf(conversation))


@router.get(
    "/{conversation_id}/overview.html",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}, "description": "Print view"}, **_ERRORS},
    dependencies=[Depends(_limit)],
)
async def overview_print_view(conversation: AuthorisedConversation, documents: DocumentsDep) -> HTMLResponse:
    """Extension: the same overview as a printable HTML page (self-contained, no outside files)."""
    html = await documents.overview_print_view(conversation)
    policy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'"
    return HTMLResponse(
        html, headers={**_NO_STORE, "Content-Security-Policy": policy, "Referrer-Policy": "no-referrer"}
    )


@router.post(
    "/{conversation_id}/overview/mail",
    status_code=202,
    response_model=MailSent,
    responses={
        **_ERRORS,
        422: {"description": "Not an e-mail address"},
        502: {"description": "The mail server did not accept the mail"},
        503: {"description": "Mail is not configured (MW_SMTP_URL)"},
    },
    dependencies=[Depends(_limit)],
)
async def mail_overview(
    conversation: AuthorisedConversation, documents: DocumentsDep, body: MailRequest
) -> MailSent:
    """Mails the overview (text, and the PDF attached) to the address given. The address is used
    for this mail only: never stored, never logged. 202 once the mail server accepted it."""
    await documents.mail_overview(conversation, body.email.strip())
    return MailSent()


@router.post(
    "/{conversation_id}/letters",
    response_class=Response,
    responses={
        200: {
            "content": {
                "application/pdf": {},
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
            },
            "description": "The letter (or the sheet for the talk with the manager)",
        },
        **_ERRORS,
        409: {"description": "No letter for this situation (self-employed)"},
        422: {"description": "A field is not right (Dutch message, `field` names it)"},
    },
    dependencies=[Depends(_limit)],
)
async def make_letter(
    conversation: AuthorisedConversation, documents: DocumentsDep, body: LetterRequest
) -> Response:
    """A request letter (kortdurend / langdurend zorgverlof, flexibel werken) or the preparation
    sheet for the talk (gesprek-werkgever), filled from the profile and the fields, as PDF or
    an editable .docx. Nothing of the fields is stored or logged."""
    made = await documents.letter(
        conversation, body.kind, body.format, body.fields.model_dump(exclude_none=True)
    )
    return _download(made)
