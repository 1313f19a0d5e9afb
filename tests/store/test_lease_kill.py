"""A run SIGKILLed on one "pod" leaves a lock whose lease expires by itself: the next run, on
another host, proceeds once the lease has run out, at most the lease time after the kill (and
not before: the dead holder is not on this host). The holder is a real process; the acquirer
is given its moments, so nothing waits for time to pass but the real process's heartbeat."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.store.journal import Journal, RunLocked

WIKI = "http://wiki.test/w/api.php"
LEASE = 3.0

HOLDER = """
import sys, time
from mentorwatch.settings import load_settings
from mentorwatch.wiring import open_journal

settings = load_settings(None, env={"MENTORWATCH_DATABASE": sys.argv[1],
                                    "MENTORWATCH_SETTINGS": sys.argv[2]})
journal = open_journal(settings)
with journal.locks.locked(sys.argv[3]):
    print("locked", flush=True)
    time.sleep(600)
"""


def lock_row(journal: Journal) -> dict[str, str]:
    with journal.database.engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT holder, acquired_at, renewed_at, expires_at FROM locks"
        ).one()
    return dict(row._mapping)


def wait_until(condition: Callable[[], bool], deadline: float) -> None:
    """Poll ``condition`` until it holds (a real process is working), at most ``deadline`` s."""
    give_up = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < give_up, "the condition did not hold in time"
        time.sleep(0.05)


def test_a_killed_pods_lock_expires_and_the_next_run_proceeds(
    journal_url: str, tmp_path: Path
) -> None:
    Journal(journal_url)  # migrated before the two processes race for it
    settings = tmp_path / "settings.toml"
    settings.write_text(f"lock_lease_seconds = {LEASE}\n")
    env = {**os.environ, "MENTORWATCH_HOSTNAME": "job-pod-7f9c", "PYTHONPATH": "src"}
    pod = subprocess.Popen(
        [sys.executable, "-c", HOLDER, journal_url, str(settings), WIKI],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert pod.stdout is not None and pod.stdout.readline().strip() == "locked"
        journal = Journal(journal_url, lease=timedelta(seconds=LEASE))
        # past a heartbeat or two: the lease was renewed by the living pod
        wait_until(lambda: lock_row(journal)["renewed_at"] > lock_row(journal)["acquired_at"], 30)
        live_at = parse_timestamp(lock_row(journal)["renewed_at"])
        with pytest.raises(RunLocked, match="job-pod-7f9c"):  # alive: never overridden
            journal.locks.acquire(WIKI, live_at)
        os.kill(pod.pid, signal.SIGKILL)
        pod.wait()
        killed = datetime.now(UTC)
        expires = parse_timestamp(lock_row(journal)["expires_at"])
        assert expires <= killed + timedelta(seconds=LEASE)  # within the lease time
        with pytest.raises(RunLocked):  # not before (the dead holder is not on this host)
            journal.locks.acquire(WIKI, expires - timedelta(seconds=1))
        took_over = journal.locks.acquire(WIKI, expires + timedelta(seconds=1))
        assert took_over is not None and "lease expired" in took_over
    finally:
        if pod.poll() is None:
            pod.kill()
            pod.wait()
