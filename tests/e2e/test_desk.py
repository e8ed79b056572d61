"""The support desk in real Chromium: a person in the widget and an agent in the desk, in two
browser contexts, through a whole handoff (asks for a person, claimed, messages both ways live,
a catalogue card, handback, the bot answers again). Screenshots go to tests/e2e/screenshots/.

`test_handoff_through_the_desk_on_the_real_stack` runs against the real stack (`stack`: action
server, Rasa, gateway), which must run with MW_DESK_ENABLED=true. The other tests run the real
gateway in this process with a fake Rasa (tests/api/fakes.py), so the desk UI is checked without
a trained model: several agents, claims that collide, keyboard use, expiry, questions left
outside opening hours. Tenants and accounts are always made with the CLI (`python -m api.desk.cli`).
"""

from __future__ import annotations

import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import jwt
import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route, expect

from api.container import Overrides
from api.main import create_app
from api.settings import Settings
from api.tenants.example_signer import make_tenant_token
from api.texts import ASSISTANT_DOWN
from scripts.stack import StackConfig
from tests.api.desk.conftest import handoff_or_echo
from tests.api.fakes import ACTIONS_URL, RASA_URL, SECRET, TOKEN, FakeRasa
from tests.desk_cli import PASSWORD, desk_cli, seed_agent, seed_tenant
from tests.e2e.conftest import DESKTOP

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TENANT = "voorbeeld-zorggroep"  # the intranet demo page's data-tenant
PERSON_PAGE = "/intranet-demo.html"  # the gateway signs its tenant_token (MW_INTRANET_DEMO_TENANT)
CLOSED_TENANT = "gemeente-dicht"
CLOSED_PAGE = "/static/vraag-achterlaten-demo.html"  # served by page.route below, not a file


# ---- seeding through the CLI -----------------------------------------------------------------------


def not_today() -> str:
    """A weekday that is not today (Amsterdam time), so a desk open only then is closed now."""
    return ("ma", "di", "wo", "do", "vr", "za", "zo")[
        (datetime.now(ZoneInfo("Europe/Amsterdam")).weekday() + 1) % 7
    ]


def signed(site_database_url: str, tenant: str) -> str:
    """A tenant_token as an intranet's server makes it: the secret from the documented CLI, signed
    with the example code the intranet demo page shows."""
    return make_tenant_token(tenant, desk_cli(site_database_url, "tenant-secret", tenant).strip())


# ---- the gateway in this process, with a fake Rasa ----------------------------------------------------


@dataclass
class Site:
    url: str
    database_url: str
    rasa: FakeRasa | None = None

    @property
    def database_file(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("desk-site")
    database_url = f"sqlite:///{folder / 'gateway.db'}"
    rasa = FakeRasa(reply=handoff_or_echo)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=database_url,
        rasa_url=(RASA_URL,),
        rasa_secret=SECRET,
        rasa_token=TOKEN,
        action_server_url=ACTIONS_URL,
        rasa_tracker_db_url=f"sqlite:///{folder / 'tracker.db'}",
        desk_enabled=True,
        intranet_demo_tenant=TENANT,
        rate_limit_enabled=False,
        purge_on_startup=False,
        purge_interval_hours=0,
        sse_heartbeat_seconds=1,
        log_level="WARNING",
    )
    port = _free_port()
    app = create_app(settings, Overrides(rasa_transport=rasa.transport()))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the in-process gateway did not start")
        time.sleep(0.05)
    seed_tenant(database_url, TENANT, "Voorbeeld Zorggroep", "altijd")
    seed_tenant(database_url, CLOSED_TENANT, "Gemeente Dicht", f"{not_today()} 09:00-17:00")
    seed_agent(database_url, CLOSED_TENANT, "team@dicht.nl", "Team Dicht")
    try:
        yield Site(f"http://127.0.0.1:{port}", database_url, rasa)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


_agents = iter(range(1, 10_000))


def new_agent(site: Site, name: str, tenant: str = TENANT) -> str:
    return seed_agent(site.database_url, tenant, f"{name.lower()}{next(_agents)}@desk.test", name)


# ---- people and agents in the browser -------------------------------------------------------------


def new_page(browser: Browser) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def widget_log(page: Page) -> Locator:
    return page.get_by_role("region", name="Berichten")


def person_says(page: Page, text: str) -> None:
    box = page.get_by_label("Typ je bericht")
    box.fill(text)
    box.press("Enter")
    expect(widget_log(page).locator(".msg.user").last).to_contain_text(text[:40])


