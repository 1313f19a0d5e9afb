"""Undo: put back what a run did, journaled like any run.

A removed mentor returns with the entry they had (message, weight, away); an away or a pause
mentorwatch set is put back only if the entry is still as mentorwatch left it: as the run left
it, or as mentorwatch's own later writes left it (a later run extending the away it set: the
journal knows them, :mod:`.own_edits`); a mentor who changed their own settings since is left
alone. Mentees reassigned by the run go back to their mentor if they are still with the one
the run chose. Messages on talk pages stay; so do the rules page a run saved and a mentor's own
away (each said plainly). An undo is not undone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mentorwatch.domain.message import Message
from mentorwatch.domain.names import canonical_name, same_user
from mentorwatch.domain.outcomes import (
    ENTRY_ACTIONS,
    UNFINISHED,
    Outcome,
    Status,
    WriteAction,
    WriteKind,
    skipped_because,
)
from mentorwatch.domain.timeutil import shifted
from mentorwatch.errors import InvalidInput
from mentorwatch.language.wiki_words import WikiWords
from mentorwatch.service.action_log import ActionLog
from mentorwatch.service.exempt_after_undo import exempt_undone
from mentorwatch.service.own_edits import OwnEdits, entry_of, follow_own_edits
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
        words: WikiWords | None = None,
        exempt_for: timedelta | None = None,
    ) -> None:
        """``exempt_for``: how long a mentor whose removal or away is undone stays exempt on
        the rules page (None: no exemption)."""
        self.exempt_for = exempt_for
        self.backend = backend
        self.journal = journal
        self.clock = clock
        self.words = words or WikiWords()
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
        if original.kind is RunKind.UNDO:
            raise CannotUndo(
                f"run #{run_id} was itself an undo (of run #{original.undo_of}): an undo is not "
                "undone. The next cleanup run makes again what is still due (once the "
                "exemptions the undo added on the rules page end, or are removed)"
            )
        done = [r for r in self.journal.actions.find(run_id=run_id) if r.status is Status.DONE]
        if mentor is not None:
            mentor = canonical_name(mentor)
            done = [r for r in done if same_user(r.username, mentor) or _old_mentor(r) == mentor]
            if not done:
                raise CannotUndo(f"run #{run_id} did nothing to {mentor}")
        return done

    def _undo_all(self, log: ActionLog, done: list[ActionRecord], dry_run: bool) -> list[Outcome]:
        """Entries first (newest first), then mentees; what is not put back is said."""
        entries = [r for r in reversed(done) if r.action in ENTRY_ACTIONS]
        reassigned = [r for r in reversed(done) if r.action == WriteAction.REASSIGN]
        others = [r for r in done if r not in entries and r not in reassigned]
        later = self.journal.actions.find(wiki=self.wiki) if entries else []
        outcomes = [self._undo_entry(log, record, later, dry_run) for record in entries]
        outcomes += [self._undo_reassign(log, record, dry_run) for record in reassigned]
        outcomes += [self._skip(log, r, r.action.undone(), not_put_back(r)) for r in others]
        return outcomes

    def _undo_entry(
        self, log: ActionLog, record: ActionRecord, later: list[ActionRecord], dry_run: bool
    ) -> Outcome:
        name, user_id = record.username, record.user_id
        action = record.action.undone()
        removed = record.action == WriteAction.REMOVE
        previous: RawEntry = entry_of(record.before) if removed else record.before
        current = self.backend.read_list().entries.get(str(user_id))
        if removed and current is not None:
            return self._skip(log, record, action, "already back in the list")
        ours = OwnEdits(None) if removed else follow_own_edits(record, later)
        if not removed:
            why = _changed_since(record, ours, current)
            if why is not None:
                return self._skip(log, record, action, why)
        summary = log.tagged(self.words.undo(name, record.run_id), user_id)
        reason = f"undo of run #{record.run_id}"
        intent = Intent(
            user_id, name, action, reason, current, previous, self.backend.list_page, summary
        )
        if dry_run:
            planned = Outcome(user_id, name, action, Status.PLANNED).said(_put_back(ours, "would-"))
            return log.record(intent, planned)
        action_id = log.begin(intent)
        try:
            expected = None if removed else current
            written = self.backend.put_entry(user_id, name, expected, previous, summary)
        except EntryChanged as error:
            skipped = Outcome(user_id, name, action, Status.SKIPPED).said(skipped_because(error))
            return log.finish(action_id, skipped)
        except WikiError as error:
            failed = Outcome(user_id, name, action, Status.FAILED, str(error))
            return log.failed(action_id, failed, error)
        if record.action in (WriteAction.PAUSE, WriteAction.MARK_AWAY):
            self.journal.memory.clear_pause(self.wiki, user_id)  # the pause this action began
        kind = WriteKind.LIST_EDIT if written.edited_page else WriteKind.AWAY_PREFERENCE
        done = Outcome(user_id, name, action, Status.DONE, "", 1, kind).said(_put_back(ours))
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


def _changed_since(record: ActionRecord, ours: OwnEdits, current: RawEntry | None) -> str | None:
    """Why the entry cannot be put back (None: it is as mentorwatch last left it)."""
    if ours.ended is not None:
        return f"{ours.ended}: nothing of this run to put back; left as it is"
    if current is None:
        return "no longer on the list (removed since the run): left as it is"
    if ours.mentors_own_run is not None:
        return (
            f"the mentor changed their entry since, on mentorwatch's away page (run "
            f"#{ours.mentors_own_run}): their choice, left as it is"
        )
    if current != ours.entry:
        last = f"run #{ours.runs[-1]}" if ours.runs else f"run #{record.run_id}"
        return (
            f"the entry changed since the run, not by mentorwatch (its last write to it: {last}):"
            " the mentor or an admin edited it on the wiki; left as it is"
        )
    return None


def _put_back(ours: OwnEdits, would: str = "") -> Message:
    """'entry put back as it was before the run' (``would``: ``would-``, a dry run's), naming
    mentorwatch's own later runs whose writes went back with it."""
    if not ours.runs:
        return Message.of(f"mentorwatch-outcome-{would}put-back")
    runs = ", ".join(f"#{run}" for run in ours.runs)
    return Message.of(f"mentorwatch-outcome-{would}put-back-with-runs", runs=runs)


#: what an undo does not take back, and why (each said plainly in the undo's report)
NOT_PUT_BACK = {
    WriteAction.WARN: "a message on a talk page is not taken back",
    WriteAction.NOTIFY: "a message on a talk page is not taken back",
    WriteAction.AWAY_NOTICE: "a message on a talk page is not taken back",
    WriteAction.NUDGE: "a message on a talk page is not taken back",
    WriteAction.RENEW_PAUSE: "a pause extended in mentorwatch's journal only: nothing on the "
    "wiki to put back",
    WriteAction.SELF_AWAY: "a mentor's own away, set on mentorwatch's away page: their choice, "
    "not undone (they can change it there)",
    WriteAction.SELF_BACK: "a mentor's own return, set on mentorwatch's away page: their choice, "
    "not undone (they can change it there)",
}


def not_put_back(record: ActionRecord) -> str:
    """Why an action an undo does not take back stays (a talk-page message, the rules page…)."""
    if record.action is WriteAction.SET_CONFIG:
        revision = f" revision {record.revision_id} is the save;" if record.revision_id else ""
        return (
            f"the rules page is not put back by undo:{revision} to go back, edit {record.page} "
            "or restore its previous revision from the page's history"
        )
    if record.action is WriteAction.EXEMPT:
        return f"an exemption on {record.page}: remove it there if it is not wanted"
    if record.action is WriteAction.PROTECT:
        return f"the protection of {record.page}: lift it with Special:Protect if it is not wanted"
    return NOT_PUT_BACK.get(record.action, "not something an undo puts back")


def _old_mentor(record: ActionRecord) -> Any:
    return (record.before or {}).get("mentor") if record.action == WriteAction.REASSIGN else None
