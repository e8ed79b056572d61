"""POST …/overview/mail through a real SMTP server started by the test (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from api.mail import SmtpServer, valid_address
from tests.api.conftest import Gateway, GatewayFactory, make_settings
from tests.api.documents_support import overview_reply, pdf_text
from tests.smtp_server import Inbox, smtp_server
from tests.stack_fixture import free_port

ADDRESS = "mantelzorger@example.nl"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as running:
        yield running


def _gateway_with_mail(make_gateway: GatewayFactory, port: int, **changes: Any) -> Gateway:
    gateway = make_gateway(
        smtp_url=f"smtp://127.0.0.1:{port}", mail_from="Mantelwijzer <noreply@example.nl>", **changes
    )
    gateway.rasa.reply = overview_reply()
    return gateway


def test_the_overview_is_mailed_with_text_and_the_pdf_attached(
    make_gateway: GatewayFactory, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    gateway = _gateway_with_mail(make_gateway, port)
    conversation = gateway.start()
    conversation.say("mijn situatie")

    response = gateway.client.post(
        f"{conversation.url}/overview/mail", json={"email": ADDRESS}, headers=conversation.headers
    )

    assert response.status_code == 202
    assert response.json() == {"status": "sent"}
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == [ADDRESS]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "Je overzicht van Mantelwijzer"
    assert message["From"] == "Mantelwijzer <noreply@example.nl>"
    body = message.get_body(("plain",))
    assert body is not None and "maximaal 64 uur kortdurend" in body.get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert (attachment.get_filename() or "").startswith("mantelwijzer-overzicht-")
    assert "maximaal 64 uur kortdurend" in pdf_text(attachment.get_content())


def test_the_address_is_not_stored_or_logged(
    make_gateway: GatewayFactory, smtp: tuple[Inbox, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gateway = _gateway_with_mail(make_gateway, smtp[1])
    conversation = gateway.start()
    conversation.say("mijn situatie")

    gateway.client.post(
        f"{conversation.url}/overview/mail", json={"email": ADDRESS}, headers=conversation.headers
    )

    stored = gateway.rows("SELECT payload, text FROM messages") + gateway.rows("SELECT * FROM conversations")
    assert ADDRESS not in repr(stored)
    assert ADDRESS not in " ".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)


def test_without_smtp_url_the_answer_is_503_with_a_clear_error(gateway: Gateway) -> None:
    conversation = gateway.start()

    response = gateway.client.post(
        f"{conversation.url}/overview/mail", json={"email": ADDRESS}, headers=conversation.headers
    )

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "mail_not_configured"
    assert "geen mailserver" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "address",
    ["geen-adres", "a@b", "a@example.nl\r\nBcc: x@example.nl", "Naam <a@example.nl>", "a@@example.nl"],
)
def test_a_bad_address_gets_422_in_dutch(
    make_gateway: GatewayFactory, smtp: tuple[Inbox, int], address: str
) -> None:
    inbox, port = smtp
    gateway = _gateway_with_mail(make_gateway, port)
    conversation = gateway.start()

    response = gateway.client.post(
        f"{conversation.url}/overview/mail", json={"email": address}, headers=conversation.headers
    )

    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "invalid_email",
        "message": "Dit e-mailadres klopt niet. Controleer het, bijvoorbeeld naam@voorbeeld.nl.",
        "field": "email",
    }
    assert inbox.envelopes == []


def test_mail_without_an_overview_is_409(make_gateway: GatewayFactory, smtp: tuple[Inbox, int]) -> None:
    gateway = _gateway_with_mail(make_gateway, smtp[1])
    conversation = gateway.start()

    response = gateway.client.post(
        f"{conversation.url}/overview/mail", json={"email": ADDRESS}, headers=conversation.headers
    )

    assert response.status_code == 409 and response.json()["error"]["code"] == "no_overview"


def test_mail_is_rate_limited_per_conversation(make_gateway: GatewayFactory, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    gateway = _gateway_with_mail(make_gateway, port, mail_per_conversation_per_hour=1)
    conversation, other = gateway.start(), gateway.start()
    conversation.say("mijn situatie")
    other.say("mijn situatie")
    url = f"{conversation.url}/overview/mail"

    first = gateway.client.post(url, json={"email": ADDRESS}, headers=conversation.headers)
    second = gateway.client.post(url, json={"email": ADDRESS}, headers=conversation.headers)
    elsewhere = gateway.client.post(
        f"{other.url}/overview/mail", json={"email": ADDRESS}, headers=other.headers
    )

    assert (first.status_code, second.status_code, elsewhere.status_code) == (202, 429, 202)
    assert second.json()["error"]["code"] == "rate_limited" and int(second.headers["retry-after"]) > 0
    assert len(inbox.envelopes) == 2


def test_a_mail_server_that_is_down_gives_502(make_gateway: GatewayFactory) -> None:
    gateway = _gateway_with_mail(make_gateway, free_port())
    conversation = gateway.start()
    conversation.say("mijn situatie")

    response = gateway.client.post(
        f"{conversation.url}/overview/mail", json={"email": ADDRESS}, headers=conversation.headers
    )

    assert response.status_code == 502
    assert response.json()["error"]["code"] == "mail_failed"


def test_smtp_urls_are_read_with_their_defaults_and_credentials() -> None:
    assert SmtpServer.parse("smtp://mail.local") == SmtpServer("smtp", "mail.local", 25)
    assert SmtpServer.parse("smtps://u%40x:p%3Aw@mail.example.nl") == SmtpServer(
        "smtps", "mail.example.nl", 465, "u@x", "p:w"
    )
    assert SmtpServer.parse("smtp+starttls://u:pw@mail.example.nl:2525").port == 2525
    for bad in ("http://mail", "smtp://", "smtp://host:port"):
        with pytest.raises(ValueError):
            SmtpServer.parse(bad)


def test_a_bad_smtp_url_stops_the_settings_without_showing_the_password(tmp_path: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        make_settings("sqlite:///x.db", tmp_path / "t.db", smtp_url="imap://user:geheim@host")
    # load_settings prints each error's message (not the input): it names the problem only
    messages = [error["msg"] for error in caught.value.errors()]
    assert messages and all("geheim" not in message for message in messages)
    assert "smtp://" in messages[0]


def test_valid_addresses() -> None:
    assert valid_address("a.b+c@example.co.uk")
    assert not valid_address("a@example")
    assert not valid_address("x" * 250 + "@example.nl")
