"""What agents do: sign in, see their desk's queue, open, claim, reply, note, send a card, hand
back, close; and the person's side of it: leaving a question outside opening hours.

Builds on ConversationService (state changes, messages, the bus) and reads the gateway store for
views. Every read, claim, reply, note, card, handback and close goes into the audit log. An agent
only ever sees conversations of their own tenant's desk that were handed to the desk: anything
else is a 404.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from api import contract
from api.contract import Handoff, HandoffStatus, Recommendations, dump
from api.desk.accounts import AccountStore, normalise_email
from api.desk.audit import AuditLog
from api.desk.backoff import Admission, LoginBackoff
from api.desk.cards import CardMaker
from api.desk.errors import DeskError, not_found
from api.desk.hours import describe_moment
from api.desk.passwords import HashingBusy, HashingPool, needs_rehash
from api.desk.policy import OpeningHoursPolicy, consent_text
from api.desk.questions import QuestionStore
from api.desk.queue import ON_DESK, QueueStore, Visibility
from api.desk.records import Agent, ContactMethod, LeftQuestion, Tenant
from api.desk.sessions import SessionStore
from api.events.bus import Event, EventBus, tenant_topic
from api.logs import log_fields, short_id
from api.rasa.client import RasaClient, RasaError, describe
from api.services.conversations import ConversationService
from api.services.errors import ConversationClosed, StateConflict
from api.services.limits import QueueLimits
from api.store.records import ConversationRecord, MessageRecord, utcnow
from api.texts import desk as texts
from api.threads import in_thread
from bot.places import municipality_by_code

if TYPE_CHECKING:
    from api.desk.arrangements import ArrangementService
    from api.desk.canned import CannedReplies

logger = logging.getLogger("api.desk")


_PHONE = re.compile(r"^\+?[0-9]{9,15}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")


@dataclass(frozen=True)
class LoggedIn:
    agent: Agent
    tenant: Tenant
    token: str


class DeskService:
    #: The employers' own arrangements ("Regelingen", api/desk/arrangements.py); set by the container.
    arrangements: ArrangementService | None = None
    #: The tenant's canned replies (api/desk/canned.py); set by the container.
    canned: CannedReplies | None = None

    def __init__(
        self,
        *,
        accounts: AccountStore,
        sessions: SessionStore,
        audit: AuditLog,
        queue: QueueStore,
        questions: QuestionStore,
        policy: OpeningHoursPolicy,
        conversations: ConversationService,
        rasa: RasaClient,
        bus: EventBus,
        cards: CardMaker,
        max_text_length: int,
        backoff: LoginBackoff,
        hashing: HashingPool,
        visibility: Visibility,
        queue_limits: QueueLimits,
    ) -> None:
        self.accounts = accounts
        self.sessions = sessions
        self.audit = audit
        self.queue = queue
        self.questions = questions
        self.policy = policy
        self.bus = bus
        self.cards = cards
        self._conversations = conversations
        self._rasa = rasa
        self._max_text = max_text_length
        self.backoff = backoff
        self.hashing = hashing
        self.visibility = visibility
        self._queue_limits = queue_limits

    # --- accounts and sessions -------------------------------------------------------------------

    async def login(self, email: str, password: str, address: str) -> LoggedIn:
        """Backoff per account and per address (api/desk/backoff.py): while either must wait, even
        the right password is refused with a 429 saying how long. Hashing runs in its own pool."""
        if self.hashing.full:  # refused before it costs the database anything
            raise DeskError(503, "login_busy", headers={"Retry-After": "2"})
        account_key = await in_thread(self.backoff.account_key, normalise_email(email))
        address_key = await in_thread(self.backoff.address_key, address)
        admitted = await in_thread(self.backoff.admit, [("account", account_key), ("address", address_key)])
        if not isinstance(admitted, Admission):
            raise DeskError(
                429, "login_rate_limited", headers={"Retry-After": str(admitted)}, wait=_wait_words(admitted)
            )
        try:
            agent = await in_thread(self.accounts.agent_by_email, email)
            if agent is None:
                await self.hashing.spend_verify_time(password)
                await in_thread(self.backoff.failed, admitted)
                raise DeskError(401, "login_failed")
            tenant = await in_thread(self.accounts.tenant, agent.tenant_id)
            good = await self.hashing.verify(agent.password_hash, password)
            if not good or not agent.active or tenant is None:
                await in_thread(self.backoff.failed, admitted)
                await in_thread(
                    self.audit.record, "login_failed", tenant_id=agent.tenant_id, agent_id=agent.id
                )
                raise DeskError(401, "login_failed")
        except HashingBusy:  # not checked, so not a failure
            await in_thread(self.backoff.take_back, admitted)
            raise DeskError(503, "login_busy", headers={"Retry-After": "2"}) from None
        await in_thread(self.backoff.succeeded, admitted, account_key)
        if needs_rehash(agent.password_hash):
            with contextlib.suppress(HashingBusy):  # else next time
                await in_thread(self.accounts.set_password, agent.id, await self.hashing.hash(password))
        token = await in_thread(self.sessions.create, agent.id)
        await in_thread(self.accounts.note_login, agent.id)
        await in_thread(self.audit.record, "login", tenant_id=agent.tenant_id, agent_id=agent.id)
        return LoggedIn(agent, tenant, token)

    async def agent_of_session(self, token: str, *, touch: bool = True) -> tuple[Agent, Tenant]:
        """The signed-in agent: 401 `not_logged_in` or `session_expired` otherwise."""
        check = await in_thread(self.sessions.check, token, touch=touch)
        if check.status == "expired":
            raise DeskError(401, "session_expired")
        agent = await in_thread(self.accounts.agent, check.agent_id) if check.agent_id else None
        tenant = await in_thread(self.accounts.tenant, agent.tenant_id) if agent is not None else None
        if check.status != "valid" or agent is None or not agent.active or tenant is None:
            raise DeskError(401, "not_logged_in")
        return agent, tenant

    async def logout(self, token: str, agent: Agent) -> None:
        await in_thread(self.sessions.end, token)
        await in_thread(self.audit.record, "logout", tenant_id=agent.tenant_id, agent_id=agent.id)

    def shutdown(self) -> None:
        """Ends the hashing pool's threads (the app's shutdown)."""
        self.hashing.close()

    async def session_valid(self, token: str) -> bool:
        return (await in_thread(self.sessions.check, token, touch=False)).status == "valid"

    # --- the queue -------------------------------------------------------------------------------

    async def snapshot(self, agent: Agent) -> dict[str, Any]:
        items = await in_thread(self.queue.items, agent.tenant_id)
        questions = await in_thread(self.questions.for_tenant, agent.tenant_id)
        return {
            "conversations": [item.public() for item in items],
            "questions": [question.summary() for question in questions],
        }

    def topics(self, agent: Agent) -> list[str]:
        """The bus topics of an agent's desk (tenant-less conversations go to the default desk)."""
        topics = [tenant_topic(agent.tenant_id)]
        if agent.tenant_id == self.queue.default_tenant:
            topics.append(tenant_topic(None))
        return topics

    async def queue_item(self, conversation_id: str) -> dict[str, Any] | None:
        item = await in_thread(self.queue.item, conversation_id)
        return item.public() if item is not None and item.state in ON_DESK else None

    # --- one conversation ------------------------------------------------------------------------

    async def _visible(self, agent: Agent, conversation_id: str) -> ConversationRecord:
        """The conversation if it belongs to this agent's desk and is with it now (waiting,
        assigned) or left it less than MW_DESK_VISIBILITY_MINUTES ago; else 404, for every role."""
        conversation = await self._conversations.find(conversation_id)
        if conversation is None or self.queue.desk_of(conversation.tenant) != agent.tenant_id:
            raise not_found()
        if not await self._in_view(conversation):
            raise not_found()
        return conversation

    async def _in_view(self, conversation: ConversationRecord) -> bool:
        if conversation.state in ON_DESK:
            return True
        stays = await in_thread(self.queue.stays, conversation.id)
        return self.visibility.conversation(conversation.state, stays, utcnow())

    async def _current(self, conversation_id: str) -> ConversationRecord:
        """The conversation as it is now (after a change this agent just made)."""
        conversation = await self._conversations.find(conversation_id)
        if conversation is None:
            raise not_found()
        return conversation

    async def live_visible(self, conversation_id: str) -> bool:
        """Whether the live stream may pass on a message of this conversation now."""
        conversation = await self._conversations.find(conversation_id)
        return conversation is not None and await self._in_view(conversation)

    async def _delivery(self, conversation_id: str) -> dict[str, int] | None:
        found = await self._conversations.delivery(conversation_id)
        return asdict(found) if found is not None else None

    async def view(self, agent: Agent, conversation_id: str, *, audit: bool = True) -> dict[str, Any]:
        conversation = await self._visible(agent, conversation_id)
        return await self._render(agent, conversation, audit=audit)

    async def _render(self, agent: Agent, conversation: ConversationRecord, *, audit: bool) -> dict[str, Any]:
        conversation_id = conversation.id
        records = await self._conversations.transcript(conversation_id, notes=True)
        stays = await in_thread(self.queue.stays, conversation_id)
        records = [record for record in records if self.visibility.message(record.created_at, stays)]
        item = await in_thread(self.queue.item, conversation_id)
        names = await in_thread(self.accounts.agent_names, [conversation.assignee_id or ""])
        if audit:
            await self._audit(agent, "read", conversation_id)
        return {
            "conversation_id": conversation.id,
            "state": conversation.state,
            "channel": conversation.channel,
            "tenant": conversation.tenant,
            "reason": conversation.handoff_reason,
            "urgent": item.urgent if item is not None else conversation.handoff_reason == "crisis",
            "crisis_source": item.crisis_source if item is not None else None,
            "created_at": conversation.created_at.isoformat(),
            "waiting_since": item.waiting_since.isoformat() if item is not None else None,
            "assignee": (
                {"id": conversation.assignee_id, "name": names.get(conversation.assignee_id or "")}
                if conversation.assignee_id
                else None
            ),
            "profile": conversation.profile_summary or {},
            # messaging channels: what is not out yet, waiting for the person (WhatsApp's 24 hours), failed
            "delivery": await self._delivery(conversation_id),
            "places": _places(conversation.profile_summary),
            # the person's last message has no answer yet: the desk asks before handback or close
            "unanswered": _unanswered(records),
            "messages": [_entry(record) for record in records],
        }

    async def claim(self, agent: Agent, tenant: Tenant, conversation_id: str) -> dict[str, Any]:
        conversation = await self._visible(agent, conversation_id)
        notice = dump(
            Handoff(
                status=HandoffStatus.ASSIGNED,
                text=texts.ASSIGNED.format(name=agent.display_name, tenant=tenant.name),
                agent=agent.display_name,
            )
        )
        try:
            if conversation.state != "waiting":
                raise StateConflict
            await self._conversations.change_state(
                conversation_id, {"waiting"}, "assigned", notice=notice, assignee_id=agent.id
            )
        except StateConflict:
            await self._audit(agent, "claim_refused", conversation_id)
            raise await self._conflict(conversation_id) from None
        await self._audit(agent, "claim", conversation_id)
        try:  # the gateway already keeps the person's messages from Rasa; pausing is the second net
            await self._rasa.pause(conversation_id)
        except RasaError as exc:
            logger.warning("could not pause the bot", extra=log_fields(**describe(exc, conversation_id)))
        return await self.view(agent, conversation_id, audit=False)

    async def _audit(self, agent: Agent, action: str, conversation_id: str | None, **detail: Any) -> None:
        await in_thread(
            self.audit.record,
            action,
            tenant_id=agent.tenant_id,
            agent_id=agent.id,
            conversation_id=conversation_id,
            **detail,
        )

    async def _conflict(self, conversation_id: str) -> DeskError:
        now = await self._conversations.find(conversation_id)
        if now is not None and now.state == "assigned" and now.assignee_id:
            names = await in_thread(self.accounts.agent_names, [now.assignee_id])
            return DeskError(409, "already_claimed", name=names.get(now.assignee_id, "een collega"))
        if now is not None and now.state == "closed":
            return DeskError(409, "conversation_closed")
        return DeskError(409, "not_waiting")

    def _text(self, text: str) -> str:
        if len(text) > self._max_text:
            raise DeskError(422, "text_too_long", field="text", max=self._max_text)
        if not text.strip():
            raise DeskError(422, "empty_text", field="text")
        return text.strip()

    def _require_assigned(self, agent: Agent, conversation: ConversationRecord) -> None:
        if conversation.state == "closed":
            raise DeskError(409, "conversation_closed")
        if conversation.state != "assigned" or conversation.assignee_id != agent.id:
            raise DeskError(409, "not_assigned")

    async def reply(self, agent: Agent, conversation_id: str, text: str) -> dict[str, Any]:
        text = self._text(text)
        conversation = await self._visible(agent, conversation_id)
        self._require_assigned(agent, conversation)
        message = contract.text(text, agent=agent.display_name)
        record = await self._add(conversation_id, message, note=False)
        await self._audit(agent, "reply", conversation_id)
        return _entry(record)

    async def note(self, agent: Agent, conversation_id: str, text: str) -> dict[str, Any]:
        text = self._text(text)
        await self._visible(agent, conversation_id)
        message = contract.text(text, agent=agent.display_name)
        record = await self._add(conversation_id, message, note=True)
        await self._audit(agent, "note", conversation_id)
        return _entry(record)

    async def send_card(self, agent: Agent, conversation_id: str, item_id: str) -> dict[str, Any]:
        conversation = await self._visible(agent, conversation_id)
        self._require_assigned(agent, conversation)
        card = await in_thread(self.cards.card, item_id, agent.tenant_id, conversation.profile_summary)
        if card is None:
            raise DeskError(422, "unknown_item", field="item_id")
        message = dump(Recommendations(items=[card], agent=agent.display_name))
        record = await self._add(conversation_id, message, note=False)
        await self._audit(agent, "card", conversation_id, item_id=item_id)
        return _entry(record)

    async def _add(self, conversation_id: str, message: dict[str, Any], *, note: bool) -> MessageRecord:
        if message.get("text") is None:
            message = {key: value for key, value in message.items() if key != "text"}
        try:
            return await self._conversations.add_message(conversation_id, "agent", message, note=note)
        except ConversationClosed:
            raise DeskError(409, "conversation_closed") from None

    async def handback(self, agent: Agent, conversation_id: str) -> dict[str, Any]:
        """Back to the bot: Rasa resumes first (if it cannot, nothing changes: 503), then the
        person hears a polite line and the bot answers their next message."""
        conversation = await self._visible(agent, conversation_id)
        self._may_end(agent, conversation)
        try:
            await self._rasa.resume(conversation_id)
        except RasaError as exc:
            logger.warning("could not resume the bot", extra=log_fields(**describe(exc, conversation_id)))
            raise DeskError(503, "rasa_unavailable") from None
        notice = contract.text(texts.HANDED_BACK.format(name=agent.display_name), agent=agent.display_name)
        try:
            await self._conversations.change_state(
                conversation_id, {"assigned", "waiting"}, "bot", notice=notice, assignee_id=None
            )
        except StateConflict:
            raise await self._conflict(conversation_id) from None
        await self._audit(agent, "handback", conversation_id)
        return await self._render(agent, await self._current(conversation_id), audit=False)

    async def close(self, agent: Agent, conversation_id: str) -> dict[str, Any]:
        conversation = await self._visible(agent, conversation_id)
        self._may_end(agent, conversation)
        notice = dump(
            Handoff(
                status=HandoffStatus.CLOSED,
                text=texts.CLOSED.format(name=agent.display_name),
                agent=agent.display_name,
            )
        )
        try:
            await self._conversations.change_state(
                conversation_id, {"assigned", "waiting"}, "closed", notice=notice
            )
        except StateConflict:
            raise await self._conflict(conversation_id) from None
        await self._audit(agent, "close", conversation_id)
        return await self._render(agent, await self._current(conversation_id), audit=False)

    async def transfer(
        self, agent: Agent, tenant: Tenant, conversation_id: str, to_agent_id: str
    ) -> dict[str, Any]:
        """Hands an assigned conversation to another active agent of the same desk (the assignee
        or a supervisor may). The person reads who takes over; both desks see it live."""
        conversation = await self._visible(agent, conversation_id)
        if conversation.state == "closed":
            raise DeskError(409, "conversation_closed")
        if conversation.state != "assigned":
            raise DeskError(409, "not_assigned")
        if conversation.assignee_id != agent.id and not agent.supervises:
            raise DeskError(409, "not_yours")
        target = await in_thread(self.accounts.agent, to_agent_id)
        if target is None or target.tenant_id != agent.tenant_id or not target.active:
            raise DeskError(422, "unknown_colleague", field="agent_id")
        if target.id == conversation.assignee_id:
            raise DeskError(409, "same_colleague")
        notice = dump(
            Handoff(
                status=HandoffStatus.ASSIGNED,
                text=texts.TRANSFERRED.format(name=target.display_name, tenant=tenant.name),
                agent=target.display_name,
            )
        )
        try:
            # only while the agent read above still holds it: two transfers at once, or one by an
            # agent who has just lost the conversation, cannot both win
            await self._conversations.change_state(
                conversation_id,
                {"assigned"},
                "assigned",
                notice=notice,
                expect_assignee=conversation.assignee_id,
                assignee_id=target.id,
            )
        except StateConflict:
            raise await self._conflict(conversation_id) from None
        await self._audit(
            agent, "transfer", conversation_id, from_agent=conversation.assignee_id, to_agent=target.id
        )
        return await self._render(agent, await self._current(conversation_id), audit=False)

    async def colleagues(self, agent: Agent) -> list[dict[str, str]]:
        """The other active accounts of the agent's desk, by display name (never the e-mail)."""
        agents = await in_thread(self.accounts.agents, agent.tenant_id)
        found = [{"id": a.id, "name": a.display_name} for a in agents if a.active and a.id != agent.id]
        return sorted(found, key=lambda a: a["name"].lower())

    @staticmethod
    def _may_end(agent: Agent, conversation: ConversationRecord) -> None:
        """Handback and close: the assignee (or a supervisor); a waiting conversation: anyone."""
        if conversation.state == "closed":
            raise DeskError(409, "conversation_closed")
        if conversation.state not in ON_DESK:
            raise DeskError(409, "not_waiting")
        if conversation.state == "assigned" and conversation.assignee_id != agent.id and not agent.supervises:
            raise DeskError(409, "not_yours")

    async def search(self, agent: Agent, query: str, conversation_id: str | None) -> list[dict[str, Any]]:
        summary = None
        if conversation_id:
            summary = (await self._visible(agent, conversation_id)).profile_summary
        return await in_thread(self.cards.search, query, agent.tenant_id, summary)

    async def audit_entries(self, agent: Agent, conversation_id: str | None) -> list[dict[str, Any]]:
        if not agent.supervises:
            raise DeskError(403, "forbidden")
        entries = await in_thread(self.audit.entries, agent.tenant_id, conversation_id)
        names = await in_thread(self.accounts.agent_names, [e.agent_id for e in entries if e.agent_id])
        return [{**e.public(), "agent_name": names.get(e.agent_id or "")} for e in entries]

    # --- questions left outside opening hours ----------------------------------------------------

    async def leave_question(
        self,
        conversation: ConversationRecord,
        question: str,
        contact_method: ContactMethod,
        contact_value: str,
        consent: bool,
        address: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stores the question in the desk's queue; returns the confirmation for the chat.
        Limited per client address and per desk (429 `questions_rate_limited`)."""
        tenant = await self.policy.desk_for(conversation)
        if tenant is None or not await in_thread(self.accounts.count_agents, tenant.id):
            raise DeskError(422, "no_desk")  # an organisation without anyone to read it
        if not consent:
            raise DeskError(422, "consent_required", field="consent")
        question = self._text(question)
        value = _contact(contact_method, contact_value)
        if await in_thread(self.questions.open_for_conversation, conversation.id):
            raise DeskError(409, "question_exists")
        if wait := await self._queue_limits.question(tenant.id, address):
            raise DeskError(429, "questions_rate_limited", headers={"Retry-After": str(wait)}, seconds=wait)
        agreed_to = consent_text(tenant)
        left = await in_thread(
            self.questions.add, tenant.id, conversation.id, question, contact_method, value, agreed_to
        )
        now = utcnow()
        opening = None if tenant.hours.is_open(now) else tenant.hours.next_opening(now)
        when = (
            texts.WHEN_OPEN.format(moment=describe_moment(opening, now, tenant.timezone))
            if opening is not None
            else texts.WHEN_UNKNOWN
        )
        how = texts.CONTACT_HOW[contact_method]
        text = texts.QUESTION_RECEIVED.format(tenant=tenant.name, how=how, when=when)
        record = await self._conversations.add_message(conversation.id, "system", contract.text(text))
        await in_thread(
            self.audit.record,
            "question_left",
            tenant_id=tenant.id,
            conversation_id=conversation.id,
            question=left.id,
        )
        await self.bus.publish(tenant_topic(tenant.id), Event("question", left.summary()))
        logger.info("question left", extra=log_fields(conversation=short_id(conversation.id)))
        return [record.payload]

    async def _question(self, agent: Agent, question_id: int) -> LeftQuestion:
        question = await in_thread(self.questions.get, question_id)
        if question is None or question.tenant_id != agent.tenant_id:
            raise DeskError(404, "question_not_found")
        return question

    async def question(self, agent: Agent, question_id: int) -> dict[str, Any]:
        question = await self._question(agent, question_id)
        conversation = await self._conversations.find(question.conversation_id)
        await self._audit(agent, "question_read", question.conversation_id, question=question_id)
        profile = conversation.profile_summary if conversation is not None else None
        return {**question.public(), "profile": profile or {}, "places": _places(profile)}

    async def claim_question(self, agent: Agent, question_id: int) -> dict[str, Any]:
        question = await self._question(agent, question_id)
        if not await in_thread(self.questions.claim, question_id, agent.id):
            now = await in_thread(self.questions.get, question_id)
            name = now.assignee_name if now is not None else None
            raise DeskError(409, "question_claimed", name=name or "een collega")
        await self._audit(agent, "question_claim", question.conversation_id, question=question_id)
        claimed = await self._question(agent, question_id)
        await self.bus.publish(tenant_topic(agent.tenant_id), Event("question", claimed.summary()))
        return await self.question(agent, question_id)

    async def question_done(self, agent: Agent, question_id: int) -> None:
        question = await self._question(agent, question_id)
        if question.state != "claimed" or (question.assignee_id != agent.id and not agent.supervises):
            raise DeskError(409, "not_yours" if question.state == "claimed" else "not_assigned")
        await in_thread(self.questions.remove, question_id)
        await self._audit(agent, "question_done", question.conversation_id, question=question_id)
        await self.bus.publish(tenant_topic(agent.tenant_id), Event("question_removed", {"id": question_id}))


def _wait_words(seconds: int) -> str:
    """ "1 seconde", "40 seconden", "3 minuten" (rounded up)."""
    if seconds < 60:
        return texts.SECONDS_ONE if seconds == 1 else texts.SECONDS_MANY.format(n=seconds)
    minutes = math.ceil(seconds / 60)
    return texts.MINUTES_ONE if minutes == 1 else texts.MINUTES_MANY.format(n=minutes)


def _places(profile: dict[str, Any] | None) -> dict[str, str]:
    """Names of the municipalities in a profile, by code, for the desk to show."""
    names: dict[str, str] = {}
    for key in ("recipient_municipality", "caregiver_municipality"):
        code = (profile or {}).get(key)
        if isinstance(code, str) and (found := municipality_by_code(code)) is not None:
            names[code] = found.display_name
    return names


def _unanswered(records: list[MessageRecord]) -> bool:
    """Whether the person wrote last: no reply of an agent or the bot after their last message
    (notes and system notices do not count as an answer)."""
    for record in reversed(records):
        if record.direction == "note":
            continue
        if record.sender == "user":
            return True
        if record.sender in ("agent", "bot"):
            return False
    return False


def _entry(record: MessageRecord) -> dict[str, Any]:
    return record.public()


def _contact(method: str, value: str) -> str:
    value = value.strip()
    if method == "phone":
        digits = re.sub(r"[\s\-().]", "", value)
        if not _PHONE.match(digits):
            raise DeskError(422, "invalid_phone", field="contact_value")
        return digits
    if method == "email":
        if len(value) > 254 or not _EMAIL.match(value):
            raise DeskError(422, "invalid_email", field="contact_value")
        return value
    raise DeskError(422, "invalid_email", field="contact_method")
