"""python -m api.desk.cli tenant-secret / tenant-origins / tenant-colour."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from api.desk.cli import main
from api.store.db import make_engine
from api.tenants.commands import contrast_with_white
from api.tenants.store import TenantKeys


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'gateway.db'}"
    monkeypatch.setenv("MW_DATABASE_URL", url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["create-tenant", "werkgever-a", "--name", "Werkgever A"]) == 0
    return url


def output(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.strip(), captured.err.strip()


def test_tenant_secret_is_made_once_and_rotated(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, first, _ = output(capsys, "tenant-secret", "werkgever-a")
    assert code == 0 and len(first) >= 43 and "\n" not in first
    assert output(capsys, "tenant-secret", "werkgever-a")[1] == first
    code, second, _ = output(capsys, "tenant-secret", "werkgever-a", "--rotate")
    assert code == 0 and second != first
    assert TenantKeys(make_engine(database)).valid_secrets("werkgever-a") == [second, first]  # grace


def test_an_unknown_tenant_gets_a_dutch_error(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = output(capsys, "tenant-secret", "bestaat-niet")
    assert code == 1 and out == "" and "bestaat niet" in err


def test_tenant_origins_are_checked_and_stored(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = output(capsys, "tenant-origins", "werkgever-a", "https://intranet.a.nl/pad")
    assert code == 1 and "geen origin" in err
    code, out, _ = output(
        capsys, "tenant-origins", "werkgever-a", "https://Intranet.A.nl", "http://localhost:8080"
    )  # stored in lower case, as browsers send them
    assert code == 0 and "https://intranet.a.nl" in out
    assert TenantKeys(make_engine(database)).origins() == {
        "werkgever-a": ("http://localhost:8080", "https://intranet.a.nl")
    }
    assert output(capsys, "tenant-origins", "werkgever-a", "--clear")[0] == 0
    assert TenantKeys(make_engine(database)).origins() == {}


def test_tenant_colour_needs_contrast_with_white(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = output(capsys, "tenant-colour", "werkgever-a", "#ffcc00")
    assert code == 1 and "slecht te lezen" in err
    assert output(capsys, "tenant-colour", "werkgever-a", "#1F6F8B")[0] == 0
    appearance = TenantKeys(make_engine(database)).appearance("werkgever-a")
    assert appearance is not None and appearance.colour == "#1f6f8b"


def test_contrast_with_white_matches_wcag() -> None:
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert contrast_with_white("#1d4f91") > 4.5  # the widget's own blue
