"""The desk page at /desk: served with a strict Content-Security-Policy, loading only its own files."""

from __future__ import annotations

import re

from tests.api.desk.conftest import Desk


def test_the_desk_page_is_served_in_dutch_with_a_strict_policy(desk: Desk) -> None:
    response = desk.gateway.client.get("/desk")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="nl">' in response.text
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["x-frame-options"] == "DENY"


def test_the_page_refers_only_to_its_own_origin(desk: Desk) -> None:
    html = desk.gateway.client.get("/desk").text
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references
    assert all(ref.startswith(("/", "#", "data:")) for ref in references), references
    for asset in ("/static/desk/desk.js", "/static/desk/desk.css"):
        assert asset in references
        assert desk.gateway.client.get(asset).status_code == 200


def test_the_script_builds_nothing_from_html_strings(desk: Desk) -> None:
    script = desk.gateway.client.get("/static/desk/desk.js").text
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
