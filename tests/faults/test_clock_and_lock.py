"""A run whose clock is off by minutes, and a run whose journal is locked.

A run killed after its write with a clock 10 minutes ahead of (or behind) the wiki's is still
found and finished by the next run, once. A journal another process holds a write lock on, or
whose wiki lease a live run on another pod holds, stops the run before any write to the wiki,
with the documented exit code and message.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mentorwatch.errors import EXIT_INVALID_INPUT, EXIT_REFUSED
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.connect import Credentials, connect
from tests.integration.test_cli_live import operator_env, run_cli
from tests.integration.test_jsonpage_cycle import MakeCommunity

from .killer import SKEW, kill_spec
from .wikistate import check_journal_matches_wiki, edits, killed, statuses


@pytest.mark.parametrize("skew", [600, -600])
def test_a_run_killed_with_a_skewed_clock_is_finished_once(
    community: MakeCommunity, tmp_path: Path, skew: int
) -> None:
    c = community().mentor("Quiet", 12).mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    kill = kill_spec("mentorwatch.wiki.jsonpage:JsonPageBackend", "set_away")
    killed(["run", "--wiki", c.wiki.api_url], {**env, SKEW: str(skew)}, kill)
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    (pending,) = journal.actions.pending(journal.runs.recent()[0].wiki)
    off = pending.started_at - datetime.now(UTC)
    assert abs(off.total_seconds() - skew) < 60  # journaled on the skewed clock

    result = run_cli(["run", "--wiki", c.wiki.api_url], env)

    assert result.exit_code == 0, result.output
    made = edits(c, f"Marking mentor {c.name('Quiet')}")
    assert len(made) == 1
    records = check_journal_matches_wiki(c, journal)
    assert statuses(records, c.name("Quiet"), "mark_away") == ["done"]
    assert records[0].revision_id == made[0]["revid"]


def test_a_journal_locked_by_another_process_stops_the_run_before_any_write(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    Journal(f"sqlite:///{tmp_path / 'journal.db'}")  # an existing journal
    before = c.history()
    holder = sqlite3.connect(tmp_path / "journal.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process is writing
        result = run_cli(["run", "--wiki", c.wiki.api_url], env)
    finally:
        holder.close()
    assert result.exit_code == EXIT_INVALID_INPUT, result.output
    assert "locked" in result.output and "Traceback" not in result.output
    assert c.history() == before
    assert Journal(f"sqlite:///{tmp_path / 'journal.db'}").actions.find() == []


def test_a_lease_held_by_a_live_run_elsewhere_refuses_the_run(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community().mentor("Quiet", 12).mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    key = connect(c.wiki.api_url, Credentials(), contact=None, require_login=False).wiki_key
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    journal.locks.acquire(key, datetime.now(UTC), holder="job-pod-live:7")
    before = c.history()

    result = run_cli(["run", "--wiki", c.wiki.api_url], env)

    assert result.exit_code == EXIT_REFUSED, result.output
    assert "another mentorwatch run is working on" in result.output
    assert "job-pod-live:7" in result.output and "Traceback" not in result.output
    assert c.history() == before and journal.actions.find() == []
