"""Invariants of the planner, over generated snapshots."""

from __future__ import annotations

import dataclasses
import random
from datetime import datetime, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.mentors import Mentor, Pause
from mentorwatch.domain.planner import Action, Decision, Flag, plan
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.domain.upstream import UpstreamRules
from mentorwatch.domain.warned import Warned
from mentorwatch.language.render import reason_text

from .builders import NOW

offsets = st.integers(min_value=-5 * 86400, max_value=800 * 86400).map(
    lambda seconds: timedelta(seconds=seconds)
)
maybe_time = st.one_of(st.none(), offsets.map(lambda offset: NOW - offset))


@st.composite
def configs(draw: st.DrawFn, removal_on: bool | None = None) -> CommunityConfig:
    away_days = draw(st.integers(1, 400))
    removal_days = draw(st.integers(1, 400))
    away_on = draw(st.booleans())
    removal_on = draw(st.booleans()) if removal_on is None else removal_on
    if away_on and removal_on and away_days >= removal_days:
        removal_days = away_days + draw(st.integers(1, 100))
    warn_on = draw(st.booleans())
    warn_days = draw(st.integers(1, max(1, removal_days - 1)))
    if warn_on and removal_on and warn_days >= removal_days:
        warn_on = False  # only possible with 1-day removal, where no warning fits
    return CommunityConfig(
        away_on, away_days, removal_on, removal_days, warn_on, warn_days, draw(st.booleans())
    )


@st.composite
def snapshots(draw: st.DrawFn, removal_on: bool | None = None) -> Snapshot:
    ids = draw(st.lists(st.integers(1, 10_000), unique=True, max_size=25))
    mentors = tuple(
        Mentor(
            user_id,
            f"M{user_id}",
            None,
            draw(st.sampled_from([0, 1, 2, 4])),
            draw(
                st.one_of(st.none(), offsets.map(lambda offset: NOW - timedelta(days=200) + offset))
            ),
        )
        for user_id in ids
    )
    activity = {
        user_id: Activity(draw(maybe_time), draw(maybe_time), draw(st.booleans()))
        for user_id in ids
        if draw(st.integers(0, 19)) > 0  # sometimes a record is missing
    }
    paused = {
        user_id: Pause(draw(st.sampled_from([1, 2, 4])), NOW + draw(offsets) - timedelta(days=100))
        for user_id in ids
        if draw(st.booleans())
    }
    warned = {}
    for user_id in ids:
        if user_id in activity and draw(st.booleans()):
            # the warning's episode: usually the mentor's current last activity, sometimes older
            current = activity[user_id].last_active_at
            episode = current if draw(st.booleans()) else draw(maybe_time)
            warned[user_id] = Warned(NOW - draw(offsets) / 10, episode)
    return Snapshot(
        now=NOW,
        paused=paused,
        warned=warned,
        config=draw(configs(removal_on)),
        mentors=mentors,
        activity=activity,
        run_interval=timedelta(days=draw(st.integers(1, 28))),
    )


@settings(max_examples=300)
@given(snapshots())
def test_exactly_one_decision_per_mentor_in_list_order(snapshot: Snapshot) -> None:
    decisions = plan(snapshot).decisions
    assert [d.user_id for d in decisions] == [m.user_id for m in snapshot.mentors]


@settings(max_examples=200)
@given(snapshots(), st.randoms(use_true_random=False))
def test_a_mentors_decision_depends_only_on_that_mentor_not_on_the_others(
    snapshot: Snapshot, shuffler: random.Random
) -> None:
    # the plan replays offline and explains each mentor alone: reordering the list, or
    # planning each mentor in a snapshot of their own, changes nobody's decision
    decisions = {d.user_id: d for d in plan(snapshot).decisions}
    shuffled = list(snapshot.mentors)
    shuffler.shuffle(shuffled)
    reordered = plan(dataclasses.replace(snapshot, mentors=tuple(shuffled)))
    assert {d.user_id: d for d in reordered.decisions} == decisions
    for mentor in snapshot.mentors:
        (alone,) = plan(dataclasses.replace(snapshot, mentors=(mentor,))).decisions
        assert alone == decisions[mentor.user_id]


@settings(max_examples=300)
@given(snapshots(removal_on=False))
def test_never_removes_when_removal_is_off(snapshot: Snapshot) -> None:
    assert not snapshot.config.autoremove_enabled
    assert all(d.action is not Action.REMOVE for d in plan(snapshot).decisions)


def _last_active(snapshot: Snapshot, user_id: int) -> datetime | None:
    record = snapshot.activity.get(user_id)
    return None if record is None else record.last_active_at


