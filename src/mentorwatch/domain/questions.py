"""Are mentors answering their mentees? Questions and replies per mentor over a window.

A mentee's question is a new section on the mentor's user talk page, made by the mentee with
GrowthExperiments' change tag ``mentorship module question`` (asked from the homepage) or
``mentorship panel question`` (from the help panel). A question is **answered** once the
mentor edits, after it was asked, their own talk page (in the question's section where the
edit says its section; an edit that names no section answers every earlier question) or the
mentee's talk page. A question from a mentee now blocked, or one removed since (reverted or
hidden), is **excused**: it is counted apart and held against nobody.

This module informs; it decides nothing about a mentor's place on the list (the planner never
reads it for an action: ``tests/unit/test_questions_properties.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mentorwatch.domain.names import canonical_name
from mentorwatch.domain.timeutil import DAY

#: GrowthExperiments' change tags of questions to a mentor (``Mentorship`` module constants)
QUESTION_TAGS = ("mentorship module question", "mentorship panel question")


@dataclass(frozen=True)
class Question:
    """One question, as the wiki's history shows it."""

    mentor_id: int  # whose talk page it was asked on
    mentee: str
    asked_at: datetime
    revid: int  # the question's revision (its diff: ``Special:Diff/<revid>``)
    section: str | None = None  # its heading, from the edit summary (None: not said)
    removed: bool = False  # reverted or hidden since


@dataclass(frozen=True)
class Reply:
    """One edit by a mentor that may answer questions."""

    mentor_id: int
    at: datetime
    revid: int
    section: str | None = None  # the section the edit summary names (None: not said)
    #: the mentee whose talk page the mentor edited (None: the mentor's own talk page)
    on_mentee: str | None = None


@dataclass(frozen=True)
class QuestionsRecord:
    """What the wiki says of questions, as the snapshot keeps it (``docs/snapshot.md``)."""

    questions: tuple[Question, ...] = ()
    replies: tuple[Reply, ...] = ()
    #: mentees (canonical names) blocked now
    blocked_mentees: frozenset[str] = frozenset()
    #: questions (revision ids) a nudge already listed
    nudged: frozenset[int] = frozenset()
    #: new accounts in the last week (None: not known yet)
    new_accounts_per_week: float | None = None
    #: mentees per mentor, where read (empty: not read)
    mentees: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class MentorQuestions:
    """One mentor's questions over the window."""

    received: int = 0
    answered: int = 0
    #: unanswered for more than the waiting days, oldest first
    waiting: tuple[Question, ...] = ()
    #: from mentees now blocked, or removed: held against nobody
    excused: int = 0
    median_reply: timedelta | None = None

    @property
    def unanswered(self) -> int:
        return self.received - self.answered


def same_section(one: str | None, other: str | None) -> bool:
    """Whether two headings are the same section (unknown on either side: they may be)."""
    if one is None or other is None:
        return True
    return " ".join(one.split()) == " ".join(other.split())


def after(reply: Reply, question: Question) -> bool:
    """Whether ``reply`` came after ``question``: a later second, or the same second (the
    wiki's timestamps are whole seconds) and a later revision (revision ids only grow)."""
    if reply.at != question.asked_at:
        return reply.at > question.asked_at
    return reply.revid > question.revid


def first_reply(question: Question, replies: Iterable[Reply]) -> datetime | None:
    """When the mentor first answered ``question`` (None: not yet); ``replies`` are the
    mentor's own."""
    mentee = canonical_name(question.mentee)
    found = [
        reply.at
        for reply in replies
        if after(reply, question)
        and (
            canonical_name(reply.on_mentee) == mentee
            if reply.on_mentee is not None
            else same_section(reply.section, question.section)
        )
    ]
    return min(found, default=None)


def median(values: list[timedelta]) -> timedelta | None:
    """The median of ``values`` (None for none)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def in_window(record: QuestionsRecord, now: datetime, window_days: int) -> list[Question]:
    """The questions asked in the ``window_days`` before ``now`` (not in the future)."""
    start = now - window_days * DAY
    return [q for q in record.questions if start < q.asked_at <= now]


def mentor_questions(
    questions: list[Question],
    replies: list[Reply],
    record: QuestionsRecord,
    now: datetime,
    waiting_days: int,
) -> MentorQuestions:
    """One mentor's figures from their questions in the window and their replies."""
    counted, excused = [], 0
    for question in questions:
        if question.removed or canonical_name(question.mentee) in record.blocked_mentees:
            excused += 1
        else:
            counted.append(question)
    delays, waiting = [], []
    for question in sorted(counted, key=lambda q: (q.asked_at, q.revid)):
        replied = first_reply(question, replies)
        if replied is not None:
            delays.append(replied - question.asked_at)
        elif now - question.asked_at > waiting_days * DAY:
            waiting.append(question)
    return MentorQuestions(len(counted), len(delays), tuple(waiting), excused, median(delays))


def questions_by_mentor(
    record: QuestionsRecord,
    mentor_ids: Iterable[int],
    now: datetime,
    window_days: int,
    waiting_days: int,
) -> dict[int, MentorQuestions]:
    """Every listed mentor's figures (a mentor without questions: all zero)."""
    asked: dict[int, list[Question]] = {}
    for question in in_window(record, now, window_days):
        asked.setdefault(question.mentor_id, []).append(question)
    replied: dict[int, list[Reply]] = {}
    for reply in record.replies:
        replied.setdefault(reply.mentor_id, []).append(reply)
    return {
        user_id: mentor_questions(
            asked.get(user_id, []), replied.get(user_id, []), record, now, waiting_days
        )
        for user_id in mentor_ids
    }
