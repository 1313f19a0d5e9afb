"""``plan(snapshot) -> Plan``: one decision per mentor, with its reason and evidence.

Pure and deterministic: no I/O, no clock (``now`` comes from the snapshot). The rules, in
order, for each mentor of the list:

1. No activity record in the snapshot, a blocked mentor, or a last activity in the future:
   ``keep``, reported (never acted on). An exempt mentor (the rules page's ``Exemptions``):
   ``keep``, "exempt until ...", no warning.
   Where GrowthExperiments' own cleanup has the removal (or away) rule on, mentorwatch's own
   rule for that action defers: ``keep``, saying when upstream acts; warnings then announce
   upstream's date.
2. Removal on and inactive for more than R days: ``remove`` (never first marked away). With
   warnings on (mentorwatch's own setting), removal also waits until the mentor was warned,
   in this inactivity episode, at least W days ago; the warning is due from R - W days of
   inactivity (``warn``, or carried by the ``mark_away``/``renew_away`` of the same run).
3. Away on and inactive for more than A days: ``mark_away`` if not away; ``renew_away`` if
   away but the period ends before the next run; ``keep`` if the period already covers it.
4. Otherwise ``keep``; or ``resume`` for a mentor whose automatic assignment mentorwatch paused
   (wikis that cannot mark away, see :class:`~mentorwatch.domain.mentors.Pause`).
5. A mentor whose away period runs past their removal date and was not told for this period:
   ``away_notice`` (a talk-page notice; no list change).

Inactivity is strict, as upstream: exactly N days does not act, N days and one second does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from mentorwatch.domain.activity import Activity, ActivitySource
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.mentors import Mentor, Pause
from mentorwatch.domain.notices import Warned
from mentorwatch.domain.rules import Action, Draft, Flag, MentorFacts, draft_for, facts_of
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.domain.upstream import UpstreamRules

__all__ = ["Action", "Decision", "Flag", "Plan", "decide", "plan"]


@dataclass(frozen=True)
class Decision:
    """What happens to one mentor in this run, and why."""

    user_id: int
    username: str
    action: Action
    reason: str
    last_active_at: datetime | None
    last_active_source: ActivitySource
    days_inactive: float | None
    threshold_days: int | None
    away_until_before: datetime | None
    away_until_after: datetime | None
    flags: tuple[Flag, ...] = ()
    problem: str | None = None
    next_action: Action | None = None
    next_action_after: datetime | None = None
    paused: bool = False
    weight_after: int | None = None
    #: set when this run warns the mentor: the removal date the warning announces
    warn_removal_on: datetime | None = None
    warned_at: datetime | None = None
    #: the next action is GrowthExperiments' own cleanup's (mentorwatch will not make it)
    next_action_by_upstream: bool = False
    #: set when this run tells an away mentor their away runs past this removal date
    away_notice_removal_on: datetime | None = None

    @property
    def changes_wiki(self) -> bool:
        return self.action is not Action.KEEP


@dataclass(frozen=True)
class Plan:
    now: datetime
    config: CommunityConfig
    run_interval: timedelta
    decisions: tuple[Decision, ...]

    def counts(self) -> dict[Action, int]:
        counted = Counter(decision.action for decision in self.decisions)
        return {action: counted.get(action, 0) for action in Action}

    def changes(self) -> tuple[Decision, ...]:
        return tuple(decision for decision in self.decisions if decision.changes_wiki)

    def problems(self) -> tuple[Decision, ...]:
        return tuple(decision for decision in self.decisions if decision.problem is not None)


def plan(snapshot: Snapshot) -> Plan:
    """Decide, for every mentor of the snapshot's list, exactly one action."""
    decisions = tuple(
        decide(
            mentor,
            snapshot.activity.get(mentor.user_id),
            snapshot.config,
            snapshot.now,
            snapshot.run_interval,
            snapshot.paused.get(mentor.user_id),
            snapshot.warned.get(mentor.user_id),
            upstream=snapshot.upstream,
            away_noticed=snapshot.away_noticed.get(mentor.user_id),
        )
        for mentor in snapshot.mentors
    )
    return Plan(snapshot.now, snapshot.config, snapshot.run_interval, decisions)