def open_widget(page: Page, base_url: str, path: str = PERSON_PAGE) -> None:
    page.goto(base_url + path)
    page.get_by_role("button", name=re.compile(r"^Chat met")).click()
    expect(widget_log(page).locator(".msg").first).to_be_visible()


def sign_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base_url + "/desk")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("#connection")).to_have_text("Live verbonden.")


def queue_item(desk: Page, text: str) -> Locator:
    return desk.locator("#waiting-list button", has_text=text)


def agent_reply(desk: Page, text: str) -> None:
    box = desk.get_by_label("Antwoord aan de persoon")
    box.fill(text)
    box.press("Enter")
    expect(desk.locator("#transcript .line-agent").last).to_contain_text(text)


def handoff_scenario(
    browser: Browser,
    base_url: str,
    agent_email: str,
    screenshots: Path,
    prefix: str,
    page_path: str = PERSON_PAGE,
    password: str = PASSWORD,
) -> None:
    """Person asks for a human; the agent sees it, claims, they talk live, the agent sends a card and
    hands back; the bot answers the person's next message."""
    person_context, person = new_page(browser)
    agent_context, desk = new_page(browser)
    try:
        sign_in(desk, base_url, agent_email, password)
        open_widget(person, base_url, page_path)
        person_says(person, "Ik wil met een mens praten")
        expect(person.locator(".state")).to_contain_text("Je wacht op een medewerker")
        # Written while waiting: it goes to the desk, not the bot, and tells this queue entry apart.
        first_words = f"Het gaat over mijn moeder, vraag {time.time_ns() % 100_000}."
        person_says(person, first_words)

        item = queue_item(desk, first_words[:30])
        expect(item).to_be_visible()  # arrived live, over the agent's event stream
        desk.screenshot(path=str(screenshots / f"{prefix}-1-queue.png"))
        item.click()
        expect(desk.locator("#conversation-title")).to_be_focused()
        desk.get_by_role("button", name="Oppakken").click()
        expect(desk.get_by_label("Antwoord aan de persoon")).to_be_focused()
        expect(person.locator(".state")).to_contain_text("Een medewerker praat nu met je")
        expect(desk.locator("#transcript .line-user")).to_have_count(2)  # nothing written was lost

        agent_reply(desk, "Hoi, ik ben het. Waar kan ik je mee helpen?")
        expect(widget_log(person).locator(".msg.agent").last).to_contain_text("Waar kan ik je mee helpen?")
        person_says(person, "Mijn moeder heeft dementie en ik werk 32 uur.")
        expect(desk.locator("#transcript .line-user").last).to_contain_text("Mijn moeder heeft dementie")

        desk.get_by_label("Zoek een regeling of hulp").fill("mantelzorglijn")
        desk.get_by_role("button", name="Zoeken").click()
        desk.get_by_role("button", name=re.compile(r"^Bekijk kaart: Mantelzorglijn")).click()
        desk.locator("#card-preview").get_by_role("button", name="Versturen").click()
        card = widget_log(person).locator(".card").last
        expect(card).to_contain_text("Mantelzorglijn")
        expect(card).to_contain_text("030 760 60 55")
        desk.screenshot(path=str(screenshots / f"{prefix}-2-conversation.png"), full_page=True)
        person.screenshot(path=str(screenshots / f"{prefix}-3-widget-with-agent.png"))

        desk.get_by_role("button", name="Teruggeven aan Mantelwijzer").click()
        expect(widget_log(person).locator(".msg.bot").last).to_contain_text(
            "Je praat nu weer met Mantelwijzer"
        )
        bot_lines = widget_log(person).locator(".msg.bot").count()
        person_says(person, "Hoeveel zorgverlof krijg ik als ik 32 uur werk?")
        expect(widget_log(person).locator(".msg.bot")).not_to_have_count(bot_lines)
        expect(widget_log(person).locator(".msg.bot").last).not_to_contain_text(ASSISTANT_DOWN[:30])
        expect(person.locator(".state")).to_be_hidden()
        person.screenshot(path=str(screenshots / f"{prefix}-4-back-with-the-bot.png"))
        expect(desk.locator("#waiting-list button", has_text=first_words[:30])).to_have_count(0)
    finally:
        person_context.close()
        agent_context.close()


# ---- the real stack -------------------------------------------------------------------------------


