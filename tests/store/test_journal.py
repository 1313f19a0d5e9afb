"""The journal behaves the same on SQLite and PostgreSQL; old journals are migrated."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command

from mentorwatch.domain.mentors import Pause
from mentorwatch.domain.warned import Warned
from mentorwatch.store.journal import Intent, Journal, RunKind, RunLocked, UnknownRun
from mentorwatch.store.lock_heartbeat import Heartbeat
from mentorwatch.store.locks import LockLost, RunLocks
from mentorwatch.store.migrate import JournalTooNew, alembic_config

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WIKI = "http://wiki.test/w/api.php"
SNAPSHOT = {"format": "mentorwatch-snapshot", "config": {"GEMentorshipShouldBeAutoremoved": True}}


def test_a_run_with_its_decisions_and_actions_reads_back(journal_url: str) -> None:
    journal = Journal(journal_url)
    run_id = journal.runs.start(WIKI, "jsonpage", False, NOW, SNAPSHOT)
    journal.runs.record_decisions(
        run_id,
        [
            {
                "user_id": 3,
                "username": "Ana",
                "action": "remove",
                "reason": "gone",
                "evidence": {"days_inactive": 45.0},
            }
        ],
    )
    action_id = journal.actions.begin(
        run_id,
        WIKI,
        Intent(
            3,
            "Ana",
            "remove",
            "gone",
            {"weight": 2},
            intended=None,
            page="MediaWiki:GrowthMentors.json",
            summary="Removing mentor Ana",
        ),
        NOW,
    )
    assert [a.status for a in journal.actions.pending(WIKI)] == ["pending"]
    journal.actions.finish(action_id, "done", NOW + timedelta(seconds=2), None, None, 1234)
    journal.runs.finish(run_id, "finished", NOW + timedelta(seconds=3), {"edits": 1})

    (run,) = journal.runs.recent(WIKI)
    assert (run.status, run.kind, run.summary) == ("finished", "cleanup", {"edits": 1})
    assert run.config == SNAPSHOT["config"] and len(run.snapshot_digest) == 64
    assert journal.runs.get(run_id, with_snapshot=True).snapshot == SNAPSHOT
    (decision,) = journal.runs.decisions(run_id)
    assert decision["evidence"] == {"days_inactive": 45.0}
    (action,) = journal.actions.find(username="Ana")
    assert (action.status, action.revision_id, action.before) == ("done", 1234, {"weight": 2})
    assert journal.actions.pending(WIKI) == []
    assert journal.actions.last_by_mentor(WIKI)[3].action == "remove"
    with pytest.raises(UnknownRun):
        journal.runs.get(999)


def test_warnings_and_pauses(journal_url: str) -> None:
    journal = Journal(journal_url)
    run_id = journal.runs.start(WIKI, "jsonpage", False, NOW, {})
    episode = NOW - timedelta(days=25)
    posted = journal.actions.begin(
        run_id,
        WIKI,
        Intent(3, "Ana", "warn", "r", None, intended={"episode": "2026-10-31T12:00:00Z"}),
        NOW,
    )
    journal.actions.finish(posted, "done", NOW, revision_id=7)
    failed = journal.actions.begin(
        run_id, WIKI, Intent(4, "Bo", "warn", "r", None, intended={}), NOW
    )
    journal.actions.finish(failed, "failed", NOW)
    assert journal.memory.warnings(WIKI) == {3: Warned(NOW, episode)}  # a failed post is no warning
    journal.memory.set_pause(WIKI, 5, Pause(2, NOW + timedelta(days=9)), NOW)
    assert journal.memory.pauses(WIKI) == {5: Pause(2, NOW + timedelta(days=9))}
    journal.memory.clear_pause(WIKI, 5)
    assert journal.memory.pauses(WIKI) == {}


def test_one_run_per_wiki_at_a_time(journal_url: str) -> None:
    first, second = Journal(journal_url), Journal(journal_url)
    assert first.locks.acquire(WIKI, NOW, holder="host-a:10") is None
    with pytest.raises(RunLocked) as refused:
        second.locks.acquire(WIKI, NOW, holder="host-b:20")
    assert "host-a:10" in str(refused.value)
    assert second.locks.acquire("http://other.test/api.php", NOW, holder="host-b:20") is None
    first.locks.release(WIKI, holder="host-a:10")
    assert second.locks.acquire(WIKI, NOW, holder="host-b:20") is None


def test_a_lock_left_by_a_dead_process_on_this_host_is_taken_over(journal_url: str) -> None:
    import socket

    journal = Journal(journal_url)
    journal.locks.acquire(WIKI, NOW, holder=f"{socket.gethostname()}:999999")
    message = journal.locks.acquire(WIKI, NOW, is_alive=lambda _pid: False)
    assert message is not None and "no longer exists" in message
    with pytest.raises(RunLocked):
        Journal(journal_url).locks.acquire(WIKI, NOW, holder="elsewhere:1")


def test_a_lease_expires_unless_renewed_and_a_live_one_is_never_overridden(
    journal_url: str,
) -> None:
    lease = timedelta(minutes=10)
    holder, other = Journal(journal_url, lease=lease), Journal(journal_url, lease=lease)
    holder.locks.acquire(WIKI, NOW, holder="pod-a:1")
    with pytest.raises(RunLocked) as refused:
        other.locks.acquire(WIKI, NOW + timedelta(minutes=9), holder="pod-b:1")
    assert "lease until 2026-11-25T12:10:00Z" in str(refused.value)
    holder.locks.renew(WIKI, NOW + timedelta(minutes=8), holder="pod-a:1")  # the heartbeat
    with pytest.raises(RunLocked):
        other.locks.acquire(WIKI, NOW + timedelta(minutes=17), holder="pod-b:1")
    with pytest.raises(RunLocked, match="live lease"):
        other.locks.unlock(WIKI, NOW + timedelta(minutes=17))
    message = other.locks.acquire(WIKI, NOW + timedelta(minutes=18, seconds=1), holder="pod-b:1")
    assert message is not None and "pod-a:1" in message and "lease expired" in message
    with pytest.raises(LockLost):  # the dead run's heartbeat, were it to come back
        holder.locks.renew(WIKI, NOW + timedelta(minutes=19), holder="pod-a:1")
    assert other.locks.unlock(WIKI, NOW + timedelta(minutes=19), force=True) is not None


class TriggeredHeartbeat(Heartbeat):
    """A heartbeat that beats only when the test calls :meth:`beat` (no thread, no waiting)."""

    def start(self) -> None:
        pass


def test_the_heartbeat_renews_the_lease_with_the_injected_clock(journal_url: str) -> None:
    journal = Journal(journal_url)
    beats: list[Heartbeat] = []

    def triggered(renew: Callable[[], None], lease: timedelta) -> Heartbeat:
        beats.append(TriggeredHeartbeat(renew, lease))
        return beats[-1]

    moments = iter(NOW + timedelta(minutes=minute) for minute in range(1000))
    locks = RunLocks(journal.database, heartbeat=triggered, clock=lambda: next(moments))
    with locks.locked(WIKI):
        (heartbeat,) = beats
        assert heartbeat.beat() and heartbeat.beat()
        with journal.database.engine.connect() as connection:
            renewed = connection.exec_driver_sql("SELECT renewed_at FROM locks").scalar_one()
    assert renewed > "2026-11-25T12:01:00Z"  # renewed at later fake moments
    assert journal.locks.unlock(WIKI) is None  # released at the end
    assert not heartbeat.beat() and isinstance(heartbeat.failure, LockLost)  # kept, not raised


def test_a_refused_run_names_the_run_holding_the_lock_not_a_web_save_made_since(
    journal_url: str,
) -> None:
    journal = Journal(journal_url)
    with journal.locks.locked(WIKI) as lock:
        cleanup = journal.runs.start(WIKI, "jsonpage", False, NOW, {}, lock=lock)
        journal.runs.start(WIKI, "jsonpage", False, NOW, {}, kind=RunKind.WEB)  # a web save
        with pytest.raises(RunLocked) as refused:  # a second cleanup, from another pod
            Journal(journal_url).locks.acquire(WIKI, holder="job-pod-2:1")
    assert f"run #{cleanup} (process {lock.holder}" in str(refused.value)


def test_abandoned_runs_are_closed(journal_url: str) -> None:
    journal = Journal(journal_url)
    run_id = journal.runs.start(WIKI, "jsonpage", False, NOW, {})
    assert journal.runs.close_abandoned(WIKI, NOW) == [run_id]
    assert journal.runs.get(run_id).status == "interrupted"


def test_a_journal_of_mentorwatch_0_1_is_upgraded_keeping_its_history(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE schema_info (version INTEGER NOT NULL);
        INSERT INTO schema_info VALUES (1);
        CREATE TABLE runs (id INTEGER PRIMARY KEY, wiki VARCHAR(500) NOT NULL,
            backend VARCHAR(40) NOT NULL, dry_run BOOLEAN NOT NULL, status VARCHAR(20) NOT NULL,
            started_at VARCHAR(20) NOT NULL, finished_at VARCHAR(20), summary TEXT,
            snapshot TEXT);
        CREATE TABLE actions (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
            wiki VARCHAR(500) NOT NULL, user_id INTEGER NOT NULL, username VARCHAR(255) NOT NULL,
            action VARCHAR(20) NOT NULL, status VARCHAR(20) NOT NULL, reason TEXT NOT NULL,
            detail TEXT, before TEXT, after TEXT, started_at VARCHAR(20) NOT NULL,
            finished_at VARCHAR(20));
        CREATE TABLE pauses (wiki VARCHAR(500) NOT NULL, user_id INTEGER NOT NULL,
            previous_weight INTEGER NOT NULL, until VARCHAR(20) NOT NULL,
            paused_at VARCHAR(20) NOT NULL, PRIMARY KEY (wiki, user_id));
        INSERT INTO runs VALUES (1, 'http://wiki.test/w/api.php', 'jsonpage', 0, 'finished',
            '2026-11-01T00:00:00Z', '2026-11-01T00:01:00Z', '{"edits": 1}', NULL);
        INSERT INTO actions VALUES (1, 1, 'http://wiki.test/w/api.php', 3, 'Ana', 'remove',
            'done', 'gone', NULL, '{"weight": 2}', 'null', '2026-11-01T00:00:30Z', NULL);
        """
    )
    old.commit()
    old.close()
    journal = Journal(f"sqlite:///{path}")
    (run,) = journal.runs.recent()
    assert (run.id, run.kind, run.summary) == (1, "cleanup", {"edits": 1})
    (action,) = journal.actions.find()
    assert (action.username, action.before, action.revision_id) == ("Ana", {"weight": 2}, None)


