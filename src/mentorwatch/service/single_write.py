"""A run of one write (a web save, ``config migrate``; or a write and the one that must follow
it: the rules page created, then protected), journaled like the cleanup's.

The run is opened, the intent journaled (through an :class:`~.action_log.ActionLog`), the
write made, its outcome journaled, and only then the run closed: a process killed in between
leaves the run open and the action ``pending``, for the next cleanup run to reconcile against
the page history. A changed entry is ``skipped`` and a refusal ``failed`` (the run failed,
the error re-raised); a lost answer (:class:`WriteUncertain`) stays ``pending``; anything else
(a bug, an interrupt) leaves the action ``pending`` in an ``interrupted`` run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from mentorwatch.domain.outcomes import Outcome, Status
from mentorwatch.service.action_log import ActionLog
from mentorwatch.store.journal import Intent, Journal, RunKind, RunStatus
from mentorwatch.wiki.errors import WikiError, WriteUncertain
from mentorwatch.wiki.mentorlist import EntryChanged


@dataclass(frozen=True)
class Write:
    """One write of such a run: its intent, and how to make it (returns the revision id)."""

    intent: Intent
    perform: Callable[[], int | None]


class FollowUpFailed(WikiError):
    """The run's first write was made, and a write that had to follow it was refused (the rules
    page created, its protection refused): the first write's revision and the refusal."""

    def __init__(self, revision: int | None, error: WikiError) -> None:
        self.revision = revision
        self.error = error
        super().__init__(str(error))


def write_in_own_run(
    journal: Journal,
    clock: Callable[[], datetime],
    *,
    wiki: str,
    backend: str,
    kind: RunKind,
    by: str,
    intent: Intent,
    perform: Callable[[], int | None],
    then: Sequence[Write] = (),
) -> int | None:
    """Journal ``intent``, ``perform`` it (returns the revision id), journal the outcome, in a
    run of its own on ``wiki`` (``by``: who asked, in the run's summary); errors re-raised.
    ``then``: writes made after it in the same run, each journaled alike; one refused is
    :class:`FollowUpFailed` (the first write stands)."""
    run_id = journal.runs.start(wiki, backend, False, clock(), {}, kind=kind)
    log = ActionLog(journal.actions, wiki, run_id, clock)
    status = RunStatus.INTERRUPTED
    try:
        revision = _journaled(log, Write(intent, perform))
        for step in then:
            try:
                _journaled(log, step)
            except WriteUncertain:
                raise
            except WikiError as error:
                raise FollowUpFailed(revision, error) from error
        status = RunStatus.FINISHED
    except WriteUncertain:
        raise  # the wiki may have made it: pending, for the next run to find out
    except WikiError:
        status = RunStatus.FAILED
        raise
    finally:
        journal.runs.finish(run_id, status, clock(), {"by": by})
    return revision


def _journaled(log: ActionLog, write: Write) -> int | None:
    """One write, journaled before and after (a changed entry skipped, a refusal failed)."""
    intent = write.intent
    action_id = log.begin(intent)

    def ended(status: Status, detail: str = "") -> Outcome:
        edits = 1 if status is Status.DONE else 0
        return Outcome(intent.user_id, intent.username, intent.action, status, detail, edits)

    try:
        revision = write.perform()
    except WriteUncertain:
        raise
    except EntryChanged as error:
        log.finish(action_id, ended(Status.SKIPPED, str(error)))
        raise
    except WikiError as error:
        log.finish(action_id, ended(Status.FAILED, str(error)))
        raise
    log.finish(action_id, ended(Status.DONE), intent.intended, revision)
    return revision
