"""Documents of a conversation, made on demand and never stored: the overview (PDF, print view,
mail) and the request letters (PDF, .docx).

Where the profile comes from, in order:
1. the `profile` the last overview message carried (stored in the gateway with the message;
   works while Rasa is down),
2. Rasa's tracker slots (live, through Rasa's HTTP API),
3. the profile summary the gateway stored at a handoff.
Without any, the documents say only what the person typed and the engine's general rules.

Nothing of a letter's fields or the mail address is logged or kept; logs carry the short
conversation hash and the kind of document only.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

import anyio
import anyio.to_thread
import httpx

from api.documents import letters, render
from api.documents.model import Letter, Overview
from api.documents.overview import build_overview
from api.logs import log_fields, short_id
from api.mail import MailError, SmtpServer, message_with_pdf, send, valid_address
from api.ratelimit import Limit, RateLimiter
from api.services.errors import DocumentError
from api.settings import Settings
from api.store.records import ConversationRecord
from api.texts.documents import FIELD_LABELS
from bot.catalogue import Catalogue, default_catalogue
from bot.catalogue.live import live_catalogue
from bot.engine import recommend
from bot.profile import FIELD_NAMES, Profile, ProfileError

logger = logging.getLogger("api.documents")

P = ParamSpec("P")
T = TypeVar("T")

TIMEZONE = ZoneInfo("Europe/Amsterdam")
MAIL_SUBJECT = "Je overzicht van Mantelwijzer"
#: Rendering is CPU work: at most this many documents are made at the same time per process.
CONCURRENT_RENDERS = 2


def today_in_nl() -> date:
    return datetime.now(TIMEZONE).date()


@dataclass(frozen=True)
class Situation:
    profile: Profile
    known: bool  # whether any profile was found
    shown: tuple[Mapping[str, Any], ...]  # the items of the last overview message (none: no overview)


@dataclass(frozen=True)
class Made:
    content: bytes
    media_type: str
    filename: str


def profile_from(data: Mapping[str, Any], tenant: str | None) -> Profile:
    """A profile from stored or tracker values; a field the profile rejects ("unknown", an odd
    value) is left out, so one bad value never costs the whole document."""
    values: dict[str, Any] = {}
    for name in FIELD_NAMES:
        value = data.get(name)
        if value is None:
            continue
        if name == "needs":
            value = [need for need in (value if isinstance(value, list) else [value]) if need != "unknown"]
        elif name in ("care_hours_per_week", "work_hours_per_week") and isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                continue
        values[name] = value
    if tenant and "tenant" not in values:
        values["tenant"] = tenant
    while True:
        try:
            return Profile.from_dict(values)
        except ProfileError as error:
            if error.field not in values:
                return Profile()
            values.pop(error.field)


def _catalogue_items(profile: Profile, tenant: str | None, catalogue: Catalogue) -> list[dict[str, Any]]:
    return recommend(profile, catalogue, tenant)


def overview_items(
    situation: Situation, tenant: str | None, catalogue: Catalogue
) -> tuple[list[dict[str, Any]], list[Mapping[str, Any]]]:
    """(all the engine's items for the profile, the overview's items): the items the person saw,
    in the chat's order, with the engine's current reasons and amounts when it still lists them."""
    if not situation.known:
        return [], list(situation.shown)
    ranked = _catalogue_items(situation.profile, tenant, catalogue)
    by_id = {str(item.get("id")): item for item in ranked}
    chosen = [by_id.get(str(item.get("id")), item) for item in situation.shown]
    return ranked, chosen


class DocumentService:
    def __init__(
        self,
        *,
        conversations: Any,  # api.services.conversations.ConversationService
        rasa: Any,  # api.rasa.client.RasaClient
        http: httpx.AsyncClient,
        rasa_token: str,
        tracker_timeout: float,
        smtp_url: str,
        mail_from: str,
        mail_per_hour: int,
        rate_limit_enabled: bool = True,
        today: Callable[[], date] = today_in_nl,
        catalogue: Callable[[], Catalogue] = default_catalogue,
    ) -> None:
        """`catalogue`: the current catalogue (the gateway's: with the employers' published files)."""
        self._conversations = conversations
        self._rasa = rasa
        self._http = http
        self._rasa_token = rasa_token
        self._tracker_timeout = tracker_timeout
        self._smtp = SmtpServer.parse(smtp_url) if smtp_url else None
        self._mail_from = mail_from
        self._mail_limit = RateLimiter(Limit(mail_per_hour, 3600)) if rate_limit_enabled else None
        self._today = today
        self._catalogue = catalogue
        self._renders = anyio.CapacityLimiter(CONCURRENT_RENDERS)

    @property
    def mail_enabled(self) -> bool:
        return self._smtp is not None

    async def _work(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=self._renders)

    # --- what the conversation knows ------------------------------------------------------------

    async def situation(self, conversation: ConversationRecord) -> Situation:
        records = await self._conversations.transcript(conversation.id)
        last = next(
            (
                r.payload
                for r in reversed(records)
                if r.direction == "out" and r.payload.get("type") == "recommendations"
            ),
            None,
        )
        shown = tuple(item for item in (last or {}).get("items") or () if isinstance(item, Mapping))
        data: Mapping[str, Any] | None = None
        if last is not None and isinstance(last.get("profile"), Mapping):
            data = last["profile"]
        if data is None:
            data = await self._tracker_slots(conversation.id)
        if data is None and conversation.profile_summary:
            data = conversation.profile_summary
        if data is None:
            return Situation(Profile(tenant=_tenant(conversation)), False, shown)
        return Situation(profile_from(data, _tenant(conversation)), True, shown)

    async def _tracker_slots(self, conversation_id: str) -> Mapping[str, Any] | None:
        """The profile slots of Rasa's tracker, or None when Rasa cannot tell (down, slow, no token)."""
        url = f"{self._rasa.url_for(conversation_id)}/conversations/{conversation_id}/tracker"
        try:
            response = await self._http.get(
                url,
                params={"include_events": "NONE", "token": self._rasa_token},
                timeout=httpx.Timeout(self._tracker_timeout),
            )
        except httpx.HTTPError:
            logger.info(
                "documents: Rasa's tracker not reachable",
                extra=log_fields(conversation=short_id(conversation_id)),
            )
            return None
        if response.status_code != 200:
            return None
        try:
            slots = response.json().get("slots")
        except (ValueError, AttributeError):
            return None
        if not isinstance(slots, Mapping):
            return None
        known = {name: slots.get(name) for name in FIELD_NAMES if slots.get(name) is not None}
        return known or None

    # --- the overview ---------------------------------------------------------------------------

    async def overview(self, conversation: ConversationRecord) -> Overview:
        situation = await self.situation(conversation)
        if not situation.shown:
            raise DocumentError(409, "no_overview")
        return await self._work(
            self._build_overview, situation, _tenant(conversation), self._today(), self._catalogue()
        )

    @staticmethod
    def _build_overview(
        situation: Situation, tenant: str | None, today: date, catalogue: Catalogue
    ) -> Overview:
        ranked, chosen = overview_items(situation, tenant, catalogue)
        return build_overview(situation.profile, chosen, today, ranked)

    async def overview_pdf(self, conversation: ConversationRecord) -> Made:
        overview = await self.overview(conversation)
        content = await self._work(render.overview_pdf, overview)
        self._log("overview", "pdf", conversation)
        return Made(content, render.PDF, f"mantelwijzer-overzicht-{self._today().isoformat()}.pdf")

    async def overview_print_view(self, conversation: ConversationRecord) -> str:
        overview = await self.overview(conversation)
        html = await self._work(render.overview_html, overview, print_view=True)
        self._log("overview", "html", conversation)
        return html

    async def mail_overview(self, conversation: ConversationRecord, address: str) -> None:
        """Sends the overview (text, PDF attached) to `address`, which is used for this mail only."""
        if self._smtp is None:
            raise DocumentError(503, "mail_not_configured")
        if not valid_address(address):
            raise DocumentError(422, "invalid_email", "email")
        if self._mail_limit is not None and (wait := self._mail_limit.hit(conversation.id)):
            raise DocumentError(429, "rate_limited", seconds=wait)
        overview = await self.overview(conversation)
        text = await self._work(render.overview_text, overview)
        pdf = await self._work(render.overview_pdf, overview)
        filename = f"mantelwijzer-overzicht-{self._today().isoformat()}.pdf"
        message = message_with_pdf(self._mail_from, address, MAIL_SUBJECT, text, pdf, filename)
        try:
            await anyio.to_thread.run_sync(send, self._smtp, message)
        except MailError as error:
            logger.warning(
                "documents: mail not sent",
                extra=log_fields(conversation=short_id(conversation.id), reason=error.reason),
            )
            raise DocumentError(502, "mail_failed") from None
        self._log("overview", "mail", conversation)

    # --- letters --------------------------------------------------------------------------------

    async def letter(
        self, conversation: ConversationRecord, kind: str, fmt: str, raw_fields: Mapping[str, Any]
    ) -> Made:
        today = self._today()
        try:
            fields = letters.parse_fields(raw_fields, today, _label)
        except letters.FieldError as error:
            raise _field_error(error) from None
        situation = await self.situation(conversation)
        try:
            letters.check(kind, situation.profile, fields, _label)
        except letters.FieldError as error:
            raise _field_error(error, 409 if error.code == "letter_not_applicable" else 422) from None
        letter = await self._work(
            self._build_letter, kind, situation, fields, today, _tenant(conversation), self._catalogue()
        )
        if fmt == "docx":
            content, media_type = await self._work(render.letter_docx, letter), render.DOCX
        else:
            content, media_type = await self._work(render.letter_pdf, letter), render.PDF
        self._log(kind, fmt, conversation)
        return Made(content, media_type, f"mantelwijzer-{kind}-{today.isoformat()}.{fmt}")

    @staticmethod
    def _build_letter(
        kind: str,
        situation: Situation,
        fields: letters.LetterFields,
        today: date,
        tenant: str | None,
        catalogue: Catalogue,
    ) -> Letter:
        employer_items: tuple[str, ...] = ()
        if kind == "gesprek-werkgever" and situation.known:
            employer_items = tuple(
                str(item["title"])
                for item in _catalogue_items(situation.profile, tenant, catalogue)
                if item.get("tenant") and item.get("kind") == "werkgeversregeling"
            )
        return letters.build_letter(kind, situation.profile, fields, today, employer_items)

    @staticmethod
    def _log(kind: str, fmt: str, conversation: ConversationRecord) -> None:
        logger.info(
            "document made",
            extra=log_fields(conversation=short_id(conversation.id), document=kind, format=fmt),
        )


def _tenant(conversation: ConversationRecord) -> str | None:
    return conversation.tenant


def _label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def _field_error(error: letters.FieldError, status: int = 422) -> DocumentError:
    field = f"fields.{error.field}" if error.field else None
    return DocumentError(status, error.code, field, **error.args_)


def letter_kinds() -> Sequence[str]:
    return letters.KINDS


def make_document_service(
    settings: Settings, conversations: Any, rasa: Any, http: httpx.AsyncClient
) -> DocumentService:
    """The documents of a running gateway, from its settings (the web routes and the channels)."""
    return DocumentService(
        conversations=conversations,
        rasa=rasa,
        http=http,
        rasa_token=settings.rasa_token,
        tracker_timeout=settings.health_timeout,
        smtp_url=settings.smtp_url,
        mail_from=settings.mail_from,
        mail_per_hour=settings.mail_per_conversation_per_hour,
        rate_limit_enabled=settings.rate_limit_enabled,
        catalogue=live_catalogue(settings.employers_dir).get,
    )
