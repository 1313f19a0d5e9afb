"""The planner's rules, with their boundaries."""

from __future__ import annotations

import pytest

from mentorwatch.domain.activity import Activity, ActivitySource
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.mentors import Mentor, Pause
from mentorwatch.domain.planner import Action, Flag, plan
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.warned import Warned
from mentorwatch.language.render import problem_text, reason_text

from .builders import (
    AWAY_ONLY,
    BOTH_ON,
    DAY,
    NOW,
    REMOVAL_ONLY,
    SECOND,
    WARNING,
    WEEK,
    decide_one,
)

OFF = CommunityConfig()


# --- thresholds and their boundaries ------------------------------------------------------


def test_exactly_the_away_threshold_does_not_mark_away() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW - 10 * DAY)
    assert decision.action is Action.KEEP
    assert reason_text(decision).startswith("Active")


def test_one_second_past_the_away_threshold_marks_away() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW - 10 * DAY - SECOND)
    assert decision.action is Action.MARK_AWAY
    assert decision.threshold_days == 10


def test_exactly_the_removal_threshold_marks_away_but_does_not_remove() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW - 30 * DAY)
    assert decision.action is Action.MARK_AWAY


def test_one_second_past_the_removal_threshold_removes_without_marking_away() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW - 30 * DAY - SECOND)
    assert decision.action is Action.REMOVE
    assert decision.away_until_after is None
    assert decision.threshold_days == 30
    assert "removal threshold of 30 days" in reason_text(decision)


# --- enabled / disabled combinations ----------------------------------------------------


@pytest.mark.parametrize(
    ("config", "inactive_days", "expected"),
    [
        (OFF, 400, Action.KEEP),
        (AWAY_ONLY, 5, Action.KEEP),
        (AWAY_ONLY, 11, Action.MARK_AWAY),
        (AWAY_ONLY, 400, Action.MARK_AWAY),
        (REMOVAL_ONLY, 11, Action.KEEP),
        (REMOVAL_ONLY, 31, Action.REMOVE),
        (BOTH_ON, 5, Action.KEEP),
        (BOTH_ON, 11, Action.MARK_AWAY),
        (BOTH_ON, 31, Action.REMOVE),
    ],
)
def test_rule_combinations(config: CommunityConfig, inactive_days: int, expected: Action) -> None:
    assert decide_one(config, last_edit_at=NOW - inactive_days * DAY).action is expected


def test_no_rule_enabled_says_so() -> None:
    decision = decide_one(OFF, last_edit_at=NOW - 400 * DAY)
    assert reason_text(decision) == "No cleanup rule is enabled."


# --- the away period set ------------------------------------------------------------------


def test_mark_away_lasts_past_the_removal_run() -> None:
    last_edit = NOW - 12 * DAY
    decision = decide_one(BOTH_ON, last_edit_at=last_edit)
    assert decision.away_until_after == last_edit + 30 * DAY + WEEK + DAY
    assert decision.next_action is Action.REMOVE
    assert decision.next_action_after == last_edit + 30 * DAY


def test_mark_away_without_removal_is_30_days() -> None:
    decision = decide_one(AWAY_ONLY, last_edit_at=NOW - 12 * DAY)
    assert decision.away_until_after == NOW + 30 * DAY
    assert decision.next_action is None


# --- no churn, renewal, never shortening -------------------------------------------------


def test_already_away_long_enough_is_left_alone() -> None:
    last_edit = NOW - 12 * DAY
    first = decide_one(BOTH_ON, last_edit_at=last_edit)
    again = decide_one(
        BOTH_ON, last_edit_at=last_edit, away_until=first.away_until_after, now=NOW + WEEK
    )
    assert again.action is Action.KEEP
    assert again.away_until_after == first.away_until_after
    assert "no edit" in reason_text(again)


def test_a_mentor_waiting_for_their_warning_is_away_until_the_run_after_it_and_left_alone() -> None:
    # issue 21: past removal, warned 2 days ago (removal waits 7): the away was "now + 8 days",
    # so every later run, seconds apart, extended it by the seconds elapsed
    last_edit, warned_at = NOW - 40 * DAY, NOW - 2 * DAY
    warned = Warned(warned_at, last_edit)
    first = decide_one(WARNING, last_edit_at=last_edit, warned=warned)
    assert first.action is Action.MARK_AWAY
    assert first.away_until_after == warned_at + 7 * DAY + WEEK + DAY  # the run after removal
    for later in (NOW + 18 * SECOND, NOW + DAY, NOW + 5 * DAY - SECOND):
        again = decide_one(
            WARNING,
            last_edit_at=last_edit,
            warned=warned,
            away_until=first.away_until_after,
            now=later,
        )
        assert again.action is Action.KEEP, reason_text(again)
        assert again.away_until_after == first.away_until_after
    removed = decide_one(
        WARNING,
        last_edit_at=last_edit,
        warned=warned,
        away_until=first.away_until_after,
        now=warned_at + 7 * DAY,
    )
    assert removed.action is Action.REMOVE


