"""The journal's actions: every write, journaled before it touches the wiki and after.

An action is written as ``pending`` with the entry it expects and the state it means to leave
*before* the wiki is touched, and finished as ``done`` (with the wiki's revision id),
``failed`` or ``skipped`` *after*; a crash in between leaves ``pending`` rows that the next run
reconciles against the page history (:mod:`mentorwatch.service.recovery`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from mentorwatch.domain.names import canonical_name
from mentorwatch.domain.outcomes import Status, WriteAction
from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.store.columns import dump_json, dump_moment, load_json, load_moment, new_id
from mentorwatch.store.database import Database
from mentorwatch.store.identity import JournalIdentity
from mentorwatch.store.schema import actions


@dataclass(frozen=True)
class Intent:
    """One write about to be made, as journaled before it is made."""

    user_id: int
    username: str
    action: WriteAction
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
    """One action as journaled."""

    id: int
    run_id: int
    wiki: str
    user_id: int
    username: str
    action: WriteAction
    status: Status
    reason: str
    detail: str | None
    before: Any
    intended: Any
    page: str | None
    summary: str | None
    after: Any
    revision_id: int | None
    started_at: datetime
    finished_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        """The action as ``history --json`` prints it (timestamps ISO 8601)."""
        return {
            **vars(self),
            "action": str(self.action),
            "status": str(self.status),
            "started_at": dump_moment(self.started_at),
            "finished_at": dump_moment(self.finished_at),
        }


class Actions:
    """What each run did, one row per write (or per write it decided not to make)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.identity = JournalIdentity(database)

    @property
    def journal_id(self) -> str:
        """This journal's own id, which the edit summaries' tags carry."""
        return self.identity.journal_id

    def begin(
        self, run_id: int, wiki: str, intent: Intent, now: datetime, status: Status = Status.PENDING
    ) -> int:
        """Journal an intent before touching the wiki (``planned`` for a dry run)."""
        with self.database.transaction() as tx:
            result = tx.execute(
                insert(actions).values(
                    run_id=run_id,
                    wiki=wiki,
                    user_id=intent.user_id,
                    username=intent.username,
                    action=str(intent.action),
                    status=str(status),
                    reason=intent.reason,
                    before=dump_json(intent.before),
                    intended=dump_json(intent.intended),
                    page=intent.page,
                    summary=intent.summary,
                    started_at=dump_moment(now),
                )
            )
            return new_id(result.inserted_primary_key)

    def finish(
        self,
        action_id: int,
        status: Status,
        now: datetime,
        detail: str | None = None,
        after: Any = None,
        revision_id: int | None = None,
    ) -> None:
        """Journal the outcome after the wiki answered."""
        with self.database.transaction() as tx:
            tx.execute(
                update(actions)
                .where(actions.c.id == action_id)
                .values(
                    status=str(status),
                    detail=detail,
                    after=dump_json(after),
                    revision_id=revision_id,
                    finished_at=dump_moment(now),
                )
            )

    def find(
        self,
        run_id: int | None = None,
        wiki: str | None = None,
        username: str | None = None,
        limit: int | None = None,
    ) -> list[ActionRecord]:
        """The actions of a run, a wiki or a mentor (the latest ``limit``), oldest first."""
        query = select(actions).order_by(actions.c.id)
        if run_id is not None:
            query = query.where(actions.c.run_id == run_id)
        if wiki is not None:
            query = query.where(actions.c.wiki == wiki)
        if username is not None:  # as the wiki spells it (journaled so), or as given
            query = query.where(actions.c.username.in_({canonical_name(username), username}))
        if limit is not None:
            query = query.order_by(None).order_by(actions.c.id.desc()).limit(limit)
        with self.database.transaction() as tx:
            rows = tx.execute(query).mappings().all()
        records = [_action_record(row) for row in rows]
        return sorted(records, key=lambda record: record.id)

    def pending(self, wiki: str) -> list[ActionRecord]:
        """Actions journaled as started whose outcome was never written (a crash)."""
        query = (
            select(actions)
            .where(actions.c.wiki == wiki, actions.c.status == str(Status.PENDING))
            .order_by(actions.c.id)
        )
        with self.database.transaction() as tx:
            return [_action_record(row) for row in tx.execute(query).mappings().all()]

    def last_by_mentor(self, wiki: str) -> dict[int, ActionRecord]:
        """Per mentor, the latest action mentorwatch finished on the wiki (not planned ones)."""
        finished = (Status.DONE, Status.FAILED, Status.SKIPPED)
        query = (
            select(actions)
            .where(
                actions.c.wiki == wiki,
                actions.c.status.in_([str(status) for status in finished]),
                # done by an admin, not to them
                actions.c.action != str(WriteAction.SET_CONFIG),
            )
            .order_by(actions.c.id)
        )
        with self.database.transaction() as tx:
            rows = tx.execute(query).mappings().all()
        return {int(row["user_id"]): _action_record(row) for row in rows}


def _action_record(row: Any) -> ActionRecord:
    return ActionRecord(
        id=int(row["id"]),
        run_id=int(row["run_id"]),
        wiki=row["wiki"],
        user_id=int(row["user_id"]),
        username=row["username"],
        action=WriteAction(row["action"]),
        status=Status(row["status"]),
        reason=row["reason"],
        detail=row["detail"],
        before=load_json(row["before"]),
        intended=load_json(row["intended"]),
        page=row["page"],
        summary=row["summary"],
        after=load_json(row["after"]),
        revision_id=row["revision_id"],
        started_at=parse_timestamp(row["started_at"]),
        finished_at=load_moment(row["finished_at"]),
    )