@settings(max_examples=300)
@given(snapshots())
def test_never_touches_an_active_mentor(snapshot: Snapshot) -> None:
    config = snapshot.config
    thresholds = [
        days
        for on, days in (
            (config.autoaway_enabled, config.autoaway_after_days),
            (config.autoremove_enabled, config.autoremove_after_days),
        )
        if on
    ]
    for decision in plan(snapshot).decisions:
        last = _last_active(snapshot, decision.user_id)
        if last is None or not thresholds:
            continue
        if NOW - last <= timedelta(days=min(thresholds)):
            # the one change for an active mentor: lifting mentorwatch's own pause
            allowed = {Action.KEEP}
            if decision.user_id in snapshot.paused:
                allowed.add(Action.RESUME)
            warn_from = config.autoremove_after_days - config.warn_days_before_removal
            if config.warns and NOW - last > timedelta(days=warn_from):
                allowed.add(Action.WARN)  # a long warning period can start before any threshold
            if Flag.AWAY_LONGER_THAN_REMOVAL in decision.flags:
                allowed.add(Action.AWAY_NOTICE)  # a talk page notice, never a list change
            assert decision.action in allowed


@settings(max_examples=300)
@given(snapshots())
def test_never_shortens_an_away_and_never_acts_on_blocked_or_unknown(snapshot: Snapshot) -> None:
    for decision, mentor in zip(plan(snapshot).decisions, snapshot.mentors, strict=True):
        record = snapshot.activity.get(mentor.user_id)
        if record is None or record.blocked:
            assert decision.action is Action.KEEP
        if decision.action in (Action.MARK_AWAY, Action.RENEW_AWAY):
            assert decision.away_until_after is not None
            assert decision.away_until_after > NOW + snapshot.run_interval
            if mentor.away_until is not None:
                assert decision.away_until_after >= mentor.away_until


@settings(max_examples=300)
@given(snapshots())
def test_removes_only_mentors_past_the_removal_threshold(snapshot: Snapshot) -> None:
    removal = timedelta(days=snapshot.config.autoremove_after_days)
    for decision in plan(snapshot).decisions:
        if decision.action is Action.REMOVE:
            last = _last_active(snapshot, decision.user_id)
            assert last is None or NOW - last > removal


@settings(max_examples=200)
@given(snapshots())
def test_resumes_only_paused_mentors(snapshot: Snapshot) -> None:
    for decision in plan(snapshot).decisions:
        if decision.action is Action.RESUME:
            assert decision.user_id in snapshot.paused


@settings(max_examples=400)
@given(snapshots())
def test_with_warnings_nobody_is_removed_without_an_old_enough_warning_of_this_episode(
    snapshot: Snapshot,
) -> None:
    config = snapshot.config
    for decision in plan(snapshot).decisions:
        if decision.action is not Action.REMOVE or not config.warns:
            continue
        warning = snapshot.warned.get(decision.user_id)
        assert warning is not None
        assert warning.episode == decision.last_active_at
        assert NOW - warning.warned_at >= timedelta(days=config.warn_days_before_removal)


# Found in CI (1 run in 6): a mentor warned before the away threshold is marked away before
# removal, so the next action after the warning is rightly mark_away, not remove.
WARNED_BEFORE_AWAY = Snapshot(
    now=NOW,
    config=CommunityConfig(True, 2, True, 3, True, 2),
    mentors=(Mentor(7, "M7", None, 1, None),),
    activity={7: Activity(None, NOW - timedelta(days=1, seconds=1))},
    run_interval=timedelta(days=7),
)


@settings(max_examples=400)
@given(snapshots())
@example(WARNED_BEFORE_AWAY)
def test_a_warning_announces_at_least_the_warning_days_and_is_never_repeated(
    snapshot: Snapshot,
) -> None:
    config = snapshot.config
    for decision in plan(snapshot).decisions:
        if decision.warn_removal_on is None:
            continue
        assert config.warns
        assert decision.warn_removal_on - NOW >= timedelta(days=config.warn_days_before_removal)
        warning = snapshot.warned.get(decision.user_id)
        assert warning is None or warning.episode != decision.last_active_at
        # what comes next is the removal, or first the away when it is due before the removal
        assert decision.next_action_after is not None
        if decision.next_action is Action.MARK_AWAY:
            assert config.autoaway_enabled
            assert decision.next_action_after < decision.warn_removal_on
        else:
            assert decision.next_action is Action.REMOVE
            assert decision.next_action_after == decision.warn_removal_on


def test_the_pinned_warning_counterexample_is_a_warning_followed_by_the_away() -> None:
    (decision,) = plan(WARNED_BEFORE_AWAY).decisions
    assert decision.action is Action.WARN
    assert decision.next_action is Action.MARK_AWAY
    assert decision.next_action_after == NOW + timedelta(days=1) - timedelta(seconds=1)


