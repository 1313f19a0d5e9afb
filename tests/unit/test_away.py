"""Away rules: the automatic away period and the limit on self-set away."""

from __future__ import annotations

import pytest

from mentorwatch.domain.away import (
    AwayVerdict,
    automatic_away_until,
    check_self_away,
    max_self_away_days,
)
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.language.catalogue import Style, catalogue

from .builders import AWAY_ONLY, BOTH_ON, DAY, NOW, SECOND, WEEK


def said(verdict: AwayVerdict) -> str:
    """The verdict's message as the command line shows it (English, ISO 8601 moments)."""
    return catalogue().text(verdict.message, Style("en"))


def test_with_removal_on_the_away_lasts_until_after_the_removal_run() -> None:
    removal_due = NOW - 11 * DAY + 30 * DAY  # last edit + 30 days
    until = automatic_away_until(removal_due, NOW, WEEK)
    # the run after the removal is due comes at most a week later, plus a day of slack
    assert until == removal_due + WEEK + DAY


def test_the_away_period_does_not_move_between_runs() -> None:
    removal_due = NOW + 19 * DAY
    first = automatic_away_until(removal_due, NOW, WEEK)
    assert automatic_away_until(removal_due, NOW + WEEK, WEEK) == first


def test_with_no_removal_due_the_away_lasts_30_days() -> None:
    assert automatic_away_until(None, NOW, WEEK) == NOW + 30 * DAY


def test_the_away_period_always_covers_the_next_run() -> None:
    # a monthly schedule: 30 days would end before the next run
    assert automatic_away_until(None, NOW, 31 * DAY) >= NOW + 31 * DAY


def test_the_away_period_is_capped_at_365_days() -> None:
    assert automatic_away_until(NOW + 2000 * DAY, NOW, WEEK) == NOW + 365 * DAY


def test_self_away_limit_is_the_removal_period_when_removal_is_on() -> None:
    verdict = check_self_away(BOTH_ON, NOW, NOW + 40 * DAY)
    assert not verdict.allowed
    assert said(verdict).startswith(
        "You can be away for at most 30 days: mentors who are inactive for more than 30 days "
        "are removed from mentorship automatically."
    )
    assert "2026-12-25T12:00:00Z" in said(verdict)


def test_exactly_the_removal_period_is_allowed() -> None:
    assert check_self_away(BOTH_ON, NOW, NOW + 30 * DAY).allowed


def test_one_second_over_the_removal_period_is_refused() -> None:
    assert not check_self_away(BOTH_ON, NOW, NOW + 30 * DAY + SECOND).allowed


def test_an_allowed_away_warns_that_removal_still_counts() -> None:
    verdict = check_self_away(BOTH_ON, NOW, NOW + 20 * DAY)
    assert verdict.allowed
    assert "even while away" in said(verdict)


def test_without_removal_a_year_is_the_limit() -> None:
    assert max_self_away_days(AWAY_ONLY) == 365
    assert check_self_away(AWAY_ONLY, NOW, NOW + 365 * DAY).allowed
    refused = check_self_away(AWAY_ONLY, NOW, NOW + 365 * DAY + SECOND)
    assert not refused.allowed
    assert "at most 365 days (one year)" in said(refused)


def test_removal_longer_than_a_year_still_caps_self_away_at_365() -> None:
    config = CommunityConfig(autoremove_enabled=True, autoremove_after_days=500)
    verdict = check_self_away(config, NOW, NOW + 400 * DAY)
    assert not verdict.allowed
    assert verdict.max_days == 365


@pytest.mark.parametrize("offset", [-DAY, -SECOND, 0 * DAY])
def test_past_or_present_is_refused(offset: object) -> None:
    verdict = check_self_away(BOTH_ON, NOW, NOW + offset)  # type: ignore[operator]
    assert not verdict.allowed
    assert "not in the future" in said(verdict)
