"""The web app speaks its reader's language (issue 23): chosen from ``uselang``, the wiki
preference kept at sign-in, the browser's languages, the wiki's content language, English;
``lang`` and ``dir`` on the page; dates in the reader's format, language and time zone."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.languages import Languages
from mentorwatch.domain.mentors import Mentor
from mentorwatch.domain.rules_source import PageInfo, judge_rules_page
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.settings import Settings
from mentorwatch.store.journal import Journal
from mentorwatch.web.runtime.app import create_app
from mentorwatch.web.runtime.reader_language import wiki_languages
from mentorwatch.web.runtime.services import services_of
from mentorwatch.web.runtime.sessions import WebUser
from mentorwatch.web.runtime.web_config import WebConfig
from mentorwatch.web.views.dashboard_state import state_from
from mentorwatch.web.views.dates import ReaderDates, format_date, time_zone
from mentorwatch.web.views.page_text import PageText
from mentorwatch.web.views.reader import LanguageChoice, choose_language
from mentorwatch.wiki.api import MediaWikiClient

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
API = "https://wiki.test/w/api.php"
SPOKEN = ("en", "ko", "ru", "de", "ar")
ON = CommunityConfig(
    autoaway_enabled=True,
    autoaway_after_days=10,
    autoremove_enabled=True,
    autoremove_after_days=30,
)


def snapshot() -> Snapshot:
    mentors = (Mentor(1, "Hana", None, 2, None), Mentor(2, "Jürgen Müller", None, 2, None))
    activity = {1: Activity(NOW - 3 * DAY, None), 2: Activity(NOW - 21 * DAY, None)}
    return Snapshot(NOW, ON, mentors, activity, wiki=API)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    config = WebConfig(API, Settings(), "jsonpage", secret_key="test", clock=lambda: NOW)
    app = create_app(config, Journal(f"sqlite:///{tmp_path / 'journal.db'}"))
    services_of(app).cache.state = state_from(snapshot(), {}, NOW)
    return app


def signed_in(app: Flask, language: str = "en", zone: str = "", date: str = "dmy") -> FlaskClient:
    user = WebUser(
        f"k-{language}-{zone}",
        "Mira",
        7,
        frozenset({"edit"}),
        date,
        MediaWikiClient(API),
        NOW + timedelta(hours=8),
        language=language,
        time_correction=zone,
    )
    services_of(app).users.keep(user)
    client = app.test_client()
    with client.session_transaction() as session:
        session["key"] = user.key
    return client


def html_tag(page: Any) -> str:
    found = re.search(r"<html[^>]*>", page.get_data(as_text=True))
    assert found
    return found.group(0)


def test_the_language_is_uselang_then_preference_then_browser_then_wiki_then_english() -> None:
    known = Languages()
    assert choose_language(LanguageChoice("ko", "de", ["ru"], "ar"), SPOKEN, known) == "ko"
    assert choose_language(LanguageChoice(None, "de", ["ru"], "ar"), SPOKEN, known) == "de"
    browser = LanguageChoice(None, None, ["fr", "de-AT", "ru"], "ar")
    assert choose_language(browser, SPOKEN, known) == "de-at"  # fr is not spoken; de-at is
    assert choose_language(LanguageChoice(None, None, ["fr"], "ar"), SPOKEN, known) == "ar"
    assert choose_language(LanguageChoice(), SPOKEN, known) == "en"
    hostile = LanguageChoice('"><script>', None, [], None)
    assert choose_language(hostile, SPOKEN, known) == "en"  # not a language code: ignored


def test_the_dashboard_in_korean_from_the_users_wiki_preference(app: Flask) -> None:
    page = signed_in(app, "ko").get("/")
    text = page.get_data(as_text=True)
    assert html_tag(page) == '<html lang="ko" dir="ltr">'
    assert "<h1>멘토 상태 대시보드</h1>" in text
    assert "3일 전" in text and "21일 전" in text  # relative times, Korean's one form
    assert "Mentor Status Dashboard" not in text


def test_arabic_pages_are_right_to_left_with_arabic_plurals(app: Flask) -> None:
    page = signed_in(app, "ar").get("/")
    text = page.get_data(as_text=True)
    assert html_tag(page) == '<html lang="ar" dir="rtl">'
    assert "لوحة حالة المرشدين" in text
    assert "قبل 3 أيام" in text and "قبل 21 يومًا" in text  # few and many


def test_russian_relative_times_take_three_forms() -> None:
    text = PageText("ru")
    shown = [str(text.relative(NOW - n * DAY, NOW)) for n in (21, 3, 5)]
    assert shown == ["21 день назад", "3 дня назад", "5 дней назад"]


def test_uselang_overrides_for_one_page_and_qqx_shows_the_keys(app: Flask) -> None:
    client = signed_in(app, "ko")
    page = client.get("/?uselang=de")
    assert html_tag(page) == '<html lang="de" dir="ltr">'
    assert "Mentorenstatus-Übersicht" in page.get_data(as_text=True)
    keys = client.get("/?uselang=qqx").get_data(as_text=True)
    assert "<h1>(mentorwatch-web-dashboard-title)</h1>" in keys
    assert "(mentorwatch-web-time-days-ago: 21)" in keys
    assert html_tag(client.get("/")) == '<html lang="ko" dir="ltr">'  # the next page: Korean


def test_before_sign_in_the_browsers_language_then_the_wikis(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/signin", headers={"Accept-Language": "fr;q=1, ar;q=0.8, en;q=0.5"})
    assert html_tag(page) == '<html lang="ar" dir="rtl">'
    assert html_tag(client.get("/signin")) == '<html lang="en" dir="ltr">'
    wiki_languages(app).content_language = "ru"
    assert html_tag(client.get("/signin")) == '<html lang="ru" dir="ltr">'


def test_a_message_the_language_lacks_is_marked_as_the_language_it_is_in() -> None:
    text = PageText("fr")
    assert str(text.msg("mentorwatch-web-nav-runs")) == '<span lang="en" dir="ltr">Runs</span>'
    assert str(PageText("de-at").msg("mentorwatch-web-nav-runs")) == (
        '<span lang="de" dir="ltr">Durchläufe</span>'
    )
    assert str(PageText("ko").msg("mentorwatch-web-nav-runs")) == "실행 기록"


def test_parameters_are_escaped_and_links_kept() -> None:
    text = PageText("en")
    said = text.msg("mentorwatch-web-refresh-failed", error="<script>x</script>")
    assert str(said) == "The last refresh failed: &lt;script&gt;x&lt;/script&gt;"
    linked = text.msg("mentorwatch-web-configuration-link", url="/config?a=1&b=2")
    assert str(linked) == '(<a href="/config?a=1&amp;b=2">configuration page</a>)'


def test_dates_in_the_users_format_language_and_time_zone() -> None:
    seoul = time_zone("ZoneInfo|540|Asia/Seoul")
    late = datetime(2026, 12, 2, 20, 30, tzinfo=UTC)  # already 3 December in Seoul
    assert ReaderDates("ko", "default", seoul).date(late) == "2026년 12월 3일"
    assert ReaderDates("ko", "default", seoul).date_time(late) == "2026년 12월 3일 05:30 KST"
    assert ReaderDates("en", "mdy", UTC).date(late) == "December 2, 2026"
    assert ReaderDates("de", "ISO 8601", UTC).date(late) == "2026-12-02"
    # CLDR's Russian long date: a narrow no-break space before the year's abbreviation
    assert ReaderDates("ru", "dmy", UTC).date(late) == "2 декабря 2026\u202f\u0433."
    assert time_zone("Offset|-300").utcoffset(None) == timedelta(minutes=-300)
    assert time_zone("System|0", 60).utcoffset(None) == timedelta(minutes=60)
    assert format_date(late, "dmy") == "2 December 2026"


def test_the_dashboard_shows_dates_in_the_users_zone(app: Flask) -> None:
    services_of(app).cache.state = state_from(snapshot(), {}, NOW)
    text = signed_in(app, "ko", "ZoneInfo|540|Asia/Seoul").get("/").get_data(as_text=True)
    assert "2026년 11월 30일 21:00 KST" in text  # Hana's last edit, 3 days before, in Seoul


def test_the_csv_opens_in_spreadsheets_in_every_script(app: Flask) -> None:
    """UTF-8 with a byte-order mark; Hangul, Cyrillic and Arabic come back as they went."""
    names = ("한국어사용자", "Наставник", "مرشد")
    mentors = tuple(Mentor(i, name, None, 2, None) for i, name in enumerate(names, 1))
    activity = {i: Activity(NOW - DAY, None) for i in range(1, 4)}
    services_of(app).cache.state = state_from(Snapshot(NOW, ON, mentors, activity), {}, NOW)
    exported = signed_in(app, "ar").get("/export.csv")
    assert exported.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["معرّف المستخدم", "اسم المستخدم", "الحالة"]  # the header in Arabic
    assert [row[1] for row in rows[1:]] == sorted(names, key=str.casefold)
    assert {row[2] for row in rows[1:]} == {"نشط"}  # active, in words
    english = signed_in(app).get("/export.csv").data.decode("utf-8-sig")
    assert english.startswith("user_id,username,status,")  # English: the identifiers


def test_the_domains_words_on_the_dashboard_are_the_readers(app: Flask) -> None:
    """What the domain hands out (the next action, where the rules came from and why they are
    not used) is rendered in the reader's language, not English."""
    unprotected = PageInfo("Project:Mentorwatch/Rules.json", 4, True, 12, "127.0.0.1", "json")
    rules = judge_rules_page(unprotected, NOW)
    refused = replace(snapshot(), rules=rules)
    services_of(app).cache.state = state_from(refused, {}, NOW)
    korean = signed_in(app, "ko").get("/").get_data(as_text=True)
    assert "다음 실행 때 자리 비움으로 표시될 예정" in korean  # Jürgen's next action
    assert "will be marked away" not in korean
    arabic = signed_in(app, "ar").get("/").get_data(as_text=True)
    assert "غير مستخدمة" in arabic and "احمها" in arabic  # not used; the fix: protect it
    assert "is not used" not in arabic
    english = signed_in(app, "en").get("/").get_data(as_text=True)
    assert "Project:Mentorwatch/Rules.json (revision 12, last edited by 127.0.0.1) is not used" in (
        english
    )
    blocked = replace(snapshot(), activity={1: Activity(NOW - 3 * DAY, None, blocked=True)})
    services_of(app).cache.state = state_from(blocked, {}, NOW)
    flagged = signed_in(app, "ru").get("/").get_data(as_text=True)
    assert '<span class="flag">заблокирован</span>' in flagged  # Hana's flag, in Russian