@settings(max_examples=300)
@given(snapshots())
def test_every_reason_says_what_its_action_does(snapshot: Snapshot) -> None:
    # the reason is what an admin reads: it must name the action taken and its dates
    for d in plan(snapshot).decisions:
        reason = reason_text(d)
        away = d.away_until_after
        if d.action is Action.REMOVE:
            assert "more than the removal threshold" in reason
        if d.action is Action.MARK_AWAY:
            assert away is not None and f"marked away until {format_timestamp(away)}" in reason
        if d.action is Action.RENEW_AWAY:
            assert away is not None and f"so it is extended to {format_timestamp(away)}" in reason
        if d.action is Action.RESUME:
            assert f"is restored (weight {d.weight_after})" in reason
        warned_now = d.warn_removal_on is not None
        if warned_now:
            assert d.warn_removal_on is not None
            when = format_timestamp(d.warn_removal_on)
            assert f"Warned now: removal on or after {when} unless they edit." in reason
        else:
            assert "Warned now" not in reason
        if d.action is Action.KEEP:
            assert "marked away until" not in reason and "extended to" not in reason
            assert d.away_until_after == d.away_until_before


# --- a stable plan makes no edit (issue 21: renewal churn) -----------------------------------


def _with_writes_of(snapshot: Snapshot, first: list[Decision]) -> Snapshot:
    """The wiki and journal after the first plan's writes: aways set (a pause follows its
    away), removals and resumes made, warnings and notices given (at the run's moment)."""
    mentors, paused = [], dict(snapshot.paused)
    warned, noticed = dict(snapshot.warned), dict(snapshot.away_noticed)
    for mentor, decision in zip(snapshot.mentors, first, strict=True):
        user_id = mentor.user_id
        if decision.action is Action.REMOVE:
            paused.pop(user_id, None)
            continue
        if decision.action in (Action.MARK_AWAY, Action.RENEW_AWAY):
            assert decision.away_until_after is not None
            mentor = dataclasses.replace(mentor, away_until=decision.away_until_after)
            if user_id in paused:
                paused[user_id] = Pause(paused[user_id].previous_weight, decision.away_until_after)
        if decision.action is Action.RESUME:
            assert decision.weight_after is not None
            paused.pop(user_id)
            mentor = dataclasses.replace(mentor, weight=decision.weight_after)
        if decision.warn_removal_on is not None:
            warned[user_id] = Warned(snapshot.now, decision.last_active_at)
        if decision.away_notice_removal_on is not None:
            assert decision.away_until_before is not None
            noticed[user_id] = decision.away_until_before
        mentors.append(mentor)
    return dataclasses.replace(
        snapshot, mentors=tuple(mentors), paused=paused, warned=warned, away_noticed=noticed
    )


def _upstream_removal_passed(snapshot: Snapshot, user_id: int) -> bool:
    """GrowthExperiments' own cleanup would have removed this mentor by ``snapshot.now``."""
    upstream, last = snapshot.upstream, _last_active(snapshot, user_id)
    if upstream is None or not upstream.remove_enabled:
        return False
    return last is None or snapshot.now - last > timedelta(days=upstream.remove_days)


upstreams = st.one_of(
    st.none(),
    st.builds(
        UpstreamRules, st.booleans(), st.integers(1, 60), st.booleans(), st.integers(61, 200)
    ),
)


@settings(max_examples=400)
@given(snapshots(), upstreams, st.floats(0, 1))
def test_planning_again_within_a_run_interval_renews_no_away_it_set(
    snapshot: Snapshot, upstream: UpstreamRules | None, fraction: float
) -> None:
    # the first plan's aways last until the run after the removal is due: any later plan within
    # one run interval (seconds later, or a whole interval) leaves them as they are; it only
    # removes (the removal came) or extends them while warning now (a warning delays removal)
    snapshot = dataclasses.replace(snapshot, upstream=upstream)
    first = plan(snapshot).decisions
    later = dataclasses.replace(
        _with_writes_of(snapshot, list(first)),
        now=NOW + timedelta(seconds=round(fraction * snapshot.run_interval.total_seconds())),
    )
    marked = {d.user_id for d in first if d.action in (Action.MARK_AWAY, Action.RENEW_AWAY)}
    for decision in plan(later).decisions:
        if decision.user_id not in marked or decision.warn_removal_on is not None:
            continue
        if _upstream_removal_passed(later, decision.user_id):
            continue  # upstream's cleanup removes them; its writes are not in the model
        assert decision.action not in (Action.MARK_AWAY, Action.RENEW_AWAY), reason_text(decision)