@pytest.mark.stack
def test_handoff_through_the_desk_on_the_real_stack(
    browser: Browser, stack: StackConfig, screenshots: Path
) -> None:
    if httpx.get(f"{stack.gateway_url}/desk", timeout=10).status_code != 200:
        pytest.fail("the stack's gateway runs without a desk: set MW_DESK_ENABLED=true in its extra_env")
    database_url = stack.environment()["MW_DATABASE_URL"]
    seed_tenant(database_url, TENANT, "Voorbeeld Zorggroep", "altijd")
    email = seed_agent(database_url, TENANT, f"sanne{time.time_ns()}@voorbeeld-zorggroep.test", "Sanne")
    handoff_scenario(browser, stack.gateway_url, email, screenshots, "desk-stack")


@pytest.mark.stack
def test_the_public_site_reaches_the_demo_desk_of_make_run(
    browser: Browser, stack: StackConfig, screenshots: Path
) -> None:
    """`make run`'s demo desk (scripts/demo_desk.py) takes the public site's conversations: "ik wil
    een mens spreken" on / reaches its agent, who signs in with the password make run kept."""
    password = (stack.var_dir / "demo-desk-password").read_text(encoding="utf-8").strip()
    handoff_scenario(
        browser, stack.gateway_url, "demo@mantelwijzer.test", screenshots, "desk-public", "/", password
    )


# ---- the real gateway with a fake Rasa --------------------------------------------------------------


def test_handoff_through_the_desk_with_a_fake_bot(
    browser: Browser, local_site: Site, screenshots: Path
) -> None:
    handoff_scenario(browser, local_site.url, new_agent(local_site, "Anna"), screenshots, "desk-local")
    assert local_site.rasa is not None
    assert local_site.rasa.texts_sent()[-1] == "Hoeveel zorgverlof krijg ik als ik 32 uur werk?"


def test_two_agents_see_the_queue_live_and_only_one_can_claim(browser: Browser, local_site: Site) -> None:
    contexts = []
    try:
        (first_context, first), (second_context, second) = new_page(browser), new_page(browser)
        contexts += [first_context, second_context]
        sign_in(first, local_site.url, new_agent(local_site, "Anna"))
        sign_in(second, local_site.url, new_agent(local_site, "Bram"))
        person_context, person = new_page(browser)
        contexts.append(person_context)
        open_widget(person, local_site.url)
        words = f"Ik wil een mens spreken {time.time_ns() % 100_000}"
        person_says(person, words)
        for desk in (first, second):
            queue_item(desk, words[:25]).click()
            expect(desk.get_by_role("button", name="Oppakken")).to_be_visible()
        first.get_by_role("button", name="Oppakken").click()
        expect(first.locator("#mine-list")).to_contain_text(words[:25])
        expect(second.locator("#others-list")).to_contain_text("Medewerker: Anna")  # live on the second desk
        expect(second.get_by_role("button", name="Oppakken")).to_be_hidden()
        expect(second.get_by_label("Antwoord aan de persoon")).to_be_hidden()
    finally:
        for context in contexts:
            context.close()


def test_a_late_claim_says_who_was_first(browser: Browser, local_site: Site) -> None:
    context, desk = new_page(browser)
    try:
        sign_in(desk, local_site.url, new_agent(local_site, "Bram"))
        words = f"Ik wil een mens, nummer {time.time_ns() % 100_000}"
        started = httpx.post(
            f"{local_site.url}/api/v1/conversations",
            json={"tenant_token": signed(local_site.database_url, TENANT)},
        ).json()
        auth = {"Authorization": f"Bearer {started['token']}"}
        url = f"{local_site.url}/api/v1/conversations/{started['conversation_id']}"
        httpx.post(f"{url}/messages", json={"text": words, "client_message_id": "a1"}, headers=auth)
        queue_item(desk, words[:25]).click()
        colleague = httpx.Client(base_url=local_site.url)
        email = new_agent(local_site, "Anna")
        csrf = colleague.post("/desk/api/login", json={"email": email, "password": PASSWORD}).json()[
            "csrf_token"
        ]

        def colleague_first(route: Route) -> None:  # Anna's claim lands just before Bram's
            claimed = colleague.post(urlsplit(route.request.url).path, headers={"X-CSRF-Token": csrf})
            assert claimed.status_code == 200
            route.continue_()

        desk.route("**/desk/api/conversations/*/claim", colleague_first)
        desk.get_by_role("button", name="Oppakken").click()
        expect(desk.get_by_role("alert")).to_have_text("Dit gesprek is al opgepakt door Anna.")
        expect(desk.get_by_label("Antwoord aan de persoon")).to_be_hidden()
    finally:
        context.close()


