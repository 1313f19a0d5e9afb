"""The removal and mark-away caps, the broken-data guards, and rules from an untrusted page."""

from __future__ import annotations

from dataclasses import replace

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.mentors import Mentor
from mentorwatch.domain.planner import plan
from mentorwatch.domain.rules_source import PageInfo, Trust, judge_rules_page
from mentorwatch.domain.safety import SafetyLimits, check_plan
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.language.render import message_text as text

from .builders import BOTH_ON, DAY, NOW


def snapshot(inactive_days: list[float], unreadable: int = 0) -> Snapshot:
    mentors = [
        Mentor(i, f"M{i}", None, 2, None) for i in range(1, len(inactive_days) + unreadable + 1)
    ]
    activity = {
        i: Activity(NOW - days * DAY, NOW - 900 * DAY)
        for i, days in enumerate(inactive_days, start=1)
    }
    # no minimum pool here: that check is test_pool.py's (a 3-mentor list emptied trips it)
    return Snapshot(NOW, replace(BOTH_ON, minimum_pool=0), tuple(mentors), activity)


def checks(snap: Snapshot, limits: SafetyLimits | None = None) -> list[str]:
    return [refusal.check for refusal in check_plan(plan(snap), limits or SafetyLimits())]


def test_the_cap_is_five_mentors_on_small_lists() -> None:
    assert checks(snapshot([40] * 5 + [1] * 10)) == []
    assert checks(snapshot([40] * 6 + [1] * 10)) == ["removal_cap"]


def test_the_cap_is_ten_percent_on_large_lists() -> None:
    assert checks(snapshot([40] * 10 + [1] * 90)) == []
    refusal = check_plan(plan(snapshot([40] * 11 + [1] * 89)), SafetyLimits())[0]
    assert refusal.check == "removal_cap"
    assert "removes 11 of 100 mentors" in text(refusal.message) and "cap of 10" in text(
        refusal.message
    )
    assert "--allow-mass-removal" in text(refusal.message)


def test_the_cap_can_be_overridden_or_configured() -> None:
    snap = snapshot([40] * 6 + [1] * 10)
    assert checks(snap, SafetyLimits(allow_mass_removal=True)) == []
    assert checks(snap, SafetyLimits(max_removal_count=6)) == []


def test_everyone_inactive_is_refused() -> None:
    assert checks(snapshot([12, 15, 40])) == ["all_inactive"]
    assert checks(snapshot([12, 15, 40]), SafetyLimits(allow_all_inactive=True)) == []
    assert checks(snapshot([12, 15, 2])) == []
    assert checks(snapshot([12, 15])) == []  # too few to say


def test_unreadable_activity_is_refused_and_named() -> None:
    (refusal,) = check_plan(plan(snapshot([1, 2, 3], unreadable=1)), SafetyLimits())
    assert refusal.check == "incomplete_activity" and "M4" in text(refusal.message)
    assert checks(snapshot([1, 2, 3], 1), SafetyLimits(allow_incomplete_activity=True)) == []


def test_problems_reading_the_wiki_are_refused() -> None:
    refusals = check_plan(plan(snapshot([1, 2])), SafetyLimits(), ("mentor #9 is not a user",))
    assert [r.check for r in refusals] == ["incomplete_activity"]
    assert "mentor #9 is not a user" in text(refusals[0].message)


def away_snapshot(inactive_days: list[float]) -> Snapshot:
    """Away after 10 days, removal off: every mentor past 10 days is marked away."""
    mentors = [Mentor(i, f"M{i}", None, 2, None) for i in range(1, len(inactive_days) + 1)]
    activity = {
        i: Activity(NOW - days * DAY, NOW - 900 * DAY)
        for i, days in enumerate(inactive_days, start=1)
    }
    config = CommunityConfig(autoaway_enabled=True, autoaway_after_days=10)
    return Snapshot(NOW, config, tuple(mentors), activity)


def test_marking_away_has_a_cap_like_removal() -> None:
    assert checks(away_snapshot([12] * 5 + [1] * 10)) == []
    (refusal,) = check_plan(plan(away_snapshot([12] * 6 + [1] * 10)), SafetyLimits())
    assert refusal.check == "away_cap"
    assert text(refusal.message).startswith("the plan marks away 6 of 16 mentors, more than this")
    assert "cap of 5 per run (10% of the list or 5 mentors" in text(refusal.message)
    assert "--allow-mass-away" in text(refusal.message)
    assert checks(away_snapshot([12] * 11 + [1] * 89)) == ["away_cap"]
    assert checks(away_snapshot([12] * 10 + [1] * 90)) == []


def test_the_away_cap_has_its_own_override_and_setting() -> None:
    snap = away_snapshot([12] * 6 + [1] * 10)
    assert checks(snap, SafetyLimits(allow_mass_away=True)) == []
    assert checks(snap, SafetyLimits(allow_mass_removal=True)) == ["away_cap"]  # not this one
    assert checks(snap, SafetyLimits.with_cap(None, max_marks_away=6)) == []
    assert checks(
        away_snapshot([12] * 2 + [1] * 10), SafetyLimits.with_cap(None, max_marks_away=1)
    ) == ["away_cap"]
    renewed = [Mentor(i, f"M{i}", None, 2, NOW + DAY) for i in range(1, 9)]  # away already
    activity = {i: Activity(NOW - 12 * DAY, NOW - 900 * DAY) for i in range(1, 9)}
    config = CommunityConfig(autoaway_enabled=True, autoaway_after_days=10)
    renewals = Snapshot(NOW, config, tuple(renewed), activity)
    assert checks(renewals, SafetyLimits(allow_all_inactive=True)) == []  # renewals: no cap


def test_rules_from_a_page_mentorwatch_does_not_trust_refuse_the_plan_with_no_override() -> None:
    untrusted = judge_rules_page(PageInfo("Project:R.json", 4, True, 5, "Anon", "json"), NOW)
    snap = replace(snapshot([1, 2, 3]), config=CommunityConfig(), rules=untrusted)
    (refusal,) = check_plan(
        plan(snap),
        SafetyLimits(
            allow_mass_removal=True,
            allow_mass_away=True,
            allow_all_inactive=True,
            allow_incomplete_activity=True,
        ),
    )
    assert refusal.check == "untrusted_rules" and refusal.message == untrusted.refusal
    trusted = replace(untrusted, refusal=None, trust=Trust.PROTECTED)
    assert checks(replace(snap, rules=trusted)) == []
    assert checks(replace(snap, rules=None)) == []  # an old snapshot: not recorded
