"""The demo page, the widget script and static files; CORS; the OpenAPI docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.api.conftest import Gateway, GatewayFactory


@pytest.fixture
def site(make_gateway: GatewayFactory, tmp_path: Path) -> Gateway:
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text("<!doctype html><title>Mantelwijzer</title>", encoding="utf-8")
    (static / "widget.js").write_text("console.log(MantelwijzerShared);", encoding="utf-8")
    (static / "shared.js").write_text("const MantelwijzerShared = 1;", encoding="utf-8")
    (static / "widget.css").write_text("body{}", encoding="utf-8")
    return make_gateway(static_dir=static, cors_origins="https://www.gemeente.nl")


def test_root_serves_the_demo_page(site: Gateway) -> None:
    response = site.client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Mantelwijzer" in response.text


def test_widget_script_is_served_as_javascript(site: Gateway) -> None:
    response = site.client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    # the shared part and the widget in one block: the shared const stays out of the page's scope
    assert response.text == "{\nconst MantelwijzerShared = 1;\nconsole.log(MantelwijzerShared);\n}\n"
    assert response.headers["cache-control"] == "no-cache"


def test_the_widget_file_alone_sends_to_the_whole_widget(site: Gateway) -> None:
    # /static/widget.js lacks shared.js: an integrator who links it gets the one that works
    moved = site.client.get("/static/widget.js", follow_redirects=False)
    assert moved.status_code == 308
    assert moved.headers["location"] == "../widget.js"
    assert site.client.get("/static/widget.js").text == site.client.get("/widget.js").text


def test_widget_script_answers_304_when_unchanged(site: Gateway) -> None:
    etag = site.client.get("/widget.js").headers["etag"]
    again = site.client.get("/widget.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_static_folder_is_served(site: Gateway) -> None:
    assert site.client.get("/static/widget.css").text == "body{}"
    assert site.client.get("/static/nothing.css").status_code == 404


def test_missing_demo_page_is_a_json_404(make_gateway: GatewayFactory, tmp_path: Path) -> None:
    gateway = make_gateway(static_dir=tmp_path / "empty")
    response = gateway.client.get("/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "route_not_found"


def test_cors_allows_a_configured_origin(site: Gateway) -> None:
    response = site.client.options(
        "/api/v1/conversations",
        headers={
            "Origin": "https://www.gemeente.nl",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://www.gemeente.nl"


def test_cors_refuses_other_origins(site: Gateway) -> None:
    response = site.client.options(
        "/api/v1/conversations",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in response.headers
    response = site.client.post("/api/v1/conversations", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_openapi_docs_describe_the_public_api(gateway: Gateway) -> None:
    assert gateway.client.get("/docs").status_code == 200
    paths = gateway.client.get("/openapi.json").json()["paths"]
    assert {
        "/api/v1/conversations",
        "/api/v1/conversations/{conversation_id}/messages",
        "/api/v1/conversations/{conversation_id}/events",
        "/api/v1/conversations/{conversation_id}",
        "/healthz",
        "/readyz",
    } <= set(paths)