def test_the_desk_works_by_keyboard_alone(browser: Browser, local_site: Site, screenshots: Path) -> None:
    context, desk = new_page(browser)
    try:
        email = new_agent(local_site, "Kees")
        desk.goto(local_site.url + "/desk")
        expect(desk.get_by_label("E-mailadres")).to_be_focused()
        desk.keyboard.type(email)
        desk.keyboard.press("Tab")
        desk.keyboard.type(PASSWORD)
        desk.keyboard.press("Enter")
        expect(desk.locator("#queue-title")).to_be_focused()
        words = f"Graag een mens {time.time_ns() % 100_000}"
        started = httpx.post(
            f"{local_site.url}/api/v1/conversations",
            json={"tenant_token": signed(local_site.database_url, TENANT)},
        ).json()
        auth = {"Authorization": f"Bearer {started['token']}"}
        url = f"{local_site.url}/api/v1/conversations/{started['conversation_id']}"
        httpx.post(f"{url}/messages", json={"text": words, "client_message_id": "k1"}, headers=auth)
        expect(queue_item(desk, words[:20])).to_be_visible()
        for _ in range(60):
            desk.keyboard.press("Tab")
            if desk.evaluate("document.activeElement.textContent").find(words[:20]) >= 0:
                break
        desk.keyboard.press("Enter")
        expect(desk.locator("#conversation-title")).to_be_focused()
        for _ in range(10):
            desk.keyboard.press("Tab")
            if desk.evaluate("document.activeElement.id") == "claim":
                break
        desk.keyboard.press("Enter")
        expect(desk.get_by_label("Antwoord aan de persoon")).to_be_focused()
        desk.keyboard.type("Alles met het toetsenbord.")
        desk.keyboard.press("Enter")
        expect(desk.locator("#transcript .line-agent").last).to_contain_text("Alles met het toetsenbord.")
        # the live event may show the line before the POST's answer, which puts the focus back in
        # the reply box: wait for that (the box is emptied just before) so Alt+3 is not undone
        expect(desk.get_by_label("Antwoord aan de persoon")).to_have_value("")
        desk.keyboard.press("Alt+3")
        expect(desk.get_by_label("Zoek een regeling of hulp")).to_be_focused()
        desk.keyboard.press("Alt+1")
        expect(desk.locator("#queue-title")).to_be_focused()
        desk.screenshot(path=str(screenshots / "desk-keyboard.png"))
        transcript = httpx.get(f"{url}/messages", headers=auth).json()["messages"]
        assert transcript[-1]["message"]["text"] == "Alles met het toetsenbord."
    finally:
        context.close()


def test_an_expired_session_brings_back_the_login(browser: Browser, local_site: Site) -> None:
    context, desk = new_page(browser)
    try:
        sign_in(desk, local_site.url, new_agent(local_site, "Lotte"))
        with sqlite3.connect(local_site.database_file) as db:
            db.execute("UPDATE agent_sessions SET expires_at = '2000-01-01 00:00:00.000000'")
        expect(desk.get_by_role("heading", name="Inloggen")).to_be_visible(timeout=10_000)
        expect(desk.locator("#login-note")).to_have_text("Je sessie is verlopen. Log opnieuw in.")
    finally:
        context.close()


def test_outside_opening_hours_a_person_leaves_a_question_that_reaches_the_desk(
    browser: Browser, local_site: Site, screenshots: Path
) -> None:
    token = signed(local_site.database_url, CLOSED_TENANT)
    page_html = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente Dicht</title></head>'
        f'<body><h1>Gemeente Dicht</h1><script src="/widget.js" data-tenant="{CLOSED_TENANT}" '
        f'data-tenant-token="{token}" defer></script></body></html>'
    )
    person_context, person = new_page(browser)
    agent_context, desk = new_page(browser)
    try:
        person.route(
            f"**{CLOSED_PAGE}", lambda route: route.fulfill(body=page_html, content_type="text/html")
        )
        sign_in(desk, local_site.url, new_agent(local_site, "Noor", CLOSED_TENANT))
        open_widget(person, local_site.url, CLOSED_PAGE)
        person_says(person, "Ik wil een mens spreken")
        expect(widget_log(person).locator(".notice").last).to_contain_text("Vanaf")
        person.get_by_role("button", name="Vraag achterlaten").click()
        form = person.get_by_role("form", name="Laat je vraag achter")
        expect(form.get_by_label("Je vraag")).to_be_focused()
        form.get_by_label("Je vraag").fill("Kan ik verlof opnemen voor mijn buurman?")
        form.get_by_label("Mail me").check()
        form.get_by_label("Je e-mailadres").fill("ik@voorbeeld.nl")
        form.get_by_role("button", name="Vraag versturen").click()
        expect(form.get_by_role("alert")).to_contain_text("Zet een vinkje")
        form.get_by_label(re.compile("^Ik vind het goed dat Gemeente Dicht")).check()
        person.screenshot(path=str(screenshots / "desk-question-form.png"))
        form.get_by_role("button", name="Vraag versturen").click()
        expect(widget_log(person).locator(".msg.bot").last).to_contain_text("je vraag is bewaard")
        expect(form).to_have_count(0)

        question = desk.locator("#questions-list button").last
        expect(question).to_contain_text("Mailen")  # arrived live
        question.click()
        expect(desk.locator("#question-text")).to_have_text("Kan ik verlof opnemen voor mijn buurman?")
        expect(desk.locator("#question-meta")).to_contain_text("ik@voorbeeld.nl")
        desk.get_by_role("button", name="Oppakken").click()
        desk.get_by_role("button", name=re.compile("^Afgehandeld")).click()
        desk.get_by_role("dialog").get_by_role("button", name=re.compile("^Ja, afgehandeld")).click()
        expect(desk.locator("#questions-list button")).to_have_count(0)
    finally:
        person_context.close()
        agent_context.close()


