"""What mentorwatch itself did to a mentor's entry after a run: the journal knows its own edits.

An undo puts back an entry only when it is as mentorwatch left it (a mentor's own choice is
never overwritten). "As mentorwatch left it" is not only as the run being undone left it:
later runs may have extended the away it set (``renew_away``), an undo of a later run may have
put that back, a pause may have been renewed in the journal. :func:`follow_own_edits` follows
those journaled writes, each starting from the entry the previous one left, to the entry
mentorwatch last left; the entry on the wiki is then compared with that. A later write that
did not start from it, or a mentor's own save through the away page, means someone else
changed the entry in between.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mentorwatch.domain.outcomes import Status, WriteAction
from mentorwatch.store.actions import ActionRecord

#: writes mentorwatch makes to an entry on its own (its cleanup runs and undos): followed
OWN_ENTRY_WRITES = frozenset(
    {
        WriteAction.MARK_AWAY,
        WriteAction.RENEW_AWAY,
        WriteAction.PAUSE,
        WriteAction.RENEW_PAUSE,
        WriteAction.UNDO_MARK_AWAY,
        WriteAction.UNDO_RENEW_AWAY,
        WriteAction.UNDO_PAUSE,
        WriteAction.UNDO_RESUME,
    }
)
#: writes that end the story an undo of an earlier run could put back
ENDING = {
    WriteAction.REMOVE: "removed them",
    WriteAction.RESUME: "resumed their automatic assignment (they edited again)",
    WriteAction.UNDO_REMOVE: "put them back on the list",
}
#: a mentor's own saves, made through mentorwatch's away page
MENTORS_OWN = frozenset({WriteAction.SELF_AWAY, WriteAction.SELF_BACK})


@dataclass(frozen=True)
class OwnEdits:
    """Where mentorwatch's own writes to an entry, since a run's, led."""

    #: the entry as mentorwatch last left it
    entry: Any
    #: the later runs whose writes are followed (``renew_away`` of runs 7 and 9, …)
    runs: tuple[int, ...] = ()
    #: why an undo cannot put it back, whatever the wiki holds (a later run removed them…)
    ended: str | None = None
    #: the mentor changed it through mentorwatch's away page, in this run
    mentors_own_run: int | None = None


def entry_of(journaled: Any) -> Any:
    """The entry a journaled ``before`` holds (a removal with mentees keeps both)."""
    if isinstance(journaled, dict) and "entry" in journaled and "mentees" in journaled:
        return journaled["entry"]
    return journaled


def follow_own_edits(record: ActionRecord, later: Iterable[ActionRecord]) -> OwnEdits:
    """Follow mentorwatch's own writes to ``record``'s entry after it (``later``: the
    journal's actions on that wiki, oldest first), each starting where the last one left."""
    entry = record.after
    runs: list[int] = []
    for action in later:
        if action.id <= record.id or action.user_id != record.user_id:
            continue
        if action.status is not Status.DONE:
            continue
        if action.action in MENTORS_OWN:
            return OwnEdits(entry, tuple(runs), mentors_own_run=action.run_id)
        if action.action in ENDING and entry_of(action.before) == entry:
            why = f"mentorwatch's run #{action.run_id} {ENDING[action.action]} since"
            return OwnEdits(entry, tuple(runs), ended=why)
        if action.action not in OWN_ENTRY_WRITES:
            continue
        if entry_of(action.before) != entry:
            break  # changed by someone else before this write: the story stops here
        entry = action.after
        if action.run_id not in runs:
            runs.append(action.run_id)
    return OwnEdits(entry, tuple(runs))
