"""Questions and replies per mentor: what counts as answered, waiting, excused; the median."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mentorwatch.domain.config import RULES_KEYS, ConfigError, parse_config
from mentorwatch.domain.planner import plan
from mentorwatch.domain.questions import Question, QuestionsRecord, Reply, questions_by_mentor
from mentorwatch.domain.questions_codec import decode_questions, encode_questions
from mentorwatch.domain.snapshot import SnapshotError, decode_snapshot, encode_snapshot

from .builders import DAY, NOW, SECOND, mentor
from .questions_world import snapshot_of

HOUR = DAY / 24


def ask(
    revid: int, days_ago: float, mentee: str = "Newbie", section: str | None = None
) -> Question:
    return Question(3, mentee, NOW - days_ago * DAY, revid, section or f"Question {revid}")


def figures(record: QuestionsRecord, window: int = 30, waiting: int = 7):  # type: ignore[no-untyped-def]
    return questions_by_mentor(record, [3], NOW, window, waiting)[3]


def test_a_reply_in_the_section_answers_only_that_question() -> None:
    first, second = ask(1, 10, section="Help"), ask(2, 9, section="Images")
    reply = Reply(3, first.asked_at + 2 * HOUR, 10, "Help")
    got = figures(QuestionsRecord((first, second), (reply,)))
    assert (got.received, got.answered) == (2, 1)
    assert got.waiting == (second,)
    assert got.median_reply == 2 * HOUR


def test_a_reply_naming_no_section_or_on_the_mentees_page_answers() -> None:
    one, two = ask(1, 10, "A"), ask(2, 9, "B")  # B asks after the whole-page edit
    replies = (
        Reply(3, one.asked_at + HOUR, 10, None),  # a whole-page edit: answers what came before
        Reply(3, two.asked_at + 3 * HOUR, 11, "Welcome", on_mentee="b"),  # B's talk page
    )
    got = figures(QuestionsRecord((one, two), replies))
    assert (got.answered, got.waiting) == (2, ())
    assert got.median_reply == 2 * HOUR  # A: 1 hour, B: 3 hours


def test_an_edit_before_the_question_answers_nothing() -> None:
    question = ask(1, 10)
    got = figures(QuestionsRecord((question,), (Reply(3, question.asked_at - SECOND, 9),)))
    assert got.answered == 0 and got.waiting == (question,)
    assert got.median_reply is None


def test_an_edit_in_the_same_second_answers_only_if_its_revision_is_later() -> None:
    # the wiki's timestamps are whole seconds: a quick whole-page edit can share the question's
    question = ask(5, 10)
    later = figures(QuestionsRecord((question,), (Reply(3, question.asked_at, 6, None),)))
    earlier = figures(QuestionsRecord((question,), (Reply(3, question.asked_at, 4, None),)))
    assert (later.answered, later.waiting) == (1, ())
    assert (earlier.answered, earlier.waiting) == (0, (question,))


def test_waiting_is_strictly_more_than_n_days_and_the_window_bounds_what_counts() -> None:
    exactly, past, old = ask(1, 7), ask(2, 7 + 1 / 86400), ask(3, 30)
    got = figures(QuestionsRecord((exactly, past, old)))
    assert got.received == 2  # 30 days ago is outside a 30-day window
    assert got.waiting == (past,)
    assert got.unanswered == 2


def test_blocked_mentees_and_removed_questions_are_held_against_nobody() -> None:
    blocked, removed, fair = ask(1, 10, "Spammer"), replace(ask(2, 10), removed=True), ask(3, 10)
    record = QuestionsRecord((blocked, removed, fair), blocked_mentees=frozenset({"Spammer"}))
    got = figures(record)
    assert (got.received, got.excused, got.waiting) == (1, 2, (fair,))


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    questions = tuple(ask(i, 20) for i in range(1, 5))
    replies = tuple(
        Reply(3, q.asked_at + h * HOUR, 10 + i, q.section)
        for i, (q, h) in enumerate(zip(questions, (1, 2, 4, 50), strict=True))
    )
    assert figures(QuestionsRecord(questions, replies)).median_reply == 3 * HOUR


def test_the_snapshot_keeps_questions_and_rejects_a_bad_one_by_place() -> None:
    record = QuestionsRecord(
        (ask(1, 3), replace(ask(2, 2), removed=True)),
        (Reply(3, NOW - DAY, 5, None, "Newbie"),),
        frozenset({"Spammer"}),
        frozenset({1}),
        42.0,
        {3: 12},
    )
    assert decode_questions(encode_questions(record)) == record
    document = encode_snapshot(replace(snapshot_of([mentor(3)]), questions=record))
    assert decode_snapshot(document).questions == record
    document["questions"]["questions"][1]["revid"] = "x"
    with pytest.raises(SnapshotError) as error:
        decode_snapshot(document)
    assert error.value.path == "questions.questions.1.revid"


def test_the_settings_are_on_the_rules_page_and_checked() -> None:
    config = parse_config(
        {
            "QuestionsWindowDays": 14,
            "QuestionsWaitingDays": 3,
            "NudgeWaitingQuestions": True,
            "MinimumMentorsTakingNewcomers": 0,
        },
        RULES_KEYS,
    )
    assert (config.questions_window_days, config.questions_waiting_days) == (14, 3)
    assert config.nudge_enabled and config.minimum_pool == 0
    with pytest.raises(ConfigError) as error:
        parse_config({"QuestionsWindowDays": 7, "QuestionsWaitingDays": 7}, RULES_KEYS)
    assert [p.key for p in error.value.problems] == ["QuestionsWaitingDays"]
    with pytest.raises(ConfigError) as error:
        parse_config(
            {"MinimumMentorsTakingNewcomers": -1, "NudgeWaitingQuestions": "yes"}, RULES_KEYS
        )
    assert [p.key for p in error.value.problems] == [
        "MinimumMentorsTakingNewcomers",
        "NudgeWaitingQuestions",
    ]
    assert "whole number of mentors from 0" in str(error.value)


def test_the_plan_reports_every_mentors_questions() -> None:
    snap = replace(snapshot_of([mentor(3), mentor(4)]), questions=QuestionsRecord((ask(1, 9),)))
    report = plan(snap).questions
    assert report is not None
    assert report.by_mentor[3].received == 1 and report.by_mentor[4].received == 0
    assert report.waiting == 1 and report.nudges == ()  # the nudge is off by default


def test_the_nudge_lists_each_waiting_question_once_and_never_a_removed_mentor() -> None:
    from mentorwatch.domain.config import CommunityConfig
    from mentorwatch.domain.nudge import nudge_text
    from mentorwatch.language.catalogue import Style, catalogue

    config = CommunityConfig(autoremove_enabled=True, autoremove_after_days=30, nudge_enabled=True)
    questions = (ask(1, 9, "Ann"), ask(2, 8, "Bob"), ask(3, 2, "Cy"))
    gone = Question(4, "Dee", NOW - 9 * DAY, 4, "Q")
    snap = snapshot_of([mentor(3), mentor(4)], config, inactive_days={4: 40})
    first = plan(replace(snap, questions=QuestionsRecord((*questions, gone))))
    assert first.questions is not None
    (nudge,) = first.questions.nudges  # mentor 4 is removed by this plan: not nudged
    assert (nudge.user_id, nudge.questions) == (3, questions[:2])
    again = replace(snap, questions=QuestionsRecord((*questions, gone), nudged=frozenset({1, 2})))
    assert plan(again).questions.nudges == ()  # type: ignore[union-attr]
    text = catalogue().text(nudge_text(nudge, 7), Style("en"))
    assert "2 questions from your mentees have waited more than 7 days" in text
    assert "[[Special:Diff/1|the question from Ann]]" in text
    assert "[[Special:Diff/2|the question from Bob]]" in text
