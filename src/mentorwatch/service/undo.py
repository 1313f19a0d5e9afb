"""Undo: put back what a run did, journaled like any run.

A removed mentor returns with the entry they had (message, weight, away); an away or a pause
mentorwatch set is put back only if the entry is still exactly as the run left it (a mentor
who changed their own settings since is left alone); mentees reassigned by the run go back to
their mentor if they are still with the one the run chose. Messages on talk pages stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mentorwatch.domain.outcomes import (
    ENTRY_ACTIONS,
    UNFINISHED,
    Outcome,
    Status,
    WriteAction,
    WriteKind,
)
from mentorwatch.domain.timeutil import shifted
from mentorwatch.domain.wiki_texts import Summaries
from mentorwatch.errors import InvalidInput
from mentorwatch.service.action_log import ActionLog
from mentorwatch.service.exempt_after_undo import exempt_undone
from mentorwatch.store.journal import (
    ActionRecord,
    Intent,
    Journal,
    LockLost,
    RunKind,
    RunStatus,
)
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import EntryChanged, MentorListBackend, RawEntry


class CannotUndo(InvalidInput):
    """The undo asked for cannot be done (a dry run, another wiki, nothing done)."""


@dataclass
class UndoReport:
    run_id: int
    undo_of: int
    wiki: str
    dry_run: bool
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status in UNFINISHED]


class Undo:
    def __init__(
        self,
        backend: MentorListBackend,
        journal: Journal,
        *,
        clock: Callable[[], datetime],
        summaries: Summaries | None = None,
        exempt_for: timedelta | None = None,
    ) -> None:
        """``exempt_for``: how long a mentor whose removal or away is undone stays exempt on
        the rules page (None: no exemption)."""
        self.exempt_for = exempt_for
        self.backend = backend
        self.journal = journal
        self.clock = clock
        self.summaries = summaries or Summaries()
        self.wiki = backend.client.wiki_key

    def undo(self, run_id: int, mentor: str | None = None, dry_run: bool = False) -> UndoReport:
        done = self._done_by(run_id, mentor)
        with self.journal.locks.locked(self.wiki) as lock:
            undo_id = self.journal.runs.start(
                self.wiki,
                self.backend.name,
                dry_run,
                self.clock(),
                {},
                kind=RunKind.UNDO,
                undo_of=run_id,
                lock=lock,
            )
            report = UndoReport(undo_id, run_id, self.wiki, dry_run)
            log = ActionLog(self.journal.actions, self.wiki, undo_id, self.clock, lock)
            status = RunStatus.FINISHED
            try:
                report.outcomes.extend(self._undo_all(log, done, dry_run))
                if self.exempt_for is not None:
                    report.outcomes.extend(
                        exempt_undone(
                            self.backend,
                            log,
                            list(report.outcomes),
                            undone_run=run_id,
                            until=shifted(self.clock(), self.exempt_for),
                            dry_run=dry_run,
                        )
                    )
            except LockLost:  # stopped before its next write: journaled as such
                status = RunStatus.STOPPED
                raise
            except BaseException:
                status = RunStatus.FAILED
                raise
            finally:
                summary = {
                    "outcomes": [str(o.status) for o in report.outcomes],
                    "failures": len(report.failures),
                }
                self.journal.runs.finish(undo_id, status, self.clock(), summary)
        return report

    def _done_by(self, run_id: int, mentor: str | None) -> list[ActionRecord]:
        """What the run did (to ``mentor``, if given) that an undo can consider."""
        original = self.journal.runs.get(run_id)
        if original.wiki != self.wiki:
            raise CannotUndo(f"run #{run_id} was on {original.wiki}, not {self.wiki}")
        if original.dry_run:
            raise CannotUndo(f"run #{run_id} was a dry run: it changed nothing")
        done = [r for r in self.journal.actions.find(run_id=run_id) if r.status is Status.DONE]
        if mentor is not None:
            done = [r for r in done if r.username == mentor or _old_mentor(r) == mentor]
            if not done:
                raise CannotUndo(f"run #{run_id} did nothing to {mentor}")
        return done

    def _undo_all(self, log: ActionLog, done: list[ActionRecord], dry_run: bool) -> list[Outcome]:
        """Entries first (newest first), then mentees; talk-page messages are left."""
        entries = [r for r in reversed(done) if r.action in ENTRY_ACTIONS]
        reassigned = [r for r in reversed(done) if r.action == WriteAction.REASSIGN]
        others = [r for r in done if r not in entries and r not in reassigned]
        outcomes = [self._undo_entry(log, record, dry_run) for record in entries]
        outcomes += [self._undo_reassign(log, record, dry_run) for record in reassigned]
        outcomes += [
            Outcome(
                r.user_id,
                r.username,
                r.action.undone(),
                Status.SKIPPED,
                "a message on a talk page is not taken back",
            )
            for r in others
        ]
        return outcomes

    def _undo_entry(self, log: ActionLog, record: ActionRecord, dry_run: bool) -> Outcome:
        name, user_id = record.username, record.user_id
        action = record.action.undone()
        before = record.before
        removed = record.action == WriteAction.REMOVE
        previous: RawEntry = before["entry"] if removed and "mentees" in (before or {}) else before
        current = self.backend.read_list().entries.get(str(user_id))
        if removed and current is not None:
            return self._skip(log, record, action, "already back in the list")
        if not removed and current != record.after:
            why = (
                "the entry changed since the run (the mentor or an admin edited it); left as it is"
            )
            return self._skip(log, record, action, why)
        summary = log.tagged(self.summaries.render_undo(name, record.run_id), user_id)
        reason = f"undo of run #{record.run_id}"
        intent = Intent(
            user_id, name, action, reason, current, previous, self.backend.list_page, summary
        )
        if dry_run:
            planned = Outcome(user_id, name, action, Status.PLANNED, "would put back the entry")
            return log.record(intent, planned)
        action_id = log.begin(intent)
        try:
            expected = None if removed else current
            written = self.backend.put_entry(user_id, name, expected, previous, summary)
        except EntryChanged as error:
            skipped = Outcome(user_id, name, action, Status.SKIPPED, f"skipped: {error}")
            return log.finish(action_id, skipped)
        except WikiError as error:
            failed = Outcome(user_id, name, action, Status.FAILED, str(error))
            return log.failed(action_id, failed, error)
        if record.action in (WriteAction.PAUSE, WriteAction.MARK_AWAY):
            self.journal.memory.clear_pause(self.wiki, user_id)  # the pause this action began
        detail = "entry put back as it was before the run"
        kind = WriteKind.LIST_EDIT if written.edited_page else WriteKind.AWAY_PREFERENCE
        done = Outcome(user_id, name, action, Status.DONE, detail, 1, kind)
        return log.finish(action_id, done, written.entry, written.revision_id)

    def _undo_reassign(self, log: ActionLog, record: ActionRecord, dry_run: bool) -> Outcome:
        old, new = _old_mentor(record), (record.after or {}).get("mentor")
        action = WriteAction.UNDO_REASSIGN
        mentee_id, mentee = record.user_id, record.username
        if not old or not new:
            return self._skip(log, record, action, "the journal lacks the mentors")
        try:
            still = any(n == mentee for _id, n in self.backend.mentees(new))
        except WikiError as error:
            return Outcome(mentee_id, mentee, action, Status.FAILED, str(error))
        if not still:
            return self._skip(log, record, action, f"no longer mentored by {new}")
        reason = f"undo of mentorwatch run #{record.run_id}"
        intent = Intent(mentee_id, mentee, action, reason, {"mentor": new}, {"mentor": old})
        if dry_run:
            return log.record(
                intent, Outcome(mentee_id, mentee, action, Status.PLANNED, f"back to {old}")
            )
        action_id = log.begin(intent)
        try:
            self.backend.set_mentor(mentee, old, reason)
        except WikiError as error:
            failed = Outcome(mentee_id, mentee, action, Status.FAILED, str(error))
            return log.failed(action_id, failed, error)
        done = Outcome(
            mentee_id, mentee, action, Status.DONE, f"back to {old}", 1, WriteKind.MENTEE_MOVED
        )
        return log.finish(action_id, done, {"mentor": old})

    def _skip(self, log: ActionLog, record: ActionRecord, action: WriteAction, why: str) -> Outcome:
        intent = Intent(record.user_id, record.username, action, f"undo of run #{record.run_id}")
        return log.record(
            intent, Outcome(record.user_id, record.username, action, Status.SKIPPED, why)
        )


def _old_mentor(record: ActionRecord) -> Any:
    return (record.before or {}).get("mentor") if record.action == WriteAction.REASSIGN else None
