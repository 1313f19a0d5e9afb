"""The nudge: one friendly note to a mentor whose mentees' questions have waited too long.

Off by default (``NudgeWaitingQuestions`` on the rules page). It lists each waiting question
once: a question a nudge already listed is never listed again. It informs and never removes:
no mentor is marked away or removed on the ground of questions (the planner does not read
them for its decisions; a property test says so). Not for a mentor the plan removes, nor one
with a problem the plan reports (blocked, unreadable: not judged).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mentorwatch.domain.message import Message
from mentorwatch.domain.questions import MentorQuestions, Question
from mentorwatch.domain.wiki_texts import wikitext_safe


@dataclass(frozen=True)
class Nudge:
    user_id: int
    username: str
    #: the waiting questions it lists, oldest first (never one listed before)
    questions: tuple[Question, ...]


def nudges(
    by_mentor: Mapping[int, MentorQuestions],
    names: Iterable[tuple[int, str]],
    nudged: frozenset[int],
    left_out: frozenset[int] = frozenset(),
) -> tuple[Nudge, ...]:
    """The nudges due, in list order: for each mentor (``names``: user id and name, in list
    order) not ``left_out``, the waiting questions no nudge listed yet (``nudged``: their
    revision ids)."""
    due = []
    for user_id, username in names:
        figures = by_mentor.get(user_id)
        if figures is None or user_id in left_out:
            continue
        fresh = tuple(q for q in figures.waiting if q.revid not in nudged)
        if fresh:
            due.append(Nudge(user_id, username, fresh))
    return tuple(due)


def diff_link(question: Question) -> str:
    """The wiki link to the question's diff."""
    return f"Special:Diff/{question.revid}"


def nudge_heading() -> Message:
    """The nudge's section heading."""
    return Message.of("mentorwatch-nudge-heading")


def nudge_summary() -> Message:
    """The nudge's edit summary."""
    return Message.of("mentorwatch-nudge-summary")


def nudge_questions(nudge: Nudge) -> tuple[Message, ...]:
    """The questions a nudge lists, each linked to its diff."""
    return tuple(
        Message.of(
            "mentorwatch-nudge-question",
            link=diff_link(question),
            mentee=wikitext_safe(question.mentee),
            asked=question.asked_at,
        )
        for question in nudge.questions
    )


def nudge_text(nudge: Nudge, waiting_days: int) -> Message:
    """The nudge's text: how many questions wait longer than ``waiting_days``, each linked."""
    return Message.of(
        "mentorwatch-nudge-text",
        num_questions=len(nudge.questions),
        num_days=waiting_days,
        list_questions=nudge_questions(nudge),
    )


def nudge_reason(nudge: Nudge, waiting_days: int) -> Message:
    """Why the nudge is posted, as the journal keeps it."""
    return Message.of(
        "mentorwatch-reason-nudge", num_questions=len(nudge.questions), num_days=waiting_days
    )
