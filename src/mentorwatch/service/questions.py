"""Mentees' questions in a live snapshot (issue 25): read after the list, with what the
journal remembers of nudges already posted."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from mentorwatch.service.snapshot import LiveSnapshot
from mentorwatch.wiki.questions import QuestionsReader


def with_questions(
    live: LiveSnapshot,
    reader: QuestionsReader,
    now: datetime,
    nudged: frozenset[int] = frozenset(),
) -> LiveSnapshot:
    """``live`` with the questions of its mentors over the rules' window."""
    snapshot = live.snapshot
    record = reader.read(snapshot.mentors, now, snapshot.config.questions_window_days, nudged)
    return replace(live, snapshot=replace(snapshot, questions=record))
