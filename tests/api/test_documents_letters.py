"""POST …/letters: each kind checked against shared/facts (law article, notice, maxima, Dutch dates,
neutral words), both formats, and every bad field answered with a Dutch 422."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import pytest

from api.documents import letters
from api.texts.documents import FIELD_LABELS
from bot.employer_talk import dutch_date
from bot.profile import Profile
from tests.api.conftest import Conversation, Gateway
from tests.api.documents_support import (
    PROFILE,
    days_from_today,
    docx_text,
    is_docx,
    overview_reply,
    pdf_text,
    today,
)


@pytest.fixture
def person(gateway: Gateway) -> Conversation:
    """A conversation whose overview was shown for PROFILE (32 hours a week)."""
    gateway.rasa.reply = overview_reply()
    conversation = gateway.start()
    conversation.say("mijn situatie")
    return conversation


def _letter(conversation: Conversation, kind: str, fmt: str = "pdf", **fields: Any) -> Any:
    return conversation.gateway.client.post(
        f"{conversation.url}/letters",
        json={"kind": kind, "format": fmt, "fields": fields},
        headers=conversation.headers,
    )


def _text(response: Any) -> str:
    assert response.status_code == 200, response.text
    if response.headers["content-type"] == "application/pdf":
        return pdf_text(response.content)
    assert is_docx(response.content)
    return docx_text(response.content)


def test_langdurend_as_docx_has_article_start_duration_hours_maximum_and_dutch_dates(
    person: Conversation,
) -> None:
    start = days_from_today(30)
    response = _letter(
        person,
        "langdurend-zorgverlof",
        "docx",
        name="Sam de Vries",
        employer="Bakkerij Jansen",
        manager="Anne",
        start_date=start.isoformat(),
        weeks=6,
        hours_per_week=16,
    )

    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "langdurend-zorgverlof" in response.headers["content-disposition"]
    text = _text(response)
    assert "artikel 5:9 van de Wet arbeid en zorg" in text
    assert f"Begindatum: {dutch_date(start)}" in text
    assert (
        "Duur: 6 weken" in text
        and "Aantal uur verlof per week: 16 uur" in text
        and "In totaal: 96 uur" in text
    )
    assert "maximaal 192 uur per 12 maanden" in text and "onbetaald" in text
    assert dutch_date(today()) in text
    assert "Beste Anne," in text and "Sam de Vries" in text and "Bakkerij Jansen" in text
    assert "mijn broer of zus" in text
    assert "dementie" not in text  # never a diagnosis
    assert "minstens 2 weken van tevoren" not in text  # in time: no late line


def test_langdurend_sooner_than_two_weeks_gets_the_notice_line(person: Conversation) -> None:
    start = days_from_today(5)

    text = _text(
        _letter(person, "langdurend-zorgverlof", start_date=start.isoformat(), weeks=2, hours_per_week=8)
    )

    deadline = dutch_date(days_from_today(5 - 14))
    assert f"minstens 2 weken van tevoren schriftelijk aan te vragen, dus uiterlijk op {deadline}" in text
    assert "Mijn begindatum ligt eerder" in text


def test_kortdurend_reports_beforehand_with_the_maximum_for_their_hours(person: Conversation) -> None:
    start = days_from_today(3)

    text = _text(_letter(person, "kortdurend-zorgverlof", start_date=start.isoformat()))

    assert "artikel 5:1 van de Wet arbeid en zorg" in text
    assert f"Hierbij meld ik dat ik vanaf {dutch_date(start)} kortdurend zorgverlof opneem" in text
    assert "maximaal 64 uur per 12 maanden (2 keer mijn 32 uur per week)" in text
    assert "minstens 70% van mijn loon" in text
    assert "al begonnen" not in text


def test_kortdurend_that_already_began_says_it_is_reported_as_soon_as_possible(person: Conversation) -> None:
    start = days_from_today(-2)

    text = _text(_letter(person, "kortdurend-zorgverlof", "docx", start_date=start.isoformat()))

    assert f"Het verlof is al begonnen op {dutch_date(start)}" in text and "zo snel als het kan" in text


def test_flexibel_werken_cites_wfw_and_the_two_months_notice(person: Conversation) -> None:
    start = days_from_today(20)

    text = _text(
        _letter(person, "flexibel-werken", start_date=start.isoformat(), wishes="Op dinsdag thuiswerken.")
    )

    assert "artikel 2 en artikel 2a van de Wet flexibel werken" in text
    assert "Op dinsdag thuiswerken." in text
    assert f"ingaat op {dutch_date(start)}" in text
    deadline = letters.add_months(start, -2)
    assert (
        f"minstens 2 maanden van tevoren schriftelijk te doen, dus uiterlijk op {dutch_date(deadline)}"
        in text
    )
    assert "uiterlijk een maand voor de ingangsdatum" in text


def test_flexibel_werken_in_time_has_no_notice_line(person: Conversation) -> None:
    start = days_from_today(70)

    text = _text(_letter(person, "flexibel-werken", "docx", start_date=start.isoformat()))

    assert "Mijn gewenste ingangsdatum ligt eerder" not in text


def test_the_talk_sheet_prepares_what_to_tell_ask_agree_and_when_to_look_back(person: Conversation) -> None:
    talk = days_from_today(7)

    text = _text(_letter(person, "gesprek-werkgever", start_date=talk.isoformat(), manager="Anne"))

    assert "Voorbereiding gesprek met Anne" in text
    assert "Wat je vertelt" in text and "Ik zorg voor mijn broer of zus." in text
    assert "dementie" not in text
    for option in ("thuiswerken", "diensten ruilen", "bereikbaarheid", "flexibele begin- en eindtijden"):
        assert option in text
    assert "maximaal 64 uur per 12 maanden" in text and "maximaal 192 uur per 12 maanden" in text
    assert "Wat je afspreekt" in text and "Wanneer je terugkijkt" in text
    assert dutch_date(letters_review(talk)) in text


def letters_review(day: date) -> date:
    from bot.employer_talk import review_date

    return review_date(day)


def test_a_letter_without_any_profile_states_the_rule_instead_of_a_figure(gateway: Gateway) -> None:
    conversation = gateway.start()  # no overview, Rasa's tracker unknown, no handoff summary

    text = _text(_letter(conversation, "kortdurend-zorgverlof", "docx"))

    assert "maximaal 2 keer mijn arbeidsduur per week, per 12 maanden" in text
    assert "iemand uit mijn omgeving" in text


def test_a_diagnosis_appears_only_when_the_person_typed_it(person: Conversation) -> None:
    text = _text(
        _letter(person, "kortdurend-zorgverlof", "docx", wishes="Mijn broer heeft dementie en valt vaak.")
    )

    assert "Mijn broer heeft dementie en valt vaak." in text


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"start_date": "4 januari"}, "invalid_date", "fields.start_date"),
        ({"start_date": "2027-02-30"}, "invalid_date", "fields.start_date"),
        ({"start_date": "1999-01-01"}, "date_out_of_range", "fields.start_date"),
        ({"weeks": "veel"}, "invalid_number", "fields.weeks"),
        ({"weeks": 2.5}, "invalid_whole_number", "fields.weeks"),
        ({"weeks": 0}, "out_of_range", "fields.weeks"),
        ({"hours_per_week": 81}, "out_of_range", "fields.hours_per_week"),
        ({"hours_per_week": True}, "invalid_number", "fields.hours_per_week"),
        ({"name": "x" * 101}, "invalid_text", "fields.name"),
        ({"manager": 12}, "invalid_text", "fields.manager"),
    ],
)
def test_bad_fields_get_422_with_a_dutch_message(
    person: Conversation, fields: dict[str, Any], code: str, field: str
) -> None:
    response = _letter(person, "kortdurend-zorgverlof", **fields)

    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert any(word in error["message"] for word in ("Vul", "datum", "Kies"))


def test_langdurend_needs_start_weeks_and_hours(person: Conversation) -> None:
    response = _letter(person, "langdurend-zorgverlof", weeks=4, hours_per_week=8)

    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "letter_field_required",
        "message": "Voor deze brief is de begindatum nodig. Vul het in en probeer het opnieuw.",
        "field": "fields.start_date",
    }


def test_langdurend_over_the_legal_maximum_is_refused_with_the_maximum(person: Conversation) -> None:
    start = days_from_today(30).isoformat()

    over_total = _letter(person, "langdurend-zorgverlof", start_date=start, weeks=20, hours_per_week=16)
    over_week = _letter(person, "langdurend-zorgverlof", start_date=start, weeks=2, hours_per_week=40)

    assert over_total.status_code == 422 and over_total.json()["error"]["code"] == "leave_over_maximum"
    assert (
        "320 uur" in over_total.json()["error"]["message"]
        and "192 uur" in over_total.json()["error"]["message"]
    )
    assert over_week.json()["error"]["code"] == "leave_over_week"


def test_unknown_kind_format_or_field_is_refused(person: Conversation) -> None:
    client, url, headers = person.gateway.client, f"{person.url}/letters", person.headers

    kind = client.post(url, json={"kind": "ontslag"}, headers=headers)
    fmt = client.post(url, json={"kind": "kortdurend-zorgverlof", "format": "odt"}, headers=headers)
    extra = client.post(url, json={"kind": "kortdurend-zorgverlof", "fields": {"bsn": "1"}}, headers=headers)

    assert [r.status_code for r in (kind, fmt, extra)] == [422, 422, 422]
    assert extra.json()["error"]["code"] == "unknown_field"
    assert kind.json()["error"]["field"] == "kind"


def test_a_self_employed_person_gets_no_letter(gateway: Gateway) -> None:
    gateway.rasa.reply = overview_reply({**PROFILE, "employment": "self_employed"})
    conversation = gateway.start()
    conversation.say("ik ben zzp'er")

    response = _letter(conversation, "langdurend-zorgverlof")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "letter_not_applicable"


def test_a_letters_fields_are_never_logged(person: Conversation, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    _letter(
        person,
        "flexibel-werken",
        "docx",
        name="Sam Geheimnaam",
        employer="Firma Verborgen",
        start_date=days_from_today(90).isoformat(),
        wishes="Woensdag vrij voor de dagbesteding",
    )

    logged = " ".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert "document made" in logged
    for secret in ("Geheimnaam", "Verborgen", "dagbesteding"):
        assert secret not in logged


def test_the_notice_deadlines_follow_the_law() -> None:
    start = date(2027, 3, 31)

    assert letters.notice_deadline("langdurend-zorgverlof", start) == date(2027, 3, 17)
    assert letters.notice_deadline("flexibel-werken", start) == date(2027, 1, 31)
    assert letters.notice_deadline("flexibel-werken", date(2027, 4, 30)) == date(2027, 2, 28)
    assert letters.notice_deadline("kortdurend-zorgverlof", start) is None


def test_every_kind_builds_for_an_empty_profile_and_empty_fields() -> None:
    fields = letters.parse_fields(
        {"start_date": "2027-01-04", "weeks": 1, "hours_per_week": 4},
        date(2027, 1, 1),
        lambda name: FIELD_LABELS[name],
    )
    for kind in letters.KINDS:
        letter = letters.build_letter(kind, Profile(), fields, date(2027, 1, 1))
        assert "1 januari 2027" in letter.text()
