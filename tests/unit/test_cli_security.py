"""The command line and the adapters under hostile or broken input (issue 13): wiki pages and
API answers of the wrong shape, broken journals, terminal injection, undo's wiki."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner, Result
from sqlalchemy.exc import OperationalError

from mentorwatch.cli import main
from mentorwatch.cli.render import one_line, terminal_safe
from mentorwatch.errors import EXIT_INVALID_INPUT, EXIT_WIKI_ERROR, WikiError, exit_code_for
from mentorwatch.store.database import journal_problem
from mentorwatch.store.journal import Intent, Journal
from mentorwatch.store.migrate import JournalError
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import InvalidPage
from mentorwatch.wiki.pages import parse_json_page, read_pages

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WIKI = "http://wiki.test/w/api.php"
HOSTILE_NAME = "\x1b[31mEvil\x1b[0m\u202eoll\u2066"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env={"MENTORWATCH_SETTINGS": "", **(env or {})})


def no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


# --- wiki pages: parsed strictly, bad input is exit 2 ---------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[" * 50_000 + "]" * 50_000, "nested 50000 levels deep"),
        ('{"Mentors": {"5": {"username": "A"}, "5": {"username": "B"}}}', "'5' appears twice"),
        ('{"Mentors": {}, "Mentors": {}}', "'Mentors' appears twice"),
        ('{"Mentors": {"5": {"weight": ' + "9" * 5000 + "}}}", "digits"),
        ('{"Mentors": {"5": {"weight": NaN}}}', "NaN is not JSON"),
        ('{"Mentors": {"5": {"weight": 1e999}}}', "too large"),
        ('{"Mentors": ', "invalid JSON"),
    ],
    ids=["deep", "duplicate-id", "duplicate-key", "huge-number", "nan", "infinity", "broken"],
)
def test_a_hostile_page_is_invalid_input_naming_the_page(content: str, says: str) -> None:
    with pytest.raises(InvalidPage) as raised:
        parse_json_page("MediaWiki:GrowthMentors.json", content)
    assert says in str(raised.value) and "MediaWiki:GrowthMentors.json" in str(raised.value)
    assert exit_code_for(raised.value) == EXIT_INVALID_INPUT  # the README: 2, nothing changed
    assert isinstance(raised.value, WikiError)  # and the wiki's error handlers still catch it


# --- API answers without what they must hold ----------------------------------------------


class CannedSession(requests.Session):
    """Answers every request with the same JSON body."""

    def __init__(self, body: Any) -> None:
        super().__init__()
        self.body = body

    def request(self, method: str | bytes, url: str | bytes, *_a: Any, **_k: Any) -> Any:
        answer = requests.Response()
        answer.status_code = 200
        answer.headers["Content-Type"] = "application/json"
        answer._content = json.dumps(self.body).encode()
        return answer


@pytest.mark.parametrize("body", [{"batchcomplete": True}, {"query": {}}, {"query": {"x": 1}}])
def test_an_answer_without_query_is_a_wiki_error(body: Any) -> None:
    client = MediaWikiClient(WIKI, session=CannedSession(body), sleep=lambda _s: None)
    for call in (
        lambda: read_pages(client, ["MediaWiki:GrowthMentors.json"]),
        lambda: client.login("Bot@x", "secret"),
        lambda: client.csrf_token(),
    ):
        with pytest.raises(WikiError) as raised:
            call()
        assert "unexpected answer from the wiki" in str(raised.value)
        assert exit_code_for(raised.value) == EXIT_WIKI_ERROR
        assert "secret" not in str(raised.value)


# --- the journal ----------------------------------------------------------------------------


def journal_with_a_run(tmp_path: Path, username: str = "Ana") -> str:
    url = f"sqlite:///{tmp_path / 'journal.db'}"
    journal = Journal(url)
    run_id = journal.runs.start(WIKI, "jsonpage", False, NOW, {"config": {}})
    journal.runs.record_decisions(
        run_id,
        [
            {
                "user_id": 3,
                "username": username,
                "action": "remove",
                "reason": username,
                "evidence": {},
            }
        ],
    )
    action = journal.actions.begin(run_id, WIKI, Intent(3, username, "remove", username), NOW)
    journal.actions.finish(action, "done", NOW, username, None, 77)
    journal.runs.finish(run_id, "finished", NOW, {"edits": 1})
    return url


@pytest.mark.parametrize("command", [["history"], ["undo", "1"], ["unlock", "--wiki", WIKI]])
def test_a_mistyped_journal_path_is_an_error_not_a_new_journal(
    tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "jounral.db"
    result = run(*command, "--db", f"sqlite:///{missing}")
    no_traceback(result)
    assert result.exit_code == EXIT_INVALID_INPUT
    assert f"there is no journal at {missing}" in result.output
    assert not missing.exists()


def test_a_corrupt_journal_says_what_to_do(tmp_path: Path) -> None:
    broken = tmp_path / "journal.db"
    broken.write_bytes(b"this is not a database" * 100)
    for command in (["history"], ["undo", "1"], ["unlock", "--wiki", WIKI]):
        result = run(*command, "--db", f"sqlite:///{broken}")
        no_traceback(result)
        assert result.exit_code == EXIT_INVALID_INPUT, result.output
        assert "file is not a database" in result.output and "restore it" in result.output


def test_history_opens_the_journal_read_only(tmp_path: Path) -> None:
    db = journal_with_a_run(tmp_path)
    reader = Journal(db, existing=True, read_only=True)
    assert reader.runs.recent()[0].id == 1
    with pytest.raises(JournalError, match=r"readonly database.*write access"):
        reader.runs.start(WIKI, "jsonpage", True, NOW, {})


def test_a_locked_journal_is_a_journal_error() -> None:
    locked = OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))
    assert journal_problem("sqlite:///j.db", locked) == (
        "the journal sqlite:///j.db cannot be used (database is locked): another process "
        "holds it; wait for it to finish and try again"
    )


@pytest.mark.parametrize("run_id", ["99999999999999999999", "9223372036854775808", "0"])
def test_history_of_a_huge_run_id_says_there_is_none(tmp_path: Path, run_id: str) -> None:
    result = run("history", "--db", journal_with_a_run(tmp_path), "--run", run_id)
    no_traceback(result)
    assert result.exit_code == EXIT_INVALID_INPUT and f"no run #{run_id}" in result.output


# --- terminal injection ---------------------------------------------------------------------


def test_history_escapes_control_and_bidi_characters(tmp_path: Path) -> None:
    db = journal_with_a_run(tmp_path, HOSTILE_NAME)
    for args in (["history"], ["history", "--run", "1"], ["history", "--json"]):
        result = run(*args, "--db", db)
        assert result.exit_code == 0
        assert "\x1b" not in result.output and "\u202e" not in result.output
        assert "\\u001b[31mEvil" in result.output and "\\u202eoll\\u2066" in result.output
    document = json.loads(run("history", "--json", "--db", db).output)
    assert document["actions"][0]["username"] == HOSTILE_NAME  # still valid JSON, same data


def test_terminal_safe_keeps_line_breaks_and_scripts() -> None:
    assert terminal_safe("a\nb") == "a\nb"
    assert terminal_safe("Zoë 李 کاربر\u200c") == "Zoë 李 کاربر\u200c"  # ZWNJ is Persian text
    assert terminal_safe("\x07\x9b\r\t\u2028") == "\\u0007\\u009b\\u000d\\u0009\\u2028"
    assert terminal_safe("नमस्\u200dते 👩\u200d💻") == "नमस्\u200dते 👩\u200d💻"  # joiners in a script


def test_terminal_safe_shows_what_would_hide() -> None:
    assert terminal_safe("Ad\u200bmin\ufeff\u2060") == "Ad\\u200bmin\\ufeff\\u2060"
    assert terminal_safe("\u200cAdmin a\u200db") == "\\u200cAdmin a\\u200db"  # joiners hiding
    assert terminal_safe("x\U000e0041") == "x\\udb40\\udc41"  # a tag, as JSON writes it
    assert one_line("A\nerror: forged") == "A\\u000aerror: forged"


# --- undo signs in only where the operator says ---------------------------------------------


def test_undo_refuses_a_wiki_named_only_by_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def signing_in(api_url: str, *_a: Any, **_k: Any) -> None:
        raise WikiError(f"signing in to {api_url}")  # instead of reaching the wiki

    monkeypatch.setattr("mentorwatch.cli.journal.open_wiki", signing_in)
    db = journal_with_a_run(tmp_path)
    secrets = {"MENTORWATCH_USERNAME": "Bot@x", "MENTORWATCH_PASSWORD": "hunter2"}
    unnamed = run("undo", "1", "--db", db, env=secrets)
    assert unnamed.exit_code == EXIT_INVALID_INPUT
    assert f"run #1 was on {WIKI}, which your settings do not name" in unnamed.output
    assert f"--wiki {WIKI}" in unnamed.output
    # the wiki the operator names, however spelled (the undo then checks it is the same one)
    other = run("undo", "1", "--db", db, "--wiki", "https://other.test/w/api.php", env=secrets)
    assert other.exit_code == EXIT_WIKI_ERROR
    assert "signing in to https://other.test" in other.output
    # named: it goes on to sign in there
    named = run("undo", "1", "--db", db, "--wiki", WIKI, "--dry-run")
    assert named.exit_code == EXIT_WIKI_ERROR and f"signing in to {WIKI}" in named.output
    settings = tmp_path / "settings.toml"
    settings.write_text(f'[wikis."{WIKI}"]\ncontact = "User:Op"\n')
    from_settings = run(
        "undo", "1", "--db", db, "--dry-run", env={"MENTORWATCH_SETTINGS": str(settings)}
    )
    assert from_settings.exit_code == EXIT_WIKI_ERROR, from_settings.output
