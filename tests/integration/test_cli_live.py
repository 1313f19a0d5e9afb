"""``mentorwatch run`` and ``snapshot`` as an operator meets them, against the real wiki."""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mentorwatch.cli import main
from mentorwatch.store.journal import Journal

from .conftest import Community, free_port_url
from .test_jsonpage_cycle import MakeCommunity, entries


def run_cli(args: list[str], env: dict[str, str]) -> Result:
    return CliRunner().invoke(main, args, env=env)


def operator_env(c: Community, tmp_path: Path, **extra: str) -> dict[str, str]:
    username, password = c.wiki.bot_credentials()
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'list_page = "{c.list_page}"\nconfig_page = "{c.config_page}"\n'
        f'rules_page = "{c.rules_page}"\n'
        f'database = "sqlite:///{tmp_path / "journal.db"}"\n'
    )
    return {
        "MENTORWATCH_USERNAME": username,
        "MENTORWATCH_PASSWORD": password,
        "MENTORWATCH_SETTINGS": str(settings),
        **extra,
    }


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries wait through time.sleep; record the waits instead of waiting."""
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    return waits


def test_run_marks_away_and_prints_a_summary(community: MakeCommunity, tmp_path: Path) -> None:
    c = community().mentor("Quiet", 12).mentor("Gone", 45).mentor("Active", 1).publish()
    env = operator_env(c, tmp_path)
    dry = run_cli(["run", "--wiki", c.wiki.api_url, "--dry-run"], env)
    assert dry.exit_code == 0, dry.output
    assert "dry run" in dry.output and "planned  mark_away" in dry.output
    assert re.search(r"dry run on \S+ at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(backend", dry.output)
    real = run_cli(["run", "--wiki", c.wiki.api_url], env)
    assert real.exit_code == 0, real.output
    assert "done  remove      " + c.name("Gone") in real.output
    assert "Writes: 2 list edits; failures: 0; API requests: " in real.output
    assert str(c.id("Gone")) not in entries(c)
    assert env["MENTORWATCH_PASSWORD"] not in real.output


def test_snapshot_of_a_live_wiki_replays_with_plan(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Active", 1).publish()
    result = run_cli(["snapshot", "--wiki", c.wiki.api_url], operator_env(c, tmp_path))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["activity"][str(c.id("Quiet"))]["last_edit_at"] is not None
    path = tmp_path / "snap.json"
    path.write_text(result.stdout)
    planned = json.loads(run_cli(["plan", str(path), "--json"], {}).output)
    actions = {d["mentor"]: d["action"] for d in planned["decisions"]}
    assert actions == {c.name("Quiet"): "mark_away", c.name("Active"): "keep"}


def test_an_invalid_configuration_on_the_wiki_changes_nothing(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community({"GEMentorshipShouldBeAutoremoved": True, "GEMentorshipAutoremovedAfterDays": -3})
    c.mentor("Gone", 45).publish()
    before = c.history()
    result = run_cli(["run", "--wiki", c.wiki.api_url], operator_env(c, tmp_path))
    assert result.exit_code == 2
    assert "GEMentorshipAutoremovedAfterDays: -3 is not allowed" in result.output
    assert c.history() == before


def test_bad_credentials_are_one_clear_error(community: MakeCommunity, tmp_path: Path) -> None:
    c = community().mentor("Quiet", 12).publish()
    env = operator_env(c, tmp_path, MENTORWATCH_PASSWORD="0" * 32)
    result = run_cli(["run", "--wiki", c.wiki.api_url], env)
    assert result.exit_code == 3
    assert result.output.strip().splitlines() == [
        "error: login as MentorwatchBot@mentorwatch failed: "
        "Incorrect username or password entered. Please try again."
    ]


def test_missing_credentials_are_explained(community: MakeCommunity, tmp_path: Path) -> None:
    c = community().publish()
    result = run_cli(["run", "--wiki", c.wiki.api_url], {"MENTORWATCH_USERNAME": ""})
    assert result.exit_code == 2  # the operator's input is missing; the wiki is fine (issue 21)
    assert "no credentials: set MENTORWATCH_USERNAME" in result.output


def test_an_unreachable_wiki_is_one_clear_error_after_retries(no_sleep: list[float]) -> None:
    result = run_cli(["run", "--wiki", free_port_url()], {})
    assert result.exit_code == 3
    *logged, line = result.output.strip().splitlines()
    assert line.startswith("error: cannot reach http://127.0.0.1:") and "connection refused" in line
    assert len(logged) == 4 and all(" WARNING mentorwatch.wiki.api: " in entry for entry in logged)
    assert no_sleep == [1.0, 2.0, 4.0, 8.0]  # backoff, injected: nothing really waited


@pytest.fixture
def html_site(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "index.html").write_text("<html><body>Not a wiki</body></html>")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()


def test_a_url_that_is_not_a_mediawiki_is_one_clear_error(html_site: str) -> None:
    result = run_cli(["run", "--wiki", html_site], {})
    assert result.exit_code == 3
    (line,) = result.output.strip().splitlines()
    assert line == (
        f"error: {html_site} is not a MediaWiki api.php: it answered HTTP 200 with text/html; "
        "the URL usually ends in /w/api.php"
    )


def test_snapshot_reads_the_journal_given_with_db_and_is_silent_about_pauses_it_never_made(
    community: MakeCommunity, tmp_path: Path
) -> None:
    # a mentor without automatic assignment by their own choice: no mentorwatch edit made it,
    # so a new journal has nothing to warn about (test_paused_elsewhere.py: when it matters)
    c = community().mentor("Manual", 2, weight=0).mentor("Active", 1).publish()
    env = operator_env(c, tmp_path)
    fresh = run_cli(["snapshot", "--wiki", c.wiki.api_url], env)
    assert fresh.exit_code == 0, fresh.output
    assert "another journal" not in fresh.stderr

    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert run_cli(["run", "--wiki", c.wiki.api_url, "--db", other], env).exit_code == 0
    known = run_cli(["snapshot", "--wiki", c.wiki.api_url, "--db", other], env)
    assert known.exit_code == 0, known.output
    assert "another journal" not in known.output
    assert json.loads(known.stdout)["format"] == "mentorwatch-snapshot"


def test_two_spellings_of_one_wiki_share_one_lock(community: MakeCommunity, tmp_path: Path) -> None:
    # issue 13, finding 4: the lock was keyed on the URL as typed
    c = community().mentor("Quiet", 12).mentor("Active", 1).publish()
    env = operator_env(c, tmp_path)
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    journal.locks.acquire(c.wiki.api_url, c.now)  # a run in progress, as the wiki names itself
    shouting = c.wiki.api_url.replace("http://127.0.0.1", "HTTP://LOCALHOST")
    refused = run_cli(["run", "--wiki", shouting], env)
    assert refused.exit_code == 4, refused.output
    assert "another mentorwatch run is working on" in refused.output
    journal.locks.release(c.wiki.api_url)
    done = run_cli(["run", "--wiki", shouting], env)
    assert done.exit_code == 0, done.output
    assert [run.wiki for run in journal.runs.recent()] == [c.wiki.api_url]
