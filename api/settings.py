"""Gateway settings: every knob is an environment variable with the prefix `MW_` (or a `.env` line)."""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

API_DIR = Path(__file__).resolve().parent

CommaList = Annotated[tuple[str, ...], NoDecode]


def _split_commas(value: object) -> object:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return value


class Settings(BaseSettings):
    """Read once at start-up (`Settings()`); tests build their own and pass them to `create_app`."""

    model_config = SettingsConfigDict(env_prefix="MW_", env_file=".env", extra="ignore", frozen=True)

    # Storage
    database_url: str = "sqlite:///var/gateway.db"
    migrate_on_startup: bool = True

    # Rasa and the action server
    rasa_url: CommaList = ("http://127.0.0.1:5005",)
    rasa_secret: str = ""
    rasa_token: str = ""
    rasa_connect_timeout: float = Field(default=2.0, gt=0)
    rasa_read_timeout: float = Field(default=30.0, gt=0)
    rasa_tracker_db_url: str = "sqlite:///var/rasa-tracker.db"
    action_server_url: str = "http://127.0.0.1:5055"
    health_timeout: float = Field(default=2.0, gt=0)

    # Web
    cors_origins: CommaList = ("http://localhost:8000", "http://127.0.0.1:8000")
    static_dir: Path = API_DIR / "static"
    max_text_length: int = Field(default=2000, ge=1)
    max_body_bytes: int = Field(default=16_384, ge=1024)
    sse_heartbeat_seconds: float = Field(default=15.0, gt=0)
    # Addresses (or networks) of reverse proxies whose X-Forwarded-For is believed; empty: none
    trusted_proxies: CommaList = ()

    # Abuse protection (in Redis when MW_EVENT_BUS_URL is set, so replicas count together;
    # else in memory, per gateway process)
    rate_limit_enabled: bool = True
    rate_messages_per_conversation_per_minute: int = Field(default=20, ge=1)
    rate_messages_per_address_per_minute: int = Field(default=120, ge=1)
    rate_conversations_per_address_per_minute: int = Field(default=30, ge=1)

    # Handoff: without a desk every handoff answers "unavailable"
    desk_enabled: bool = False
    # Support desk (api/desk/README.md)
    desk_default_tenant: str = ""  # the desk that takes conversations started without a tenant
    # The intranet demo page (/intranet-demo.html) signs tokens for this tenant; empty: no demo
    intranet_demo_tenant: str = ""
    desk_timezone: str = "Europe/Amsterdam"  # of new tenants' opening hours
    desk_session_idle_minutes: float = Field(default=120.0, gt=0)
    desk_session_max_hours: float = Field(default=12.0, gt=0)
    desk_cookie_secure: bool = False  # the session cookie is Secure anyway on https requests
    desk_expected_wait_minutes: float = Field(default=5.0, gt=0)  # per person ahead, until measured
    # --- desk security (issue 16, point 5; api/desk/README.md "Security") ---
    # Login backoff, per account and per address (in the database: replicas agree): after this
    # many failures the next attempt waits 1 s, doubling up to the cap; a success resets the account
    desk_login_free_failures: int = Field(default=5, ge=1)
    desk_login_address_free_failures: int = Field(default=20, ge=1)  # an office may share one address
    desk_login_backoff_max_seconds: float = Field(default=300.0, ge=1)
    # Key of the keyed hashes of e-mail addresses and client addresses in `login_failures`; empty: a
    # random key kept in the database (set it to keep the key out of the database)
    desk_address_key: str = Field(default="", repr=False)
    # Password hashing's own threads, and how many logins may wait for them (beyond: 503)
    desk_hash_workers: int = Field(default=2, ge=1)
    desk_hash_queue: int = Field(default=8, ge=0)
    # After a handback or close, the desk sees the conversation for this long (then: 404)
    desk_visibility_minutes: float = Field(default=15.0, ge=0)
    # Queue flooding: conversations entering the queue, and left questions (with MW_RATE_LIMIT_ENABLED)
    rate_handoffs_per_address_per_10_minutes: int = Field(default=3, ge=1)
    rate_handoffs_per_desk_per_minute: int = Field(default=20, ge=1)
    rate_questions_per_address_per_10_minutes: int = Field(default=3, ge=1)
    rate_questions_per_desk_per_minute: int = Field(default=10, ge=1)

    # --- employers' own arrangements (issue 16, point 3; api/desk/README.md "Regelingen") ---
    # The active version of each tenant's uploaded file is written here as <tenant>.yml; the action
    # server reads the same folder (MW_EMPLOYERS_DIR in its environment; scripts/stack.py)
    employers_dir: Path = Path("var/employers")
    # Request body limit of an upload (the other routes keep MW_MAX_BODY_BYTES)
    arrangements_max_body_bytes: int = Field(default=262_144, ge=1024)

    # Events between parts of the gateway (and between replicas: redis://host:6379/0)
    bus_queue_size: int = Field(default=256, ge=1)
    event_bus_url: str = ""

    # Privacy
    retention_days: int = Field(default=30, ge=1)
    purge_on_startup: bool = True
    purge_interval_hours: float = Field(default=24.0, ge=0)
    # After an erasure, Rasa's tracker rows are deleted again every MW_ERASURE_SWEEP_SECONDS for
    # this long (a Rasa turn that outlived the gateway's timeout writes them back when it ends)
    erasure_recheck_minutes: float = Field(default=15.0, gt=0)
    erasure_sweep_seconds: float = Field(default=5.0, gt=0)

    log_level: str = "INFO"

    _split = field_validator("rasa_url", "cors_origins", "trusted_proxies", mode="before")(_split_commas)

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            try:
                ip_network(value, strict=False)
            except ValueError:
                raise ValueError(f"not an IP address or network: {value!r}") from None
        return values

    @field_validator("rasa_url")
    @classmethod
    def _strip_slashes(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        if not urls:
            raise ValueError("MW_RASA_URL needs at least one URL")
        return tuple(url.rstrip("/") for url in urls)

    @field_validator("database_url", "rasa_tracker_db_url")
    @classmethod
    def _database_url(cls, url: str) -> str:
        if url:
            try:
                make_url(url).get_dialect()
            except (ArgumentError, NoSuchModuleError) as exc:
                raise ValueError(f"not a database URL: {exc}") from None
        return url

    @field_validator("desk_timezone")
    @classmethod
    def _timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r} (use e.g. Europe/Amsterdam)") from None
        return name

    @field_validator("event_bus_url")
    @classmethod
    def _bus_url(cls, url: str) -> str:
        if url and not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("only redis://, rediss:// or unix:// URLs (or empty: in-process)")
        return url

    @field_validator("action_server_url")
    @classmethod
    def _strip_slash(cls, url: str) -> str:
        return url.rstrip("/")

    # --- documents and mail (issue 14; api/routes/documents.py) ---
    # smtp://host:port, smtp+starttls://user:pw@host:587 or smtps://user:pw@host:465; empty: no mail
    smtp_url: str = Field(default="", repr=False)
    mail_from: str = "Mantelwijzer <noreply@localhost>"
    mail_per_conversation_per_hour: int = Field(default=5, ge=1)

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url(cls, url: str) -> str:
        if url:
            from api.mail import SmtpServer

            SmtpServer.parse(url)  # ValueError names the problem, never the password
        return url

    # --- messaging channels (issue 15; docs/gateway.md, "Messaging channels"): on when their settings are set
    # Fernet key (urlsafe base64 of 32 bytes) for phone numbers and chat ids at rest; required with a channel
    channel_key: str = Field(default="", repr=False)
    whatsapp_api_url: str = ""  # the Graph API base with its version, e.g. https://graph.facebook.com/v21.0
    whatsapp_token: str = Field(default="", repr=False)
    whatsapp_app_secret: str = Field(default="", repr=False)
    whatsapp_verify_token: str = Field(default="", repr=False)
    whatsapp_phone_number_id: str = ""
    whatsapp_template: str = ""  # the approved template sent when the 24-hour window is closed
    whatsapp_template_language: str = "nl"
    telegram_api_url: str = "https://api.telegram.org"
    telegram_bot_token: str = Field(default="", repr=False)
    telegram_secret_token: str = Field(default="", repr=False)
    # The outbox: how often the sender looks for due messages, and when it gives a message up
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    outbox_backoff_max_seconds: float = Field(default=30.0, gt=0)
    outbox_give_up_hours: float = Field(default=24.0, gt=0)

    @property
    def whatsapp_enabled(self) -> bool:
        return all(
            (
                self.whatsapp_api_url,
                self.whatsapp_token,
                self.whatsapp_app_secret,
                self.whatsapp_verify_token,
                self.whatsapp_phone_number_id,
            )
        )

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token and self.telegram_secret_token)

    @field_validator("whatsapp_api_url", "telegram_api_url")
    @classmethod
    def _api_url(cls, url: str) -> str:
        if url and not url.startswith(("https://", "http://")):
            raise ValueError("an http(s) URL")
        return url.rstrip("/")

    @field_validator("channel_key")
    @classmethod
    def _channel_key(cls, key: str) -> str:
        if key:
            from cryptography.fernet import Fernet

            try:
                Fernet(key)
            except ValueError:
                raise ValueError(
                    "not a Fernet key (make one: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())')"
                ) from None
        return key

    @model_validator(mode="after")
    def _channels_need_a_key(self) -> Settings:
        if (self.whatsapp_enabled or self.telegram_enabled) and not self.channel_key:
            raise ValueError("MW_CHANNEL_KEY is needed when a messaging channel is on")
        return self


def load_settings() -> Settings:
    """Settings from the environment; a bad value ends the program with one clear line per problem."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"MW_{'_'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        )
        raise SystemExit(f"gateway settings: {problems}") from None
