"""Undo: put back what a run did, journaled like any run.

A removed mentor returns with the entry they had (message, weight, away); an away or a pause
mentorwatch set is put back only if the entry is still exactly as the run left it (a mentor
who changed their own settings since is left alone); mentees reassigned by the run go back to
their mentor if they are still with the one the run chose. Messages on talk pages stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mentorwatch.domain.summaries import Summaries
from mentorwatch.errors import InvalidInput
from mentorwatch.service.cycle import Outcome, journal_outcome
from mentorwatch.store.journal import ActionRecord, Journal
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import EntryChanged, MentorListBackend, RawEntry

ENTRY_ACTIONS = ("mark_away", "renew_away", "pause", "resume", "remove")


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
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]


class Undo:
    def __init__(
        self,
        backend: MentorListBackend,
        journal: Journal,
        *,
        clock: Callable[[], datetime],
        summaries: Summaries | None = None,
    ) -> None:
        self.backend = backend
        self.journal = journal
        self.clock = clock
        self.summaries = summaries or Summaries()
        self.wiki = backend.client.api_url

    def undo(self, run_id: int, mentor: str | None = None, dry_run: bool = False) -> UndoReport:
        original = self.journal.run(run_id)
        if original["wiki"] != self.wiki:
            raise CannotUndo(f"run #{run_id} was on {original['wiki']}, not {self.wiki}")
        if original["dry_run"]:
            raise CannotUndo(f"run #{run_id} was a dry run: it changed nothing")
        done = [r for r in self.journal.actions(run_id=run_id) if r.status == "done"]
        if mentor is not None:
            done = [
                r
                for r in done
                if r.username == mentor or (r.action == "reassign" and _old(r) == mentor)
            ]
            if not done:
                raise CannotUndo(f"run #{run_id} did nothing to {mentor}")
        with self.journal.locked(self.wiki, self.clock()):
            undo_id = self.journal.start_run(
                self.wiki,
                self.backend.name,
                dry_run,
                self.clock(),
                {},
                kind="undo",
                undo_of=run_id,
            )
            report = UndoReport(undo_id, run_id, self.wiki, dry_run)
            status = "finished"
            try:
                entries = [r for r in reversed(done) if r.action in ENTRY_ACTIONS]
                reassigned = [r for r in reversed(done) if r.action == "reassign"]
                others = [r for r in done if r not in entries and r not in reassigned]
                for record in entries:
                    report.outcomes.append(self._undo_entry(undo_id, record, dry_run))
                for record in reassigned:
                    report.outcomes.append(self._undo_reassign(undo_id, record, dry_run))
                for record in others:
                    report.outcomes.append(
                        Outcome(
                            record.user_id,
                            record.username,
                            f"undo_{record.action}",
                            "skipped",
                            "a message on a talk page is not taken back",
                        )
                    )
            except BaseException:
                status = "failed"
                raise
            finally:
                summary = {
                    "outcomes": [o.status for o in report.outcomes],
                    "failures": len(report.failures),
                }
                self.journal.finish_run(undo_id, status, self.clock(), summary)
        return report

    def _undo_entry(self, undo_id: int, record: ActionRecord, dry_run: bool) -> Outcome:
        name, user_id = record.username, record.user_id
        action = f"undo_{record.action}"
        before = record.before
        previous: RawEntry = (
            before["entry"] if record.action == "remove" and "mentees" in (before or {}) else before
        )
        current = self.backend.read_list().entries.get(str(user_id))
        if record.action == "remove":
            if current is not None:
                return self._skip(undo_id, record, action, "already back in the list")
            expected = None
        else:
            if current != record.after:
                return self._skip(
                    undo_id,
                    record,
                    action,
                    "the entry changed since the run (the mentor or an admin edited it); "
                    "left as it is",
                )
            expected = current
        summary = self.summaries.undo.replace("$1", name).replace("$3", str(record.run_id))
        status = "planned" if dry_run else "pending"
        action_id = self.journal.begin_action(
            undo_id,
            self.wiki,
            user_id,
            name,
            action,
            f"undo of run #{record.run_id}",
            current,
            self.clock(),
            status=status,
            intended=previous,
            page=self.backend.list_page,
            summary=summary,
        )
        if dry_run:
            return Outcome(user_id, name, action, "planned", "would put back the entry")
        try:
            written = self.backend.put_entry(user_id, name, expected, previous, summary)
        except EntryChanged as error:
            return self._finished(
                action_id, Outcome(user_id, name, action, "skipped", f"skipped: {error}")
            )
        except WikiError as error:
            return self._finished(action_id, Outcome(user_id, name, action, "failed", str(error)))
        if record.action == "pause":
            self.journal.clear_pause(self.wiki, user_id)
        done = Outcome(user_id, name, action, "done", "entry put back as it was before the run", 1)
        return self._finished(action_id, done, written.entry, written.revision_id)

    def _undo_reassign(self, undo_id: int, record: ActionRecord, dry_run: bool) -> Outcome:
        old, new = _old(record), (record.after or {}).get("mentor")
        action = "undo_reassign"
        if not old or not new:
            return self._skip(undo_id, record, action, "the journal lacks the mentors")
        try:
            still = any(n == record.username for _id, n in self.backend.mentees(new))
        except WikiError as error:
            return Outcome(record.user_id, record.username, action, "failed", str(error))
        if not still:
            return self._skip(undo_id, record, action, f"no longer mentored by {new}")
        reason = f"undo of mentorwatch run #{record.run_id}"
        status = "planned" if dry_run else "pending"
        action_id = self.journal.begin_action(
            undo_id,
            self.wiki,
            record.user_id,
            record.username,
            action,
            reason,
            {"mentor": new},
            self.clock(),
            status=status,
            intended={"mentor": old},
        )
        if dry_run:
            return Outcome(record.user_id, record.username, action, "planned", f"back to {old}")
        try:
            self.backend.set_mentor(record.username, old, reason)
        except WikiError as error:
            failed = Outcome(record.user_id, record.username, action, "failed", str(error))
            return self._finished(action_id, failed)
        self.journal.finish_action(action_id, "done", self.clock(), None, {"mentor": old})
        return Outcome(record.user_id, record.username, action, "done", f"back to {old}", 1)

    def _skip(self, undo_id: int, record: ActionRecord, action: str, why: str) -> Outcome:
        action_id = self.journal.begin_action(
            undo_id,
            self.wiki,
            record.user_id,
            record.username,
            action,
            f"undo of run #{record.run_id}",
            None,
            self.clock(),
        )
        skipped = Outcome(record.user_id, record.username, action, "skipped", why)
        return self._finished(action_id, skipped)

    def _finished(
        self, action_id: int, outcome: Outcome, after: Any = None, revision_id: int | None = None
    ) -> Outcome:
        return journal_outcome(self.journal, self.clock, action_id, outcome, after, revision_id)


def _old(record: ActionRecord) -> Any:
    return (record.before or {}).get("mentor") if record.action == "reassign" else None
