"""The cleanup rules, one small pure function each, over the facts about one mentor.

:func:`mentorwatch.domain.planner.decide` asks them in order; the first that applies drafts the
decision. Every rule reads a frozen :class:`MentorFacts` (what the snapshot says about the
mentor, with the inactivity and the warning state worked out once) and returns a
:class:`Draft` or ``None`` (not mine). Nothing is mutated: the warning a draft carries is
added by :func:`mentorwatch.domain.planner.finish`, by a rule of its own.

To add a rule: write a function ``(MentorFacts) -> Draft | None`` here, with its reason in an
admin's words, put it in :data:`RULES` where it belongs in the order, and add unit tests
(tests/unit/test_planner.py) and, where it has an invariant, a property.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from mentorwatch.domain.activity import Activity, ActivitySource
from mentorwatch.domain.away import automatic_away_until, cover_until
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.mentors import Mentor, Pause
from mentorwatch.domain.notices import Warned
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
class WarningState:
    """A removal announced (or to announce now) by a talk-page warning (rules with warnings)."""

    removal_on: datetime  # the removal waits until then
    warned_at: datetime | None  # None: the warning is due in this run

    @property
    def due_now(self) -> bool:
        return self.warned_at is None


@dataclass(frozen=True)
class MentorFacts:
    """Everything the rules know about one mentor, derived once from the snapshot."""

    mentor: Mentor
    activity: Activity | None
    config: CommunityConfig
    now: datetime
    run_interval: timedelta
    pause: Pause | None
    #: the away period in force: the list's, or mentorwatch's pause standing in for it
    away_until: datetime | None
    flags: tuple[Flag, ...]
    #: a warning of this inactivity episode, if any was given
    episode_warning: Warned | None

    @property
    def last_active_at(self) -> datetime | None:
        return None if self.activity is None else self.activity.last_active_at

    @property
    def source(self) -> ActivitySource:
        return ActivitySource.NONE if self.activity is None else self.activity.source

    @property
    def days_inactive(self) -> float | None:
        last = self.last_active_at
        if last is None or last > self.now:
            return None
        return round((self.now - last).total_seconds() / SECONDS_PER_DAY, 4)

    def past(self, days: int) -> bool:
        """Inactive for more than ``days`` (strict: exactly N days is not past N)."""
        last = self.last_active_at
        return last is None or (self.now - last).total_seconds() > days * SECONDS_PER_DAY

    @property
    def past_removal(self) -> bool:
        return self.config.autoremove_enabled and self.past(self.config.autoremove_after_days)

    @property
    def past_away(self) -> bool:
        return self.config.autoaway_enabled and self.past(self.config.autoaway_after_days)

    @property
    def warning(self) -> WarningState | None:
        """The removal a warning announces, when the rules warn and one is given or due."""
        config = self.config
        if not config.warns:
            return None
        last, warn_days = self.last_active_at, config.warn_days_before_removal
        removal_due_at = self.now if last is None else last + config.autoremove_after_days * DAY
        if self.episode_warning is not None:
            warned_at = self.episode_warning.warned_at
            return WarningState(max(removal_due_at, warned_at + warn_days * DAY), warned_at)
        if self.past(config.autoremove_after_days - warn_days):
            return WarningState(max(removal_due_at, self.now + warn_days * DAY), None)
        return None

    def inactivity(self) -> str:
        """'Inactive for 12 days since their last edit on ...' in an admin's words."""
        last = self.last_active_at
        if last is None:
            return "No edit and no registration date on record, so treated as inactive"
        days = self.days_inactive or 0.0
        whole = int(days)
        shown = plural_days(whole) if days == whole else f"over {plural_days(whole)}"
        since = "last edit" if self.source is ActivitySource.EDIT else "registration (never edited)"
        return f"Inactive for {shown} since their {since} on {format_timestamp(last)}"

    def activity_summary(self) -> str:
        """'Active: last edit 3 days ago (2026-...)'."""
        last = self.last_active_at
        if last is None:
            return "Active"
        what = "last edit" if self.source is ActivitySource.EDIT else "registration"
        days = plural_days(int(self.days_inactive or 0.0))
        return f"Active: {what} {days} ago ({format_timestamp(last)})"


