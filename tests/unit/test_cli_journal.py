"""The journal's commands, on a real SQLite journal: history, undo and unlock errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner, Result

from mentorwatch.cli import main
from mentorwatch.store.journal import Intent, Journal

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WIKI = "http://wiki.test/w/api.php"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"MENTORWATCH_SETTINGS": ""})


def journal_with_a_run(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'journal.db'}"
    journal = Journal(url)
    run_id = journal.runs.start(WIKI, "jsonpage", False, NOW, {"config": {}})
    journal.runs.record_decisions(
        run_id,
        [
            {
                "user_id": 3,
                "username": "Ana",
                "action": "remove",
                "reason": "gone 45 days",
                "evidence": {},
            },
            {"user_id": 4, "username": "Bo", "action": "keep", "reason": "active", "evidence": {}},
        ],
    )
    action = journal.actions.begin(
        run_id, WIKI, Intent(3, "Ana", "remove", "gone", {"weight": 2}), NOW
    )
    journal.actions.finish(action, "done", NOW, None, None, 77)
    journal.runs.finish(run_id, "finished", NOW, {"edits": 1})
    return url


def test_history_lists_runs_and_actions(tmp_path: Path) -> None:
    db = journal_with_a_run(tmp_path)
    shown = run("history", "--db", db)
    assert shown.exit_code == 0, shown.output
    assert "#1" in shown.output and "finished" in shown.output
    assert "remove" in shown.output and "Ana" in shown.output and "rev 77" in shown.output
    detailed = run("history", "--db", db, "--run", "1")
    assert "Decisions:" in detailed.output and "keep        Bo: active" in detailed.output
    document = json.loads(run("history", "--db", db, "--mentor", "Ana", "--json").output)
    assert [a["revision_id"] for a in document["actions"]] == [77]
    assert (
        run("history", "--db", db, "--mentor", "Nobody")
        .output.strip()
        .endswith("No actions recorded.")
    )


def test_undo_of_an_unknown_run_says_so(tmp_path: Path) -> None:
    db = journal_with_a_run(tmp_path)
    result = run("undo", "42", "--db", db)
    assert result.exit_code == 2 and "there is no run #42" in result.output


def test_unlock_releases_a_lock_held_elsewhere(tmp_path: Path) -> None:
    db = journal_with_a_run(tmp_path)
    Journal(db).locks.acquire(WIKI, NOW, holder="otherhost:7")  # its lease long expired
    released = run("unlock", "--wiki", WIKI, "--db", db)
    assert released.exit_code == 0 and "otherhost:7" in released.output
    assert "was not locked" in run("unlock", "--wiki", WIKI, "--db", db).output


def test_unlock_refuses_a_live_lease_unless_forced(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    db = journal_with_a_run(tmp_path)
    Journal(db).locks.acquire(WIKI, datetime.now(UTC), holder="otherhost:8")
    refused = run("unlock", "--wiki", WIKI, "--db", db)
    assert refused.exit_code == 4 and "live lease" in refused.output and "--force" in refused.output
    forced = run("unlock", "--wiki", WIKI, "--db", db, "--force")
    assert forced.exit_code == 0 and "otherhost:8" in forced.output


def test_a_journal_from_a_newer_mentorwatch_is_refused_by_the_commands(tmp_path: Path) -> None:
    db = journal_with_a_run(tmp_path)
    with Journal(db).database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'future'")
    result = run("history", "--db", db)
    assert result.exit_code == 2 and "newer mentorwatch" in result.output


def test_history_of_an_unknown_run_says_so(tmp_path: Path) -> None:
    db = journal_with_a_run(tmp_path)
    result = run("history", "--db", db, "--run", "42")
    assert result.exit_code == 2
    assert result.stderr == "error: there is no run #42 in the journal\n"


def test_history_finds_a_mentor_however_the_name_is_spelled(tmp_path: Path) -> None:
    """Issue 23: names are normalised as MediaWiki does (underscores, spaces, first letter)."""
    url = f"sqlite:///{tmp_path / 'journal.db'}"
    journal = Journal(url)
    run_id = journal.runs.start(WIKI, "jsonpage", False, NOW, {"config": {}})
    name = "Jürgen Müller Test"  # as the wiki spells it, and so journaled
    action = journal.actions.begin(run_id, WIKI, Intent(5, name, "remove", "gone", {}), NOW)
    journal.actions.finish(action, "done", NOW, None, None, 81)
    other = journal.actions.begin(run_id, WIKI, Intent(6, "Jürgen", "remove", "gone", {}), NOW)
    journal.actions.finish(other, "done", NOW, None, None, 82)
    spellings = (
        "Jürgen Müller_Test",
        "Jürgen Müller Test",
        "jürgen Müller Test",
        " Jürgen__Müller  Test ",
    )
    for spelling in spellings:
        shown = run("history", "--db", url, "--mentor", spelling, "--json")
        assert shown.exit_code == 0, shown.output
        assert [a["revision_id"] for a in json.loads(shown.output)["actions"]] == [81], spelling
