"""One run per wiki at a time: a lock row per wiki in the journal's database.

One word for one thing: the **lock** is the row that says a run is working on a wiki; its
**lease** is how long it lives without being renewed (``expires_at``, ``lock_lease_seconds`` in
the settings). The holder's heartbeat (:class:`~mentorwatch.store.lock_heartbeat.Heartbeat`)
renews the lock while the run is alive, pushing the lease's end forward, and retries a renewal
the database refused until the lease is in its last quarter. A lock whose lease has run out was
left by a dead process on *any* machine (a killed job pod has a hostname no later pod shares)
and is taken over by the next run; a live lease is never overridden, and ``unlock`` refuses one
unless forced. A lock left by a dead process of this very host is taken over at once, without
waiting for its lease.

Every moment of a lease (taken, renewed, expires, judged) is read from the **database's clock**
(:func:`~.database.database_now`), never the host's: a run on a host whose clock runs ahead
cannot take over a live lease. Before each write a run checks that its lock is still its own
with more than a quarter of the lease to run (:meth:`HeldLock.check`); otherwise it stops.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.errors import Refused
from mentorwatch.store.database import Database, database_now
from mentorwatch.store.lock_heartbeat import Heartbeat, HeartbeatFactory, LockLost
from mentorwatch.store.migrate import JournalError
from mentorwatch.store.schema import locks

#: how long a lock lives without a heartbeat (settings: ``lock_lease_seconds``)
DEFAULT_LEASE = timedelta(minutes=10)


class RunLocked(Refused):
    """Another run for the same wiki holds the lock."""


def this_process() -> str:
    """``host:pid``; ``$MENTORWATCH_HOSTNAME`` names the host where the hostname is not stable."""
    host = os.environ.get("MENTORWATCH_HOSTNAME") or socket.gethostname()
    return f"{host}:{os.getpid()}"


@dataclass(frozen=True)
class HeldLock:
    """A wiki's lock as held by a run: the run names itself on it (``Runs.start``)."""

    wiki: str
    holder: str
    #: the message when a dead run's lock was taken over (None: the lock was free)
    took_over: str | None = None
    #: raises :class:`LockLost` unless the lock is still this run's with time to write
    guard: Callable[[], None] | None = field(default=None, compare=False, repr=False)

    def check(self) -> None:
        """Before a write: raise :class:`LockLost` if the lock was taken over, or its lease
        could not be renewed, or has less than a quarter of it left."""
        if self.guard is not None:
            self.guard()


