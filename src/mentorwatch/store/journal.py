"""The journal: every run, its decisions, every action before and after it touches the wiki.

SQLAlchemy Core on any URL (SQLite by default; PostgreSQL by URL), schema managed by Alembic
(``store/migrations``). An action is written as ``pending`` with the entry it expects and the
state it means to leave *before* the wiki is touched, and finished as ``done`` (with the wiki's
revision id), ``failed`` or ``skipped`` *after*; a crash in between leaves ``pending`` rows that
the next run reconciles against the page history (:mod:`mentorwatch.service.recovery`).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError

from mentorwatch.domain.mentors import Pause
from mentorwatch.domain.notices import Warned
from mentorwatch.domain.outcomes import Status, WriteAction
from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.errors import Refused
from mentorwatch.store.migrate import JournalError, upgrade
from mentorwatch.store.schema import actions, decisions, locks, pauses, runs


@dataclass(frozen=True)
class Intent:
    """One write about to be made, as journaled before it is made."""

    user_id: int
    username: str
    action: str  # a WriteAction
    reason: str
    #: what the wiki held before (the entry; for a removal with mentees, entry and mentees)
    before: Any = None
    #: what the write means to leave on the wiki
    intended: Any = None
    #: the page the write edits and its edit summary (how recovery finds the edit)
    page: str | None = None
    summary: str | None = None


@dataclass(frozen=True)
class ActionRecord:
    id: int
    run_id: int
    wiki: str
    user_id: int
    username: str
    action: str
    status: str
    reason: str
    detail: str | None
    before: Any
    intended: Any
    page: str | None
    summary: str | None
    after: Any
    revision_id: int | None
    started_at: str
    finished_at: str | None


class RunLocked(Refused):
    """Another run for the same wiki holds the lock."""


class UnknownRun(JournalError):
    """No run with that id in the journal."""


def snapshot_digest(snapshot: Mapping[str, Any]) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Journal:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        upgrade(self.engine)

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    # --- runs -------------------------------------------------------------------------------

    def start_run(
        self,
        wiki: str,
        backend: str,
        dry_run: bool,
        now: datetime,
        snapshot: Mapping[str, Any],
        *,
        kind: str = "cleanup",
        undo_of: int | None = None,
    ) -> int:
        config = snapshot.get("config")
        with self._tx() as tx:
            result = tx.execute(
                insert(runs).values(
                    wiki=wiki,
                    backend=backend,
                    kind=kind,
                    undo_of=undo_of,
                    dry_run=dry_run,
                    status="running",
                    started_at=format_timestamp(now),
                    config=None if config is None else json.dumps(config, ensure_ascii=False),
                    snapshot_digest=snapshot_digest(snapshot) if snapshot else None,
                    snapshot=json.dumps(snapshot, ensure_ascii=False) if snapshot else None,
                )
            )
            run_id = _new_id(result.inserted_primary_key)
            tx.execute(update(locks).where(locks.c.wiki == wiki).values(run_id=run_id))
            return run_id

    def finish_run(
        self, run_id: int, status: str, now: datetime, summary: Mapping[str, Any]
    ) -> None:
        with self._tx() as tx:
            tx.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(
                    status=status, finished_at=format_timestamp(now), summary=json.dumps(summary)
                )
            )

    def close_abandoned_runs(self, wiki: str, now: datetime) -> list[int]:
        """Mark runs left ``running`` by a dead process as ``interrupted`` (call with the lock)."""
        with self._tx() as tx:
            ids = list(
                tx.execute(
                    select(runs.c.id).where(runs.c.wiki == wiki, runs.c.status == "running")
                ).scalars()
            )
            if ids:
                tx.execute(
                    update(runs)
                    .where(runs.c.id.in_(ids))
                    .values(status="interrupted", finished_at=format_timestamp(now))
                )
        return ids

    def runs(self, wiki: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        query = select(runs).order_by(runs.c.id.desc()).limit(limit)
        if wiki is not None:
            query = query.where(runs.c.wiki == wiki)
        with self._tx() as tx:
            rows = tx.execute(query).mappings().all()
        return [_run_dict(row) for row in rows]

    def run(self, run_id: int, *, with_snapshot: bool = False) -> dict[str, Any]:
        with self._tx() as tx:
            row = tx.execute(select(runs).where(runs.c.id == run_id)).mappings().first()
        if row is None:
            raise UnknownRun(f"there is no run #{run_id} in the journal")
        found = _run_dict(row)
        if with_snapshot:
            found["snapshot"] = json.loads(row["snapshot"]) if row["snapshot"] else None
        return found

    # --- decisions --------------------------------------------------------------------------

    def record_decisions(self, run_id: int, rows: Sequence[Mapping[str, Any]]) -> None:
        """The plan of a run: one row per mentor (user_id, username, action, reason, evidence)."""
        if not rows:
            return
        with self._tx() as tx:
            tx.execute(
                insert(decisions),
                [
                    {
                        "run_id": run_id,
                        "user_id": row["user_id"],
                        "username": row["username"],
                        "action": row["action"],
                        "reason": row["reason"],
                        "evidence": json.dumps(row["evidence"], ensure_ascii=False),
                    }
                    for row in rows
                ],
            )

    def decisions(self, run_id: int) -> list[dict[str, Any]]:
        query = select(decisions).where(decisions.c.run_id == run_id).order_by(decisions.c.id)
        with self._tx() as tx:
            rows = tx.execute(query).mappings().all()
        return [{**dict(row), "evidence": json.loads(row["evidence"])} for row in rows]

    # --- actions ----------------------------------------------------------------------------

    def begin_action(
        self, run_id: int, wiki: str, intent: Intent, now: datetime, status: str = Status.PENDING
    ) -> int:
        """Journal an intent before touching the wiki (``planned`` for a dry run)."""
        with self._tx() as tx:
            result = tx.execute(
                insert(actions).values(
                    run_id=run_id,
                    wiki=wiki,
                    user_id=intent.user_id,
                    username=intent.username,
                    action=str(intent.action),
                    status=str(status),
                    reason=intent.reason,
                    before=json.dumps(intent.before, ensure_ascii=False),
                    intended=json.dumps(intent.intended, ensure_ascii=False),
                    page=intent.page,
                    summary=intent.summary,
                    started_at=format_timestamp(now),
                )
            )
            return _new_id(result.inserted_primary_key)

    def finish_action(
        self,
        action_id: int,
        status: str,
        now: datetime,
        detail: str | None = None,
        after: Any = None,
        revision_id: int | None = None,
    ) -> None:
        """Journal the outcome after the wiki answered."""
        with self._tx() as tx:
            tx.execute(
                update(actions)
                .where(actions.c.id == action_id)
                .values(
                    status=status,
                    detail=detail,
                    after=json.dumps(after, ensure_ascii=False),
                    revision_id=revision_id,
                    finished_at=format_timestamp(now),
                )
            )

    def actions(
        self,
        run_id: int | None = None,
        wiki: str | None = None,
        username: str | None = None,
        limit: int | None = None,
    ) -> list[ActionRecord]:
        query = select(actions).order_by(actions.c.id)
        if run_id is not None:
            query = query.where(actions.c.run_id == run_id)
        if wiki is not None:
            query = query.where(actions.c.wiki == wiki)
        if username is not None:
            query = query.where(actions.c.username == username)
        if limit is not None:
            query = query.order_by(None).order_by(actions.c.id.desc()).limit(limit)
        with self._tx() as tx:
            rows = tx.execute(query).mappings().all()
        records = [_action_record(row) for row in rows]
        return sorted(records, key=lambda record: record.id)

    def pending_actions(self, wiki: str) -> list[ActionRecord]:
        """Actions journaled as started whose outcome was never written (a crash)."""
        query = (
            select(actions)
            .where(actions.c.wiki == wiki, actions.c.status == Status.PENDING)
            .order_by(actions.c.id)
        )
        with self._tx() as tx:
            return [_action_record(row) for row in tx.execute(query).mappings().all()]

    def last_actions(self, wiki: str) -> dict[int, ActionRecord]:
        """Per mentor, the latest action mentorwatch finished on the wiki (not planned ones)."""
        query = (
            select(actions)
            .where(
                actions.c.wiki == wiki,
                actions.c.status.in_((Status.DONE, Status.FAILED, Status.SKIPPED)),
                actions.c.action != WriteAction.SET_CONFIG,  # done by an admin, not to them
            )
            .order_by(actions.c.id)
        )
        with self._tx() as tx:
            rows = tx.execute(query).mappings().all()
        return {int(row["user_id"]): _action_record(row) for row in rows}

    # --- pauses -----------------------------------------------------------------------------

    def pauses(self, wiki: str) -> dict[int, Pause]:
        with self._tx() as tx:
            rows = tx.execute(select(pauses).where(pauses.c.wiki == wiki)).mappings().all()
        return {
            int(row["user_id"]): Pause(int(row["previous_weight"]), parse_timestamp(row["until"]))
            for row in rows
        }

    def set_pause(self, wiki: str, user_id: int, pause: Pause, now: datetime) -> None:
        with self._tx() as tx:
            tx.execute(pauses.delete().where(pauses.c.wiki == wiki, pauses.c.user_id == user_id))
            tx.execute(
                insert(pauses).values(
                    wiki=wiki,
                    user_id=user_id,
                    previous_weight=pause.previous_weight,
                    until=format_timestamp(pause.until),
                    paused_at=format_timestamp(now),
                )
            )

    def clear_pause(self, wiki: str, user_id: int) -> None:
        with self._tx() as tx:
            tx.execute(pauses.delete().where(pauses.c.wiki == wiki, pauses.c.user_id == user_id))

    # --- warnings ---------------------------------------------------------------------------

    def warnings(self, wiki: str) -> dict[int, Warned]:
        """Each mentor's latest warning that counts: posted, or not posted as they opted out."""
        query = (
            select(actions)
            .where(
                actions.c.wiki == wiki,
                actions.c.action == WriteAction.WARN,
                actions.c.status.in_((Status.DONE, Status.OPTED_OUT)),
            )
            .order_by(actions.c.id)
        )
        with self._tx() as tx:
            rows = tx.execute(query).mappings().all()
        found: dict[int, Warned] = {}
        for row in rows:
            intended = json.loads(row["intended"]) if row["intended"] else {}
            episode = intended.get("episode")
            found[int(row["user_id"])] = Warned(
                parse_timestamp(row["started_at"]), parse_timestamp(episode) if episode else None
            )
        return found

    # --- the per-wiki lock ------------------------------------------------------------------

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


def _run_dict(row: Any) -> dict[str, Any]:
    found = {key: value for key, value in dict(row).items() if key != "snapshot"}
    found["summary"] = json.loads(row["summary"]) if row["summary"] else None
    found["config"] = json.loads(row["config"]) if row["config"] else None
    return found


def _action_record(row: Any) -> ActionRecord:
    def load(value: str | None) -> Any:
        return json.loads(value) if value else None

    return ActionRecord(
        id=int(row["id"]),
        run_id=int(row["run_id"]),
        wiki=row["wiki"],
        user_id=int(row["user_id"]),
        username=row["username"],
        action=row["action"],
        status=row["status"],
        reason=row["reason"],
        detail=row["detail"],
        before=load(row["before"]),
        intended=load(row["intended"]),
        page=row["page"],
        summary=row["summary"],
        after=load(row["after"]),
        revision_id=row["revision_id"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _new_id(key: Any) -> int:
    return int(key[0])
