"""A run's lease: renewals retried until the lease is near its end, the lock checked before
every write, and every moment of it read on the database's clock (SQLite, PostgreSQL, MariaDB).

The heartbeats here are triggered by the test and measure the lease on a fake monotonic clock;
the databases are real, and so is a journal another connection holds locked."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from mentorwatch.domain.outcomes import Status, WriteAction
from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.service.action_log import ActionLog
from mentorwatch.store.database import database_now
from mentorwatch.store.journal import Intent, Journal, LockLost, RunStatus
from mentorwatch.store.lock_heartbeat import Heartbeat
from mentorwatch.store.locks import RunLocks
from mentorwatch.store.migrate import JournalError

WIKI = "http://wiki.test/w/api.php"
LEASE = timedelta(seconds=40)


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Triggered(Heartbeat):
    """Beats only when the test calls :meth:`beat` (no thread, no waiting)."""

    def start(self) -> None:
        pass


def triggered_locks(journal: Journal, clock: FakeMonotonic) -> tuple[RunLocks, list[Heartbeat]]:
    beats: list[Heartbeat] = []

    def factory(renew: Callable[[], None], lease: timedelta) -> Heartbeat:
        beats.append(Triggered(renew, lease, monotonic=clock))
        return beats[-1]

    return RunLocks(journal.database, lease=LEASE, heartbeat=factory), beats


def test_a_renewal_the_journal_refuses_is_retried_until_the_lease_is_near_its_end(
    tmp_path: Path,
) -> None:
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    clock = FakeMonotonic()
    locks, beats = triggered_locks(journal, clock)
    other = sqlite3.connect(tmp_path / "journal.db", isolation_level=None, timeout=0)
    with locks.locked(WIKI) as lock:
        (heartbeat,) = beats
        other.execute("BEGIN IMMEDIATE")  # another process writes the journal for a while
        clock.now += 10
        assert not heartbeat.beat() and isinstance(heartbeat.failure, JournalError)
        assert heartbeat.lost is None  # 30 s of 40 left: retried, not given up
        lock.check()  # the lease holds: writes go on
        other.execute("COMMIT")
        clock.now += 15
        assert heartbeat.beat() and heartbeat.failure is None  # renewed after all
        other.execute("BEGIN IMMEDIATE")
        clock.now += 25  # 15 s of the renewed lease left: not yet its last quarter
        assert not heartbeat.beat() and heartbeat.lost is None
        clock.now += 6  # 9 s left: its last quarter
        assert not heartbeat.beat() and heartbeat.lost is not None
        other.execute("COMMIT")
        with pytest.raises(LockLost, match="could not be renewed before its end"):
            lock.check()


def test_a_lease_never_renewed_is_refused_before_a_write_even_without_the_journal(
    tmp_path: Path,
) -> None:
    """A heartbeat stuck in a renewal (a row lock on PostgreSQL waits without end): the
    check before a write counts the lease down on its own clock."""
    journal = Journal(f"sqlite:///{tmp_path / 'journal.db'}")
    clock = FakeMonotonic()
    locks, _beats = triggered_locks(journal, clock)
    with locks.locked(WIKI) as lock:
        clock.now += 29
        lock.check()
        clock.now += 2  # 9 s of 40 left, no renewal since
        with pytest.raises(LockLost, match="not renewed in time"):
            lock.check()


def test_a_lock_taken_over_stops_the_next_write_before_the_wiki_is_touched(
    journal_url: str,
) -> None:
    journal = Journal(journal_url, lease=LEASE)
    clock = FakeMonotonic()
    locks, beats = triggered_locks(journal, clock)
    with locks.locked(WIKI) as lock:
        run_id = journal.runs.start(WIKI, "jsonpage", False, datetime.now(UTC), {}, lock=lock)
        log = ActionLog(journal.actions, WIKI, run_id, lambda: datetime.now(UTC), lock)
        first = log.begin(Intent(3, "Ana", WriteAction.WARN, "inactive"))
        journal.actions.finish(first, Status.DONE, datetime.now(UTC))
        other = Journal(journal_url, lease=LEASE)  # the lease ran out; another pod took it
        other.locks.unlock(WIKI, force=True)
        other.locks.acquire(WIKI, holder="job-pod-b:9")

        with pytest.raises(LockLost, match="job-pod-b:9"):
            log.begin(Intent(4, "Bo", WriteAction.WARN, "inactive"))
        (heartbeat,) = beats
        assert not heartbeat.beat() and heartbeat.lost is not None  # lost at once
    (_, stopped) = journal.actions.find(run_id=run_id)
    assert stopped.username == "Bo" and stopped.status == Status.SKIPPED
    assert stopped.detail is not None and "not made" in stopped.detail
    assert "job-pod-b:9" in str(other.locks.unlock(WIKI, force=True))  # left to its holder
    assert RunStatus.STOPPED == "stopped"


@pytest.fixture
def far_time_zone(journal_url: str) -> Iterator[str]:
    """The journal's server set to a time zone 13-14 hours from UTC (a host in Kiribati or
    Tonga): the database's clock must still be read as UTC."""
    engine = create_engine(journal_url, isolation_level="AUTOCOMMIT")
    dialect = engine.dialect.name
    name = journal_url.rsplit("/", 1)[-1].split("?")[0]
    with engine.connect() as connection:
        if dialect == "postgresql":
            connection.execute(text(f"ALTER DATABASE {name} SET timezone TO 'Pacific/Kiritimati'"))
        elif dialect == "mysql":
            connection.execute(text("SET GLOBAL time_zone = '+13:00'"))
    try:
        yield journal_url
    finally:
        if dialect == "mysql":
            with engine.connect() as connection:
                connection.execute(text("SET GLOBAL time_zone = SYSTEM"))
        engine.dispose()


def test_the_lease_is_on_the_database_clock_in_utc(far_time_zone: str) -> None:
    journal = Journal(far_time_zone, lease=LEASE)
    with journal.database.transaction() as tx:
        clock = database_now(tx)
    assert abs((clock - datetime.now(UTC)).total_seconds()) < 5  # the server's UTC, not local
    journal.locks.acquire(WIKI, holder="pod-a:1")
    with journal.database.engine.connect() as connection:
        row = connection.exec_driver_sql("SELECT acquired_at, expires_at FROM locks").one()
    acquired, expires = parse_timestamp(row[0]), parse_timestamp(row[1])
    assert abs((acquired - clock).total_seconds()) < 5 and expires - acquired == LEASE
    with pytest.raises(Exception, match="pod-a:1"):  # live on the database's clock
        Journal(far_time_zone, lease=LEASE).locks.acquire(WIKI, holder="pod-b:1")
    with pytest.raises(Exception, match="live lease"):
        journal.locks.unlock(WIKI)
