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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from mentorwatch.domain.outcomes import Status, WriteAction
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.store.locks import RunLocked, RunLocks
from mentorwatch.store.memory import Memory
from mentorwatch.store.migrate import JournalError
from mentorwatch.store.schema import actions, decisions, locks, runs

__all__ = ["ActionRecord", "Intent", "Journal", "RunLocked", "UnknownRun", "snapshot_digest"]


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


#: the largest id a database integer holds (SQLite's and PostgreSQL's BIGINT)
MAX_ID = 2**63 - 1


class UnknownRun(JournalError):
    """No run with that id in the journal."""


def snapshot_digest(snapshot: Mapping[str, Any]) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class Journal(RunLocks, Memory):
    """Runs, their decisions and actions; the lock and the memory come from the bases."""

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
        if not 0 < run_id <= MAX_ID:  # beyond the database's integers: no such run
            raise UnknownRun(f"there is no run #{run_id} in the journal")
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


def _new_id(key: Any) -> int:
    return int(key[0])
