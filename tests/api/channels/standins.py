"""Local stand-ins of the WhatsApp Cloud API and the Telegram Bot API, for tests.

Each stand-in is a real HTTP server on 127.0.0.1 (uvicorn in a background thread) that checks
the shape of every request against the providers' documentation, records what it accepted
(`sent`) and what it refused (`rejected`, with the reason in `refusals`), and can be told to
fail (`fail_next`) or to stop listening for a while (`go_down` / `come_back`, same port).

Documented shapes and limits used here:
- WhatsApp Cloud API, messages: reply buttons (1-3, title <= 20, id <= 256, unique), list
  messages (button <= 20, 1-10 sections, <= 10 rows in total, row id <= 200, title <= 24,
  description <= 72, section title <= 24 and required with more than one section), text body
  <= 4096; the success answer `{"messaging_product", "contacts", "messages"}`; Graph API error
  answers `{"error": {"message", "type", "code", "error_data", "error_subcode", "fbtrace_id"}}`
  (130429 "Rate limit hit", 131000 "Something went wrong", 190 for a bad access token); media
  upload `POST /{phone_number_id}/media` (multipart: messaging_product, type, file) -> `{"id"}`.
- Telegram Bot API: `{"ok": true, "result": ...}` / `{"ok": false, "error_code", "description",
  "parameters": {"retry_after"}}`; sendMessage text 1-4096 characters; InlineKeyboardButton with
  exactly one of callback_data (1-64 bytes) or url; setWebhook secret_token 1-256 characters of
  A-Z, a-z, 0-9, _ and -.
"""

from __future__ import annotations

import contextlib
import email.policy
import itertools
import json
import re
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from http import HTTPStatus
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

Json = dict[str, Any]
ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


