"""Journaling one run's writes: the intent before, the outcome after.

Every write of a run (the cleanup, an undo, a web save) goes through an :class:`ActionLog`
bound to that run, so "journaled before and after" is said once: :meth:`begin` before the
wiki is touched, :meth:`finish` once it answered; :meth:`record` for an action decided
without a write (skipped, planned).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from mentorwatch.domain.outcomes import Outcome, Status
from mentorwatch.store.actions import Actions, Intent
from mentorwatch.wiki.errors import WriteUncertain

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class ActionLog:
    actions: Actions
    wiki: str
    run_id: int
    clock: Clock

    def tagged(self, summary: str, user_id: int) -> str:
        """An edit summary that names this run and mentor: recovery finds exactly this edit in
        a page history, whatever the operator's wording and however the clocks differ."""
        return f"{summary} [mentorwatch {self.run_id}/{user_id}]"

    def begin(self, intent: Intent, status: Status = Status.PENDING) -> int:
        """Journal the intent (``pending``; ``planned`` for what a dry run would do)."""
        return self.actions.begin(self.run_id, self.wiki, intent, self.clock(), status)

    def finish(
        self,
        action_id: int,
        outcome: Outcome,
        after: Any = None,
        revision_id: int | None = None,
    ) -> Outcome:
        """Journal how the action ended (status, detail, what the wiki holds now, revision)."""
        self.actions.finish(
            action_id, outcome.status, self.clock(), outcome.detail or None, after, revision_id
        )
        return outcome

    def failed(self, action_id: int, outcome: Outcome, error: Exception) -> Outcome:
        """A write the wiki answered with an error: journaled as ``outcome`` (failed), except
        when the wiki may have made it (:class:`WriteUncertain`, its answer lost): then it
        stays ``pending``, in the journal and the outcome, and the next run finds it in the
        page history, or not."""
        if isinstance(error, WriteUncertain):
            return replace(outcome, status=Status.PENDING)
        return self.finish(action_id, outcome)

    def record(self, intent: Intent, outcome: Outcome) -> Outcome:
        """An action that ends without a write (skipped, or planned in a dry run)."""
        if outcome.status is Status.PLANNED:
            self.begin(intent, Status.PLANNED)
            return outcome
        return self.finish(self.begin(intent), outcome)
