"""A run's report, the error frame and the preflight in the operator's language (issue 23):
English exactly as before, Korean and Russian for the operators of those wikis."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mentorwatch.cli.errors import error_lines
from mentorwatch.cli.run_text import report_to_text
from mentorwatch.cli.speech import speak
from mentorwatch.domain.config import ConfigError
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction, WriteKind
from mentorwatch.domain.planner import plan
from mentorwatch.domain.snapshot import decode_snapshot
from mentorwatch.service.run_report import RunReport
from mentorwatch.wiki.mentorlist import Capabilities

SAMPLE = Path(__file__).parents[2] / "examples" / "sample-snapshot.json"
STARTED = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def speaking() -> Iterator[None]:
    """Each test sets the operator's language; English again after it."""
    yield
    speak("en")


def report(*, dry_run: bool = False) -> RunReport:
    snapshot = decode_snapshot(json.loads(SAMPLE.read_text(encoding="utf-8")))
    return RunReport(
        run_id=12,
        wiki="https://ko.wiki.test/w/api.php",
        dry_run=dry_run,
        capabilities=Capabilities("growth", can_mark_away=True, has_mentees=True),
        plan=plan(snapshot),
        problems=(),
        outcomes=[
            Outcome(1, "Ana", WriteAction.MARK_AWAY, Status.DONE, "", 1, WriteKind.LIST_EDIT),
            Outcome(2, "Bo", WriteAction.REMOVE, Status.DONE, "", 1, WriteKind.LIST_EDIT),
            Outcome(2, "Bo", WriteAction.NOTIFY, Status.DONE, "", 1, WriteKind.MESSAGE),
        ],
        requests=17,
        started_at=STARTED,
    )


def test_the_english_report_reads_as_before(speaking: None) -> None:
    lines = report_to_text(report()).splitlines()
    assert lines[0] == (
        "mentorwatch run on https://ko.wiki.test/w/api.php at 2026-12-02T09:30:00Z "
        "(backend growth, run #12)"
    )
    assert lines[-1] == "Writes: 2 list edits, 1 talk page message; failures: 0; API requests: 17"
    dry = report_to_text(report(dry_run=True)).splitlines()[0]
    assert dry.startswith("mentorwatch dry run on https://ko.wiki.test/w/api.php at ")


def test_the_report_in_korean_and_russian(speaking: None) -> None:
    speak("ko")
    korean = report_to_text(report()).splitlines()
    assert korean[0] == (
        "https://ko.wiki.test/w/api.php에서 2026-12-02T09:30:00Z에 mentorwatch 실행"
        "(백엔드 growth, 실행 #12)"
    )
    assert korean[-1] == "쓰기: 목록 편집 2회, 토론 문서 메시지 1건, 실패: 0, API 요청: 17"
    assert "Planned:" not in "\n".join(korean)
    speak("ru")
    russian = report_to_text(report()).splitlines()
    assert russian[-1] == (
        "Записи: 2 правки списка, 1 сообщение на странице обсуждения; сбоев: 0; запросов к API: 17"
    )


def test_the_error_frame_in_the_operators_language(speaking: None) -> None:
    problem = ConfigError(["AwayAfterDays: must be a whole number"], page="MediaWiki:X.json")
    assert error_lines(problem) == [
        "error: MediaWiki:X.json: AwayAfterDays: must be a whole number",
        "Nothing was changed. Fix the configuration page and run again.",
    ]
    speak("de")
    assert error_lines(problem) == [
        "Fehler: MediaWiki:X.json: AwayAfterDays: must be a whole number",
        "Es wurde nichts geändert. Korrigiere die Konfigurationsseite und starte erneut.",
    ]


def test_the_preflight_in_english_and_russian(speaking: None) -> None:
    from mentorwatch.cli.preflight import preflight_lines
    from mentorwatch.domain.grants import AccountRights, Gap
    from mentorwatch.domain.rights import Feature
    from mentorwatch.service.preflight import FeatureCheck, Preflight
    from mentorwatch.service.rules_page_state import RulesPageState

    fix = 'grant "Manage mentorship" (managementorship) on Special:BotPasswords'
    found = Preflight(
        "https://ru.wiki.test/w/api.php",
        AccountRights("Bot", frozenset(), frozenset({"bot"})),
        "MediaWiki 1.43",
        RulesPageState("Project:Mentorwatch/Rules.json", None, exists=False),
        (
            FeatureCheck(Feature.MARK_AWAY, "", frozenset({"edit"})),
            FeatureCheck(
                Feature.REMOVE,
                None,
                frozenset({"managementors"}),
                (Gap(("managementors",), fix),),
            ),
        ),
    )
    english = preflight_lines(found)
    assert english[:2] == ["wiki: https://ru.wiki.test/w/api.php", "account: Bot (groups: bot)"]
    assert english[4:] == [
        "mark away [on]: ok (needs edit)",
        "remove and reassign [off]: MISSING (needs managementors)",
        f"  remove and reassign: lacks managementors: {fix}",
    ]
    speak("ru")
    russian = preflight_lines(found)
    assert russian[0] == "вики: https://ru.wiki.test/w/api.php"
    assert russian[4:] == [
        "mark away [вкл.]: в порядке (нужно: edit)",
        "remove and reassign [выкл.]: НЕ ХВАТАЕТ (нужно: managementors)",  # noqa: RUF001
        f"  remove and reassign: не хватает managementors: {fix}",
    ]