class Refused(Exception):
    """A request a stand-in refuses: HTTP status, why, and (WhatsApp) the Graph error code."""

    def __init__(
        self, status: int, reason: str, *, code: int = 100, subcode: int | None = None, title: str = ""
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.code = code
        self.subcode = subcode
        self.title = title


def require(condition: bool, reason: str) -> None:
    """Refuse the request with 400 and `reason` unless `condition` holds."""
    if not condition:
        raise Refused(400, reason)


def check_text(value: object, name: str, max_len: int, min_len: int = 1) -> str:
    """`value` must be a string of min_len..max_len characters."""
    ok = isinstance(value, str) and min_len <= len(value) <= max_len
    require(ok, f"{name} must be a string of {min_len}-{max_len} characters, got {_preview(value)}")
    assert isinstance(value, str)
    return value


def check_object(value: object, name: str) -> Json:
    require(isinstance(value, dict), f"{name} must be an object, got {_preview(value)}")
    assert isinstance(value, dict)
    return value


def check_keys(obj: Json, name: str, allowed: set[str]) -> None:
    unknown = sorted(set(obj) - allowed)
    require(not unknown, f"{name} has unexpected key(s) {unknown}; allowed: {sorted(allowed)}")


def check_unique(values: list[str], name: str) -> None:
    require(len(set(values)) == len(values), f"{name} must be unique, got {values}")


def _preview(value: object) -> str:
    text = repr(value)
    return (
        text if len(text) <= 80 else f"{text[:77]}... ({len(value) if isinstance(value, str) else '?'} chars)"
    )


# ---------------------------------------------------------------------------------------------
# request bodies


@dataclass
class FormPart:
    """One field of a multipart/form-data body."""

    name: str
    data: bytes
    filename: str | None = None
    content_type: str | None = None

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")


def json_body(content_type: str, raw: bytes) -> Json:
    """The JSON object of a request that must be application/json."""
    require(content_type.split(";")[0].strip().lower() == "application/json", _not_json(content_type))
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise Refused(400, f"the body is not valid JSON: {exc}") from exc
    return check_object(body, "the JSON body")


def form_body(content_type: str, raw: bytes) -> Json:
    """The fields of an application/x-www-form-urlencoded body."""
    require(
        content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded",
        _not_json(content_type),
    )
    return dict(parse_qsl(raw.decode("utf-8", errors="replace"), keep_blank_values=True))


def multipart_body(content_type: str, raw: bytes) -> dict[str, FormPart]:
    """The fields of a multipart/form-data body, by name (no python-multipart needed)."""
    require(
        content_type.lower().startswith("multipart/form-data"),
        f"expected multipart/form-data, got {content_type!r}",
    )
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    require(
        isinstance(message, EmailMessage) and message.is_multipart(), "the multipart body cannot be parsed"
    )
    assert isinstance(message, EmailMessage)
    return {part.name: part for part in map(_form_part, message.iter_parts())}


def _form_part(part: Any) -> FormPart:
    name = part.get_param("name", header="content-disposition")
    require(isinstance(name, str), "a multipart part has no name")
    payload = part.get_payload(decode=True)
    filename = part.get_filename()
    content_type = part.get_content_type() if filename is not None else None
    return FormPart(name=str(name), data=payload or b"", filename=filename, content_type=content_type)


def json_field(fields: Json, name: str) -> Any:
    """A JSON-serialized form field (as Telegram's reply_markup in multipart requests), or None."""
    if name not in fields:
        return None
    try:
        return json.loads(fields[name])
    except ValueError as exc:
        raise Refused(400, f"can't parse {name} JSON object: {exc}") from exc


def _not_json(content_type: str) -> str:
    return f"unsupported Content-Type {content_type!r}"


def as_record(raw: bytes) -> Json | str:
    """What `rejected` keeps of a request body: its JSON object, or its text (cut short)."""
    with contextlib.suppress(ValueError):
        body = json.loads(raw)
        if isinstance(body, dict):
            return body
    text = raw.decode("utf-8", errors="replace")
    return text if len(text) <= 2000 else text[:2000] + "..."


# ---------------------------------------------------------------------------------------------
# the server


def _listening_socket(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    return sock


def _wait_accepting(port: int, deadline: float) -> None:
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class BackgroundServer:
    """uvicorn serving `app` on 127.0.0.1 in a thread; restartable on the same port."""

    def __init__(self, app: Starlette) -> None:
        self.app = app
        self.port = 0  # chosen by the OS at the first start, kept afterwards
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self, timeout: float = 10.0) -> None:
        if self._server is not None:
            return
        sock = _listening_socket(self.port)
        self.port = int(sock.getsockname()[1])
        config = uvicorn.Config(
            self.app,
            lifespan="off",
            log_config=None,
            log_level="warning",
            access_log=False,
            loop="asyncio",
            http="h11",
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        self._server, self._thread, self._socket = server, thread, sock
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the stand-in server on port {self.port} did not start")
            time.sleep(0.01)
        _wait_accepting(self.port, deadline)

    def stop(self) -> None:
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = self._socket = None
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(timeout=10)
        if sock is not None:
            sock.close()


# ---------------------------------------------------------------------------------------------
# what both stand-ins share


class StandIn:
    """Recording, failure injection and the server's life cycle, shared by both providers."""

    def __init__(self) -> None:
        self.sent: list[Json] = []
        self.rejected: list[tuple[int, Json | str]] = []
        self.refusals: list[str] = []  # why each entry of `rejected` was refused, same order
        self.failed: list[Json] = []  # requests answered with an error asked for by fail_next
        self._failures: deque[tuple[int, int | None]] = deque()
        self._changed = threading.Condition()
        self._server = BackgroundServer(Starlette(routes=self._routes()))

    # -- life cycle

    @property
    def port(self) -> int:
        self._require_started()
        return self._server.port

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """The URL the gateway is configured with."""
        raise NotImplementedError

    def start(self) -> Self:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def go_down(self) -> None:
        """Stop listening: connections are refused until come_back()."""
        self._require_started()
        self._server.stop()

    def come_back(self) -> None:
        """Listen again, on the same port."""
        self._require_started()
        self._server.start()

    def _require_started(self) -> None:
        if not self._server.port:
            raise RuntimeError(f"{type(self).__name__} was never started")

    # -- test controls

    def fail_next(self, count: int, status: int = 500, retry_after: int | None = None) -> None:
        """The next `count` send requests get this error status (after their shape was checked)."""
        with self._changed:
            self._failures.extend([(status, retry_after)] * count)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Json]:
        """Block until at least `count` messages were accepted; the accepted messages."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.sent) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_message(count, timeout))
                self._changed.wait(remaining)
            return list(self.sent)

    def texts(self) -> list[str]:
        """The visible text of each accepted message."""
        return [self.visible_text(message) for message in list(self.sent)]

    def reset(self) -> None:
        """Forget what was recorded and any pending failures."""
        with self._changed:
            for recorded in self._recorded():
                recorded.clear()
            self._failures.clear()

    # -- for the providers

    def _routes(self) -> list[Route]:
        raise NotImplementedError

    def visible_text(self, message: Json) -> str:
        raise NotImplementedError

    def _recorded(self) -> list[list[Any]]:
        return [self.sent, self.rejected, self.refusals, self.failed]

    def _timeout_message(self, count: int, timeout: float) -> str:
        return (
            f"{type(self).__name__}: expected at least {count} accepted message(s) within {timeout:g}s, "
            f"got {len(self.sent)}; texts={self.texts()!r}; sent={self.sent!r}; "
            f"rejected={self.rejected!r}; refusals={self.refusals!r}; failed={len(self.failed)}"
        )

    def _record_refusal(self, refused: Refused, raw: bytes) -> None:
        with self._changed:
            self.rejected.append((refused.status, as_record(raw)))
            self.refusals.append(f"{refused.status}: {refused.reason}")
            self._changed.notify_all()

    def _record_sent(self, body: Json, after: Callable[[], None] | None = None) -> None:
        with self._changed:
            self.sent.append(body)
            if after is not None:
                after()
            self._changed.notify_all()

    def _take_failure(self, body: Json) -> tuple[int, int | None] | None:
        with self._changed:
            if not self._failures:
                return None
            self.failed.append(body)
            return self._failures.popleft()


# ---------------------------------------------------------------------------------------------
# WhatsApp Cloud API


_WA_TOP_LEVEL = {"messaging_product", "recipient_type", "to", "type", "context", "biz_opaque_callback_data"}
_WA_FAILURES = {
    429: (130429, "Rate limit hit", "Cloud API message throughput has been reached."),
    500: (131000, "Something went wrong", "Message failed to send because of an unknown error."),
    503: (2, "Service temporarily unavailable", "Temporary due to downtime or due to being overloaded."),
}
_WA_UNKNOWN_FAILURE = (1, "An unknown error occurred", "Invalid request or possible server error.")


def wa_check_message(body: Json) -> str:
    """Check a Cloud API send-message body; its type."""
    require(
        body.get("messaging_product") == "whatsapp",
        "The parameter messaging_product is required and must be 'whatsapp'",
    )
    require(body.get("recipient_type", "individual") == "individual", "recipient_type must be 'individual'")
    to = body.get("to")
    require(
        isinstance(to, str) and re.fullmatch(r"[0-9]{5,15}", to) is not None,
        f"to must be 5-15 digits, got {to!r}",
    )
    kind = body.get("type", "text")  # the documented default
    require(kind in _WA_CHECKS, f"type must be one of {sorted(_WA_CHECKS)}, got {kind!r}")
    check_keys(body, "the message", _WA_TOP_LEVEL | {kind})
    if "context" in body:
        check_text(check_object(body["context"], "context").get("message_id"), "context.message_id", 512)
    _WA_CHECKS[kind](check_object(body.get(kind), kind))
    return str(kind)


def wa_check_text(text: Json) -> None:
    check_keys(text, "text", {"body", "preview_url"})
    check_text(text.get("body"), "text.body", 4096)
    require(isinstance(text.get("preview_url", False), bool), "text.preview_url must be a boolean")


def wa_check_interactive(interactive: Json) -> None:
    kind = interactive.get("type")
    require(kind in ("button", "list"), f"interactive.type must be 'button' or 'list', got {kind!r}")
    check_keys(interactive, "interactive", {"type", "header", "body", "footer", "action"})
    body = check_object(interactive.get("body"), "interactive.body")
    check_text(body.get("text"), "interactive.body.text", 1024 if kind == "button" else 4096)
    if "header" in interactive:
        wa_check_header(check_object(interactive["header"], "interactive.header"), str(kind))
    if "footer" in interactive:
        check_text(
            check_object(interactive["footer"], "interactive.footer").get("text"),
            "interactive.footer.text",
            60,
        )
    action = check_object(interactive.get("action"), "interactive.action")
    if kind == "button":
        wa_check_buttons(action)
    else:
        wa_check_list(action)


def wa_check_header(header: Json, kind: str) -> None:
    media = ("image", "video", "document") if kind == "button" else ()
    require(
        header.get("type") in ("text", *media),
        f"interactive.header.type {header.get('type')!r} is not allowed here",
    )
    if header["type"] == "text":
        check_text(header.get("text"), "interactive.header.text", 60)
    else:
        wa_check_media(check_object(header.get(header["type"]), f"interactive.header.{header['type']}"))


def wa_check_buttons(action: Json) -> None:
    buttons = action.get("buttons")
    ok = isinstance(buttons, list) and 1 <= len(buttons) <= 3
    require(ok, f"action.buttons must hold 1-3 buttons, got {_preview(buttons)}")
    assert isinstance(buttons, list)
    ids, titles = [], []
    for button in buttons:
        require(
            isinstance(button, dict) and button.get("type") == "reply",
            "each button must be {'type': 'reply', ...}",
        )
        reply = check_object(button.get("reply"), "button.reply")
        ids.append(check_text(reply.get("id"), "button reply.id", 256))
        titles.append(check_text(reply.get("title"), "button reply.title", 20))
    check_unique(ids, "button ids")
    check_unique(titles, "button titles")


def wa_check_list(action: Json) -> None:
    check_text(action.get("button"), "action.button", 20)
    sections = action.get("sections")
    ok = isinstance(sections, list) and 1 <= len(sections) <= 10
    require(ok, f"action.sections must hold 1-10 sections, got {_preview(sections)}")
    assert isinstance(sections, list)
    rows = [row for section in sections for row in wa_section_rows(section, titled=len(sections) > 1)]
    require(len(rows) <= 10, f"a list message holds at most 10 rows in total, got {len(rows)}")
    check_unique([row["id"] for row in rows], "row ids")


def wa_section_rows(section: object, *, titled: bool) -> list[Json]:
    section = check_object(section, "section")
    if titled or "title" in section:
        check_text(section.get("title"), "section.title (required with more than one section)", 24)
    rows = section.get("rows")
    require(isinstance(rows, list) and len(rows) >= 1, "each section needs at least one row")
    assert isinstance(rows, list)
    for row in rows:
        row = check_object(row, "row")
        check_keys(row, "row", {"id", "title", "description"})
        check_text(row.get("id"), "row.id", 200)
        check_text(row.get("title"), "row.title", 24)
        if "description" in row:
            check_text(row["description"], "row.description", 72, min_len=0)
    return rows


def wa_check_template(template: Json) -> None:
    check_text(template.get("name"), "template.name", 512)
    language = check_object(template.get("language"), "template.language")
    check_text(language.get("code"), "template.language.code", 15)
    require(isinstance(template.get("components", []), list), "template.components must be an array")


def wa_check_document(document: Json) -> None:
    check_keys(document, "document", {"id", "link", "filename", "caption"})
    wa_check_media(document)
    if "filename" in document:
        check_text(document["filename"], "document.filename", 240)
    if "caption" in document:
        check_text(document["caption"], "document.caption", 1024)


def wa_check_media(media: Json) -> None:
    require(("id" in media) != ("link" in media), "a media object needs exactly one of id or link")
    if "link" in media:
        link = media["link"]
        require(
            isinstance(link, str) and link.startswith(("https://", "http://")),
            f"link must be an http(s) URL, got {link!r}",
        )
    else:
        check_text(media["id"], "media id", 64)


_WA_CHECKS: dict[str, Callable[[Json], None]] = {
    "text": wa_check_text,
    "interactive": wa_check_interactive,
    "template": wa_check_template,
    "document": wa_check_document,
}


def graph_error(code: int, message: str, details: str = "", subcode: int | None = None) -> Json:
    """A Graph API error body."""
    error: Json = {"message": message, "type": "OAuthException", "code": code}
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = "A" + uuid.uuid4().hex[:22]
    return {"error": error}


class WhatsAppStandIn(StandIn):
    """The WhatsApp Cloud API: POST /{version}/{phone_number_id}/messages and /media."""

    def __init__(
        self, *, token: str = "wa-test-token", phone_number_id: str = "1234567890", version: str = "v21.0"
    ) -> None:
        self.token = token
        self.phone_number_id = phone_number_id
        self.version = version
        self.wamids: list[str] = []  # the id answered for each entry of `sent`, same order
        self.uploads: list[Json] = []
        self._ids = itertools.count(1)
        super().__init__()

    @property
    def base_url(self) -> str:
        """What the gateway gets as MW_WHATSAPP_API_URL."""
        return f"{self.origin}/{self.version}"

    def visible_text(self, message: Json) -> str:
        kind = message.get("type", "text")
        if kind == "text":
            return str(message["text"]["body"])
        if kind == "interactive":
            return str(message["interactive"]["body"]["text"])
        if kind == "template":
            return str(message["template"]["name"])
        document = message.get("document", {})
        return str(document.get("caption") or document.get("filename") or document.get("link") or "")

    def _routes(self) -> list[Route]:
        return [
            Route("/{version}/{phone_number_id}/messages", self._messages, methods=["POST"]),
            Route("/{version}/{phone_number_id}/media", self._media, methods=["POST"]),
            Route("/{path:path}", self._unknown, methods=ALL_METHODS),
        ]

    def _recorded(self) -> list[list[Any]]:
        return [*super()._recorded(), self.wamids, self.uploads]

    # -- endpoints

    async def _messages(self, request: Request) -> Response:
        raw = await request.body()
        try:
            self._check_request(request)
            body = json_body(request.headers.get("content-type", ""), raw)
            wa_check_message(body)
        except Refused as refused:
            return self._refuse(refused, raw)
        failure = self._take_failure(body)
        if failure is not None:
            return self._failure(*failure)
        wamid = f"wamid.{uuid.uuid4().hex.upper()}"
        self._record_sent(body, after=lambda: self.wamids.append(wamid))
        contacts = [{"input": body["to"], "wa_id": body["to"]}]
        return JSONResponse(
            {"messaging_product": "whatsapp", "contacts": contacts, "messages": [{"id": wamid}]}
        )

    async def _media(self, request: Request) -> Response:
        raw = await request.body()
        try:
            self._check_request(request)
            upload = self._upload(multipart_body(request.headers.get("content-type", ""), raw))
        except Refused as refused:
            return self._refuse(refused, raw)
        with self._changed:
            self.uploads.append(upload)
        return JSONResponse({"id": upload["id"]})

    async def _unknown(self, request: Request) -> Response:
        refused = Refused(
            400,
            f"unknown path {request.method} {request.url.path}",
            code=2500,
            title="Unknown path components",
        )
        return self._refuse(refused, await request.body())

    # -- checks and answers

    def _check_request(self, request: Request) -> None:
        if request.headers.get("authorization") != f"Bearer {self.token}":
            raise Refused(
                401,
                "missing or wrong Authorization: Bearer <token>",
                code=190,
                title="Invalid OAuth access token - Cannot parse access token",
            )
        version, phone_number_id = request.path_params["version"], request.path_params["phone_number_id"]
        if version != self.version or phone_number_id != self.phone_number_id:
            raise Refused(
                400,
                f"unknown version or phone number id in {request.url.path}",
                code=100,
                subcode=33,
                title=f"Unsupported post request. Object with ID '{phone_number_id}' does not exist",
            )

    def _upload(self, fields: dict[str, FormPart]) -> Json:
        require(
            "messaging_product" in fields and fields["messaging_product"].text == "whatsapp",
            "messaging_product must be 'whatsapp'",
        )
        require("type" in fields and "/" in fields["type"].text, "type (the file's MIME type) is required")
        file = fields.get("file")
        require(file is not None and file.filename is not None, "file (a file part) is required")
        assert file is not None
        require(len(file.data) > 0, "the uploaded file is empty")
        media_id = f"{next(self._ids) + 10**15}"
        return {
            "id": media_id,
            "filename": file.filename,
            "content_type": file.content_type,
            "type": fields["type"].text,
            "size": len(file.data),
        }

    def _refuse(self, refused: Refused, raw: bytes) -> JSONResponse:
        self._record_refusal(refused, raw)
        title = refused.title or f"(#{refused.code}) Invalid parameter"
        details = "" if refused.status == 401 else refused.reason
        return JSONResponse(
            graph_error(refused.code, title, details, refused.subcode), status_code=refused.status
        )

    def _failure(self, status: int, retry_after: int | None) -> JSONResponse:
        code, title, details = _WA_FAILURES.get(status, _WA_UNKNOWN_FAILURE)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
        return JSONResponse(
            graph_error(code, f"(#{code}) {title}", details), status_code=status, headers=headers
        )


# ---------------------------------------------------------------------------------------------
# Telegram Bot API


_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_PARSE_MODES = {"HTML", "MarkdownV2", "Markdown"}


def tg_check_chat_id(body: Json) -> None:
    chat_id = body.get("chat_id")
    ok = (isinstance(chat_id, int) and not isinstance(chat_id, bool)) or (
        isinstance(chat_id, str) and chat_id != ""
    )
    require(ok, f"chat_id is empty (got {chat_id!r})")


def tg_check_send_message(body: Json) -> None:
    tg_check_chat_id(body)
    text = body.get("text")
    require(isinstance(text, str) and text != "", "message text is empty")
    assert isinstance(text, str)
    require(len(text) <= 4096, f"message is too long ({len(text)} characters, at most 4096)")
    tg_check_parse_mode(body)
    if "reply_markup" in body:
        tg_check_markup(body["reply_markup"])


def tg_check_parse_mode(body: Json) -> None:
    mode = body.get("parse_mode")
    require(mode is None or mode in _PARSE_MODES, f"unsupported parse_mode {mode!r}")


def tg_check_markup(markup: object) -> None:
    keyboard = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    ok = isinstance(keyboard, list) and all(isinstance(row, list) for row in keyboard)
    require(
        ok,
        "can't parse inline keyboard: reply_markup.inline_keyboard must be an array of button rows, "
        f"got {_preview(markup)}",
    )
    assert isinstance(keyboard, list)
    for row in keyboard:
        for button in row:
            tg_check_button(button)


def tg_check_button(button: object) -> None:
    button = check_object(button, "inline keyboard button")
    check_keys(button, "inline keyboard button", {"text", "callback_data", "url"})
    check_text(button.get("text"), "inline keyboard button text", 4096)
    require(
        ("callback_data" in button) != ("url" in button),
        "an inline keyboard button needs exactly one of callback_data or url",
    )
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(data.encode("utf-8")) if isinstance(data, str) else -1
        require(
            1 <= size <= 64,
            f"BUTTON_DATA_INVALID: callback_data must be 1-64 bytes UTF-8, got {size} ({data!r})",
        )
    else:
        url = button["url"]
        require(
            isinstance(url, str) and url.startswith(("https://", "http://", "tg://")),
            f"BUTTON_URL_INVALID: {url!r}",
        )


def tg_check_answer(body: Json) -> None:
    check_text(body.get("callback_query_id"), "callback_query_id", 256)
    if "text" in body:
        check_text(body["text"], "text", 200, min_len=0)
    require(isinstance(body.get("show_alert", False), bool), "show_alert must be a boolean")


def tg_check_webhook(body: Json) -> None:
    url = body.get("url")
    require(
        isinstance(url, str) and (url == "" or url.startswith(("https://", "http://"))),
        f"bad webhook url {url!r}",
    )
    if "secret_token" in body:
        token = body["secret_token"]
        ok = isinstance(token, str) and _SECRET_TOKEN.fullmatch(token) is not None
        require(ok, f"secret_token must be 1-256 characters of A-Z, a-z, 0-9, _ and -, got {_preview(token)}")


def tg_error(status: int, description: str, retry_after: int | None = None) -> Json:
    body: Json = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return body


def _failure_description(status: int, retry_after: int) -> str:
    if status == 429:
        return f"Too Many Requests: retry after {retry_after}"
    with contextlib.suppress(ValueError):
        return HTTPStatus(status).phrase
    return "Internal Server Error"


class TelegramStandIn(StandIn):
    """The Telegram Bot API: POST /bot{token}/{method}."""

    def __init__(self, *, token: str = "123456:test-token") -> None:
        self.token = token
        self.message_ids: list[int] = []  # the message_id answered for each entry of `sent`
        self.callback_answers: list[Json] = []
        self.webhooks: list[Json] = []
        self.documents: list[Json] = []
        self._message_ids = itertools.count(1)
        bot_id = token.split(":")[0]
        self.bot: Json = {
            "id": int(bot_id) if bot_id.isdigit() else 1,
            "is_bot": True,
            "first_name": "Mantelwijzer",
            "username": "mantelwijzer_test_bot",
        }
        super().__init__()

    @property
    def base_url(self) -> str:
        """What the gateway gets as MW_TELEGRAM_API_URL; it calls {base_url}/bot{token}/{method}."""
        return self.origin

    def visible_text(self, message: Json) -> str:
        return str(message.get("text", ""))

    def _routes(self) -> list[Route]:
        return [
            Route("/bot{token}/{method}", self._method, methods=["GET", "POST"]),
            Route("/{path:path}", self._unknown, methods=ALL_METHODS),
        ]

    def _recorded(self) -> list[list[Any]]:
        return [*super()._recorded(), self.message_ids, self.callback_answers, self.webhooks, self.documents]

    # -- endpoints

    async def _method(self, request: Request) -> Response:
        raw = await request.body()
        content_type = request.headers.get("content-type", "")
        handlers: dict[str, Callable[[str, bytes], JSONResponse]] = {
            "sendmessage": self._send_message,
            "senddocument": self._send_document,
            "answercallbackquery": self._answer_callback_query,
            "setwebhook": self._set_webhook,
            "deletewebhook": lambda _type, _raw: self._ok(True),
            "getme": lambda _type, _raw: self._ok(self.bot),
        }
        handler = handlers.get(request.path_params["method"].lower())  # methods are case-insensitive
        try:
            if request.path_params["token"] != self.token:
                raise Refused(401, "Unauthorized")
            if handler is None:
                raise Refused(404, "Not Found")
            return handler(content_type, raw)
        except Refused as refused:
            return self._refuse(refused, raw)

    async def _unknown(self, request: Request) -> Response:
        return self._refuse(Refused(404, "Not Found"), await request.body())

    # -- methods

    def _send_message(self, content_type: str, raw: bytes) -> JSONResponse:
        body = json_body(content_type, raw)
        tg_check_send_message(body)
        failure = self._take_failure(body)
        if failure is not None:
            return self._failure(*failure)
        message = self._message(body["chat_id"], text=body["text"])
        if "reply_markup" in body:
            message["reply_markup"] = body["reply_markup"]
        self._record_sent(body, after=lambda: self.message_ids.append(message["message_id"]))
        return self._ok(message)

    def _send_document(self, content_type: str, raw: bytes) -> JSONResponse:
        record = self._document_record(content_type, raw)
        failure = self._take_failure(record)
        if failure is not None:
            return self._failure(*failure)
        message = self._message(record["chat_id"], caption=record["caption"])
        message["document"] = {
            "file_name": record["filename"],
            "mime_type": record["content_type"],
            "file_id": f"BQAC{uuid.uuid4().hex}",
            "file_unique_id": uuid.uuid4().hex[:16],
            "file_size": record["size"],
        }
        record["message_id"] = message["message_id"]
        with self._changed:
            self.documents.append(record)
        return self._ok(message)

    def _answer_callback_query(self, content_type: str, raw: bytes) -> JSONResponse:
        body = json_body(content_type, raw)
        tg_check_answer(body)
        with self._changed:
            self.callback_answers.append(body)
        return self._ok(True)

    def _set_webhook(self, content_type: str, raw: bytes) -> JSONResponse:
        is_form = content_type.lower().startswith("application/x-www-form-urlencoded")
        body = form_body(content_type, raw) if is_form else json_body(content_type, raw)
        tg_check_webhook(body)
        with self._changed:
            self.webhooks.append(body)
        return self._ok(True, description="Webhook was set")

    # -- helpers

    def _document_record(self, content_type: str, raw: bytes) -> Json:
        """sendDocument's fields: multipart with a file, or JSON with a file_id or URL."""
        if content_type.lower().startswith("multipart/form-data"):
            fields = multipart_body(content_type, raw)
            body: Json = {name: part.text for name, part in fields.items() if part.filename is None}
            file = fields.get("document")
            require(
                file is not None and file.filename is not None and file.data != b"",
                "there is no document in the request",
            )
            assert file is not None
            body["reply_markup"] = json_field(body, "reply_markup")
            filename, file_type, size = file.filename, file.content_type, len(file.data)
        else:
            body = json_body(content_type, raw)
            check_text(body.get("document"), "document (a file_id or URL)", 2048)
            filename, file_type, size = None, None, 0
        tg_check_chat_id(body)
        tg_check_parse_mode(body)
        if body.get("reply_markup") is not None:
            tg_check_markup(body["reply_markup"])
        caption = body.get("caption")
        require(
            caption is None or (isinstance(caption, str) and len(caption) <= 1024),
            "caption is too long (at most 1024 characters)",
        )
        return {
            "chat_id": body["chat_id"],
            "filename": filename,
            "content_type": file_type,
            "size": size,
            "caption": caption,
        }

    def _message(self, chat_id: int | str, **content: Any) -> Json:
        chat: Json = (
            {"id": int(chat_id), "type": "private"}
            if re.fullmatch(r"-?[0-9]+", str(chat_id))
            else {"id": -1001, "type": "channel", "username": str(chat_id).lstrip("@")}
        )
        message: Json = {
            "message_id": next(self._message_ids),
            "from": self.bot,
            "chat": chat,
            "date": int(time.time()),
        }
        message.update({key: value for key, value in content.items() if value is not None})
        return message

    def _ok(self, result: Any, description: str | None = None) -> JSONResponse:
        body: Json = {"ok": True, "result": result}
        if description is not None:
            body["description"] = description
        return JSONResponse(body)

    def _refuse(self, refused: Refused, raw: bytes) -> JSONResponse:
        self._record_refusal(refused, raw)
        description = f"Bad Request: {refused.reason}" if refused.status == 400 else refused.reason
        return JSONResponse(tg_error(refused.status, description), status_code=refused.status)

    def _failure(self, status: int, retry_after: int | None) -> JSONResponse:
        if status == 429:
            wait = 1 if retry_after is None else retry_after
            return JSONResponse(tg_error(429, _failure_description(429, wait), wait), status_code=429)
        return JSONResponse(tg_error(status, _failure_description(status, 0)), status_code=status)
