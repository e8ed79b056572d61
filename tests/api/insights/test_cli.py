"""python -m api.desk.cli insights TENANT [--month] [--json], tenant-municipality, and
create-tenant --municipality."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from api.desk.cli import main
from api.insights.store import InsightStore, last_finished_month, month_of
from api.store.db import make_engine
from api.store.records import utcnow
from tests.api.insights.conftest import add_rows

HIDDEN = {"suppressed": True}


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'gateway.db'}"
    monkeypatch.setenv("MW_DATABASE_URL", url)
    return url


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tenant(database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    code, _, err = run(
        monkeypatch, capsys, "create-tenant", "gemeente-a", "--name", "Gemeente A", "--municipality", "gm0153"
    )
    assert code == 0, err
    engine = make_engine(database)
    try:
        month = last_finished_month(utcnow())
        add_rows(engine, 11, month, "gemeente-a", needs=["leave"], burden="light", asked_for_person=True)
        add_rows(engine, 10, month, "gemeente-a", needs=["money"], burden="heavy")
        add_rows(engine, 9, month, "gemeente-a", needs=["leave"], burden="moderate")
        add_rows(engine, 12, month, None, municipality="GM0153", needs=["respite"], burden="heavy")
        add_rows(engine, 12, "2026-01", "gemeente-a")
    finally:
        engine.dispose()
    return "gemeente-a"


def test_create_tenant_with_a_municipality(tenant: str, database: str) -> None:
    engine = make_engine(database)
    assert InsightStore(engine).tenant(tenant).municipality == "GM0153"
    engine.dispose()


def test_insights_as_json(
    tenant: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, "insights", tenant, "--json")
    assert code == 0
    data = json.loads(out)
    assert (
        data["tenant"] == tenant
        and data["month"] == last_finished_month(utcnow())
        and data["min_group"] == 10
    )
    own, public = data["views"]
    assert own["conversations"] == 30
    assert own["burden"] == {"light": 11, "moderate": HIDDEN, "heavy": HIDDEN, "unknown": HIDDEN}
    assert own["needs"]["leave"] == 20 and own["needs"]["money"] == 10
    assert own["asked_for_person"] == {"yes": 11, "no": 19}
    assert public == {**public, "scope": "municipality", "municipality": "GM0153", "conversations": 12}
    assert public["needs"]["respite"] == 12


def test_insights_of_another_month(
    tenant: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, "insights", tenant, "--month", "2026-01", "--json")
    assert code == 0
    assert json.loads(out)["views"][0]["conversations"] == 12


def test_insights_as_a_dutch_table(
    tenant: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, "insights", tenant)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Inzicht voor Gemeente A, ")
    assert "Gesprekken via Gemeente A" in lines
    assert "Openbare website: naasten die in Enschede wonen" in lines
    assert any(line.split() == ["Gesprekken", "30"] for line in lines)
    assert any(line.split() == ["gemiddeld", "<", "10"] for line in lines)
    assert "“< 10” betekent" in out
    assert not any(line.split()[-1:] == ["9"] for line in lines)


def test_insights_refuses_an_unknown_tenant_and_a_bad_month(
    tenant: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(monkeypatch, capsys, "insights", "bestaat-niet")
    assert code == 1 and "De organisatie 'bestaat-niet' bestaat niet." in err
    code, _, err = run(monkeypatch, capsys, "insights", tenant, "--month", "12-2026")
    assert code == 1 and "JJJJ-MM" in err
    code, _, err = run(monkeypatch, capsys, "insights", tenant, "--month", month_of(utcnow()))
    assert code == 1 and "nog niet voorbij" in err  # a running month's figures would still change


def test_tenant_municipality_shows_sets_and_clears(
    tenant: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, capsys, "tenant-municipality", tenant)[1].strip() == (
        "Gemeente van gemeente-a: GM0153 (Enschede)."
    )
    assert run(monkeypatch, capsys, "tenant-municipality", tenant, "GM0363")[1].strip() == (
        "Gemeente van gemeente-a: GM0363 (Amsterdam)."
    )
    assert run(monkeypatch, capsys, "tenant-municipality", tenant, "--clear")[1].strip() == (
        "gemeente-a heeft geen gemeente."
    )
    _, out, _ = run(monkeypatch, capsys, "insights", tenant, "--json")
    assert [view["scope"] for view in json.loads(out)["views"]] == ["tenant"]


def test_a_code_that_is_no_municipality_is_refused(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        monkeypatch, capsys, "create-tenant", "gemeente-x", "--name", "X", "--municipality", "GM9999"
    )
    assert code == 1 and "'GM9999' is geen gemeente" in err
    code, out, _ = run(monkeypatch, capsys, "list-tenants")
    assert "gemeente-x" not in out  # nothing made
    code, _, err = run(monkeypatch, capsys, "tenant-municipality", "bestaat-niet", "GM0153")
    assert code == 1 and "bestaat niet" in err
