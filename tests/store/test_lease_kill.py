"""A run SIGKILLed on one "pod" leaves a lease that expires by itself: the next run, on another
host, proceeds within the lease time (and not before: the dead holder is not on this host)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mentorwatch.store.journal import Journal, RunLocked

WIKI = "http://wiki.test/w/api.php"
LEASE = 3.0

HOLDER = """
import sys, time
from datetime import UTC, datetime
from mentorwatch.settings import load_settings
from mentorwatch.wiring import open_journal

settings = load_settings(None, env={"MENTORWATCH_DATABASE": sys.argv[1],
                                    "MENTORWATCH_SETTINGS": sys.argv[2]})
journal = open_journal(settings)
with journal.locks.locked(sys.argv[3], lambda: datetime.now(UTC)):
    print("locked", flush=True)
    time.sleep(600)
"""


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
        time.sleep(LEASE / 2)  # past a heartbeat or two: the lease was renewed
        journal = Journal(journal_url, lease=timedelta(seconds=LEASE))
        with pytest.raises(RunLocked, match="job-pod-7f9c"):  # alive: never overridden
            journal.locks.acquire(WIKI, datetime.now(UTC))
        os.kill(pod.pid, signal.SIGKILL)
        pod.wait()
        killed = time.monotonic()
        took_over = None
        while took_over is None and time.monotonic() - killed < 2 * LEASE:
            try:
                took_over = journal.locks.acquire(WIKI, datetime.now(UTC))
            except RunLocked:
                time.sleep(0.2)
        assert took_over is not None and "lease expired" in took_over
        assert time.monotonic() - killed <= LEASE + 0.5  # within the lease time
    finally:
        if pod.poll() is None:
            pod.kill()
            pod.wait()
