"""The journal: every run, every action before and after it touches the wiki, and pauses.

SQLAlchemy Core on any URL (SQLite by default; PostgreSQL by URL). An action is written as
``pending`` with the entry it expects *before* the wiki is touched, and finished as ``done``,
``failed`` or ``skipped`` with the outcome *after*; a crash in between leaves ``pending`` rows
that the next run finds and resolves (:meth:`Journal.pending_actions`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    select,
    update,
)

from mentorwatch.domain.mentors import Pause
from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp

SCHEMA_VERSION = 1

metadata = MetaData()

schema_info = Table("schema_info", metadata, Column("version", Integer, nullable=False))

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("wiki", String(500), nullable=False, index=True),
    Column("backend", String(40), nullable=False),
    Column("dry_run", Boolean, nullable=False),
    Column("status", String(20), nullable=False),  # running, finished, failed, refused
    Column("started_at", String(20), nullable=False),
    Column("finished_at", String(20)),
    Column("summary", Text),  # JSON: counts, edits, failures, refusal
    Column("snapshot", Text),  # JSON: the snapshot the plan was made from (replayable)
)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("wiki", String(500), nullable=False, index=True),
    Column("user_id", Integer, nullable=False),
    Column("username", String(255), nullable=False),
    Column("action", String(20), nullable=False),  # mark_away, pause, remove, reassign, ...
    Column("status", String(20), nullable=False),  # planned, pending, done, failed, skipped
    Column("reason", Text, nullable=False),
    Column("detail", Text),
    Column("before", Text),  # JSON: the list entry the action expects
    Column("after", Text),  # JSON: the entry as written (null when removed)
    Column("started_at", String(20), nullable=False),
    Column("finished_at", String(20)),
)

pauses = Table(
    "pauses",
    metadata,
    Column("wiki", String(500), primary_key=True),
    Column("user_id", Integer, primary_key=True),
    Column("previous_weight", Integer, nullable=False),
    Column("until", String(20), nullable=False),
    Column("paused_at", String(20), nullable=False),
)


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
    after: Any
    started_at: str
    finished_at: str | None


def default_database_url() -> str:
    """SQLite under the user's state directory (``$XDG_STATE_HOME/mentorwatch``)."""
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return f"sqlite:///{base / 'mentorwatch' / 'mentorwatch.db'}"


class Journal:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._migrate()

    def _migrate(self) -> None:
        metadata.create_all(self.engine)
        with self.engine.begin() as connection:
            version = connection.execute(select(schema_info.c.version)).scalar()
            if version is None:
                connection.execute(insert(schema_info).values(version=SCHEMA_VERSION))
            elif version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"the journal was written by a newer mentorwatch (schema {version}); upgrade"
                )

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    # --- runs -------------------------------------------------------------------------------

    def start_run(
        self, wiki: str, backend: str, dry_run: bool, now: datetime, snapshot: Mapping[str, Any]
    ) -> int:
        with self._tx() as tx:
            result = tx.execute(
                insert(runs).values(
                    wiki=wiki,
                    backend=backend,
                    dry_run=dry_run,
                    status="running",
                    started_at=format_timestamp(now),
                    snapshot=json.dumps(snapshot, ensure_ascii=False),
                )
            )
            return _new_id(result.inserted_primary_key)

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

    def runs(self, wiki: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        query = select(runs).order_by(runs.c.id.desc()).limit(limit)
        if wiki is not None:
            query = query.where(runs.c.wiki == wiki)
        with self._tx() as tx:
            rows = tx.execute(query).mappings().all()
        return [
            {**dict(row), "summary": json.loads(row["summary"]) if row["summary"] else None}
            for row in rows
        ]

    # --- actions ----------------------------------------------------------------------------

    def begin_action(
        self,
        run_id: int,
        wiki: str,
        user_id: int,
        username: str,
        action: str,
        reason: str,
        before: Any,
        now: datetime,
        status: str = "pending",
    ) -> int:
        """Journal an intent before touching the wiki."""
        with self._tx() as tx:
            result = tx.execute(
                insert(actions).values(
                    run_id=run_id,
                    wiki=wiki,
                    user_id=user_id,
                    username=username,
                    action=action,
                    status=status,
                    reason=reason,
                    before=json.dumps(before, ensure_ascii=False),
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
                    finished_at=format_timestamp(now),
                )
            )

    def actions(self, run_id: int | None = None, wiki: str | None = None) -> list[ActionRecord]:
        query = select(actions).order_by(actions.c.id)
        if run_id is not None:
            query = query.where(actions.c.run_id == run_id)
        if wiki is not None:
            query = query.where(actions.c.wiki == wiki)
        with self._tx() as tx:
            rows = tx.execute(query).mappings().all()
        return [_action_record(row) for row in rows]

    def pending_actions(self, wiki: str) -> list[ActionRecord]:
        """Actions journaled as started whose outcome was never written (a crash)."""
        query = (
            select(actions)
            .where(actions.c.wiki == wiki, actions.c.status == "pending")
            .order_by(actions.c.id)
        )
        with self._tx() as tx:
            return [_action_record(row) for row in tx.execute(query).mappings().all()]

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


def _action_record(row: Any) -> ActionRecord:
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
        before=json.loads(row["before"]) if row["before"] else None,
        after=json.loads(row["after"]) if row["after"] else None,
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