def test_a_mentor_warned_now_is_away_until_the_run_after_the_date_the_warning_gives() -> None:
    decision = decide_one(WARNING, last_edit_at=NOW - 40 * DAY)
    assert decision.action is Action.MARK_AWAY and decision.warn_removal_on == NOW + 7 * DAY
    assert decision.away_until_after == NOW + 7 * DAY + WEEK + DAY


def test_a_self_set_away_that_covers_the_next_run_is_left_alone() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW - 12 * DAY, away_until=NOW + 9 * DAY)
    assert decision.action is Action.KEEP
    assert decision.away_until_after == NOW + 9 * DAY


def test_an_away_ending_before_the_next_run_is_renewed() -> None:
    decision = decide_one(AWAY_ONLY, last_edit_at=NOW - 40 * DAY, away_until=NOW + 3 * DAY)
    assert decision.action is Action.RENEW_AWAY
    assert decision.away_until_before == NOW + 3 * DAY
    assert decision.away_until_after == NOW + 30 * DAY


def test_renewal_needs_the_away_to_cover_the_next_run_plus_a_day_of_slack() -> None:
    covering = decide_one(AWAY_ONLY, last_edit_at=NOW - 40 * DAY, away_until=NOW + 8 * DAY)
    short = decide_one(AWAY_ONLY, last_edit_at=NOW - 40 * DAY, away_until=NOW + 8 * DAY - SECOND)
    assert (covering.action, short.action) == (Action.KEEP, Action.RENEW_AWAY)


def test_an_expired_away_is_marked_again() -> None:
    decision = decide_one(AWAY_ONLY, last_edit_at=NOW - 40 * DAY, away_until=NOW - SECOND)
    assert decision.action is Action.MARK_AWAY


def test_a_long_self_set_away_is_never_shortened() -> None:
    decision = decide_one(AWAY_ONLY, last_edit_at=NOW - 40 * DAY, away_until=NOW + 300 * DAY)
    assert decision.action is Action.KEEP
    assert decision.away_until_after == NOW + 300 * DAY


def test_an_active_mentor_who_is_away_stays_as_they_are() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW - DAY, away_until=NOW + 5 * DAY)
    assert decision.action is Action.KEEP
    assert decision.away_until_after == NOW + 5 * DAY


# --- away does not shield from removal ----------------------------------------------------


def test_away_mentor_past_removal_is_removed() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW - 31 * DAY, away_until=NOW + 20 * DAY)
    assert decision.action is Action.REMOVE


def test_away_longer_than_removal_period_is_flagged() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW - DAY, away_until=NOW + 31 * DAY)
    assert Flag.AWAY_LONGER_THAN_REMOVAL in decision.flags
    assert "away does not protect from removal" in reason_text(decision)


def test_away_ending_exactly_at_the_removal_date_is_not_flagged() -> None:
    # the removal date is last activity + R, not R days from now
    decision = decide_one(BOTH_ON, last_edit_at=NOW - DAY, away_until=NOW + 29 * DAY)
    assert decision.flags == ()
    later = decide_one(BOTH_ON, last_edit_at=NOW - DAY, away_until=NOW + 29 * DAY + SECOND)
    assert Flag.AWAY_LONGER_THAN_REMOVAL in later.flags


def test_mentorwatchs_own_automatic_away_is_not_flagged() -> None:
    marked = decide_one(BOTH_ON, last_edit_at=NOW - 11 * DAY)
    assert marked.action is Action.MARK_AWAY and marked.away_until_after is not None
    again = decide_one(
        BOTH_ON, last_edit_at=NOW - 11 * DAY, away_until=marked.away_until_after, now=NOW + DAY
    )
    assert again.flags == () and again.action is Action.KEEP


def test_long_away_is_not_flagged_when_removal_is_off() -> None:
    decision = decide_one(AWAY_ONLY, last_edit_at=NOW - DAY, away_until=NOW + 300 * DAY)
    assert decision.flags == ()


# --- missing and bad activity -------------------------------------------------------------


def test_never_edited_counts_from_registration() -> None:
    decision = decide_one(BOTH_ON, registered_at=NOW - 12 * DAY)
    assert decision.action is Action.MARK_AWAY
    assert decision.last_active_source is ActivitySource.REGISTRATION
    assert "registration (never edited)" in reason_text(decision)


