"""One run per wiki at a time: a lock row per wiki in the journal's database."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.errors import Refused
from mentorwatch.store.database import Database
from mentorwatch.store.schema import locks


class RunLocked(Refused):
    """Another run for the same wiki holds the lock."""


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class RunLocks(Database):
    """The per-wiki lock, as part of the journal."""

    def acquire_lock(
        self, wiki: str, now: datetime, holder: str | None = None, *, is_alive: Any = None
    ) -> str | None:
        """Take the wiki's lock, or raise :class:`RunLocked` naming the run that holds it.

        A lock left by a process of this host that no longer exists (killed) is taken over;
        the message saying so is returned.
        """
        holder = holder or this_process()
        alive = is_alive or _process_alive
        with self._tx() as tx:
            try:
                tx.execute(
                    insert(locks).values(
                        wiki=wiki, holder=holder, acquired_at=format_timestamp(now)
                    )
                )
                return None
            except IntegrityError:
                pass
        with self._tx() as tx:
            row = tx.execute(select(locks).where(locks.c.wiki == wiki)).mappings().first()
            if row is None:  # released in between
                tx.execute(
                    insert(locks).values(
                        wiki=wiki, holder=holder, acquired_at=format_timestamp(now)
                    )
                )
                return None
            other = _describe_lock(row)
            host, _, pid = str(row["holder"]).rpartition(":")
            if host == socket.gethostname() and pid.isdigit() and not alive(int(pid)):
                taken = tx.execute(
                    update(locks)
                    .where(locks.c.wiki == wiki, locks.c.holder == row["holder"])
                    .values(holder=holder, run_id=None, acquired_at=format_timestamp(now))
                )
                if taken.rowcount == 1:
                    return f"took over the lock of {other}: that process no longer exists"
            raise RunLocked(
                f"another mentorwatch run is working on {wiki}: {other}. Wait for it to finish; "
                "if it is dead on another machine, `mentorwatch unlock --wiki ...` releases it."
            )

    def release_lock(self, wiki: str, holder: str | None = None) -> None:
        holder = holder or this_process()
        with self._tx() as tx:
            tx.execute(delete(locks).where(locks.c.wiki == wiki, locks.c.holder == holder))

    def break_lock(self, wiki: str) -> str | None:
        """Remove whatever lock the wiki has; returns who held it."""
        with self._tx() as tx:
            row = tx.execute(select(locks).where(locks.c.wiki == wiki)).mappings().first()
            tx.execute(delete(locks).where(locks.c.wiki == wiki))
        return None if row is None else _describe_lock(row)

    @contextmanager
    def locked(self, wiki: str, now: datetime) -> Iterator[str | None]:
        message = self.acquire_lock(wiki, now)
        try:
            yield message
        finally:
            self.release_lock(wiki)


def _describe_lock(row: Any) -> str:
    run = f"run #{row['run_id']}" if row["run_id"] else "a run"
    return f"{run} (process {row['holder']}, since {row['acquired_at']})"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (killed, not yet reaped by its parent) is dead for our purposes
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True
