"""Exemptions, GrowthExperiments' own cleanup side by side, and the away-limit notice."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.config import RULES_KEYS, CommunityConfig, ConfigError, parse_config
from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.planner import Action, Decision, Flag, plan
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.domain.upstream import UpstreamRules
from mentorwatch.language.render import reason_text

from .builders import BOTH_ON, DAY, NOW, REMOVAL_ONLY, SECOND, WARNING, WEEK, mentor
from .test_planner_properties import snapshots

UPSTREAM_REMOVES = UpstreamRules(remove_enabled=True, remove_days=30)
UPSTREAM_BOTH = UpstreamRules(True, 10, True, 30)


def decide(
    config: CommunityConfig,
    last_edit_at: object,
    *,
    upstream: UpstreamRules | None = None,
    away_until: object = None,
    noticed: object = None,
) -> Decision:
    who = mentor(away_until=away_until)  # type: ignore[arg-type]
    snapshot = Snapshot(
        now=NOW,
        config=config,
        mentors=(who,),
        activity={who.user_id: Activity(last_edit_at, None)},  # type: ignore[arg-type]
        run_interval=WEEK,
        upstream=upstream,
        away_noticed={} if noticed is None else {who.user_id: noticed},  # type: ignore[dict-item]
    )
    (decision,) = plan(snapshot).decisions
    return decision


# --- the rules page's keys ----------------------------------------------------------------


def test_the_rules_page_keys_give_the_same_config_as_the_legacy_keys() -> None:
    rules = {
        "MarkInactiveMentorsAway": True,
        "AwayAfterDays": 14,
        "RemoveInactiveMentors": True,
        "RemoveAfterDays": 60,
        "WarnBeforeRemoval": True,
        "WarnDaysBeforeRemoval": 7,
    }
    legacy = {
        "GEMentorshipShouldBeAutoawayed": True,
        "GEMentorshipAutoawayedAfterDays": 14,
        "GEMentorshipShouldBeAutoremoved": True,
        "GEMentorshipAutoremovedAfterDays": 60,
        "MentorwatchWarnBeforeRemoval": True,
        "MentorwatchWarnDaysBeforeRemoval": 7,
    }
    assert parse_config(rules, RULES_KEYS) == parse_config(legacy)


def problems(data: object) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(data, RULES_KEYS)
    return [str(problem) for problem in caught.value.problems]


def test_the_rules_page_refuses_bad_values_typos_and_old_names_each_with_a_fix() -> None:
    found = problems(
        {
            "AwayAfterDays": 0,
            "RemoveInactiveMentor": True,
            "GEMentorshipAutoremovedAfterDays": 30,
            "MarkInactiveMentorsAway": "yes",
        }
    )
    assert len(found) == 4
    assert any('did you mean "RemoveInactiveMentors"' in p for p in found)
    assert any('on the rules page it is "RemoveAfterDays"' in p for p in found)
    assert any(p.startswith("AwayAfterDays: 0 is not allowed") for p in found)


def test_away_must_be_below_removal_on_the_rules_page_too() -> None:
    (found,) = problems(
        {
            "MarkInactiveMentorsAway": True,
            "AwayAfterDays": 30,
            "RemoveInactiveMentors": True,
            "RemoveAfterDays": 30,
        }
    )
    assert found.startswith("AwayAfterDays: 30 is not allowed while both rules are on")


def test_exemptions_are_parsed() -> None:
    config = parse_config(
        {
            "Exemptions": [
                {"mentor": "Alice", "reason": "on a wikibreak", "until": "2027-01-10T00:00:00Z"},
                {"mentor": "Bob", "reason": "mentor of last resort", "until": None},
            ]
        },
        RULES_KEYS,
    )
    assert [e.mentor for e in config.exemptions] == ["Alice", "Bob"]
    assert config.exemption("alice", NOW) is not None  # first letter case-insensitive
    assert config.exemption("Bob", NOW + 3650 * DAY) is not None


@pytest.mark.parametrize(
    ("exemptions", "where", "says"),
    [
        ("Alice", "Exemptions", "expected a list"),
        ([{"reason": "x"}], "Exemptions[0].mentor", "required"),
        ([{"mentor": " ", "reason": "x"}], "Exemptions[0].mentor", "required"),
        ([{"mentor": "A"}], "Exemptions[0].reason", "required"),
        ([{"mentor": "A", "reason": "x", "until": "2027-01-10"}], "Exemptions[0].until", "UTC"),
        (
            [{"mentor": "A", "reason": "x", "until": "2027-01-10T00:00:00+02:00"}],
            "Exemptions[0].until",
            "UTC",
        ),
        ([{"mentor": "A", "reason": "x", "why": "y"}], "Exemptions[0].why", "unknown field"),
        (
            [{"mentor": "A_b", "reason": "x"}, {"mentor": "a b", "reason": "y"}],
            "Exemptions[1].mentor",
            "already exempted at Exemptions[0]",
        ),
    ],
)
def test_bad_exemptions_are_refused_naming_the_place(
    exemptions: object, where: str, says: str
) -> None:
    (found,) = problems({"Exemptions": exemptions})
    assert found.startswith(f"{where}: ") and says in found


# --- exemptions in the plan ---------------------------------------------------------------


def exempt(config: CommunityConfig, until: object = None) -> CommunityConfig:
    return dataclasses.replace(
        config,
        exemptions=(Exemption("Mentor3", "back in January", until),),  # type: ignore[arg-type]
    )


def test_an_exempt_mentor_is_kept_and_the_plan_says_why() -> None:
    decision = decide(exempt(WARNING, NOW + 30 * DAY), NOW - 100 * DAY)
    assert decision.action is Action.KEEP
    assert reason_text(decision).startswith("Exempt until 2026-12-25T12:00:00Z: back in January.")
    assert Flag.EXEMPT in decision.flags
    assert decision.warn_removal_on is None and decision.next_action is None


def test_an_expired_exemption_does_nothing() -> None:
    decision = decide(exempt(BOTH_ON, NOW - SECOND), NOW - 100 * DAY)
    assert decision.action is Action.REMOVE


# --- GrowthExperiments' own cleanup side by side ------------------------------------------


def test_upstream_removal_on_means_no_removal_by_mentorwatch_and_says_when() -> None:
    decision = decide(CommunityConfig(), NOW - 40 * DAY, upstream=UPSTREAM_REMOVES)
    assert decision.action is Action.KEEP
    assert "GrowthExperiments' own cleanup removes them at its next run" in reason_text(decision)
    assert "mentorwatch makes no change" in reason_text(decision)
    assert decision.next_action is Action.REMOVE and decision.next_action_by_upstream
    assert decision.next_action_after == NOW - 10 * DAY
    soon = decide(CommunityConfig(), NOW - 20 * DAY, upstream=UPSTREAM_REMOVES)
    assert soon.action is Action.KEEP and soon.next_action_after == NOW + 10 * DAY


@pytest.mark.parametrize("ours", [BOTH_ON, REMOVAL_ONLY], ids=["both-rules", "removal-only"])
def test_a_mentor_past_our_removal_that_upstream_owns_is_at_least_marked_away(
    ours: CommunityConfig,
) -> None:
    # upstream removes after 90 days, its away rule off: without this, 60 days of newcomers
    decision = decide(ours, NOW - 35 * DAY, upstream=UpstreamRules(remove_enabled=True))
    assert decision.action is Action.MARK_AWAY
    assert "more than mentorwatch's removal threshold of 30 days" in reason_text(decision)
    assert "GrowthExperiments' own cleanup has the removal" in reason_text(decision)
    assert f"on or after {format_timestamp(NOW + 55 * DAY)}" in reason_text(decision)
    # away until the run after upstream's removal date (last + its 90 days), never removed
    assert decision.away_until_after == NOW + 55 * DAY + WEEK + DAY
    assert decision.next_action is Action.REMOVE and decision.next_action_by_upstream
    assert decision.next_action_after == NOW + 55 * DAY
    covered = decide(
        ours,
        NOW - 35 * DAY,
        upstream=UpstreamRules(remove_enabled=True),
        away_until=decision.away_until_after,
    )
    assert covered.action is Action.KEEP and "no edit" in reason_text(covered)


def test_past_upstreams_own_removal_our_away_still_acts_until_upstream_removes() -> None:
    decision = decide(BOTH_ON, NOW - 40 * DAY, upstream=UPSTREAM_REMOVES)
    assert decision.action is Action.MARK_AWAY
    assert "removes them at its next run" in reason_text(decision)
    assert decision.next_action is Action.REMOVE and decision.next_action_by_upstream


def test_where_upstream_marks_away_our_deferred_removal_makes_no_change() -> None:
    decision = decide(BOTH_ON, NOW - 35 * DAY, upstream=UpstreamRules(True, 60, True, 90))
    assert decision.action is Action.KEEP
    assert "mentorwatch's defers to it" in reason_text(decision)
    assert decision.next_action_after == NOW + 55 * DAY  # last + upstream's 90 days


def test_upstream_away_on_means_no_away_by_mentorwatch() -> None:
    decision = decide(BOTH_ON, NOW - 12 * DAY, upstream=UPSTREAM_BOTH)
    assert decision.action is Action.KEEP
    assert "GrowthExperiments' own cleanup marks them away" in reason_text(decision)


def test_upstream_rules_off_leave_mentorwatchs_own_rules_acting() -> None:
    off = UpstreamRules()
    assert decide(BOTH_ON, NOW - 12 * DAY, upstream=off).action is Action.MARK_AWAY
    assert decide(BOTH_ON, NOW - 40 * DAY, upstream=off).action is Action.REMOVE


def test_own_away_lasts_until_upstreams_removal() -> None:
    decision = decide(AWAY_ONLY_CONFIG, NOW - 12 * DAY, upstream=UPSTREAM_REMOVES)
    assert decision.action is Action.MARK_AWAY
    # last activity + upstream's 30 days + one run interval + 1 day
    assert decision.away_until_after == NOW - 12 * DAY + 30 * DAY + WEEK + DAY


AWAY_ONLY_CONFIG = CommunityConfig(autoaway_enabled=True, autoaway_after_days=10)
WARN_ONLY = CommunityConfig(warn_enabled=True, warn_days_before_removal=7)


def test_warning_before_upstreams_removal_announces_upstreams_date() -> None:
    decision = decide(WARN_ONLY, NOW - 24 * DAY, upstream=UPSTREAM_REMOVES)
    assert decision.action is Action.WARN
    assert decision.warn_removal_on == NOW + 6 * DAY  # last activity + upstream's 30 days
    not_yet = decide(WARN_ONLY, NOW - 23 * DAY, upstream=UPSTREAM_REMOVES)
    assert not_yet.action is Action.KEEP and not_yet.next_action is Action.WARN


def test_no_warning_once_upstreams_removal_date_has_passed() -> None:
    decision = decide(WARN_ONLY, NOW - 31 * DAY, upstream=UPSTREAM_REMOVES)
    assert decision.action is Action.KEEP and decision.warn_removal_on is None


# --- the away limit, told ------------------------------------------------------------------


def test_a_mentor_away_past_their_removal_date_is_told_once_per_away_period() -> None:
    until = NOW + 60 * DAY
    first = decide(BOTH_ON, NOW - DAY, away_until=until)
    assert first.action is Action.AWAY_NOTICE
    assert first.away_notice_removal_on == NOW + 29 * DAY
    again = decide(BOTH_ON, NOW - DAY, away_until=until, noticed=until)
    assert again.action is Action.KEEP and again.away_notice_removal_on is None
    longer = decide(BOTH_ON, NOW - DAY, away_until=until + DAY, noticed=until)
    assert longer.action is Action.AWAY_NOTICE  # a new away period is a new notice


def test_the_notice_uses_upstreams_removal_where_it_is_on() -> None:
    decision = decide(
        CommunityConfig(), NOW - DAY, away_until=NOW + 60 * DAY, upstream=UPSTREAM_REMOVES
    )
    assert decision.action is Action.AWAY_NOTICE
    assert decision.away_notice_removal_on == NOW + 29 * DAY


# --- properties ----------------------------------------------------------------------------


@settings(max_examples=200)
@given(snapshots(), st.data())
def test_exempt_mentors_are_never_acted_on(snapshot: Snapshot, data: st.DataObject) -> None:
    chosen = [m for m in snapshot.mentors if data.draw(st.booleans())]
    exemptions = tuple(Exemption(m.username, "exempt") for m in chosen)
    config = dataclasses.replace(snapshot.config, exemptions=exemptions)
    for decision in plan(dataclasses.replace(snapshot, config=config)).decisions:
        if any(e.mentor == decision.username for e in exemptions):
            assert decision.action is Action.KEEP
            assert decision.warn_removal_on is None


@settings(max_examples=200)
@given(snapshots(), st.integers(0, 400), st.booleans())
def test_with_upstreams_removal_on_mentorwatch_never_removes(
    snapshot: Snapshot, days: int, away: bool
) -> None:
    upstream = UpstreamRules(away, 10, True, days)
    decisions = plan(dataclasses.replace(snapshot, upstream=upstream)).decisions
    assert all(d.action is not Action.REMOVE for d in decisions)
    if away:
        assert all(d.action not in (Action.MARK_AWAY, Action.RENEW_AWAY) for d in decisions)


@settings(max_examples=200)
@given(snapshots(), st.integers(2, 400))
def test_warnings_before_upstreams_removal_announce_upstreams_date(
    snapshot: Snapshot, days: int
) -> None:
    upstream = UpstreamRules(remove_enabled=True, remove_days=days)
    for decision in plan(dataclasses.replace(snapshot, upstream=upstream)).decisions:
        if decision.warn_removal_on is not None:
            assert decision.last_active_at is not None
            assert decision.warn_removal_on == decision.last_active_at + days * DAY
            assert decision.warn_removal_on > NOW - timedelta(seconds=1)
