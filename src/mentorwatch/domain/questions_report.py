"""What a plan says of questions and of the pool, beside its decisions (issue 25).

Worked out after the decisions, from them and the snapshot; never an input of a decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from mentorwatch.domain.facts import Action
from mentorwatch.domain.message import Message
from mentorwatch.domain.nudge import Nudge, nudges
from mentorwatch.domain.pool import Change, Pool, pool_of
from mentorwatch.domain.questions import MentorQuestions, questions_by_mentor
from mentorwatch.domain.snapshot import Snapshot


@dataclass(frozen=True)
class QuestionsReport:
    window_days: int
    waiting_days: int
    #: every listed mentor's figures
    by_mentor: Mapping[int, MentorQuestions]
    #: the nudges due (none while the rule is off)
    nudges: tuple[Nudge, ...] = ()

    @property
    def waiting(self) -> int:
        """Questions waiting longer than the waiting days, all mentors together."""
        return sum(len(figures.waiting) for figures in self.by_mentor.values())


class Reported(Change, Protocol):
    """What of a decision the report needs (besides :class:`Change`)."""

    @property
    def problem(self) -> Message | None: ...


def questions_report(snapshot: Snapshot, decisions: Sequence[Reported]) -> QuestionsReport | None:
    """The questions' figures per mentor and the nudges due (None: questions not read)."""
    record = snapshot.questions
    if record is None:
        return None
    config = snapshot.config
    window, waiting = config.questions_window_days, config.questions_waiting_days
    ids = [mentor.user_id for mentor in snapshot.mentors]
    by_mentor = questions_by_mentor(record, ids, snapshot.now, window, waiting)
    due: tuple[Nudge, ...] = ()
    if config.nudge_enabled:
        left_out = frozenset(
            d.user_id for d in decisions if d.action is Action.REMOVE or d.problem is not None
        )
        names = [(mentor.user_id, mentor.username) for mentor in snapshot.mentors]
        due = nudges(by_mentor, names, record.nudged, left_out)
    return QuestionsReport(window, waiting, by_mentor, due)


def pool_for(snapshot: Snapshot, decisions: Sequence[Change]) -> Pool:
    """The pool before and after the decisions."""
    record = snapshot.questions
    return pool_of(
        snapshot.mentors,
        decisions,
        snapshot.now,
        snapshot.config.minimum_pool,
        None if record is None else record.mentees,
        None if record is None else record.new_accounts_per_week,
    )
