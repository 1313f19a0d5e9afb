"""The vocabulary of what mentorwatch does to a wiki, and how each attempt ended.

A :class:`~mentorwatch.domain.planner.Decision` says what *should* happen to a mentor; a
:class:`WriteAction` is what is done on the wiki to carry it out (a ``mark_away`` decision is a
``pause`` on wikis that cannot mark away; a removal is followed by a ``reassign`` per mentee).
Each attempt ends with a :class:`Status`, journaled and reported as an :class:`Outcome`.
Both are string enums, so they are stored in the journal as their plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from mentorwatch.domain.message import Message, english


class WriteAction(StrEnum):
    # the cleanup run
    MARK_AWAY = "mark_away"
    RENEW_AWAY = "renew_away"
    PAUSE = "pause"  # away on wikis that cannot mark away: no automatic assignment
    RENEW_PAUSE = "renew_pause"  # a pause extended in the journal only (no edit)
    REMOVE = "remove"
    RESUME = "resume"
    REASSIGN = "reassign"  # one mentee of a removed mentor gets a new mentor
    WARN = "warn"  # a talk-page warning before removal
    NOTIFY = "notify"  # a talk-page message after an action
    AWAY_NOTICE = "away_notice"  # a talk-page notice: the away runs past the removal date
    NUDGE = "nudge"  # a talk-page note: mentees' questions wait for an answer (issue 25)
    # the web app, as the signed-in user
    SET_CONFIG = "set_config"  # the rules page (`config migrate` writes it too)
    SELF_AWAY = "self_away"
    SELF_BACK = "self_back"
    # the rules page
    PROTECT = "protect"  # protected: edit and move, administrators only (created by us)
    EXEMPT = "exempt"  # undo adds a time-limited exemption, so the next run does not redo it
    # undo (of the action after ``undo_``)
    UNDO_MARK_AWAY = "undo_mark_away"
    UNDO_RENEW_AWAY = "undo_renew_away"
    UNDO_PAUSE = "undo_pause"
    UNDO_RESUME = "undo_resume"
    UNDO_REMOVE = "undo_remove"
    UNDO_REASSIGN = "undo_reassign"
    UNDO_WARN = "undo_warn"
    UNDO_NOTIFY = "undo_notify"
    UNDO_AWAY_NOTICE = "undo_away_notice"
    UNDO_NUDGE = "undo_nudge"
    UNDO_EXEMPT = "undo_exempt"
    UNDO_PROTECT = "undo_protect"
    UNDO_RENEW_PAUSE = "undo_renew_pause"
    #: never made: an undo says it does not take back the rules page or a mentor's own away
    UNDO_SET_CONFIG = "undo_set_config"
    UNDO_SELF_AWAY = "undo_self_away"
    UNDO_SELF_BACK = "undo_self_back"

    def undone(self) -> WriteAction:
        """The undo of this action (``remove`` -> ``undo_remove``); an undo has none."""
        if self.value.startswith("undo_"):
            raise ValueError(f"{self.value} is an undo: an undo is not undone")
        return WriteAction(f"undo_{self.value}")


#: the actions that change the mentor's entry in the list
ENTRY_ACTIONS = frozenset(
    {
        WriteAction.MARK_AWAY,
        WriteAction.RENEW_AWAY,
        WriteAction.PAUSE,
        WriteAction.RESUME,
        WriteAction.REMOVE,
    }
)


class WriteKind(StrEnum):
    """What a write changed on the wiki, for reports (not every write is an edit)."""

    LIST_EDIT = "list edit"  # a revision of the mentor list page
    AWAY_PREFERENCE = "away change without a revision"  # REL1_40-REL1_44: a preference
    MENTEE_MOVED = "mentee moved"  # growthsetmentor: a log entry, no revision
    MESSAGE = "talk page message"


class Status(StrEnum):
    PLANNED = "planned"  # dry run, or a refused plan: journaled, not done
    PENDING = "pending"  # journaled before the write; the outcome is not known yet
    DONE = "done"
    SKIPPED = "skipped"  # not attempted, with the reason (edited since, entry changed)
    FAILED = "failed"
    OPTED_OUT = "opted_out"  # {{nobots}} on the talk page
    #: not tried: the account lacks a right it needs (the detail names the grant or group)
    NOT_ALLOWED = "not_allowed"
    NOT_DONE = "not_done"  # reconciled after a crash: the write was never made
    #: legacy (mentorwatch 0.1): a crashed run's action, closed without asking the wiki
    INTERRUPTED = "interrupted"


def skipped_because(why: object) -> Message:
    """An outcome's detail: not made, and why (the wiki's or the list's words, as they are)."""
    return Message.of("mentorwatch-outcome-skipped-because", why=str(why))


#: how an action ends when the run must say it failed: the wiki refused it, or its answer was
#: lost (left ``pending``: the wiki may have made it, the next run looks in the page history)
UNFINISHED = frozenset({Status.FAILED, Status.PENDING})


@dataclass(frozen=True)
class Outcome:
    """What happened to one mentor (or mentee) in a run.

    ``detail`` is English text (what scripts and the ``--json`` outputs read); where the
    detail is a message of the catalogue, ``detail_message`` keeps it, and the journal keeps the
    message (``docs/journal.md``) so every surface says it in its reader's language."""

    user_id: int
    username: str
    action: WriteAction
    status: Status
    detail: str = ""
    #: writes made on the wiki for this outcome (edits and API changes), and their kind
    edits: int = 0
    kind: WriteKind | None = None
    detail_message: Message | None = None

    def said(self, detail: Message) -> Outcome:
        """This outcome with ``detail`` as its detail (English text and the message)."""
        return replace(self, detail=english(detail), detail_message=detail)
