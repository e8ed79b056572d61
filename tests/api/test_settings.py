"""Settings come from MW_* environment variables."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from api.settings import Settings, load_settings


def test_defaults_match_the_documented_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in __import__("os").environ if n.startswith("MW_")]:
        monkeypatch.delenv(name)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_url == "sqlite:///var/gateway.db"
    assert settings.rasa_tracker_db_url == "sqlite:///var/rasa-tracker.db"
    assert settings.retention_days == 30
    assert settings.max_text_length == 2000
    assert settings.sse_heartbeat_seconds == 15
    assert (settings.rasa_connect_timeout, settings.rasa_read_timeout) == (2, 30)


def test_environment_variables_with_prefix_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_RASA_URL", "http://a:5005/, http://b:5005")
    monkeypatch.setenv("MW_CORS_ORIGINS", "https://x.nl,https://y.nl")
    monkeypatch.setenv("MW_RETENTION_DAYS", "7")
    monkeypatch.setenv("MW_RATE_LIMIT_ENABLED", "false")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.rasa_url == ("http://a:5005", "http://b:5005")
    assert settings.cors_origins == ("https://x.nl", "https://y.nl")
    assert settings.retention_days == 7
    assert settings.rate_limit_enabled is False


def test_env_file_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("MW_RASA_SECRET=from-file\n", encoding="utf-8")
    assert Settings(_env_file=env_file).rasa_secret == "from-file"  # type: ignore[call-arg]


def test_bad_value_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_RETENTION_DAYS", "0")
    with pytest.raises(ValidationError, match="retention_days"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_unknown_database_kind_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_DATABASE_URL", "mysterydb://somewhere/db")
    with pytest.raises(ValidationError, match="database_url"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_bad_setting_stops_the_program_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_RATE_LIMIT_ENABLED", "perhaps")
    with pytest.raises(SystemExit) as stopped:
        load_settings()
    assert str(stopped.value).startswith("gateway settings: MW_RATE_LIMIT_ENABLED: ")
    assert "\n" not in str(stopped.value)
