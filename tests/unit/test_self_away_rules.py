"""The rules a mentor's own away follows (``domain/removal.py``): the removal in force, as the
planner counts it (GrowthExperiments' where it is on, sooner or later than ours: ours then
defers and never removes), and the removal date a mentor is told before going away."""

from __future__ import annotations

import pytest

from mentorwatch.domain.away import removal_forecast
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.facts import PlanContext
from mentorwatch.domain.removal import rules_in_force
from mentorwatch.domain.upstream import UpstreamRules

from .builders import AWAY_ONLY, BOTH_ON, DAY, NOW, SECOND


def test_without_upstreams_removal_our_rules_hold() -> None:
    assert rules_in_force(BOTH_ON, None) == BOTH_ON
    away_only = UpstreamRules(away_enabled=True, away_days=5, remove_days=3)
    assert rules_in_force(BOTH_ON, away_only) == BOTH_ON


@pytest.mark.parametrize("upstream_days", [20, 30, 90])
def test_upstreams_removal_holds_where_it_is_on_sooner_or_later(upstream_days: int) -> None:
    # ours defers to upstream's, which removes them: a self-set away is limited by, and told,
    # the removal that will really happen, the one the planner counts
    upstream = UpstreamRules(remove_enabled=True, remove_days=upstream_days)
    rules = rules_in_force(BOTH_ON, upstream)
    assert (rules.autoremove_enabled, rules.autoremove_after_days) == (True, upstream_days)
    assert rules.autoaway_after_days == BOTH_ON.autoaway_after_days  # the rest is ours
    removal = PlanContext(BOTH_ON, NOW, 7 * DAY, upstream).removal
    assert removal is not None and removal.days == rules.autoremove_after_days


def test_with_our_removal_off_upstreams_removal_holds() -> None:
    rules = rules_in_force(AWAY_ONLY, UpstreamRules(remove_enabled=True, remove_days=90))
    assert (rules.autoremove_enabled, rules.autoremove_after_days) == (True, 90)


def test_with_removal_off_there_is_no_removal_date() -> None:
    forecast = removal_forecast(AWAY_ONLY, NOW - 5 * DAY, NOW)
    assert (forecast.removal_on, forecast.last_edit) == (None, None)
    assert not forecast.runs_past(NOW + 400 * DAY)


def test_the_removal_date_is_r_days_after_the_last_edit() -> None:
    forecast = removal_forecast(BOTH_ON, NOW - 5 * DAY, NOW)
    assert forecast.removal_on == NOW + 25 * DAY
    assert (forecast.last_edit, forecast.removal_days) == (NOW - 5 * DAY, 30)


@pytest.mark.parametrize("last_edit", [None, NOW + 3 * DAY], ids=["no-edit", "future-edit"])
def test_without_a_past_edit_the_removal_date_counts_from_now(last_edit: object) -> None:
    forecast = removal_forecast(BOTH_ON, last_edit, NOW)  # type: ignore[arg-type]
    assert forecast.removal_on == NOW + 30 * DAY


def test_an_away_runs_past_removal_only_after_the_removal_date() -> None:
    forecast = removal_forecast(CommunityConfig(autoremove_enabled=True), NOW, NOW)
    removal_on = forecast.removal_on
    assert removal_on is not None
    assert not forecast.runs_past(removal_on)
    assert forecast.runs_past(removal_on + SECOND)
