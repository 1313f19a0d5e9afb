"""The command line's human output in the operator's language (issue 23): ``--lang``, then
``MENTORWATCH_LANG``, then the locale, else English; JSON the same in every language."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner, Result

from mentorwatch.cli import main
from mentorwatch.cli.speech import operator_language
from mentorwatch.domain.rules_source import PageInfo, judge_rules_page

SAMPLE = Path(__file__).parents[2] / "examples" / "sample-snapshot.json"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
NO_LOCALE = {"MENTORWATCH_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def plan(*options: str, **env: str) -> Result:
    return CliRunner().invoke(main, [*options, "plan", str(SAMPLE)], env={**NO_LOCALE, **env})


def test_the_language_is_the_option_then_the_variable_then_the_locale() -> None:
    assert operator_language("ko", {"MENTORWATCH_LANG": "ru", "LANG": "de_DE.UTF-8"}) == "ko"
    assert operator_language(None, {"MENTORWATCH_LANG": "ru", "LANG": "de_DE.UTF-8"}) == "ru"
    assert operator_language(None, {"LC_MESSAGES": "ar_EG.UTF-8", "LANG": "de_DE"}) == "ar"
    assert operator_language(None, {"LANG": "de_AT.UTF-8"}) == "de"
    assert operator_language(None, {"LANG": "C.UTF-8"}) == "en"
    assert operator_language(None, {}) == "en"


def test_the_plan_in_korean_russian_and_english() -> None:
    korean = plan("--lang", "ko")
    assert korean.exit_code == 0, korean.output
    assert "멘토" in korean.output and "이유:" in korean.output and "요약: " in korean.output
    assert "Reasons:" not in korean.output
    russian = plan(MENTORWATCH_LANG="ru").output
    assert "Причины:" in russian and "НАСТАВНИК" in russian
    german = plan(LANG="de_DE.UTF-8").output
    assert "Gründe:" in german
    english = plan().output
    assert "Reasons:" in english and "MENTOR" in english


def test_json_is_the_same_in_every_language() -> None:
    outputs = {
        code: CliRunner()
        .invoke(main, ["--lang", code, "plan", str(SAMPLE), "--json"], env=NO_LOCALE)
        .output
        for code in ("en", "ko", "ar")
    }
    assert outputs["en"] == outputs["ko"] == outputs["ar"]


def test_the_history_in_arabic(tmp_path: Path) -> None:
    from mentorwatch.store.journal import Intent, Journal

    url = f"sqlite:///{tmp_path / 'journal.db'}"
    journal = Journal(url)
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    run_id = journal.runs.start("http://wiki.test/w/api.php", "jsonpage", False, now, {})
    journal.runs.record_decisions(
        run_id,
        [
            {
                "user_id": 3,
                "username": "Ana",
                "action": "remove",
                "reason": "gone",
                "evidence": {"status": "to_remove", "status_label": "due for removal"},
            }
        ],
    )
    action = journal.actions.begin(
        run_id, "http://wiki.test/w/api.php", Intent(3, "Ana", "remove", "gone", {}), now
    )
    journal.actions.finish(action, "done", now, None, None, 7)
    arabic = CliRunner().invoke(
        main, ["--lang", "ar", "history", "--db", url, "--run", str(run_id)], env=NO_LOCALE
    )
    assert arabic.exit_code == 0, arabic.output
    assert "القرارات:" in arabic.output and "الإجراءات:" in arabic.output
    assert "Ana [مستحق للإزالة]: gone" in arabic.output  # the status in Arabic
    english = CliRunner().invoke(
        main, ["history", "--db", url, "--run", str(run_id)], env=NO_LOCALE
    )
    assert "Ana [due for removal]: gone" in english.output and "Actions:" in english.output


def test_where_the_rules_came_from_and_their_refusal_in_korean(tmp_path: Path) -> None:
    """The plan of a snapshot whose rules page was not trusted says why in the operator's
    language (exit 4); the English stays as it was."""
    document = json.loads(SAMPLE.read_text())
    judged = judge_rules_page(PageInfo("Project:Mentorwatch/Rules.json", 4, True, 12, None), NOW)
    document["rules"] = judged.to_json()
    refused = tmp_path / "refused.json"
    refused.write_text(json.dumps(document))
    korean = CliRunner().invoke(main, ["--lang", "ko", "plan", str(refused)], env=NO_LOCALE)
    assert korean.exit_code == 4, korean.output
    assert "사용하지 않음 (신뢰할 수 없음)" in korean.output  # describe(): not used
    assert "(판 12, 마지막 편집자 (숨겨짐)) 문서는 사용하지 않습니다" in korean.output
    assert "NOT USED" not in korean.output and "is not used" not in korean.output
    english = CliRunner().invoke(main, ["plan", str(refused)], env=NO_LOCALE).output
    assert "Project:Mentorwatch/Rules.json, revision 12 by (hidden): NOT USED" in english


def test_a_bad_rules_file_is_said_in_the_operators_language(tmp_path: Path) -> None:
    """config check names the key and the fix in the operator's language."""
    bad = tmp_path / "rules.json"
    bad.write_text(json.dumps({"GEMentorshipAutoremovedAfterDays": 0}))
    russian = CliRunner().invoke(main, ["--lang", "ru", "config", "check", str(bad)], env=NO_LOCALE)
    assert russian.exit_code == 2
    assert (
        "GEMentorshipAutoremovedAfterDays: 0 недопустимо; укажите целое число дней от 1 до 3650"
        in (russian.output)
    )
    english = CliRunner().invoke(main, ["config", "check", str(bad)], env=NO_LOCALE).output
    assert "GEMentorshipAutoremovedAfterDays: 0 is not allowed; use a whole number of days" in (
        english
    )