def test_a_journal_from_a_newer_mentorwatch_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'j.db'}"
    journal = Journal(url)
    with journal.database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(JournalTooNew):
        Journal(url)


def test_the_migrations_go_down_and_up_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'j.db'}"
    journal = Journal(url)
    config = alembic_config()
    with journal.database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
        command.upgrade(config, "head")
    assert Journal(url).runs.recent() == []


def test_an_sqlite_journal_is_not_in_wal_mode(tmp_path: Path) -> None:
    """WAL does not work on network filesystems (NFS home directories): DELETE mode."""
    path = tmp_path / "j.db"
    old = sqlite3.connect(path)
    old.execute("PRAGMA journal_mode=WAL")
    old.close()
    Journal(f"sqlite:///{path}").runs.recent()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert not (tmp_path / "j.db-wal").exists()


def test_mariadb_urls_take_the_pymysql_driver(journal_url: str) -> None:
    journal = Journal(journal_url)
    if journal.database.engine.dialect.name == "mysql":
        assert journal.database.engine.dialect.driver == "pymysql"
        assert (
            "mentorwatch" in journal.database.name and "***" in journal.database.name
        )  # the password hidden


def test_a_plain_mysql_url_means_pymysql(journal_url: str) -> None:
    if not journal_url.startswith("mysql+pymysql://"):
        pytest.skip("a MariaDB URL")
    plain = journal_url.replace("mysql+pymysql://", "mysql://").split("?")[0]
    journal = Journal(plain)
    assert journal.database.engine.dialect.driver == "pymysql" and journal.runs.recent() == []


