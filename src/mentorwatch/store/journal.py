"""The journal: mentorwatch's own state in one SQL database, in parts with one job each.

SQLAlchemy Core on any URL (SQLite by default; PostgreSQL or MariaDB by URL), schema managed by
Alembic (``store/migrations``). A :class:`Journal` opens the database once and holds its parts;
each service is handed only the parts it uses:

* ``runs`` (:class:`~.runs.Runs`): every run and its plan's decisions;
* ``actions`` (:class:`~.actions.Actions`): every write, before and after (what an
  ``ActionLog`` journals through);
* ``locks`` (:class:`~.locks.RunLocks`): one run per wiki, a lock renewed by a heartbeat and
  judged on the database's clock;
* ``memory`` (:class:`~.memory.Memory`): pauses, warnings and away notices given;
* ``web_sessions`` (:class:`~.web_sessions.WebSessionRows`): the web app's sealed sessions;
* ``sign_in_attempts`` (:class:`~.sign_in_attempts.SignInAttempts`): the web app's recent
  sign-in attempts, counted across its workers.
"""

from __future__ import annotations

from datetime import timedelta

from mentorwatch.store.actions import ActionRecord, Actions, Intent
from mentorwatch.store.database import Database
from mentorwatch.store.lock_heartbeat import LockLost
from mentorwatch.store.locks import DEFAULT_LEASE, HeldLock, RunLocked, RunLocks
from mentorwatch.store.memory import Memory
from mentorwatch.store.migrate import schema_state
from mentorwatch.store.runs import RunKind, RunRecord, Runs, RunStatus, UnknownRun
from mentorwatch.store.sign_in_attempts import SignInAttempts
from mentorwatch.store.web_sessions import WebSessionRows

__all__ = [
    "ActionRecord",
    "Actions",
    "HeldLock",
    "Intent",
    "Journal",
    "LockLost",
    "RunKind",
    "RunLocked",
    "RunRecord",
    "RunStatus",
    "UnknownRun",
]


class Journal:
    """One database and its parts (see the module docstring)."""

    def __init__(
        self,
        url: str,
        *,
        existing: bool = False,
        read_only: bool = False,
        lease: timedelta = DEFAULT_LEASE,
    ) -> None:
        """``existing``: the journal must already exist (a mistyped path is an error, not a new
        empty journal); ``read_only``: opened read-only where it can be; ``lease``: how long a
        run's lock lives without a heartbeat."""
        self.database = Database(url, existing=existing, read_only=read_only)
        self.runs = Runs(self.database)
        self.actions = Actions(self.database)
        self.locks = RunLocks(self.database, lease=lease)
        self.memory = Memory(self.database)
        self.web_sessions = WebSessionRows(self.database)
        self.sign_in_attempts = SignInAttempts(self.database)

    def describe(self) -> str:
        """Where the journal is and whether its schema is current (for the preflight)."""
        with self.database.errors():
            current, newest = schema_state(self.database.engine)
        state = "current" if current == newest else f"needs upgrading to {newest}"
        return f"{self.database.name} (schema {current}, {state})"