class RunLocks:
    """The per-wiki locks, as part of the journal."""

    def __init__(
        self,
        database: Database,
        *,
        lease: timedelta = DEFAULT_LEASE,
        heartbeat: HeartbeatFactory = Heartbeat,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """``lease``: how long a lock lives unrenewed; ``heartbeat``: what renews a held lock
        (a thread beating every quarter of the lease; tests pass one they trigger);
        ``clock``: the lease's clock (None: the database's; tests pass a fake one)."""
        self.database = database
        self.lease = lease
        self.heartbeat = heartbeat
        self.clock = clock

    def acquire(
        self,
        wiki: str,
        now: datetime | None = None,
        holder: str | None = None,
        *,
        is_alive: Any = None,
    ) -> str | None:
        """Take the wiki's lock, or raise :class:`RunLocked` naming the run that holds it.

        A lock whose lease expired (at ``now``, by default the database's clock), or left by
        a process of this host that no longer exists, is taken over; the message saying so is
        returned.
        """
        holder = holder or this_process()
        with self.database.transaction() as tx:
            fresh = self._lease_values(holder, self._now(tx, now))
            try:
                tx.execute(
                    insert(locks).values(wiki=wiki, acquired_at=fresh["renewed_at"], **fresh)
                )
                return None
            except IntegrityError:
                pass
        with self.database.transaction() as tx:
            moment = self._now(tx, now)
            fresh = self._lease_values(holder, moment)
            row = tx.execute(select(locks).where(locks.c.wiki == wiki)).mappings().first()
            if row is None:  # released in between
                tx.execute(
                    insert(locks).values(wiki=wiki, acquired_at=fresh["renewed_at"], **fresh)
                )
                return None
            why = _abandoned(row, moment, is_alive or _process_alive)
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

    def renew(self, wiki: str, now: datetime | None = None, holder: str | None = None) -> None:
        """The heartbeat: push the lease forward, or raise :class:`LockLost`."""
        holder = holder or this_process()
        with self.database.transaction() as tx:
            renewed = tx.execute(
                update(locks)
                .where(locks.c.wiki == wiki, locks.c.holder == holder)
                .values(**self._lease_values(holder, self._now(tx, now)))
            )
        if renewed.rowcount != 1:
            raise LockLost(f"the lock on {wiki} is no longer held by {holder}: another run took it")

    def confirm(self, wiki: str, holder: str, margin: timedelta) -> None:
        """Raise :class:`LockLost` unless the lock is ``holder``'s with more than ``margin``
        of its lease left on the database's clock (the check before a write)."""
        with self.database.transaction() as tx:
            moment = self._now(tx, None)
            row = tx.execute(select(locks).where(locks.c.wiki == wiki)).mappings().first()
        if row is None or row["holder"] != holder:
            now_held = f"; it is now held by {_describe_lock(row)}" if row is not None else ""
            raise LockLost(f"the lock on {wiki} is no longer held by {holder}{now_held}")
        until = _live_until(row, moment)
        if until is None or until - moment < margin:
            raise LockLost(
                f"the lock's lease on {wiki} ends at {row['expires_at']} (the database's clock "
                f"says {format_timestamp(moment)}): too soon to write; another run may take it "
                "over"
            )

    def release(self, wiki: str, holder: str | None = None) -> None:
        holder = holder or this_process()
        with self.database.transaction() as tx:
            tx.execute(delete(locks).where(locks.c.wiki == wiki, locks.c.holder == holder))

    def unlock(self, wiki: str, now: datetime | None = None, *, force: bool = False) -> str | None:
        """Remove the wiki's lock whoever holds it (``mentorwatch unlock``); returns who held
        it. A live lease (at ``now``, by default the database's clock) is refused with
        :class:`RunLocked` unless ``force``."""
        with self.database.transaction() as tx:
            row = tx.execute(select(locks).where(locks.c.wiki == wiki)).mappings().first()
            if row is None:
                return None
            if not force and _live_until(row, self._now(tx, now)) is not None:
                raise RunLocked(
                    f"{_describe_lock(row)} holds a live lease on {wiki}: it may still be "
                    "running. Wait for the lease to expire, or add --force if you are sure "
                    "that run is dead."
                )
            tx.execute(delete(locks).where(locks.c.wiki == wiki, locks.c.holder == row["holder"]))
        return _describe_lock(row)

    @contextmanager
    def locked(self, wiki: str) -> Iterator[HeldLock]:
        """Hold the wiki's lock while the block runs, renewed by a heartbeat; the lock held
        checks itself before each write (:meth:`HeldLock.check`)."""
        holder = this_process()
        took_over = self.acquire(wiki, None, holder)
        beat = self.heartbeat(lambda: self.renew(wiki, None, holder), self.lease)
        margin = self.lease / 4

        def guard() -> None:
            beat.check()  # renewals failed until the lease's last quarter: lost
            # the database cannot say now (locked, unreachable): the heartbeat's clock vouches
            with suppress(JournalError):
                self.confirm(wiki, holder, margin)

        beat.start()
        try:
            yield HeldLock(wiki, holder, took_over, guard)
        finally:
            beat.stop()
            self.release(wiki, holder)

    def _now(self, tx: Connection, now: datetime | None) -> datetime:
        """The lease's moment: as given, the injected clock's, or the database's."""
        if now is not None:
            return now
        return self.clock() if self.clock is not None else database_now(tx)

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
