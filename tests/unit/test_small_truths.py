"""Small untruths (issue 21, item 8): plurals, a dry run's progress bar, an empty decisions
header, the exit code for missing credentials, API warnings said once."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from mentorwatch.cli.render import history_to_text
from mentorwatch.cli.run import _progress
from mentorwatch.domain.wording import plural
from mentorwatch.errors import EXIT_INVALID_INPUT, exit_code_for
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import NotLoggedIn


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("dry_run", "label"), [(True, "dry run, no edit"), (False, "Applying")])
def test_the_progress_bar_of_a_dry_run_does_not_say_applying(
    monkeypatch: pytest.MonkeyPatch, dry_run: bool, label: str
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _progress(True, dry_run=dry_run) as update:
        assert update is not None
        update(1, 2)
    shown = terminal.getvalue()
    assert label in shown
    assert ("Applying" in shown) == (not dry_run)


def test_one_is_singular() -> None:
    assert (plural(1, "mentor"), plural(2, "mentor"), plural(0, "wiki")) == (
        "1 mentor",
        "2 mentors",
        "0 wikis",
    )


def test_history_of_a_run_without_decisions_prints_no_empty_header() -> None:
    text = history_to_text(None, [], [])
    assert "Decisions:" not in text
    assert "No decisions: this run planned nothing" in text


def test_missing_credentials_are_invalid_input_not_a_wiki_error() -> None:
    assert exit_code_for(NotLoggedIn("no credentials")) == EXIT_INVALID_INPUT


def test_an_api_warning_is_logged_once_and_paraminfos_only_for_debugging(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = MediaWikiClient("http://127.0.0.1:9/api.php")
    caplog.set_level(logging.INFO, logger="mentorwatch.wiki.api")
    for _ in range(3):
        client._log_warnings("edit", {"main": {"warnings": "Unrecognized parameter: x."}})
        client._log_warnings("paraminfo", {"paraminfo": {"warnings": "no submodule"}})
    said = [record.getMessage() for record in caplog.records]
    assert said == ["API warning from main: {'warnings': 'Unrecognized parameter: x.'}"]