def facts_of(
    mentor: Mentor,
    activity: Activity | None,
    config: CommunityConfig,
    now: datetime,
    run_interval: timedelta,
    pause: Pause | None = None,
    warned: Warned | None = None,
) -> MentorFacts:
    known = [m for m in (mentor.away_until, pause.until if pause else None) if m is not None]
    away_until = max(known) if known else None
    flags: list[Flag] = []
    if activity is not None and activity.source is ActivitySource.NONE:
        flags.append(Flag.NEVER_ACTIVE)
    if (
        config.autoremove_enabled
        and away_until is not None
        and away_until - now > config.autoremove_after_days * DAY
    ):
        flags.append(Flag.AWAY_LONGER_THAN_REMOVAL)
    last = activity.last_active_at if activity is not None else None
    episode = warned if warned is not None and warned.covers(last) else None
    return MentorFacts(
        mentor, activity, config, now, run_interval, pause, away_until, tuple(flags), episode
    )


@dataclass(frozen=True)
class Draft:
    """A rule's decision before the warning it carries and the notes are added."""

    action: Action
    reason: str
    threshold: int | None
    away_until_after: datetime | None
    next_action: Action | None = None
    next_action_after: datetime | None = None
    weight_after: int | None = None
    warned_at: datetime | None = None
    #: a decision that is not acted on (bad data, blocked): no warning, no next action
    unusable: Flag | None = None
    problem: str | None = None


# --- mentors not to act on --------------------------------------------------------------------


def no_activity_record(facts: MentorFacts) -> Draft | None:
    if facts.activity is not None:
        return None
    return _not_acted_on(
        facts,
        "Not acted on: the snapshot has no activity record for this mentor.",
        Flag.NO_ACTIVITY_RECORD,
        "no activity record",
    )


def activity_in_the_future(facts: MentorFacts) -> Draft | None:
    last = facts.last_active_at
    if last is None or last <= facts.now:
        return None
    what = "last edit" if facts.source is ActivitySource.EDIT else "registration"
    return _not_acted_on(
        facts,
        f"Not acted on: the {what} ({format_timestamp(last)}) is after the time of this run "
        f"({format_timestamp(facts.now)}); check the wiki's clock or the snapshot.",
        Flag.FUTURE_ACTIVITY,
        f"{what} in the future",
    )


def blocked(facts: MentorFacts) -> Draft | None:
    if facts.activity is None or not facts.activity.blocked:
        return None
    return _not_acted_on(
        facts,
        "Not acted on: the mentor is blocked; an admin decides what happens to them.",
        Flag.BLOCKED,
    )


def _not_acted_on(facts: MentorFacts, reason: str, flag: Flag, problem: str | None = None) -> Draft:
    return Draft(Action.KEEP, reason, None, facts.away_until, unusable=flag, problem=problem)


# --- inactive mentors -------------------------------------------------------------------------


def _past_removal_reason(facts: MentorFacts) -> str:
    days = plural_days(facts.config.autoremove_after_days)
    return f"{facts.inactivity()}, more than the removal threshold of {days}"


def remove(facts: MentorFacts) -> Draft | None:
    """Past removal: removed (never first marked away); with warnings, once warned long enough."""
    if not facts.past_removal:
        return None
    threshold, inactive = facts.config.autoremove_after_days, _past_removal_reason(facts)
    if not facts.config.warns:
        return Draft(Action.REMOVE, inactive + ".", threshold, None)
    warning = facts.episode_warning
    warn_days = facts.config.warn_days_before_removal
    if warning is None or facts.now < warning.warned_at + warn_days * DAY:
        return None  # the removal waits for the warning (see waits_for_warning)
    return Draft(
        Action.REMOVE,
        f"{inactive}; warned on {format_timestamp(warning.warned_at)}, "
        f"at least {plural_days(warn_days)} ago.",
        threshold,
        None,
        warned_at=warning.warned_at,
    )


