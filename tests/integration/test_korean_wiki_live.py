"""A wiki whose content language is Korean: what mentorwatch writes there is Korean.

A real MediaWiki 1.43 with GrowthExperiments REL1_43, installed with ``--lang ko``
(``scripts/localwiki.py`` ``create(language="ko")``). A mentor inactive for 40 days is marked
away by a real run with notices on; the wiki itself is then read: the mentor list page's edit
summary, the talk page's notice (heading, text and its date) and the notice's edit summary are
Korean, with nothing of the English defaults.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import growthwiki
import pytest

from mentorwatch.cli.run_text import report_to_text
from mentorwatch.cli.speech import speak
from mentorwatch.service.cycle import Cycle
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.growth import GrowthBackend
from mentorwatch.wiki.rules_page import protect_rules_page, write_rules_page

from .conftest import SMALL_WORLD_RULES, login
from .growth_rigs import build_rig, localwiki

DAY = timedelta(days=1)
KOREAN_DATE = re.compile(r"\d{4}년 \d{1,2}월 \d{1,2}일")
RULES = {
    "MarkInactiveMentorsAway": True,
    "AwayAfterDays": 10,
    "RemoveInactiveMentors": True,
    "RemoveAfterDays": 60,
    "NotifyOnAction": True,
    **SMALL_WORLD_RULES,  # two mentors: below the default minimum pool of 3
}


@pytest.fixture(scope="module")
def ge143ko(tmp_path_factory: pytest.TempPathFactory) -> Iterator[localwiki.LocalWiki]:
    """MediaWiki 1.43 + GrowthExperiments REL1_43, content language Korean."""
    wiki = build_rig(tmp_path_factory, "ge143ko", mediawiki="1.43", language="ko")
    try:
        yield wiki
    finally:
        wiki.stop()


def _revisions(wiki: localwiki.LocalWiki, title: str) -> list[dict[str, Any]]:
    result = MediaWikiClient(wiki.api_url).get(
        action="query",
        prop="revisions",
        titles=title,
        rvprop="comment|content",
        rvslots="main",
        rvlimit="max",
    )
    return list(result["query"]["pages"][0].get("revisions", []))


def test_a_run_on_a_korean_wiki_writes_korean_summaries_and_a_korean_notice(
    ge143ko: localwiki.LocalWiki, tmp_path: Path
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    quiet, busy = "조용한멘토", "바쁜멘토"
    growthwiki.create_mentor_users(
        ge143ko,
        [
            {"name": quiet, "registered": now - 400 * DAY},
            {"name": busy, "registered": now - 400 * DAY},
        ],
    )
    ge143ko.import_edits(
        [
            {
                "user": quiet,
                "title": "연습장",
                "timestamp": now - 40 * DAY,
                "text": "a",
                "comment": "",
            },
            {"user": busy, "title": "연습장", "timestamp": now - DAY, "text": "b", "comment": ""},
        ]
    )
    for name in (quiet, busy):
        growthwiki.add_mentor(ge143ko, name)
    client = login(ge143ko)
    backend = GrowthBackend(client, rules_page="Project:Mentorwatch.json")
    write_rules_page(client, backend.rules_page, RULES, "test: rules", base_revid=None)
    protect_rules_page(client, backend.rules_page, "test: only administrators")
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")

    report = Cycle(client, backend, journal, clock=lambda: now).run()

    assert [(o.username, o.action, o.status) for o in report.outcomes] == [
        (quiet, "mark_away", "done"),
        (quiet, "notify", "done"),
    ]
    assert growthwiki.mentor_status(ge143ko, quiet) == "away"
    # the mentor list's edit summary, in Korean (GrowthExperiments wraps it in its own)
    list_summary = _revisions(ge143ko, backend.list_page)[0]["comment"]
    assert (
        f"멘토 {quiet}님이 40일 동안 비활성화 상태였기 때문에 부재중으로 표시합니다" in list_summary
    )
    assert "inactive" not in list_summary
    # the notice on the talk page: Korean heading, text and date, and a Korean summary
    (notice,) = _revisions(ge143ko, f"User talk:{quiet}")
    text = notice["slots"]["main"]["content"]
    assert "== 부재중으로 표시되었습니다 ==" in text
    assert f"{quiet}님, 안녕하세요." in text and "10일 넘게 편집하지 않으셔서" in text
    assert KOREAN_DATE.search(text), text
    said = text.split("[[")[0]  # before the signature the wiki expands (the bot's name)
    assert not re.search(r"[A-Za-z]{3,}", said), said  # no English word
    summary, _, tag = notice["comment"].partition(" [mentorwatch ")
    assert summary == f"멘토 목록: {quiet}님에게 멘토 상태 변경을 알립니다" and tag
    # the run's report for a Korean operator (--lang ko): Korean, the wiki's words as they are
    speak("ko")
    try:
        shown = report_to_text(report).splitlines()
    finally:
        speak("en")
    assert shown[0].startswith(f"{ge143ko.api_url}에서 ") and "mentorwatch 실행(백엔드 " in shown[0]
    assert shown[-1].startswith("쓰기: ") and "토론 문서 메시지 1건" in shown[-1], shown[-1]
    assert not any(line.startswith(("Writes:", "Planned:")) for line in shown)