def decide(
    mentor: Mentor,
    activity: Activity | None,
    config: CommunityConfig,
    now: datetime,
    run_interval: timedelta,
    pause: Pause | None = None,
    warned: Warned | None = None,
    *,
    upstream: UpstreamRules | None = None,
    away_noticed: datetime | None = None,
) -> Decision:
    """The decision for one mentor: the first rule that applies (:mod:`.rules`), finished."""
    facts = facts_of(
        mentor,
        activity,
        config,
        now,
        run_interval,
        pause,
        warned,
        upstream=upstream,
        away_noticed=away_noticed,
    )
    return finish(facts, draft_for(facts))


def finish(facts: MentorFacts, draft: Draft) -> Decision:
    """A rule's draft made a decision: the warning it carries, notes, the next action."""
    if draft.unusable is not None:
        return _decision(facts, draft, flags=(draft.unusable, *facts.flags))
    if draft.exempt:
        return _decision(facts, draft)
    action, reason = draft.action, draft.reason
    next_action, next_after = draft.next_action, draft.next_action_after
    by_upstream = draft.next_by_upstream
    warning, warn_removal_on = facts.warning, None
    if warning is not None and action is not Action.REMOVE:
        when = format_timestamp(warning.removal_on)
        if warning.due_now:
            # the warning rides on this run's decision; a mentor otherwise kept is warned
            warn_removal_on = warning.removal_on
            reason += f" Warned now: removal on or after {when} unless they edit."
            action = Action.WARN if action is Action.KEEP else action
        elif warning.warned_at is not None:
            warned_on = format_timestamp(warning.warned_at)
            reason += f" Warned on {warned_on}: removal not before {when}."
        if next_action in (None, Action.REMOVE) or not facts.config.autoaway_enabled:
            next_action, next_after = Action.REMOVE, warning.removal_on
            by_upstream = facts.removal is not None and facts.removal.by_upstream
    notice_on = None
    if Flag.AWAY_LONGER_THAN_REMOVAL in facts.flags and action is not Action.REMOVE:
        reason += _away_note(facts)
        notice_on = facts.away_notice_due if warn_removal_on is None else None
        if notice_on is not None:
            reason += " They are told so on their talk page now."
            action = Action.AWAY_NOTICE if action is Action.KEEP else action
    if next_action is None and action in _NEXT_REMOVAL_AFTER:
        next_action, next_after = _next_removal(facts)
        by_upstream = next_action is not None and facts.upstream_removes
    return _decision(
        facts,
        draft,
        action=action,
        reason=reason,
        next_action=next_action,
        next_action_after=next_after,
        warn_removal_on=warn_removal_on,
        warned_at=draft.warned_at or (warning.warned_at if warning else None),
        by_upstream=by_upstream and next_action is not None,
        away_notice_removal_on=notice_on,
    )


_NEXT_REMOVAL_AFTER = (Action.MARK_AWAY, Action.RENEW_AWAY, Action.KEEP, Action.AWAY_NOTICE)


def _away_note(facts: MentorFacts) -> str:
    removal_on = facts.removal_date()
    assert removal_on is not None and facts.away_until is not None
    return (
        f" Note: their away period (until {format_timestamp(facts.away_until)}) runs past "
        f"their removal date ({format_timestamp(removal_on)}); away does not protect from "
        "removal."
    )


def _next_removal(facts: MentorFacts) -> tuple[Action | None, datetime | None]:
    removal_on = facts.removal_date()
    return (None, None) if removal_on is None else (Action.REMOVE, removal_on)


def _decision(
    facts: MentorFacts,
    draft: Draft,
    *,
    action: Action | None = None,
    reason: str | None = None,
    flags: tuple[Flag, ...] | None = None,
    next_action: Action | None = None,
    next_action_after: datetime | None = None,
    warn_removal_on: datetime | None = None,
    warned_at: datetime | None = None,
    by_upstream: bool = False,
    away_notice_removal_on: datetime | None = None,
) -> Decision:
    return Decision(
        user_id=facts.mentor.user_id,
        username=facts.mentor.username,
        action=action or draft.action,
        reason=reason or draft.reason,
        last_active_at=facts.last_active_at,
        last_active_source=facts.source,
        days_inactive=facts.days_inactive,
        threshold_days=draft.threshold,
        away_until_before=facts.away_until,
        away_until_after=draft.away_until_after,
        flags=facts.flags if flags is None else flags,
        problem=draft.problem,
        next_action=next_action,
        next_action_after=next_action_after,
        paused=facts.pause is not None,
        weight_after=draft.weight_after,
        warn_removal_on=warn_removal_on,
        warned_at=warned_at,
        next_action_by_upstream=by_upstream,
        away_notice_removal_on=away_notice_removal_on,
    )
