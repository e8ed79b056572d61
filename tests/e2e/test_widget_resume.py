"""Continuity in the widget (issue 17): "Bewaar dit gesprek" gives a resume code and link (shown once,
with copy buttons and what is kept for how long); a new tab opened with `#mw-hervat=CODE`, or with the
code typed in "Verder met een eerder gesprek", continues the conversation and its overview, and can
erase it for good. The privacy notice is shown once and says what the server keeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.fake_gateway import FakeGateway
from tests.e2e.test_widget import (
    launcher,
    messages,
    open_chat,
    open_demo,
    panel,
    send,
    stored_sessions,
)

pytestmark = pytest.mark.browser

CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


@pytest.fixture
def other_tab(browser: Browser) -> Iterator[Page]:
    """Another browser session (its own sessionStorage): a new tab or another day."""
    context: BrowserContext = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def saved(page: Page) -> tuple[str, str]:
    """Press "Bewaar dit gesprek"; returns the code and the link shown."""
    page.get_by_role("button", name="Bewaar dit gesprek").click()
    box = page.get_by_role("region", name="Je gesprek is bewaard")
    expect(box).to_be_visible()
    code = box.get_by_label("Je code").input_value()
    link = box.get_by_label("Je link").input_value()
    return code, link


def test_saving_gives_a_code_and_a_link_with_what_is_kept(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=widget_base_url)
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    code, link = saved(page)
    assert CODE.match(code)
    assert link == f"{widget_base_url}/#mw-hervat={code}"
    box = page.get_by_role("region", name="Je gesprek is bewaard")
    expect(box).to_contain_text("30 dagen na je laatste bericht")
    expect(box).to_contain_text("maar één keer")
    expect(box.get_by_role("heading", name="Je gesprek is bewaard")).to_be_focused()
    box.get_by_role("button", name="Kopieer code").click()
    expect(page.locator("#mantelwijzer-widget [role=status]")).to_have_text("Gekopieerd.")
    assert page.evaluate("navigator.clipboard.readText()") == code
    box.get_by_role("button", name="Kopieer link").click()
    assert page.evaluate("navigator.clipboard.readText()") == link


def test_a_new_tab_with_the_link_continues_the_conversation_and_overview(
    page: Page, other_tab: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    [first] = stored_sessions(page)
    _, link = saved(page)

    other_tab.goto(link)
    expect(panel(other_tab)).to_be_visible()
    expect(messages(other_tab).locator(".msg.user")).to_have_text(["Jij: Ik zorg voor mijn moeder"])
    expect(other_tab.get_by_role("heading", name="Kortdurend zorgverlof")).to_be_visible()
    expect(messages(other_tab).locator(".notice").last).to_have_text("Je bent terug in je eerdere gesprek.")
    assert other_tab.evaluate("location.hash") == ""
    assert other_tab.url == f"{widget_base_url}/"
    [resumed] = stored_sessions(other_tab)
    assert resumed["id"] == first["id"]
    assert resumed["token"] != first["token"]
    # the first tab's token stays valid
    still = page.request.get(
        f"{widget_base_url}/api/v1/conversations/{first['id']}/messages",
        headers={"Authorization": f"Bearer {first['token']}"},
    )
    assert still.status == 200


def test_the_code_can_be_typed_in_a_new_conversation(
    page: Page, other_tab: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Mijn eerste vraag")
    code, _ = saved(page)

    open_demo(other_tab, widget_base_url)
    open_chat(other_tab)
    other_tab.get_by_role("button", name="Verder met een eerder gesprek").click()
    form = other_tab.get_by_role("form", name="Verder met een eerder gesprek")
    expect(form.get_by_label("Je code")).to_be_focused()
    form.get_by_label("Je code").fill(code.lower())
    form.get_by_role("button", name="Verder met dit gesprek").click()
    expect(messages(other_tab).locator(".msg.user")).to_have_text(["Jij: Mijn eerste vraag"])
    assert stored_sessions(other_tab)[0]["id"] == stored_sessions(page)[0]["id"]


def test_the_resume_entry_goes_once_the_person_has_typed(page: Page, widget_base_url: str) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    expect(page.get_by_role("button", name="Verder met een eerder gesprek")).to_be_visible()
    send(page, "Hallo")
    expect(page.get_by_role("button", name="Verder met een eerder gesprek")).to_be_hidden()
    expect(page.get_by_role("button", name="Bewaar dit gesprek")).to_be_visible()


def test_a_wrong_code_is_told_in_dutch(page: Page, widget_base_url: str, canned: FakeGateway) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    [before] = stored_sessions(page)
    page.get_by_role("button", name="Verder met een eerder gesprek").click()
    form = page.get_by_role("form", name="Verder met een eerder gesprek")
    form.get_by_role("button", name="Verder met dit gesprek").click()
    expect(form.get_by_role("alert")).to_have_text("Vul je code in.")
    form.get_by_label("Je code").fill("AAAA-BBBB-CCCC-DDDD")
    form.get_by_role("button", name="Verder met dit gesprek").click()
    expect(form.get_by_role("alert")).to_have_text(re.compile("Deze code kennen we niet"))
    expect(form.get_by_label("Je code")).to_be_focused()
    assert stored_sessions(page) == [before]


def test_a_wrong_code_in_the_link_starts_a_conversation_and_asks_again(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    page.goto(f"{widget_base_url}/#mw-hervat=AAAA-BBBB-CCCC-DDDD")
    expect(panel(page)).to_be_visible()
    form = page.get_by_role("form", name="Verder met een eerder gesprek")
    expect(form.get_by_role("alert")).to_have_text(re.compile("Deze code kennen we niet"))
    assert page.evaluate("location.hash") == ""
    assert len(stored_sessions(page)) == 1


def test_a_resumed_tab_erases_the_conversation_for_good(
    page: Page, other_tab: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Wis dit later")
    [first] = stored_sessions(page)
    _, link = saved(page)
    other_tab.goto(link)
    expect(messages(other_tab).locator(".msg.user")).to_have_count(1)
    other_tab.get_by_role("button", name="Gesprek wissen").click()
    with other_tab.expect_request(lambda r: r.method == "DELETE"):
        other_tab.get_by_role("button", name="Ja, wis het gesprek").click()
    expect(messages(other_tab).get_by_text("Je gesprek is gewist.")).to_be_visible()
    gone = page.request.get(
        f"{widget_base_url}/api/v1/conversations/{first['id']}/messages",
        headers={"Authorization": f"Bearer {first['token']}"},
    )
    assert gone.status == 404
    expect(messages(page).locator(".notice").last).to_have_text(
        "Je gesprek is gewist. Er is niets meer van bewaard."
    )


def test_the_privacy_notice_comes_once_and_says_what_the_server_keeps(
    page: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    notices = panel(page).get_by_text(re.compile("^Over je privacy"))
    expect(notices).to_have_count(1)
    expect(notices).to_contain_text("op onze server")
    expect(notices).to_contain_text("tot 30 dagen na je laatste bericht")
    page.reload()
    launcher(page).click()
    expect(messages(page).locator(".msg").first).to_be_visible()
    expect(panel(page).get_by_text(re.compile("^Over je privacy"))).to_have_count(1)


def test_the_page_says_what_is_kept_instead_of_the_browser_forgetting(
    page: Page, widget_base_url: str
) -> None:
    open_demo(page, widget_base_url)
    privacy = page.locator("main").get_by_text(re.compile("op onze server"))
    expect(privacy).to_contain_text("30 dagen na je laatste bericht")
    expect(page.locator("main")).not_to_contain_text("vergeet")


# ---- a link while this tab has a conversation of its own ------------------------------------------------

SWITCH = re.compile("^Wil je verder met een eerder bewaard gesprek")


def load(page: Page, link: str) -> None:
    """Open the link as a new page load in this tab (its sessionStorage stays)."""
    page.goto("about:blank")
    page.goto(link)


def test_a_link_asks_first_when_the_person_wrote_in_this_tab(
    page: Page, other_tab: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    _, link = saved(page)
    open_demo(other_tab, widget_base_url)
    open_chat(other_tab)
    send(other_tab, "Mijn eigen vraag")
    [own] = stored_sessions(other_tab)

    load(other_tab, link)
    ask = panel(other_tab).get_by_role("group", name=SWITCH)
    expect(ask).to_be_visible()
    expect(ask).to_contain_text("Je huidige gesprek in dit tabblad wordt dan gesloten (niet gewist).")
    expect(ask.get_by_text(SWITCH)).to_be_focused()
    assert other_tab.evaluate("location.hash") == ""
    expect(messages(other_tab).locator(".msg.user")).to_have_text(["Jij: Mijn eigen vraag"])
    assert stored_sessions(other_tab) == [own]
    assert_accessible(other_tab, "resume link: asked first")
    ask.get_by_role("button", name="Nee").click()
    expect(ask).to_be_hidden()
    expect(messages(other_tab).locator(".msg.user")).to_have_text(["Jij: Mijn eigen vraag"])
    assert stored_sessions(other_tab) == [own]

    load(other_tab, link)
    expect(ask).to_be_visible()
    ask.get_by_role("button", name="Ja, verder").click()
    expect(messages(other_tab).locator(".msg.user")).to_have_text(["Jij: Ik zorg voor mijn moeder"])
    expect(ask).to_be_hidden()
    assert stored_sessions(other_tab)[0]["id"] == stored_sessions(page)[0]["id"]
    assert other_tab.evaluate("location.hash") == ""


def test_a_link_in_a_tab_where_the_person_wrote_nothing_resumes_at_once(
    page: Page, other_tab: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    send(page, "Ik zorg voor mijn moeder")
    _, link = saved(page)
    open_demo(other_tab, widget_base_url)
    open_chat(other_tab)  # only the greeting
    load(other_tab, link)
    expect(messages(other_tab).locator(".msg.user")).to_have_text(["Jij: Ik zorg voor mijn moeder"])
    expect(panel(other_tab).get_by_role("group", name=SWITCH)).to_have_count(0)
    assert stored_sessions(other_tab)[0]["id"] == stored_sessions(page)[0]["id"]


def test_a_code_put_in_the_address_later_does_not_switch(
    page: Page, other_tab: Page, widget_base_url: str, canned: FakeGateway
) -> None:
    open_demo(page, widget_base_url)
    open_chat(page)
    code, _ = saved(page)
    open_demo(other_tab, widget_base_url)
    open_chat(other_tab)
    [own] = stored_sessions(other_tab)
    resumed: list[str] = []
    other_tab.on(
        "request", lambda r: resumed.append(r.url) if r.url.endswith("/conversations/resume") else None
    )
    other_tab.evaluate("(code) => { location.hash = 'mw-hervat=' + code; }", code)
    other_tab.wait_for_timeout(700)
    assert resumed == []
    assert stored_sessions(other_tab) == [own]
