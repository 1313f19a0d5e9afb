"""``plan(snapshot) -> Plan``: one decision per mentor, with its reason and evidence.

Pure and deterministic: no I/O, no clock (``now`` comes from the snapshot). The rules, in
order, for each mentor of the list:

1. No activity record in the snapshot, a blocked mentor, or a last activity in the future:
   ``keep``, reported (never acted on).
2. Removal on and inactive for more than R days: ``remove`` (never first marked away). With
   warnings on (mentorwatch's own setting), removal also waits until the mentor was warned,
   in this inactivity episode, at least W days ago; the warning is due from R - W days of
   inactivity (``warn``, or carried by the ``mark_away``/``renew_away`` of the same run).
3. Away on and inactive for more than A days: ``mark_away`` if not away; ``renew_away`` if
   away but the period ends before the next run; ``keep`` if the period already covers it.
4. Otherwise ``keep``; or ``resume`` for a mentor whose automatic assignment mentorwatch paused
   (wikis that cannot mark away, see :class:`~mentorwatch.domain.mentors.Pause`).

Inactivity is strict, as upstream: exactly N days does not act, N days and one second does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from mentorwatch.domain.activity import Activity, ActivitySource
from mentorwatch.domain.away import automatic_away_until, cover_until
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.mentors import Mentor, Pause
from mentorwatch.domain.notices import Warned
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.timeutil import DAY, SECONDS_PER_DAY, format_timestamp, plural_days


class Action(StrEnum):
    KEEP = "keep"
    MARK_AWAY = "mark_away"
    RENEW_AWAY = "renew_away"
    REMOVE = "remove"
    RESUME = "resume"
    WARN = "warn"


class Flag(StrEnum):
    """Things an admin should know about a mentor, whatever the action."""

    BLOCKED = "blocked"
    NO_ACTIVITY_RECORD = "no_activity_record"
    NEVER_ACTIVE = "never_active"
    FUTURE_ACTIVITY = "future_activity"
    AWAY_LONGER_THAN_REMOVAL = "away_longer_than_removal"


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
) -> Decision:
    """The decision for one mentor (see the module docstring for the rules)."""
    evidence = _Evidence(mentor, activity, config, now, pause)
    if activity is None:
        return evidence.keep(
            "Not acted on: the snapshot has no activity record for this mentor.",
            flag=Flag.NO_ACTIVITY_RECORD,
            problem="no activity record",
        )
    last_active_at = activity.last_active_at
    if last_active_at is not None and last_active_at > now:
        what = "last edit" if activity.source is ActivitySource.EDIT else "registration"
        return evidence.keep(
            f"Not acted on: the {what} ({format_timestamp(last_active_at)}) is after the time "
            f"of this run ({format_timestamp(now)}); check the wiki's clock or the snapshot.",
            flag=Flag.FUTURE_ACTIVITY,
            problem=f"{what} in the future",
        )
    if activity.blocked:
        return evidence.keep(
            "Not acted on: the mentor is blocked; an admin decides what happens to them.",
            flag=Flag.BLOCKED,
        )

    seconds = None if last_active_at is None else (now - last_active_at).total_seconds()

    def past(days: int) -> bool:
        return seconds is None or seconds > days * SECONDS_PER_DAY

    episode_warning = warned if warned is not None and warned.covers(last_active_at) else None
    warn_days = config.warn_days_before_removal
    if config.autoremove_enabled and past(config.autoremove_after_days):
        inactive = (
            f"{evidence.inactivity()}, more than the removal threshold of "
            f"{plural_days(config.autoremove_after_days)}"
        )
        if not config.warns:
            return evidence.decide(
                Action.REMOVE,
                inactive + ".",
                threshold=config.autoremove_after_days,
                away_until_after=None,
            )
        if episode_warning is not None and now >= episode_warning.warned_at + warn_days * DAY:
            return evidence.decide(
                Action.REMOVE,
                f"{inactive}; warned on {format_timestamp(episode_warning.warned_at)}, "
                f"at least {plural_days(warn_days)} ago.",
                threshold=config.autoremove_after_days,
                away_until_after=None,
                warned_at=episode_warning.warned_at,
            )
    if config.warns:
        removal_due_at = (
            now if last_active_at is None else last_active_at + config.autoremove_after_days * DAY
        )
        if episode_warning is not None:
            evidence.warned_at = episode_warning.warned_at
            evidence.pending_removal = max(
                removal_due_at, episode_warning.warned_at + warn_days * DAY
            )
        elif past(config.autoremove_after_days - warn_days):
            evidence.pending_removal = max(removal_due_at, now + warn_days * DAY)
            evidence.warn_now = True

    if config.autoaway_enabled and past(config.autoaway_after_days):
        return _away_decision(evidence, config, now, run_interval, last_active_at)

    if config.autoremove_enabled and past(config.autoremove_after_days):
        # past removal, but with warnings on the removal waits for the warning (see above)
        return evidence.decide(
            Action.KEEP,
            f"{evidence.inactivity()}, more than the removal threshold of "
            f"{plural_days(config.autoremove_after_days)}; removal waits for the warning.",
            threshold=config.autoremove_after_days,
            away_until_after=evidence.away_until,
        )

    if pause is not None:
        return evidence.decide(
            Action.RESUME,
            f"{evidence.activity_summary()}: automatic assignment, paused by mentorwatch, "
            f"is restored (weight {pause.previous_weight}).",
            threshold=config.autoaway_after_days if config.autoaway_enabled else None,
            away_until_after=None,
            weight_after=pause.previous_weight,
        )
    return evidence.keep_active()


def _away_decision(
    evidence: _Evidence,
    config: CommunityConfig,
    now: datetime,
    run_interval: timedelta,
    last_active_at: datetime | None,
) -> Decision:
    threshold = config.autoaway_after_days
    inactive = f"{evidence.inactivity()}, more than the away threshold of {plural_days(threshold)}"
    current = evidence.away_until
    needed = cover_until(now, run_interval)
    if current is not None and (evidence.pause is not None or now <= current):
        if current >= needed:
            return evidence.decide(
                Action.KEEP,
                f"{inactive}; already away until {format_timestamp(current)}, which covers the "
                "next run: no edit.",
                threshold=threshold,
                away_until_after=current,
            )
        target = max(automatic_away_until(config, now, last_active_at, run_interval), current)
        return evidence.decide(
            Action.RENEW_AWAY,
            f"{inactive}; the away period ends {format_timestamp(current)}, before the next "
            f"run, so it is extended to {format_timestamp(target)}.",
            threshold=threshold,
            away_until_after=target,
        )
    target = automatic_away_until(config, now, last_active_at, run_interval)
    return evidence.decide(
        Action.MARK_AWAY,
        f"{inactive}; marked away until {format_timestamp(target)}.",
        threshold=threshold,
        away_until_after=target,
    )


class _Evidence:
    """Builds decisions for one mentor with the evidence every decision carries."""

    pending_removal: datetime | None = None  # removal waiting for (or announced by) a warning
    warned_at: datetime | None = None
    warn_now: bool = False

    def __init__(
        self,
        mentor: Mentor,
        activity: Activity | None,
        config: CommunityConfig,
        now: datetime,
        pause: Pause | None,
    ) -> None:
        self.mentor = mentor
        self.config = config
        self.now = now
        self.pause = pause
        # a pause stands for away on wikis that cannot mark away
        known = [m for m in (mentor.away_until, pause.until if pause else None) if m is not None]
        self.away_until = max(known) if known else None
        self.last_active_at = activity.last_active_at if activity else None
        self.source = activity.source if activity else ActivitySource.NONE
        self.days_inactive = (
            None
            if self.last_active_at is None or self.last_active_at > now
            else round((now - self.last_active_at).total_seconds() / SECONDS_PER_DAY, 4)
        )
        self.flags: list[Flag] = []
        if activity is not None and self.source is ActivitySource.NONE:
            self.flags.append(Flag.NEVER_ACTIVE)
        away = self.away_until
        if (
            config.autoremove_enabled
            and away is not None
            and away - now > config.autoremove_after_days * DAY
        ):
            self.flags.append(Flag.AWAY_LONGER_THAN_REMOVAL)

    def inactivity(self) -> str:
        """'Inactive for 12 days since their last edit on ...' in an admin's words."""
        if self.last_active_at is None:
            return "No edit and no registration date on record, so treated as inactive"
        days = self.days_inactive or 0.0
        whole = int(days)
        shown = plural_days(whole) if days == whole else f"over {plural_days(whole)}"
        since = "last edit" if self.source is ActivitySource.EDIT else "registration (never edited)"
        return (
            f"Inactive for {shown} since their {since} on {format_timestamp(self.last_active_at)}"
        )

    def activity_summary(self) -> str:
        """'Active: last edit 3 days ago (2026-...)'."""
        if self.last_active_at is None:
            return "Active"
        days = self.days_inactive or 0.0
        last = "last edit" if self.source is ActivitySource.EDIT else "registration"
        when = format_timestamp(self.last_active_at)
        return f"Active: {last} {plural_days(int(days))} ago ({when})"

    def decide(
        self,
        action: Action,
        reason: str,
        *,
        threshold: int | None,
        away_until_after: datetime | None,
        problem: str | None = None,
        next_action: Action | None = None,
        next_action_after: datetime | None = None,
        weight_after: int | None = None,
        warned_at: datetime | None = None,
    ) -> Decision:
        warn_removal_on = None
        if self.pending_removal is not None and action is not Action.REMOVE:
            when = format_timestamp(self.pending_removal)
            if self.warn_now:
                warn_removal_on = self.pending_removal
                reason += f" Warned now: removal on or after {when} unless they edit."
                if action is Action.KEEP:
                    action = Action.WARN
            elif self.warned_at is not None:
                reason += (
                    f" Warned on {format_timestamp(self.warned_at)}: removal not before {when}."
                )
            if next_action in (None, Action.REMOVE) or not self.config.autoaway_enabled:
                next_action, next_action_after = Action.REMOVE, self.pending_removal
        if Flag.AWAY_LONGER_THAN_REMOVAL in self.flags and action is not Action.REMOVE:
            removal = plural_days(self.config.autoremove_after_days)
            reason += (
                f" Note: their away period runs more than {removal}"
                " ahead, longer than the removal period; away does not protect from removal."
            )
        if next_action is None and action in (Action.MARK_AWAY, Action.RENEW_AWAY, Action.KEEP):
            next_action, next_action_after = self._next_removal()
        return Decision(
            user_id=self.mentor.user_id,
            username=self.mentor.username,
            action=action,
            reason=reason,
            last_active_at=self.last_active_at,
            last_active_source=self.source,
            days_inactive=self.days_inactive,
            threshold_days=threshold,
            away_until_before=self.away_until,
            away_until_after=away_until_after,
            flags=tuple(self.flags),
            problem=problem,
            next_action=next_action,
            next_action_after=next_action_after,
            paused=self.pause is not None,
            weight_after=weight_after,
            warn_removal_on=warn_removal_on,
            warned_at=warned_at or self.warned_at,
        )

    def keep(self, reason: str, *, flag: Flag, problem: str | None = None) -> Decision:
        self.flags.insert(0, flag)
        return Decision(
            user_id=self.mentor.user_id,
            username=self.mentor.username,
            action=Action.KEEP,
            reason=reason,
            last_active_at=self.last_active_at,
            last_active_source=self.source,
            days_inactive=self.days_inactive,
            threshold_days=None,
            away_until_before=self.away_until,
            away_until_after=self.away_until,
            flags=tuple(self.flags),
            problem=problem,
            paused=self.pause is not None,
        )

    def keep_active(self) -> Decision:
        config = self.config
        if not (config.autoaway_enabled or config.autoremove_enabled):
            return self.decide(
                Action.KEEP,
                "No cleanup rule is enabled.",
                threshold=None,
                away_until_after=self.away_until,
            )
        thresholds = []
        if config.autoaway_enabled:
            thresholds.append((config.autoaway_after_days, Action.MARK_AWAY))
        if config.autoremove_enabled:
            thresholds.append((config.autoremove_after_days, Action.REMOVE))
        if config.warns and self.warned_at is None and not self.warn_now:
            warn_from = config.autoremove_after_days - config.warn_days_before_removal
            thresholds.append((warn_from, Action.WARN))
        threshold, next_action = min(thresholds)
        assert self.last_active_at is not None  # no activity at all is past every threshold
        label = {Action.MARK_AWAY: "away", Action.REMOVE: "removal", Action.WARN: "warning"}
        return self.decide(
            Action.KEEP,
            f"{self.activity_summary()}, within the {label[next_action]} threshold of "
            f"{plural_days(threshold)}.",
            threshold=threshold,
            away_until_after=self.away_until,
            next_action=next_action,
            next_action_after=self.last_active_at + threshold * DAY,
        )

    def _next_removal(self) -> tuple[Action | None, datetime | None]:
        if self.config.autoremove_enabled and self.last_active_at is not None:
            return Action.REMOVE, self.last_active_at + self.config.autoremove_after_days * DAY
        return None, None
