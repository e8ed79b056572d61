"""Sending one mail through SMTP, configured by MW_SMTP_URL:

    smtp://host:port             plain (a relay on the same host or network)
    smtp+starttls://user:pw@host:587   upgraded with STARTTLS before logging in
    smtps://user:pw@host:465     TLS from the start

User and password are percent-decoded from the URL. Synchronous (smtplib): call it in a worker
thread. The recipient's address is never logged: errors are re-raised as `MailError` without
the server's text, which may quote it.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
MAX_ADDRESS = 254
_ADDRESS_RE = re.compile(
    r"^[^@\s<>(),;:\"\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})+$"
)


class MailError(Exception):
    """Sending failed; `reason` is a short English word for logs (never the server's text)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SmtpServer:
    scheme: str
    host: str
    port: int
    username: str | None = None
    password: str | None = None

    @classmethod
    def parse(cls, url: str) -> SmtpServer:
        """Raises ValueError (without the password) for a URL that is not smtp://, smtps:// or
        smtp+starttls:// with a host."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in SCHEMES:
            raise ValueError("use smtp://, smtp+starttls:// or smtps://")
        try:
            port = parts.port or SCHEMES[scheme]
        except ValueError:
            raise ValueError("the port is not a number") from None
        if not parts.hostname:
            raise ValueError("the URL has no host")
        return cls(
            scheme=scheme,
            host=parts.hostname,
            port=port,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


def valid_address(address: str) -> bool:
    """A plain address (name@example.nl), one recipient, no display name, no header tricks."""
    if not isinstance(address, str) or len(address) > MAX_ADDRESS or not _ADDRESS_RE.match(address):
        return False
    try:
        Address(addr_spec=address)
    except (ValueError, IndexError, TypeError):
        return False
    return True


def message_with_pdf(
    sender: str, recipient: str, subject: str, text: str, pdf: bytes, filename: str
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="mantelwijzer")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return message


def send(server: SmtpServer, message: EmailMessage, timeout: float = 15.0) -> None:
    """Hands the message to the SMTP server; raises MailError when it is not accepted."""
    context = ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if server.scheme == "smtps":
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=timeout)
        with client:
            if server.scheme == "smtp+starttls":
                client.starttls(context=context)
            if server.username:
                client.login(server.username, server.password or "")
            client.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise MailError("authentication") from None
    except smtplib.SMTPRecipientsRefused:
        raise MailError("recipient_refused") from None
    except smtplib.SMTPException:
        raise MailError("smtp") from None
    except (OSError, ssl.SSLError):
        raise MailError("connection") from None