def test_web_sessions_are_kept_under_the_keys_hash_and_expire(journal_url: str) -> None:
    journal = Journal(journal_url)
    rows = journal.web_sessions
    rows.save("browser-key", "sealed-text", NOW + timedelta(hours=8))
    assert Journal(journal_url).web_sessions.load("browser-key", NOW) == "sealed-text"
    with journal.database.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT key_hash FROM web_sessions").scalar_one()
    assert "browser-key" not in stored and len(stored) == 64
    assert rows.load("browser-key", NOW + timedelta(hours=8)) is None  # expired, dropped
    rows.save("other", "x", NOW + timedelta(hours=1))
    rows.delete("other")
    assert rows.load("other", NOW) is None


def test_a_toolsdb_style_journal_creates_its_database_on_first_use(journal_url: str) -> None:
    # ToolsDB lets a tool create <user>__name; mentorwatch does so for its journal on first use
    if not journal_url.startswith("mysql+pymysql://"):
        pytest.skip("a MariaDB URL")
    server = journal_url.split("?")[0].rsplit("/", 1)[0]
    plain = server.replace("mysql+pymysql://", "mysql://") + "/mentorwatch__journal_new"
    journal = Journal(plain)
    assert journal.runs.recent() == [] and journal.describe().endswith(", current)")
    assert Journal(plain).runs.recent() == []  # and finds it the next time