def test_the_intranet_demo_is_signed_by_its_server_and_shows_the_employer(
    browser: Browser, local_site: Site, screenshots: Path
) -> None:
    desk_cli(local_site.database_url, "tenant-colour", TENANT, "#6b2c5f")
    secret = desk_cli(local_site.database_url, "tenant-secret", TENANT).strip()
    context, person = new_page(browser)
    try:
        loaded = person.goto(local_site.url + PERSON_PAGE)
        assert loaded is not None and secret not in loaded.text()  # only the signed token
        expect(person.locator("pre code")).to_contain_text('"aud": "mantelwijzer"')  # the example
        with person.expect_response(lambda r: r.url.endswith("/api/v1/conversations")) as started:
            person.get_by_role("button", name=re.compile(r"^Chat met")).click()
        assert started.value.status == 201
        conversation_id = started.value.json()["conversation_id"]
        dialog = person.get_by_role("dialog", name="Hulp bij mantelzorg")
        expect(dialog.locator(".tenant")).to_have_text("Voorbeeld Zorggroep")
        expect(dialog.locator(".head")).to_have_css("background-color", "rgb(107, 44, 95)")
        person.screenshot(path=str(screenshots / "intranet-demo-signed.png"))
        with sqlite3.connect(local_site.database_file) as db:
            stored = db.execute(
                "SELECT tenant FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchall()
        assert stored == [(TENANT,)]
    finally:
        context.close()


def test_an_expired_page_token_is_refreshed_by_the_pages_function(browser: Browser, local_site: Site) -> None:
    """The page was left open for hours: its token has expired; the widget asks the page's function
    for a fresh one (the intranet's server signs it) and starts the conversation."""
    secret = desk_cli(local_site.database_url, "tenant-secret", TENANT).strip()
    issued = int(time.time()) - 7200
    expired = jwt.encode(
        {"tenant": TENANT, "aud": "mantelwijzer", "iat": issued, "exp": issued + 3600}, secret
    )

    def stale_page(route: Route) -> None:
        page_html = route.fetch().text()
        route.fulfill(
            body=re.sub(r'data-tenant-token="[^"]+"', f'data-tenant-token="{expired}"', page_html),
            content_type="text/html",
        )

    context, person = new_page(browser)
    try:
        person.route(f"**{PERSON_PAGE}", stale_page)
        statuses: list[int] = []
        person.on(
            "response", lambda r: statuses.append(r.status) if r.url.endswith("/conversations") else None
        )
        open_widget(person, local_site.url)
        assert statuses == [403, 201]  # refused once, then started with the fresh token
        expect(person.get_by_role("dialog").locator(".tenant")).to_have_text("Voorbeeld Zorggroep")
    finally:
        context.close()


def test_a_script_cannot_claim_the_employer_without_its_signature(local_site: Site) -> None:
    for body in (
        {"tenant": TENANT},
        {"tenant": TENANT, "tenant_token": signed(local_site.database_url, CLOSED_TENANT)},
    ):
        response = httpx.post(f"{local_site.url}/api/v1/conversations", json=body)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "tenant_not_accepted"


def test_the_desk_page_loads_nothing_from_elsewhere(browser: Browser, local_site: Site) -> None:
    context, desk = new_page(browser)
    try:
        requested: list[str] = []
        desk.on("request", lambda request: requested.append(request.url))
        sign_in(desk, local_site.url, new_agent(local_site, "Piet"))
        assert requested
        assert all(url.startswith(local_site.url) or url.startswith("data:") for url in requested), requested
    finally:
        context.close()
