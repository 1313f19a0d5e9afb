"""Questions inform and nudge, never remove: a property test over random worlds."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorwatch.domain.planner import plan
from mentorwatch.domain.questions import Question, QuestionsRecord, Reply
from mentorwatch.domain.snapshot import Snapshot

from .builders import NOW
from .test_planner_properties import snapshots

ages = st.integers(0, 60 * 86400).map(lambda s: NOW - timedelta(seconds=s))


@st.composite
def with_questions(draw: st.DrawFn) -> tuple[Snapshot, Snapshot]:
    """A world, and the same world with mentees' questions (many waiting) and the nudge on."""
    snapshot = draw(snapshots())
    ids = [mentor.user_id for mentor in snapshot.mentors] or [1]
    questions = tuple(
        Question(
            draw(st.sampled_from(ids)), f"Mentee{n}", draw(ages), n, f"Q{n}", draw(st.booleans())
        )
        for n in range(1, draw(st.integers(0, 30)) + 1)
    )
    replies = tuple(
        Reply(
            draw(st.sampled_from(ids)),
            draw(ages),
            1000 + n,
            draw(st.one_of(st.none(), st.just("Q1"))),
        )
        for n in range(draw(st.integers(0, 10)))
    )
    record = QuestionsRecord(questions, replies, frozenset({"Mentee1"}))
    config = replace(
        snapshot.config, nudge_enabled=True, questions_waiting_days=draw(st.integers(1, 29))
    )
    return replace(snapshot, config=config), replace(snapshot, config=config, questions=record)


@settings(max_examples=300)
@given(with_questions())
def test_no_mentor_is_marked_away_or_removed_on_the_ground_of_questions(
    worlds: tuple[Snapshot, Snapshot],
) -> None:
    without, with_them = worlds
    plain, asked = plan(without), plan(with_them)
    assert asked.decisions == plain.decisions  # every action, reason and date the same
    assert asked.questions is not None
    for nudge in asked.questions.nudges:  # a nudge only lists questions that wait
        waiting = asked.questions.by_mentor[nudge.user_id].waiting
        assert set(nudge.questions) <= set(waiting)
