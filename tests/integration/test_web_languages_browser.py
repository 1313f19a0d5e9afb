"""The web app in Korean and in Arabic, in a real browser (Debian's Chromium, Playwright).

Each person's language, date format and time zone are their preferences on the wiki, set
there with ``action=options`` as they would set them in Special:Preferences, and read by
mentorwatch at sign-in. The dashboard, the configuration page and the away page are checked
for their language and direction (Arabic right to left, cells right-aligned), and dates in the
person's language and time zone. Screenshots go to docs/ when MENTORWATCH_SCREENSHOTS=1.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.web.views.dates import ReaderDates
from mentorwatch.wiki.api import MediaWikiClient

from .conftest import OTHER_ADMIN, Community
from .test_web_browser import DOCS, browser, served, sign_in  # noqa: F401 (fixtures)
from .web import Served

#: language, time zone (MediaWiki's ``timecorrection``), and what each page says there
READERS = {
    "ko": ("ZoneInfo|540|Asia/Seoul", "Asia/Seoul", "ltr"),
    "ar": ("ZoneInfo|180|Asia/Riyadh", "Asia/Riyadh", "rtl"),
}
HEADINGS = {
    "ko": ("멘토 상태 대시보드", "멘토링: 활동하지 않는 멘토", "내 부재 설정", "저장"),
    "ar": ("لوحة حالة المرشدين", "الإرشاد: المرشدون غير النشطين", "إعدادات غيابي", "حفظ"),
}


@contextmanager
def preferring(c: Community, users: list[str], language: str, zone: str) -> Iterator[None]:
    """``users``' preferences on the wiki as Special:Preferences sets them (a bot password
    with the grant to edit one's own preferences), reset to the defaults afterwards: the
    wiki's administrator is every test's."""
    kept = c.wiki.credentials()
    clients = []
    for user in users:
        app = f"prefs{secrets.token_hex(4)}"
        username, password = c.wiki.create_bot_password(user, app, "basic,editmyoptions")
        client = MediaWikiClient(c.wiki.api_url, sleep=lambda _s: None)
        client.login(username, password)
        clients.append(client)
    (c.wiki.directory / "credentials.json").write_text(json.dumps(kept, indent=2))
    try:
        for client in clients:
            for name, value in (("language", language), ("timecorrection", zone)):
                client.post_with_token(action="options", optionname=name, optionvalue=value)
            options = client.get(action="query", meta="userinfo", uiprop="options")
            assert options["query"]["userinfo"]["options"]["language"] == language
        yield
    finally:
        for client in clients:
            client.post_with_token(action="options", reset=1)


def open_signed_in(chromium: object, app: Served, credentials: tuple[str, str]) -> object:
    """Signed in, in the user's language, once the dashboard shows its table."""
    page = sign_in(chromium, app, credentials, ready="h1")
    for _attempt in range(100):  # the first reading of the wiki runs in the background
        if page.locator("table.mentors").count():  # type: ignore[attr-defined]
            break
        page.reload()  # type: ignore[attr-defined]
    return page


def language_of(page: object) -> tuple[str, str]:
    html = page.locator("html")  # type: ignore[attr-defined]
    return html.get_attribute("lang"), html.get_attribute("dir")


#: where a cell's text sits: the gap to its right edge minus the gap to its left (negative:
#: the text hugs the right edge, as right to left text does)
HUG = """cell => {
  const box = cell.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(cell);
  const text = range.getBoundingClientRect();
  return (box.right - text.right) - (text.left - box.left);
}"""


def shot(page: object, name: str) -> None:
    if os.environ.get("MENTORWATCH_SCREENSHOTS"):
        page.screenshot(path=str(DOCS / name), full_page=True)  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["ko", "ar"])
def test_dashboard_configuration_and_away_in_the_readers_language(
    browser: object,  # noqa: F811
    served: Served,  # noqa: F811
    language: str,
) -> None:
    c = served.community
    correction, zone, _direction = READERS[language]
    with preferring(c, [served.mentor_name, OTHER_ADMIN], language, correction):
        dates = ReaderDates(language, "default", ZoneInfo(zone))
        away_until = _away_in(browser, served, language, dates)
        _dashboard_and_configuration(browser, served, language, dates, away_until)


def _away_in(chromium: object, app: Served, language: str, dates: ReaderDates) -> datetime:
    """The mentor sets themselves away, in their language: the date they are back, as the
    wiki records it."""
    c = app.community
    dashboard, _configuration, away, save = HEADINGS[language]
    direction = READERS[language][2]

    page = open_signed_in(chromium, app, app.mentor)
    assert language_of(page) == (language, direction)
    assert page.inner_text("h1") == dashboard
    page.goto(f"{app.url}/away")
    assert page.inner_text("h1") == away and language_of(page) == (language, direction)
    page.fill("#days", "20")
    page.click(f"button[value=away] >> text={save}")
    page.wait_for_selector("p.saved")
    entry = c.read()["Mentors"][str(c.id("Mira"))]
    away_until = parse_timestamp(entry["awayTimestamp"])  # the wiki's own record
    assert timedelta(days=19.9) < away_until - c.now < timedelta(days=20.1)
    assert dates.date(away_until) in page.inner_text("p.saved")  # their date, their zone
    assert dates.date(away_until) in page.inner_text("p.current")
    shot(page, f"screenshot-away-{language}.png")
    page.close()
    return away_until


def _dashboard_and_configuration(
    chromium: object, app: Served, language: str, dates: ReaderDates, away_until: datetime
) -> None:
    """The administrator: the dashboard (the mentor's away in their date and zone; Arabic
    cells right-aligned) and the configuration page."""
    configuration = HEADINGS[language][1]
    direction = READERS[language][2]
    page = open_signed_in(chromium, app, app.admin)
    row = page.locator(f"tr[data-user='{app.mentor_name}']")
    page.wait_for_function(
        "name => document.querySelector(`tr[data-user='${name}'] td.away-until time`)",
        arg=app.mentor_name,
    )
    assert row.locator("td.away-until").inner_text().strip() == dates.date(away_until)
    name_cell = row.locator("td").first.element_handle()
    hug = page.evaluate(HUG, name_cell)
    assert (hug < 0) if direction == "rtl" else (hug > 0), hug  # Arabic: cells right-aligned
    shot(page, f"screenshot-dashboard-{language}.png")
    page.goto(f"{app.url}/config")
    assert page.inner_text("h1") == configuration and language_of(page) == (language, direction)
    shot(page, f"screenshot-configuration-{language}.png")
    page.close()
