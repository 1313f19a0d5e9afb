"""One run per wiki at a time: a lock row per wiki in the journal's database, held as a lease.

A lock expires at ``expires_at`` unless its holder renews it: the run's heartbeat
(:class:`~mentorwatch.store.lease.Heartbeat`) pushes the expiry forward while the run is alive.
A lock whose lease has run out was left by a dead process on *any* machine (a killed job pod has
a hostname no later pod shares) and is taken over by the next run; a live lease is never
overridden, and ``unlock`` refuses one unless forced. A lock left by a dead process of this
very host is taken over at once, without waiting for its lease.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.errors import Refused
from mentorwatch.store.database import Database
from mentorwatch.store.locks_heartbeat import Heartbeat
from mentorwatch.store.schema import locks

#: how long a lock lives without a heartbeat (settings: ``lock_lease_seconds``)
DEFAULT_LEASE = timedelta(minutes=10)


class RunLocked(Refused):
    """Another run for the same wiki holds the lock."""


class LockLost(Refused):
    """A run's lease was taken over by another run (it was not renewed in time)."""


def this_process() -> str:
    """``host:pid``; ``$MENTORWATCH_HOSTNAME`` names the host where the hostname is not stable."""
    host = os.environ.get("MENTORWATCH_HOSTNAME") or socket.gethostname()
    return f"{host}:{os.getpid()}"


class RunLocks(Database):
    """The per-wiki lock, as part of the journal."""

    lease: timedelta = DEFAULT_LEASE

    def acquire_lock(
        self, wiki: str, now: datetime, holder: str | None = None, *, is_alive: Any = None
    ) -> str | None:
        """Take the wiki's lock, or raise :class:`RunLocked` naming the run that holds it.

        A lock whose lease expired, or left by a process of this host that no longer exists,
        is taken over; the message saying so is returned.
        """
        holder = holder or this_process()
        fresh = self._lease_values(holder, now)
        with self._tx() as tx:
            try:
                tx.execute(
                    insert(locks).values(wiki=wiki, acquired_at=fresh["renewed_at"], **fresh)
                )
                return None
            except IntegrityError:
                pass
        with self._tx() as tx:
            row = tx.execute(select(locks).where(locks.c.wiki == wiki)).mappings().first()
            if row is None:  # released in between
                tx.execute(
                    insert(locks).values(wiki=wiki, acquired_at=fresh["renewed_at"], **fresh)
                )
                return None
            why = _abandoned(row, now, is_alive or _process_alive)
            if why is not None:
                taken = tx.execute(
                    update(locks)
                    .where(locks.c.wiki == wiki, locks.c.holder == row["holder"])
                    .where(_same_lease(row))
                    .values(run_id=None, acquired_at=fresh["renewed_at"], **fresh)
                )
                if taken.rowcount == 1:
                    return f"took over the lock of {_describe_lock(row)}: {why}"
            raise RunLocked(
                f"another mentorwatch run is working on {wiki}: {_describe_lock(row)}. Wait for "
                "it to finish; if it died, its lease expires by itself (or "
                "`mentorwatch unlock --wiki ... --force` releases it now)."
            )

    def renew_lock(self, wiki: str, now: datetime, holder: str | None = None) -> None:
        """The heartbeat: push the lease forward, or raise :class:`LockLost`."""
        holder = holder or this_process()
        with self._tx() as tx:
            renewed = tx.execute(
                update(locks)
                .where(locks.c.wiki == wiki, locks.c.holder == holder)
                .values(**self._lease_values(holder, now))
            )
        if renewed.rowcount != 1:
            raise LockLost(f"the lock on {wiki} is no longer held by {holder}")

    def release_lock(self, wiki: str, holder: str | None = None) -> None:
        holder = holder or this_process()
        with self._tx() as tx:
            tx.execute(delete(locks).where(locks.c.wiki == wiki, locks.c.holder == holder))

    def break_lock(
        self, wiki: str, now: datetime | None = None, *, force: bool = False
    ) -> str | None:
        """Remove the wiki's lock; returns who held it. A live lease (at ``now``) is refused
        with :class:`RunLocked` unless ``force``."""
        with self._tx() as tx:
            row = tx.execute(select(locks).where(locks.c.wiki == wiki)).mappings().first()
            if row is None:
                return None
            if not force and now is not None and _live_until(row, now) is not None:
                raise RunLocked(
                    f"{_describe_lock(row)} holds a live lease on {wiki}: it may still be "
                    "running. Wait for the lease to expire, or add --force if you are sure "
                    "that run is dead."
                )
            tx.execute(delete(locks).where(locks.c.wiki == wiki, locks.c.holder == row["holder"]))
        return _describe_lock(row)

    @contextmanager
    def locked(self, wiki: str, clock: Callable[[], datetime]) -> Iterator[str | None]:
        """Hold the wiki's lock while the block runs, renewing the lease in the background."""
        holder = this_process()
        message = self.acquire_lock(wiki, clock(), holder)
        beat = Heartbeat(lambda: self.renew_lock(wiki, clock(), holder), self.lease / 4)
        beat.start()
        try:
            yield message
        finally:
            beat.stop()
            self.release_lock(wiki, holder)

    def _lease_values(self, holder: str, now: datetime) -> dict[str, str]:
        return {
            "holder": holder,
            "renewed_at": format_timestamp(now),
            "expires_at": format_timestamp(now + self.lease),
        }


def _same_lease(row: Any) -> Any:
    """Take over only the lease we judged (not one renewed in between)."""
    if row["expires_at"] is None:
        return locks.c.expires_at.is_(None)
    return locks.c.expires_at == row["expires_at"]


def _live_until(row: Any, now: datetime) -> datetime | None:
    expires = row["expires_at"]
    if expires is None:  # an older mentorwatch's lock: no lease, judged by its process
        return now
    until = parse_timestamp(str(expires))
    return until if until > now else None


def _abandoned(row: Any, now: datetime, alive: Callable[[int], bool]) -> str | None:
    """Why the lock may be taken over (its lease expired, its process is dead), or None."""
    if _live_until(row, now) is None:
        return f"its lease expired at {row['expires_at']} (no heartbeat since {row['renewed_at']})"
    host, _, pid = str(row["holder"]).rpartition(":")
    mine = os.environ.get("MENTORWATCH_HOSTNAME") or socket.gethostname()
    if host == mine and pid.isdigit() and not alive(int(pid)):
        return "that process no longer exists"
    return None


def _describe_lock(row: Any) -> str:
    run = f"run #{row['run_id']}" if row["run_id"] else "a run"
    lease = f", lease until {row['expires_at']}" if row["expires_at"] else ""
    return f"{run} (process {row['holder']}, since {row['acquired_at']}{lease})"


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