def test_an_edit_wins_over_registration() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW - DAY, registered_at=NOW - 900 * DAY)
    assert decision.action is Action.KEEP
    assert decision.last_active_source is ActivitySource.EDIT


def test_no_edit_and_no_registration_is_inactive_and_says_so() -> None:
    decision = decide_one(BOTH_ON)
    assert decision.action is Action.REMOVE
    assert Flag.NEVER_ACTIVE in decision.flags
    assert decision.days_inactive is None
    assert "No edit and no registration date on record" in reason_text(decision)


def test_no_activity_at_all_with_away_only_marks_away_for_30_days() -> None:
    decision = decide_one(AWAY_ONLY)
    assert decision.action is Action.MARK_AWAY
    assert decision.away_until_after == NOW + 30 * DAY


def test_a_future_edit_is_reported_and_not_acted_on() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW + SECOND)
    assert decision.action is Action.KEEP
    assert Flag.FUTURE_ACTIVITY in decision.flags
    assert problem_text(decision) == "last edit in the future"


def test_a_future_registration_is_reported_too() -> None:
    decision = decide_one(BOTH_ON, registered_at=NOW + DAY)
    assert problem_text(decision) == "registration in the future"


def test_blocked_mentors_are_reported_not_acted_on() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW - 100 * DAY, blocked=True)
    assert decision.action is Action.KEEP
    assert decision.flags == (Flag.BLOCKED,)
    assert "blocked" in reason_text(decision)


def test_evidence_is_carried_in_structured_fields() -> None:
    decision = decide_one(BOTH_ON, last_edit_at=NOW - 12 * DAY - 6 * 3600 * SECOND)
    assert decision.days_inactive == 12.25
    assert decision.last_active_at == NOW - 12 * DAY - 6 * 3600 * SECOND
    assert decision.away_until_before is None
    assert "Inactive for over 12 days" in reason_text(decision)


# --- paused automatic assignment (wikis that cannot mark away) ---------------------------


def test_a_paused_mentor_who_is_active_again_is_resumed_with_the_previous_weight() -> None:
    pause = Pause(previous_weight=4, until=NOW + 20 * DAY)
    decision = decide_one(BOTH_ON, last_edit_at=NOW - DAY, pause=pause)
    assert decision.action is Action.RESUME
    assert decision.weight_after == 4
    assert "restored (weight 4)" in reason_text(decision)


def test_a_paused_mentor_still_inactive_and_covered_is_left_alone() -> None:
    pause = Pause(previous_weight=2, until=NOW + 20 * DAY)
    decision = decide_one(BOTH_ON, last_edit_at=NOW - 12 * DAY, pause=pause)
    assert decision.action is Action.KEEP
    assert decision.paused


def test_an_expiring_pause_is_renewed_not_marked_again() -> None:
    pause = Pause(previous_weight=2, until=NOW - DAY)
    decision = decide_one(AWAY_ONLY, last_edit_at=NOW - 40 * DAY, pause=pause)
    assert decision.action is Action.RENEW_AWAY
    assert decision.away_until_after == NOW + 30 * DAY


def test_a_paused_mentor_past_removal_is_removed() -> None:
    pause = Pause(previous_weight=2, until=NOW + 5 * DAY)
    assert decide_one(BOTH_ON, last_edit_at=NOW - 31 * DAY, pause=pause).action is Action.REMOVE


def test_a_pause_is_lifted_when_the_rules_are_switched_off() -> None:
    pause = Pause(previous_weight=1, until=NOW + 5 * DAY)
    assert decide_one(OFF, last_edit_at=NOW - 31 * DAY, pause=pause).action is Action.RESUME


def test_a_blocked_paused_mentor_is_not_resumed() -> None:
    pause = Pause(previous_weight=1, until=NOW + 5 * DAY)
    decision = decide_one(BOTH_ON, last_edit_at=NOW - DAY, pause=pause, blocked=True)
    assert decision.action is Action.KEEP


def test_the_counts_include_warnings_another_action_carries() -> None:
    # issue 21: a dry run listing 4 warnings (each carried by a mark_away) said "0 warn"
    mentors = tuple(Mentor(index, f"M{index}") for index in range(1, 5))
    activity = {m.user_id: Activity(NOW - 40 * DAY, None) for m in mentors}
    counts = plan(Snapshot(NOW, WARNING, mentors, activity)).counts()
    assert counts[Action.MARK_AWAY] == 4 and counts[Action.WARN] == 4
