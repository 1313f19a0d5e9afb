"""A run that loses its lease stops; a host clock ahead never takes over a live lease.

As it would happen: a real run on a real wiki warns mentors; another process locks the journal
for longer than the lease (its renewals fail), so the lease runs out; a run on another pod
takes over and warns the rest; the first run, going on, must make no further write and exit
non-zero, and every mentor is warned exactly once. And a run on a host whose clock is 5 s ahead
finds a live 3-s lease live (judged on the database's clock), on SQLite, PostgreSQL and MariaDB.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.errors import EXIT_REFUSED, EXIT_STOPPED
from mentorwatch.store.journal import Journal
from mentorwatch.wiki.connect import Credentials, connect
from tests.integration.test_cli_live import operator_env, run_cli
from tests.integration.test_jsonpage_cycle import MakeCommunity
from tests.integration.test_warnings_live import REMOVAL_WITH_WARNINGS, talk_history
from tests.store.test_lease_kill import HOLDER, wait_until

from .killer import PAUSE, PAUSED, SKEW, kill_spec
from .wikistate import ROOT

LEASE = 3
FADING = ("Ana", "Bo", "Cy", "Di", "Ed")
#: the SQLite busy timeout a renewal waits on a locked journal before it fails
BUSY_TIMEOUT = 5.0


def mentorwatch(args: list[str], env: dict[str, str], **popen: object) -> subprocess.Popen[str]:
    """``mentorwatch ARGS`` in its own process (killer.py: pauses and clock skews as asked)."""
    child = {**os.environ, **env, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "tests.faults.killer", *args],
        env=child,
        cwd=ROOT,
        text=True,
        **popen,
    )


def until_paused(process: subprocess.Popen[str]) -> None:
    """Read the process's output until it says it paused (killer.py's ``PAUSE``)."""
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == PAUSED:
            return
    raise AssertionError(f"the process ended without pausing ({process.wait()})")


def test_a_run_that_lost_its_lease_writes_nothing_more_and_exits_non_zero(
    community: MakeCommunity, tmp_path: Path
) -> None:
    c = community(REMOVAL_WITH_WARNINGS)
    for short in FADING:
        c.mentor(short, 25)  # in the warning window: warned, not yet removed
    c.mentor("Busy", 1).publish()
    env = operator_env(c, tmp_path)
    settings = Path(env["MENTORWATCH_SETTINGS"])
    settings.write_text(settings.read_text() + f"lock_lease_seconds = {LEASE}\n")
    journal_path = tmp_path / "journal.db"
    Journal(f"sqlite:///{journal_path}")
    run = ["run", "--wiki", c.wiki.api_url]
    after_two = kill_spec("mentorwatch.service.action_log:ActionLog", "finish", "after", 2)
    first = mentorwatch(
        run,
        {**env, "MENTORWATCH_HOSTNAME": "job-pod-a", PAUSE: after_two},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert first.stdout is not None and first.stdin is not None
        until_paused(first)  # two mentors warned, journaled
        other = sqlite3.connect(journal_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process writes the journal for a while
        locked_at = time.monotonic()
        expires = parse_timestamp(other.execute("SELECT expires_at FROM locks").fetchone()[0])
        # held past the lease's end and long enough for a renewal begun meanwhile to fail
        wait_until(
            lambda: (
                datetime.now(UTC) > expires
                and time.monotonic() - locked_at > LEASE / 4 + BUSY_TIMEOUT + 0.5
            ),
            60,
        )
        other.execute("ROLLBACK")
        other.close()

        second = run_cli(run, {**env, "MENTORWATCH_HOSTNAME": "job-pod-b"})
        assert second.exit_code == 0, second.output
        assert "took over the lock" in second.output and "job-pod-a" in second.output

        first.stdin.write("\n")  # the first run goes on, as it would after the lock
        first.stdin.close()
        output = first.stdout.read()
        assert first.wait(timeout=120) == EXIT_STOPPED, output
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    print(output)
    assert "STOPPED: the lock's lease could not be renewed" in output
    for short in FADING:
        warned = [r for r in talk_history(c, short) if r["comment"].startswith("Mentor list:")]
        assert len(warned) == 1, (short, warned)
    journal = Journal(f"sqlite:///{journal_path}")
    runs = {run.id: run for run in journal.runs.recent()}
    stopped = [run for run in runs.values() if run.status == "stopped"]
    assert len(stopped) == 1 and "could not be renewed" in str(stopped[0].summary)
    assert [a for a in journal.actions.find() if a.status == "pending"] == []


def test_a_host_clock_ahead_does_not_take_over_a_live_lease(
    community: MakeCommunity, tmp_path: Path, journal_url: str
) -> None:
    c = community().mentor("Quiet", 12).mentor("Busy", 1).publish()
    env = {**operator_env(c, tmp_path), "MENTORWATCH_DATABASE": journal_url}
    settings = Path(env["MENTORWATCH_SETTINGS"])
    settings.write_text(settings.read_text() + f"lock_lease_seconds = {LEASE}\n")
    key = connect(c.wiki.api_url, Credentials(), contact=None, require_login=False).wiki_key
    Journal(journal_url)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, journal_url, str(settings), key],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "MENTORWATCH_HOSTNAME": "job-pod-live", "PYTHONPATH": "src"},
        cwd=ROOT,
    )
    before = c.history()
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        ahead = mentorwatch(
            ["run", "--wiki", c.wiki.api_url],
            {**env, SKEW: "5", "MENTORWATCH_HOSTNAME": "job-pod-ahead"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        output, _ = ahead.communicate(timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert ahead.returncode == EXIT_REFUSED, output
    assert "job-pod-live" in output and "Traceback" not in output
    assert c.history() == before and Journal(journal_url).actions.find() == []
