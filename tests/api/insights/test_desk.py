"""GET /desk/api/insights: a tenant's supervisors and admins see its monthly figures (agents get
403), a municipality's tenant also the public site's figures for people cared for there; the desk
page's "Inzicht" section loads only its own files (Chart.js vendored) under the desk's policy."""

from __future__ import annotations

import re

from api.insights.store import InsightStore, last_finished_month, month_of
from api.store.records import utcnow
from tests.api.desk.conftest import AgentClient, Desk
from tests.api.insights.conftest import add_rows, month_is_over, shown_overview, with_bot

HIDDEN = {"suppressed": True}


def supervisor(desk: Desk, tenant: str = "gemeente-a") -> AgentClient:
    return desk.agent(f"lead@{tenant}.nl", tenant, role="supervisor")


def test_an_agent_gets_403_and_nobody_signed_in_401(desk: Desk, anna: AgentClient) -> None:
    response = anna.get("/insights")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert desk.gateway.client.get("/desk/api/insights").status_code == 401


def test_a_supervisor_sees_a_finished_months_figures_of_their_own_tenant(desk: Desk) -> None:
    with_bot(desk.gateway)
    for _ in range(10):
        shown_overview(desk.gateway.start(tenant="gemeente-a"))
    for _ in range(12):
        shown_overview(desk.gateway.start(tenant="werkgever-b"))  # another tenant's: not counted
    lead = supervisor(desk)
    assert lead.get("/insights", month=month_of(utcnow())).status_code == 422  # the month still runs
    month_is_over(desk.gateway.services.store.engine)
    data = lead.get("/insights").json()
    assert data["tenant"] == "gemeente-a" and data["month"] == last_finished_month(utcnow())
    [view] = data["views"]
    assert view["scope"] == "tenant" and view["title"] == "Gesprekken via Gemeente A"
    assert view["conversations"] == 10
    assert view["needs"]["leave"] == 10 and view["needs"]["money"] == HIDDEN
    # all 10 "moderate": showing it would tell each of them (the others add up to 0, a group under 10)
    assert view["burden"] == {"light": HIDDEN, "moderate": HIDDEN, "heavy": HIDDEN, "unknown": HIDDEN}
    assert view["kinds"]["mantelzorglijn"] == 10
    assert view["asked_for_person"] == {"yes": HIDDEN, "no": HIDDEN}  # 0 asked: 10 - 0 would say so
    assert data["labels"]["needs"]["leave"] == "verlof" and data["labels"]["suppressed"] == "< 10"


def test_an_admin_may_read_them_too_and_another_tenant_sees_only_its_own(desk: Desk) -> None:
    engine = desk.gateway.services.store.engine
    month = last_finished_month(utcnow())
    add_rows(engine, 11, month, "gemeente-a")
    add_rows(engine, 9, month, "werkgever-b")
    admin = desk.agent("admin@a.nl", "gemeente-a", role="admin")
    assert admin.get("/insights").json()["views"][0]["conversations"] == 11
    assert supervisor(desk, "werkgever-b").get("/insights").json()["views"][0]["conversations"] == HIDDEN


def test_a_municipalitys_tenant_sees_the_public_site_for_its_residents(desk: Desk) -> None:
    with_bot(desk.gateway)
    InsightStore(desk.gateway.services.store.engine).set_municipality("gemeente-a", "GM0153")
    for _ in range(10):
        shown_overview(desk.gateway.start())  # the public site, about someone in Enschede
    bot = with_bot(desk.gateway)
    bot.insight = {"needs": ["money"], "burden": "heavy", "municipality": "GM0363"}
    for _ in range(11):
        shown_overview(desk.gateway.start())  # about someone in Amsterdam: not Enschede's
    month_is_over(desk.gateway.services.store.engine)
    data = supervisor(desk).get("/insights").json()
    own, public = data["views"]
    assert own["scope"] == "tenant" and own["conversations"] == HIDDEN
    assert public["scope"] == "municipality" and public["municipality"] == "GM0153"
    assert public["title"] == "Openbare website: naasten die in Enschede wonen"
    assert public["conversations"] == 10 and public["needs"]["leave"] == 10
    assert public["needs"]["money"] == HIDDEN


def test_another_month_and_a_malformed_month(desk: Desk) -> None:
    engine = desk.gateway.services.store.engine
    add_rows(engine, 12, "2026-01", "gemeente-a", burden="light")
    add_rows(engine, 10, "2026-01", "gemeente-a", burden="heavy")
    add_rows(engine, 50, "2026-02", "gemeente-a", burden="light")
    lead = supervisor(desk)
    data = lead.get("/insights", month="2026-01").json()
    assert data["month_name"] == "januari 2026"
    assert data["views"][0]["conversations"] == 22
    # moderate and unknown (0 each) are hidden, and heavy with them: 22 - 12 would say they are 0
    assert data["views"][0]["burden"] == {"light": 12, "moderate": HIDDEN, "heavy": HIDDEN, "unknown": HIDDEN}
    assert lead.get("/insights", month="2026-13").status_code == 422
    assert lead.get("/insights", month="januari").status_code == 422


def test_the_answer_never_holds_a_count_under_10(desk: Desk) -> None:
    engine = desk.gateway.services.store.engine
    month = last_finished_month(utcnow())
    for size, burden in ((9, "light"), (10, "moderate"), (11, "heavy")):
        add_rows(engine, size, month, "gemeente-a", burden=burden, needs=["leave"], asked_for_person=True)
    view = supervisor(desk).get("/insights").json()["views"][0]
    counts = [
        view["conversations"],
        *view["burden"].values(),
        *view["needs"].values(),
        *view["kinds"].values(),
    ]
    counts += view["asked_for_person"].values()
    assert [n for n in counts if isinstance(n, int)] == [30, 11, 30]
    assert view["burden"] == {"light": HIDDEN, "moderate": HIDDEN, "heavy": 11, "unknown": HIDDEN}
    # all 30 asked: "no" is 0, so "yes" is hidden with it (30 - 0 would say everyone asked)
    assert view["asked_for_person"] == {"yes": HIDDEN, "no": HIDDEN}


def test_the_page_has_the_section_and_loads_the_chart_library_from_here(desk: Desk) -> None:
    client = desk.gateway.client
    html = client.get("/desk").text
    assert 'id="insights"' in html and 'id="insights-toggle"' in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    chart, own, desk_js = (
        "/static/desk/vendor/chart.umd.min.js",
        "/static/desk/insights.js",
        "/static/desk/desk.js",
    )
    # the library before the section's script, both before desk.js (which tells them who signed in)
    assert scripts.index(chart) < scripts.index(own) < scripts.index(desk_js)
    for script in scripts:
        response = client.get(script)
        assert response.status_code == 200
        assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "Chart.js v4" in client.get(chart).text[:200]
    script = client.get(own).text
    assert "innerHTML" not in script and "http://" not in script and "https://" not in script
