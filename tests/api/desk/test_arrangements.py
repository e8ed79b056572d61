"""The desk's "Regelingen": an employer's admin uploads its own arrangements, sees Dutch errors or a
preview, publishes versions, and the active one is written to the employers folder."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.catalogue import DEFAULT_ROOT
from tests.api.desk.conftest import OTHER_TENANT, TENANT, AgentClient, Desk, DeskFactory

EXAMPLE = (DEFAULT_ROOT / "employers" / "voorbeeld-zorggroep.yml").read_text(encoding="utf-8")


def employer_file(tenant: str = OTHER_TENANT, title: str = "Extra betaald zorgverlof") -> str:
    """The example employer's file as ``tenant``'s own (its ids and tenant replaced)."""
    text = EXAMPLE.replace("voorbeeld-zorggroep", tenant)
    return text.replace("Extra betaald zorgverlof bij Voorbeeld Zorggroep (fictief)", title)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "employers"


@pytest.fixture
def desk(make_desk: DeskFactory, folder: Path) -> Desk:
    return make_desk(employers_dir=folder)


@pytest.fixture
def admin(desk: Desk) -> AgentClient:
    """An admin of the employer (werkgever-b)."""
    return desk.agent("hr@b.nl", OTHER_TENANT, role="admin")


def publish(agent: AgentClient, text: str) -> Any:
    return agent.post("/arrangements", {"yaml": text})


def versions(desk: Desk) -> list[tuple[Any, ...]]:
    return desk.gateway.rows(
        "SELECT tenant_id, version, active FROM employer_arrangements ORDER BY tenant_id, version"
    )


def test_a_valid_file_previews_the_items_as_people_see_them(admin: AgentClient, folder: Path) -> None:
    answer = admin.post("/arrangements/preview", {"yaml": employer_file()})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["ok"] is True and body["errors"] == []
    ids = [item["id"] for item in body["items"]]
    # the employer's own arrangements first, then the law's leave that names what they add
    assert ids[:3] == [
        "werkgever-b-extra-zorgverlof",
        "werkgever-b-hr-contact",
        "werkgever-b-vertrouwenspersoon",
    ]
    law = next(item for item in body["items"] if item["id"] == "kortdurend-zorgverlof")
    assert "70%" in law["amount"]
    assert "Daarbovenop geeft Voorbeeld Zorggroep (fictief): Extra betaald zorgverlof." in law["amount"]
    assert body["items"][0]["contact"]["url"] == "/intranet-demo.html#hr"
    assert not folder.exists() or list(folder.iterdir()) == []  # a preview publishes nothing


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_only_an_admin_manages_the_arrangements(desk: Desk, role: Any, folder: Path) -> None:
    someone = desk.agent(f"{role}@b.nl", OTHER_TENANT, role=role)
    for answer in (
        someone.get("/arrangements"),
        someone.post("/arrangements/preview", {"yaml": employer_file()}),
        publish(someone, employer_file()),
        someone.post("/arrangements/versions/1/publish"),
    ):
        assert answer.status_code == 403, answer.text
        assert answer.json()["error"]["code"] == "admin_only"
    assert versions(desk) == []
    assert not folder.exists()


def test_publishing_needs_the_csrf_token(desk: Desk, admin: AgentClient) -> None:
    answer = admin.post("/arrangements", {"yaml": employer_file()}, csrf=False)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "csrf_failed"
    assert versions(desk) == []


def test_another_tenants_file_is_refused(desk: Desk, folder: Path) -> None:
    admin_a = desk.agent("beheer@a.nl", TENANT, role="admin")
    answer = publish(admin_a, employer_file(OTHER_TENANT))
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"]["code"] == "arrangements_invalid"
    tenant_error = next(e for e in body["errors"] if e["field"] == "tenant")
    assert "andere organisatie (werkgever-b)" in tenant_error["message"]
    assert tenant_error["line"] == 5  # "tenant: werkgever-b"
    assert body["items"] == []
    assert versions(desk) == []
    assert not (folder / f"{OTHER_TENANT}.yml").exists()


def test_a_broken_yaml_file_gives_a_dutch_error_with_its_line(desk: Desk, admin: AgentClient) -> None:
    text = "tenant: werkgever-b\nname: Werkgever B\nitems:\n  - id: a\n   kind: werkgeversregeling\n"
    answer = publish(admin, text)
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["line"] == 5
    assert error["message"].startswith("Dit is geen goed YAML-bestand.")
    assert versions(desk) == []


def test_field_errors_are_dutch_with_line_and_field(desk: Desk, admin: AgentClient, folder: Path) -> None:
    text = employer_file()
    text = text.replace(
        "  - id: werkgever-b-vertrouwenspersoon\n    kind: werkgeversregeling\n",
        "  - id: werkgever-b-vertrouwenspersoon\n    kind: wmo-loket\n    municipality: GM0153\n",
    )
    text = text.replace(
        "url: /intranet-demo.html#hr\n      phone: null\n    source:\n"
        "      name: Fictief voorbeeld voor Mantelwijzer (geen echte werkgever of regeling)\n"
        "      url: null\n    verified_on: 2026-11-23\n    check: Dit is een fictief voorbeeld. "
        "Controleer bij de afdeling HR van je eigen werkgever hoe je hen bereikt.",
        "url: intranet/hr\n      phone: null\n    source:\n"
        "      name: Fictief voorbeeld voor Mantelwijzer (geen echte werkgever of regeling)\n"
        "      url: null\n    verified_on: 2026-13-01\n    check: Dit is een fictief voorbeeld. "
        "Controleer bij de afdeling HR van je eigen werkgever hoe je hen bereikt.",
    )
    answer = publish(admin, text)
    assert answer.status_code == 422, answer.text
    errors = {(e["item"], e["field"]): e for e in answer.json()["errors"]}
    lines = text.splitlines()
    kind = errors[("werkgever-b-vertrouwenspersoon", "kind")]
    assert "werkgeversregeling of gesprek-werkgever" in kind["message"]
    assert lines[kind["line"] - 1].strip() == "kind: wmo-loket"
    municipality = errors[("werkgever-b-vertrouwenspersoon", "municipality")]
    assert "hoort niet bij een gemeente" in municipality["message"]
    assert lines[municipality["line"] - 1].strip() == "municipality: GM0153"
    url = errors[("werkgever-b-hr-contact", "contact.url")]
    assert url["message"].startswith("Dit adres klopt niet.")
    assert lines[url["line"] - 1].strip() == "url: intranet/hr"
    date = errors[("werkgever-b-hr-contact", "verified_on")]
    assert "jaar-maand-dag" in date["message"]
    assert versions(desk) == []
    assert not folder.exists()


def test_an_id_of_another_file_is_refused(desk: Desk, admin: AgentClient) -> None:
    text = employer_file().replace("id: werkgever-b-hr-contact", "id: kortdurend-zorgverlof")
    answer = publish(admin, text)
    assert answer.status_code == 422
    [error] = [e for e in answer.json()["errors"] if e["item"] == "kortdurend-zorgverlof"]
    assert error["message"] == "Deze id bestaat al. Kies een andere id."


def test_versions_are_kept_and_an_earlier_one_can_be_published_again(
    desk: Desk, admin: AgentClient, folder: Path
) -> None:
    first, second = employer_file(), employer_file(title="Nieuw extra verlof (fictief)")
    answer = publish(admin, first)
    assert answer.status_code == 201, answer.text
    assert answer.json()["version"] == 1
    assert publish(admin, second).json()["version"] == 2
    assert (folder / "werkgever-b.yml").read_text(encoding="utf-8") == second
    listed = admin.get("/arrangements").json()
    assert listed["active_version"] == 2
    assert [(v["version"], v["active"], v["items"]) for v in listed["versions"]] == [
        (2, True, 3),
        (1, False, 3),
    ]
    assert listed["versions"][0]["uploaded_by"] == "Hr"
    assert admin.get("/arrangements/versions/1").json()["yaml"] == first

    again = admin.post("/arrangements/versions/1/publish")
    assert again.status_code == 200, again.text
    assert versions(desk) == [(OTHER_TENANT, 1, 1), (OTHER_TENANT, 2, 0)]
    assert (folder / "werkgever-b.yml").read_text(encoding="utf-8") == first
    assert [p.name for p in folder.iterdir()] == ["werkgever-b.yml"]  # no temporary file left
    assert admin.post("/arrangements/versions/7/publish").status_code == 404


def test_tenants_see_only_their_own_versions(desk: Desk, admin: AgentClient) -> None:
    assert publish(admin, employer_file()).status_code == 201
    admin_a = desk.agent("beheer@a.nl", TENANT, role="admin")
    assert admin_a.get("/arrangements").json()["versions"] == []
    assert admin_a.get("/arrangements/versions/1").status_code == 404
    assert admin_a.post("/arrangements/versions/1/publish").status_code == 404


def test_the_folder_is_written_again_from_the_database(desk: Desk, admin: AgentClient, folder: Path) -> None:
    text = employer_file()
    assert publish(admin, text).status_code == 201
    (folder / "werkgever-b.yml").unlink()
    arrangements = desk.service.arrangements
    assert arrangements is not None
    assert arrangements.sync_files() == 1
    assert (folder / "werkgever-b.yml").read_text(encoding="utf-8") == text


def test_a_file_larger_than_a_chat_message_may_be_uploaded(admin: AgentClient) -> None:
    text = employer_file() + "".join(f"# opmerking {n}: {'x' * 80}\n" for n in range(300))
    assert len(text.encode()) > 16_384
    answer = admin.post("/arrangements/preview", {"yaml": text})
    assert answer.status_code == 200, answer.text
    assert answer.json()["ok"] is True


@pytest.mark.postgres
class TestOnPostgreSQL:
    @pytest.fixture
    def database_url(self, postgres_database_url: str) -> str:
        return postgres_database_url

    def test_versions_and_simultaneous_publications(
        self, desk: Desk, admin: AgentClient, folder: Path
    ) -> None:
        other = desk.agent("hr2@b.nl", OTHER_TENANT, role="admin")
        texts = [employer_file(title=f"Extra verlof {n} (fictief)") for n in range(6)]
        app = desk.gateway.client.app

        async def publish_all() -> list[int]:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                responses = await asyncio.gather(
                    *(
                        client.post(
                            "/desk/api/arrangements",
                            json={"yaml": text},
                            headers=(admin if n % 2 else other).headers(),
                        )
                        for n, text in enumerate(texts)
                    )
                )
                return sorted(r.status_code for r in responses)

        assert desk.run(publish_all) == [201] * 6
        listed = admin.get("/arrangements").json()
        assert sorted(v["version"] for v in listed["versions"]) == [1, 2, 3, 4, 5, 6]
        assert [v["active"] for v in listed["versions"]].count(True) == 1
        active = listed["active_version"]
        written = (folder / "werkgever-b.yml").read_text(encoding="utf-8")
        assert written == admin.get(f"/arrangements/versions/{active}").json()["yaml"]
        assert admin.post("/arrangements/versions/1/publish").status_code == 200
        assert admin.get("/arrangements").json()["active_version"] == 1
        first = admin.get("/arrangements/versions/1").json()["yaml"]
        assert (folder / "werkgever-b.yml").read_text(encoding="utf-8") == first


def test_the_desk_page_has_the_section_and_its_script_builds_no_html(desk: Desk) -> None:
    html = desk.gateway.client.get("/desk").text
    assert 'id="arrangements"' in html and 'src="/static/desk/arrangements.js"' in html
    response = desk.gateway.client.get("/static/desk/arrangements.js")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "innerHTML" not in response.text and "insertAdjacentHTML" not in response.text
