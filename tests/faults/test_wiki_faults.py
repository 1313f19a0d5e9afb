"""A run whose wiki fails mid-way (after a write): down, HTTP 5xx, a reset connection, a
truncated answer, through a real proxy in front of the real local wiki (proxy.py).

The run ends with its documented exit code and a clear message, no traceback; the next run
(the wiki answering again) leaves each change made exactly once, a change whose edit landed
found and journaled ``done``, and the journal matching the wiki.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mentorwatch.errors import EXIT_ACTION_FAILED, EXIT_WIKI_ERROR
from mentorwatch.store.journal import Journal
from tests.integration.conftest import BOTH_ON
from tests.integration.test_cli_live import operator_env, run_cli
from tests.integration.test_jsonpage_cycle import MakeCommunity, entries

from .proxy import Fault, Script, faulty
from .wikistate import check_journal_matches_wiki, edits, messages, statuses

EDIT = {"action": "edit"}
LANDED = "the wiki may have made it"
#: fault -> (the fault, the run's exit code, what its output says). The wiki is asked four
#: edits: Quiet marked away (1), told so on their talk page (2); Gone removed (3), told (4).
FAULTS = {
    "down from the start": (Fault("down"), EXIT_WIKI_ERROR, "cannot reach"),
    "down after the first write": (Fault("down", EDIT, 2), EXIT_ACTION_FAILED, LANDED),
    "503 before a write": (Fault("503", EDIT, 3), EXIT_ACTION_FAILED, LANDED),
    "503 after a removal landed": (Fault("503", EDIT, 3, lands=True), EXIT_ACTION_FAILED, LANDED),
    "503 after a message landed": (Fault("503", EDIT, 2, lands=True), EXIT_ACTION_FAILED, LANDED),
    "reset after a removal landed": (
        Fault("reset", EDIT, 3, lands=True),
        EXIT_ACTION_FAILED,
        LANDED,
    ),
    "truncated answer to a removal": (
        Fault("truncated", EDIT, 3, lands=True),
        EXIT_ACTION_FAILED,
        LANDED,
    ),
    "truncated read after a write": (
        Fault("truncated", {"prop": "templates"}, 1, after_edits=1),  # the talk page checked
        EXIT_ACTION_FAILED,
        "not a MediaWiki",
    ),
}
NOTIFY = {**BOTH_ON, "MentorwatchNotifyOnAction": True}


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_wiki_failing_mid_run_leaves_every_change_made_once(
    community: MakeCommunity, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    fault, code, says = FAULTS[name]
    monkeypatch.setattr(time, "sleep", lambda _seconds: None)  # retries do not wait
    c = community(NOTIFY).mentor("Quiet", 12).mentor("Gone", 45).mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    with faulty(Script(c.wiki.api_url, [fault])) as proxy:
        failed = run_cli(["run", "--wiki", proxy], env)
    assert failed.exit_code == code, failed.output
    assert says in failed.output and "Traceback" not in failed.output
    assert failed.exception is None or isinstance(failed.exception, SystemExit)

    again = run_cli(["run", "--wiki", c.wiki.api_url], env)

    assert again.exit_code == 0, again.output
    assert len(edits(c, f"Marking mentor {c.name('Quiet')}")) == 1
    assert len(edits(c, f"Removing mentor {c.name('Gone')}")) == 1
    assert str(c.id("Gone")) not in entries(c)
    records = check_journal_matches_wiki(c, Journal(f"sqlite:///{tmp_path / 'journal.db'}"))
    assert statuses(records, c.name("Quiet"), "mark_away") == ["done"]
    assert statuses(records, c.name("Gone"), "remove")[-1] == "done"
    for short in ("Quiet", "Gone"):  # a message is never posted twice
        told = statuses(records, c.name(short), "notify")
        assert len(messages(c, short)) == told.count("done") <= 1, told
    if name == "503 after a message landed":
        assert len(messages(c, "Quiet")) == 1


def test_an_undo_whose_answer_is_lost_is_found_by_the_next_run_not_made_twice(
    community: MakeCommunity, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "sleep", lambda _seconds: None)
    c = community().mentor("Quiet", 12).mentor("Busy", 1).publish()
    before = entries(c)
    env = operator_env(c, tmp_path)
    assert run_cli(["run", "--wiki", c.wiki.api_url], env).exit_code == 0
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    (ran,) = journal.runs.recent()
    lost = Fault("503", EDIT, 1, lands=True)  # the entry is put back; its answer is lost
    with faulty(Script(c.wiki.api_url, [lost])) as proxy:
        undone = run_cli(["undo", str(ran.id), "--wiki", proxy], env)
    assert undone.exit_code == EXIT_ACTION_FAILED, undone.output
    assert LANDED in undone.output and "Traceback" not in undone.output
    assert entries(c) == before  # the wiki made it
    assert statuses(journal.actions.find(), c.name("Quiet"), "undo_mark_away") == ["pending"]

    again = run_cli(["run", "--wiki", c.wiki.api_url], env)  # Quiet is exempt since the undo

    assert again.exit_code == 0, again.output
    records = check_journal_matches_wiki(c, journal)
    assert statuses(records, c.name("Quiet"), "undo_mark_away") == ["done"]
    assert len(edits(c, "Undoing mentorwatch run")) == 1 and entries(c) == before
