"""python -m api.desk.cli: tenants with opening hours, accounts with passwords from stdin."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from api.desk.accounts import AccountStore
from api.desk.cli import main
from api.desk.passwords import verify_password
from api.desk.sessions import SessionStore
from api.store.db import make_engine

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'gateway.db'}"
    monkeypatch.setenv("MW_DATABASE_URL", url)
    return url


def run(monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(list(args))


def test_create_tenant_and_agent_then_list(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(monkeypatch, "create-tenant", "gemeente-a", "--name", "Gemeente A", "--hours", "ma-vr 9:00-17:00")
        == 0
    )
    assert run(
        monkeypatch, "create-agent", "--tenant", "gemeente-a", "--email", "Anna@A.nl", "--name", "Anna",
        stdin="een-lang-wachtwoord\n",
    ) == 0  # fmt: skip
    assert run(monkeypatch, "list-agents") == 0
    out = capsys.readouterr().out
    assert "Organisatie gemeente-a (Gemeente A) gemaakt; open: ma-vr 09:00-17:00 (Europe/Amsterdam)." in out
    assert "gemeente-a\tanna@a.nl\tAnna\tagent\tactief" in out
    agent = AccountStore(make_engine(database)).agent_by_email("anna@a.nl")
    assert agent is not None and verify_password(agent.password_hash, "een-lang-wachtwoord")


def test_a_password_is_never_an_argument(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    run(monkeypatch, "create-tenant", "t", "--name", "T")
    with pytest.raises(SystemExit) as exit_info:
        run(
            monkeypatch,
            "create-agent",
            "--tenant",
            "t",
            "--email",
            "a@t.nl",
            "--name",
            "A",
            "--password",
            "x",
        )
    assert exit_info.value.code == 2


def test_a_short_password_is_refused_with_one_dutch_line(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run(monkeypatch, "create-tenant", "t", "--name", "T")
    code = run(
        monkeypatch, "create-agent", "--tenant", "t", "--email", "a@t.nl", "--name", "A", stdin="kort\n"
    )
    assert code == 1
    assert capsys.readouterr().err == "Fout: Het wachtwoord is te kort: gebruik minstens 12 tekens.\n"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("create-tenant", "t", "--name", "T", "--hours", "ma 18:00-09:00"), "de sluittijd moet na"),
        (("create-tenant", "t t", "--name", "T"), "De code mag"),
        (("create-tenant", "t", "--name", "T", "--timezone", "Mars/Olympus"), "Onbekende tijdzone"),
        (("create-agent", "--tenant", "nee", "--email", "a@b.nl", "--name", "A"), "bestaat niet"),
        (("create-agent", "--tenant", "nee", "--email", "geen-adres", "--name", "A"), "geen e-mailadres"),
        (("set-hours", "nee", "--hours", "altijd"), "bestaat niet"),
    ],
)
def test_bad_input_is_one_clear_line(
    database: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    error: str,
) -> None:
    assert run(monkeypatch, *args, stdin="een-lang-wachtwoord\n") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert error in err


def test_a_duplicate_account_is_refused(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run(monkeypatch, "create-tenant", "t", "--name", "T")
    args = ("create-agent", "--tenant", "t", "--email", "a@t.nl", "--name", "A")
    assert run(monkeypatch, *args, stdin="een-lang-wachtwoord\n") == 0
    assert run(monkeypatch, *args, stdin="een-lang-wachtwoord\n") == 1
    assert "Er is al een account met het e-mailadres a@t.nl." in capsys.readouterr().err


def test_set_password_ends_the_sessions(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    run(monkeypatch, "create-tenant", "t", "--name", "T")
    run(
        monkeypatch,
        "create-agent",
        "--tenant",
        "t",
        "--email",
        "a@t.nl",
        "--name",
        "A",
        stdin="een-lang-wachtwoord\n",
    )
    accounts = AccountStore(make_engine(database))
    agent = accounts.agent_by_email("a@t.nl")
    assert agent is not None
    sessions = SessionStore(accounts.engine, idle=timedelta(hours=1), lifetime=timedelta(hours=1))
    token = sessions.create(agent.id)
    assert run(monkeypatch, "set-password", "--email", "a@t.nl", stdin="nog-een-lang-wachtwoord\n") == 0
    assert sessions.check(token).status == "unknown"


def test_it_runs_as_a_module(tmp_path: Path) -> None:
    env = {"MW_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "api.desk.cli", "list-tenants"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stdout) == (0, "Nog geen organisaties.\n")
