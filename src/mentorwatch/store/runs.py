"""The journal's runs: one row per run (a cleanup, an undo, a web save) and the plan's decisions.

A run starts ``running`` and ends ``finished``, ``failed``, ``refused`` or ``stopped`` (it lost
the wiki's lock part-way); one left ``running`` by a dead process is closed as ``interrupted``
by the next run of its wiki. The run that holds
the wiki's lock names itself on the lock when it starts (a refused second run says which run
it waits for); a run without the lock (a web save) leaves the lock as it is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import insert, select, update

from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.store.columns import dump_moment, load_json, load_moment, new_id
from mentorwatch.store.database import Database
from mentorwatch.store.locks import HeldLock
from mentorwatch.store.migrate import JournalError
from mentorwatch.store.schema import decisions, locks, runs

#: the largest id a database integer holds (SQLite's and PostgreSQL's BIGINT)
MAX_ID = 2**63 - 1


class RunStatus(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    REFUSED = "refused"  # a safety check refused the plan: nothing was written
    INTERRUPTED = "interrupted"  # its process died; closed by the next run
    STOPPED = "stopped"  # it lost the wiki's lock part-way: the rest left to the next holder


class RunKind(StrEnum):
    CLEANUP = "cleanup"
    UNDO = "undo"
    WEB = "web"  # one save made in the web app
    MIGRATE = "migrate"  # ``config migrate``: the rules page written from the legacy page


class UnknownRun(JournalError):
    """No run with that id in the journal."""


@dataclass(frozen=True)
class RunRecord:
    """One run as journaled."""

    id: int
    wiki: str
    backend: str
    kind: RunKind
    undo_of: int | None
    dry_run: bool
    status: RunStatus
    started_at: datetime
    finished_at: datetime | None
    #: the community configuration the plan used
    config: Any
    snapshot_digest: str | None
    summary: dict[str, Any] | None
    #: the snapshot the plan was made from (read only when asked for)
    snapshot: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The run as ``history --json`` prints it (timestamps ISO 8601, no snapshot)."""
        return {
            "id": self.id,
            "wiki": self.wiki,
            "backend": self.backend,
            "kind": str(self.kind),
            "undo_of": self.undo_of,
            "dry_run": self.dry_run,
            "status": str(self.status),
            "started_at": format_timestamp(self.started_at),
            "finished_at": dump_moment(self.finished_at),
            "config": self.config,
            "snapshot_digest": self.snapshot_digest,
            "summary": self.summary,
        }


def snapshot_digest(snapshot: Mapping[str, Any]) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class Runs:
    """Runs and their decisions."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def start(
        self,
        wiki: str,
        backend: str,
        dry_run: bool,
        now: datetime,
        snapshot: Mapping[str, Any],
        *,
        kind: RunKind = RunKind.CLEANUP,
        undo_of: int | None = None,
        lock: HeldLock | None = None,
    ) -> int:
        """A new ``running`` run; ``lock``: the wiki's lock this run holds, which then names
        it (in the same transaction)."""
        config = snapshot.get("config")
        with self.database.transaction() as tx:
            result = tx.execute(
                insert(runs).values(
                    wiki=wiki,
                    backend=backend,
                    kind=str(kind),
                    undo_of=undo_of,
                    dry_run=dry_run,
                    status=str(RunStatus.RUNNING),
                    started_at=format_timestamp(now),
                    config=None if config is None else json.dumps(config, ensure_ascii=False),
                    snapshot_digest=snapshot_digest(snapshot) if snapshot else None,
                    snapshot=json.dumps(snapshot, ensure_ascii=False) if snapshot else None,
                )
            )
            run_id = new_id(result.inserted_primary_key)
            if lock is not None:
                tx.execute(
                    update(locks)
                    .where(locks.c.wiki == lock.wiki, locks.c.holder == lock.holder)
                    .values(run_id=run_id)
                )
            return run_id

    def finish(
        self, run_id: int, status: RunStatus, now: datetime, summary: Mapping[str, Any]
    ) -> None:
        with self.database.transaction() as tx:
            tx.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(
                    status=str(status),
                    finished_at=format_timestamp(now),
                    summary=json.dumps(summary),
                )
            )

    def close_abandoned(self, wiki: str, now: datetime) -> list[int]:
        """Mark runs left ``running`` by a dead process as ``interrupted`` (call with the lock)."""
        with self.database.transaction() as tx:
            ids = list(
                tx.execute(
                    select(runs.c.id).where(
                        runs.c.wiki == wiki, runs.c.status == str(RunStatus.RUNNING)
                    )
                ).scalars()
            )
            if ids:
                tx.execute(
                    update(runs)
                    .where(runs.c.id.in_(ids))
                    .values(status=str(RunStatus.INTERRUPTED), finished_at=format_timestamp(now))
                )
        return ids

    def recent(self, wiki: str | None = None, limit: int = 20) -> list[RunRecord]:
        """The latest runs (of ``wiki``, or of every wiki), newest first."""
        query = select(runs).order_by(runs.c.id.desc()).limit(limit)
        if wiki is not None:
            query = query.where(runs.c.wiki == wiki)
        with self.database.transaction() as tx:
            rows = tx.execute(query).mappings().all()
        return [_run_record(row) for row in rows]

    def get(self, run_id: int, *, with_snapshot: bool = False) -> RunRecord:
        if not 0 < run_id <= MAX_ID:  # beyond the database's integers: no such run
            raise UnknownRun(f"there is no run #{run_id} in the journal")
        with self.database.transaction() as tx:
            row = tx.execute(select(runs).where(runs.c.id == run_id)).mappings().first()
        if row is None:
            raise UnknownRun(f"there is no run #{run_id} in the journal")
        return _run_record(row, with_snapshot=with_snapshot)

    # --- decisions --------------------------------------------------------------------------

    def record_decisions(self, run_id: int, rows: Sequence[Mapping[str, Any]]) -> None:
        """The plan of a run: one row per mentor (user_id, username, action, reason, evidence)."""
        if not rows:
            return
        with self.database.transaction() as tx:
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
        with self.database.transaction() as tx:
            rows = tx.execute(query).mappings().all()
        return [{**dict(row), "evidence": json.loads(row["evidence"])} for row in rows]


def _run_record(row: Any, *, with_snapshot: bool = False) -> RunRecord:
    return RunRecord(
        id=int(row["id"]),
        wiki=row["wiki"],
        backend=row["backend"],
        kind=RunKind(row["kind"]),
        undo_of=row["undo_of"],
        dry_run=bool(row["dry_run"]),
        status=RunStatus(row["status"]),
        started_at=parse_timestamp(row["started_at"]),
        finished_at=load_moment(row["finished_at"]),
        config=load_json(row["config"]),
        snapshot_digest=row["snapshot_digest"],
        summary=load_json(row["summary"]),
        snapshot=load_json(row["snapshot"]) if with_snapshot else None,
    )
