"""Journaling one run's writes: the intent before, the outcome after, the lock checked.

Every write of a run (the cleanup, an undo, a web save) goes through an :class:`ActionLog`
bound to that run, so "journaled before and after" is said once: :meth:`begin` before the
wiki is touched, :meth:`finish` once it answered; :meth:`record` for an action decided
without a write (skipped, planned).

A run that holds the wiki's lock (a cleanup, an undo) gives its log the lock: :meth:`begin`
then checks, right after journaling the intent and right before the write, that the lock is
still the run's (:meth:`~mentorwatch.store.locks.HeldLock.check`). List edits, mentees moved,
talk-page messages and rules-page edits all begin here, so none can skip the check. A lost
lock ends the intent ``skipped`` (nothing was written) and raises
:class:`~mentorwatch.store.lock_heartbeat.LockLost`: the run stops, the rest left to the run
that holds the lock now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from mentorwatch.domain.message import store_sentences
from mentorwatch.domain.outcomes import Outcome, Status
from mentorwatch.store.actions import Actions, Intent
from mentorwatch.store.lock_heartbeat import LockLost
from mentorwatch.store.locks import HeldLock
from mentorwatch.wiki.errors import WriteUncertain

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class ActionLog:
    actions: Actions
    wiki: str
    run_id: int
    clock: Clock
    #: the wiki's lock the run holds, checked before every write (None: a run without it)
    lock: HeldLock | None = None

    def tagged(self, summary: str, user_id: int) -> str:
        """An edit summary that names this journal, run and mentor
        (``[mentorwatch JOURNAL:RUN/USER]``): recovery finds exactly this edit in a page
        history, whatever the operator's wording, however the clocks differ, and whatever
        other journals write to the same wiki (their run ids start at 1 too)."""
        return f"{summary} [mentorwatch {self.actions.journal_id}:{self.run_id}/{user_id}]"

    def begin(self, intent: Intent) -> int:
        """Journal the intent of a write (``pending``), then check the run still holds the
        wiki's lock: if not, the intent ends ``skipped`` and :class:`LockLost` is raised."""
        action_id = self.actions.begin(self.run_id, self.wiki, intent, self.clock())
        if self.lock is not None:
            try:
                self.lock.check()
            except LockLost as lost:
                detail = f"not made: the run stopped, {lost}"
                self.actions.finish(action_id, Status.SKIPPED, self.clock(), detail)
                raise
        return action_id

    def finish(
        self,
        action_id: int,
        outcome: Outcome,
        after: Any = None,
        revision_id: int | None = None,
    ) -> Outcome:
        """Journal how the action ended (status, detail, what the wiki holds now, revision);
        a detail that is a message is journaled as one (``docs/journal.md``)."""
        said = outcome.detail_message
        detail = store_sentences((said,)) if said is not None else outcome.detail or None
        self.actions.finish(action_id, outcome.status, self.clock(), detail, after, revision_id)
        return outcome

    def failed(
        self, action_id: int, outcome: Outcome, error: Exception, after: Any = None
    ) -> Outcome:
        """A write the wiki answered with an error: journaled as ``outcome`` (failed, with
        ``after``: what to remember of it), except when the wiki may have made it
        (:class:`WriteUncertain`, its answer lost): then it stays ``pending``, in the journal
        and the outcome, and the next run finds it in the page history, or not."""
        if isinstance(error, WriteUncertain):
            return replace(outcome, status=Status.PENDING)
        return self.finish(action_id, outcome, after)

    def record(self, intent: Intent, outcome: Outcome, after: Any = None) -> Outcome:
        """An action that ends without a write (skipped, not allowed, or planned in a dry run;
        ``after``: what to remember of it)."""
        now = self.clock()
        if outcome.status is Status.PLANNED:
            self.actions.begin(self.run_id, self.wiki, intent, now, Status.PLANNED)
            return outcome
        action_id = self.actions.begin(self.run_id, self.wiki, intent, now)
        return self.finish(action_id, outcome, after)