def away(facts: MentorFacts) -> Draft | None:
    """Past away: marked away, or the away period extended when it ends before the next run."""
    if not facts.past_away:
        return None
    config, now = facts.config, facts.now
    threshold = config.autoaway_after_days
    inactive = f"{facts.inactivity()}, more than the away threshold of {plural_days(threshold)}"
    current = facts.away_until
    if current is not None and (facts.pause is not None or now <= current):
        if current >= cover_until(now, facts.run_interval):
            return Draft(
                Action.KEEP,
                f"{inactive}; already away until {format_timestamp(current)}, which covers the "
                "next run: no edit.",
                threshold,
                current,
            )
        target = max(_automatic_away_until(facts), current)
        return Draft(
            Action.RENEW_AWAY,
            f"{inactive}; the away period ends {format_timestamp(current)}, before the next "
            f"run, so it is extended to {format_timestamp(target)}.",
            threshold,
            target,
        )
    target = _automatic_away_until(facts)
    return Draft(
        Action.MARK_AWAY,
        f"{inactive}; marked away until {format_timestamp(target)}.",
        threshold,
        target,
    )


def _automatic_away_until(facts: MentorFacts) -> datetime:
    return automatic_away_until(facts.config, facts.now, facts.last_active_at, facts.run_interval)


def waits_for_warning(facts: MentorFacts) -> Draft | None:
    """Past removal, but with warnings on the removal waits until the warning is old enough."""
    if not facts.past_removal:
        return None
    return Draft(
        Action.KEEP,
        f"{_past_removal_reason(facts)}; removal waits for the warning.",
        facts.config.autoremove_after_days,
        facts.away_until,
    )


# --- active mentors ---------------------------------------------------------------------------


def resume(facts: MentorFacts) -> Draft | None:
    """Active again after mentorwatch paused them: automatic assignment restored."""
    pause = facts.pause
    if pause is None:
        return None
    config = facts.config
    return Draft(
        Action.RESUME,
        f"{facts.activity_summary()}: automatic assignment, paused by mentorwatch, "
        f"is restored (weight {pause.previous_weight}).",
        config.autoaway_after_days if config.autoaway_enabled else None,
        None,
        weight_after=pause.previous_weight,
    )


def active(facts: MentorFacts) -> Draft:
    """Within every threshold: kept, with the next threshold they would cross."""
    config = facts.config
    if not (config.autoaway_enabled or config.autoremove_enabled):
        return Draft(Action.KEEP, "No cleanup rule is enabled.", None, facts.away_until)
    thresholds = []
    if config.autoaway_enabled:
        thresholds.append((config.autoaway_after_days, Action.MARK_AWAY))
    if config.autoremove_enabled:
        thresholds.append((config.autoremove_after_days, Action.REMOVE))
    if config.warns and facts.warning is None:
        warn_from = config.autoremove_after_days - config.warn_days_before_removal
        thresholds.append((warn_from, Action.WARN))
    threshold, next_action = min(thresholds)
    last = facts.last_active_at
    assert last is not None  # no activity at all is past every threshold
    label = {Action.MARK_AWAY: "away", Action.REMOVE: "removal", Action.WARN: "warning"}
    return Draft(
        Action.KEEP,
        f"{facts.activity_summary()}, within the {label[next_action]} threshold of "
        f"{plural_days(threshold)}.",
        threshold,
        facts.away_until,
        next_action=next_action,
        next_action_after=last + threshold * DAY,
    )


Rule = Callable[[MentorFacts], Draft | None]

#: The rules in the order they are asked; the first that drafts a decision wins.
RULES: tuple[Rule, ...] = (
    no_activity_record,
    activity_in_the_future,
    blocked,
    remove,
    away,
    waits_for_warning,
    resume,
)


def draft_for(facts: MentorFacts) -> Draft:
    for rule in RULES:
        draft = rule(facts)
        if draft is not None:
            return draft
    return active(facts)
