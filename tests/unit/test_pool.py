"""The mentor pool: who takes newcomers, before and after a plan, and the minimum-pool check."""

from __future__ import annotations

from dataclasses import replace

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.planner import plan
from mentorwatch.domain.questions import QuestionsRecord
from mentorwatch.domain.safety import SafetyLimits, check_plan
from mentorwatch.language.catalogue import Style, catalogue

from .builders import BOTH_ON, DAY, NOW, mentor
from .questions_world import snapshot_of


def test_taking_newcomers_means_not_away_and_weight_above_zero() -> None:
    listed = [mentor(1), mentor(2, weight=0), mentor(3, away_until=NOW + DAY), mentor(4, weight=4)]
    snap = snapshot_of(listed)
    snap = replace(snap, questions=QuestionsRecord(new_accounts_per_week=700, mentees={1: 3, 4: 9}))
    pool = plan(snap).pool
    assert pool is not None
    assert (pool.listed, pool.taking_now, pool.taking_after) == (4, 2, 2)
    assert pool.newcomers_per_active_mentor == 350
    # 12 mentees shared by weight 2 : 4 among those taking newcomers
    assert [(load.user_id, load.mentees, load.expected) for load in pool.loads] == [
        (1, 3, 4.0),
        (4, 9, 8.0),
    ]


def test_a_plan_that_shrinks_the_pool_below_the_minimum_is_refused_with_its_own_override() -> None:
    listed = [mentor(i) for i in range(1, 5)]
    snap = snapshot_of(listed, BOTH_ON, inactive_days={1: 12, 2: 40})  # one away, one removed
    result = plan(snap)
    assert result.pool is not None and (result.pool.taking_now, result.pool.taking_after) == (4, 2)
    (refusal,) = check_plan(result, SafetyLimits())
    assert refusal.check == "minimum_pool"
    text = catalogue().text(refusal.message, Style("en"))  # type: ignore[arg-type]
    assert text.startswith("the plan would leave 2 mentors taking newcomers")
    assert "minimum of 3 (now 4)" in text and "--allow-small-pool" in text
    assert check_plan(result, SafetyLimits(allow_small_pool=True)) == []
    lower = replace(snap, config=replace(BOTH_ON, minimum_pool=2))
    assert check_plan(plan(lower), SafetyLimits()) == []


def test_a_pool_already_below_the_minimum_stops_nothing_that_does_not_shrink_it() -> None:
    snap = snapshot_of([mentor(1), mentor(2)], CommunityConfig())
    result = plan(snap)
    assert result.pool is not None and result.pool.taking_after == 2
    assert check_plan(result, SafetyLimits()) == []


def test_plan_prints_the_pool_and_the_questions_waiting() -> None:
    from mentorwatch.cli.questions_text import questions_text
    from mentorwatch.domain.questions import Question

    listed = [mentor(1), mentor(2, away_until=NOW + DAY)]
    record = QuestionsRecord(
        (Question(1, "Ann", NOW - 9 * DAY, 77, "Help"),), new_accounts_per_week=70
    )
    text = questions_text(plan(replace(snapshot_of(listed), questions=record)))
    assert (
        "Taking newcomers: 1 of 2 mentors now, 1 after this plan (the community's minimum is 3)."
        in text
    )
    assert "New accounts in the last week: 70, about 70.0 per mentor taking newcomers." in text
    assert (
        "Mentees' questions in the last 30 days: 1 asked, 0 answered, 1 waiting longer than 7 days."
        in text
    )
    assert "waiting: Mentor1: Ann, asked" in text and "Special:Diff/77" in text


def test_the_plans_questions_lines_are_in_the_operators_language() -> None:
    from mentorwatch.cli.questions_text import questions_text
    from mentorwatch.cli.speech import speak
    from mentorwatch.domain.languages import SOURCE_LANGUAGE
    from mentorwatch.domain.questions import Question

    record = QuestionsRecord((Question(1, "Ann", NOW - 9 * DAY, 77, "Help"),))
    snap = replace(snapshot_of([mentor(1)]), questions=record)
    speak("ko")
    try:
        text = questions_text(plan(snap))
    finally:
        speak(SOURCE_LANGUAGE)
    assert "답변 대기: Mentor1: Ann, " in text and "Special:Diff/77" in text
    assert "waiting:" not in text
