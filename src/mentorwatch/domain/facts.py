"""What the rules know about one mentor, worked out once from the snapshot.

The rule in force for each action is mentorwatch's own, unless GrowthExperiments' own cleaner
(:class:`~mentorwatch.domain.upstream.UpstreamRules`) has that action on: then upstream's
threshold is the one that counts (for warnings, dates, the dashboard) and mentorwatch makes no
list write for it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from mentorwatch.domain.activity import Activity, ActivitySource
from mentorwatch.domain.away import SCHEDULE_SLACK
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.mentors import Mentor, Pause
from mentorwatch.domain.notices import Warned
from mentorwatch.domain.timeutil import DAY, SECONDS_PER_DAY, format_timestamp, plural_days
from mentorwatch.domain.upstream import UpstreamRules


class Action(StrEnum):
    KEEP = "keep"
    MARK_AWAY = "mark_away"
    RENEW_AWAY = "renew_away"
    REMOVE = "remove"
    RESUME = "resume"
    WARN = "warn"
    #: a talk-page notice: the mentor's away period runs past their removal date
    AWAY_NOTICE = "away_notice"


class Flag(StrEnum):
    """Things an admin should know about a mentor, whatever the action."""

    BLOCKED = "blocked"
    NO_ACTIVITY_RECORD = "no_activity_record"
    NEVER_ACTIVE = "never_active"
    FUTURE_ACTIVITY = "future_activity"
    AWAY_LONGER_THAN_REMOVAL = "away_longer_than_removal"
    EXEMPT = "exempt"


@dataclass(frozen=True)
class Removal:
    """The removal rule in force: after how many days, and whose (upstream's or ours)."""

    days: int
    by_upstream: bool


@dataclass(frozen=True)
class WarningState:
    """A removal announced (or to announce now) by a talk-page warning (rules with warnings)."""

    removal_on: datetime  # the removal waits until then (upstream's: it happens then)
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
    upstream: UpstreamRules | None = None
    exemption: Exemption | None = None
    #: the away period (its end) this mentor was already told runs past their removal
    away_noticed: datetime | None = None

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
    def upstream_removes(self) -> bool:
        return self.upstream is not None and self.upstream.remove_enabled

    @property
    def upstream_marks_away(self) -> bool:
        return self.upstream is not None and self.upstream.away_enabled

    @property
    def removal(self) -> Removal | None:
        """The removal rule in force: upstream's where it is on, else ours (None: off)."""
        if self.upstream is not None and self.upstream.remove_enabled:
            return Removal(self.upstream.remove_days, True)
        if self.config.autoremove_enabled:
            return Removal(self.config.autoremove_after_days, False)
        return None

    def removal_date(self) -> datetime | None:
        """Last activity + the removal days in force: the mentor is removed after it."""
        removal, last = self.removal, self.last_active_at
        return None if removal is None or last is None else last + removal.days * DAY

    @property
    def removal_config(self) -> CommunityConfig:
        """Our configuration with the removal in force (sizes automatic away periods)."""
        removal = self.removal
        if removal is None or not removal.by_upstream:
            return self.config
        return replace(self.config, autoremove_enabled=True, autoremove_after_days=removal.days)

    @property
    def past_removal(self) -> bool:
        """Past mentorwatch's own removal threshold, with that rule in force (not upstream's)."""
        config = self.config
        return (
            config.autoremove_enabled
            and not self.upstream_removes
            and self.past(config.autoremove_after_days)
        )

    @property
    def past_away(self) -> bool:
        """Past mentorwatch's own away threshold, with that rule in force (not upstream's)."""
        config = self.config
        return (
            config.autoaway_enabled
            and not self.upstream_marks_away
            and self.past(config.autoaway_after_days)
        )

    @property
    def warns(self) -> bool:
        """Warnings on, before a removal in force (upstream's: only if W < its days)."""
        removal = self.removal
        return (
            self.config.warn_enabled
            and removal is not None
            and removal.days > self.config.warn_days_before_removal
        )

    @property
    def warning(self) -> WarningState | None:
        """The removal a warning announces, when the rules warn and one is given or due.

        Before mentorwatch's own removal, the removal waits until the warning is W days old;
        before upstream's, the warning announces upstream's date (it does not wait)."""
        removal = self.removal
        if not self.warns or removal is None:
            return None
        last, warn_days = self.last_active_at, self.config.warn_days_before_removal
        due_at = self.now if last is None else last + removal.days * DAY
        if self.episode_warning is not None:
            warned_at = self.episode_warning.warned_at
            if removal.by_upstream:
                return WarningState(due_at, warned_at)
            return WarningState(max(due_at, warned_at + warn_days * DAY), warned_at)
        if not self.past(removal.days - warn_days):
            return None
        if removal.by_upstream:
            # past upstream's threshold, its next run removes them: too late to warn
            return None if self.past(removal.days) else WarningState(due_at, None)
        return WarningState(max(due_at, self.now + warn_days * DAY), None)

    @property
    def away_notice_due(self) -> datetime | None:
        """The removal date to tell an away mentor about, when their away runs past it and
        they were not told for this away period (None: no notice)."""
        removal_on = self.removal_date()
        if (
            Flag.AWAY_LONGER_THAN_REMOVAL not in self.flags
            or removal_on is None
            or self.away_noticed == self.away_until
            or self.removal is None
            or self.past(self.removal.days)
        ):
            return None
        return removal_on

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
    *,
    upstream: UpstreamRules | None = None,
    away_noticed: datetime | None = None,
) -> MentorFacts:
    known = [m for m in (mentor.away_until, pause.until if pause else None) if m is not None]
    away_until = max(known) if known else None
    last = activity.last_active_at if activity is not None else None
    facts = MentorFacts(
        mentor,
        activity,
        config,
        now,
        run_interval,
        pause,
        away_until,
        (),
        warned if warned is not None and warned.covers(last) else None,
        upstream,
        config.exemption(mentor.username, now),
        away_noticed,
    )
    flags: list[Flag] = []
    if activity is not None and activity.source is ActivitySource.NONE:
        flags.append(Flag.NEVER_ACTIVE)
    if facts.exemption is not None:
        flags.append(Flag.EXEMPT)
    elif _away_runs_past_removal(facts):
        flags.append(Flag.AWAY_LONGER_THAN_REMOVAL)
    return replace(facts, flags=tuple(flags))


def _away_runs_past_removal(facts: MentorFacts) -> bool:
    """The away period ends after the mentor's removal date (last activity + R days).

    Not for an away period an automatic rule set, which lasts until the run that removes the
    mentor by design: a mentor past the away threshold in force whose away ends no later than
    mentorwatch's own automatic away (removal date + one run interval + 1 day) or, with
    upstream's away rule on, upstream's (``R - A + 1`` days from its latest run)."""
    removal_on, until, last = facts.removal_date(), facts.away_until, facts.last_active_at
    if removal_on is None or until is None or last is None or until < facts.now:
        return False
    if until <= removal_on:
        return False
    upstream, config = facts.upstream, facts.config
    automatic_end = removal_on + facts.run_interval + SCHEDULE_SLACK
    if upstream is not None and upstream.away_enabled:
        upstream_end = facts.now + (upstream.remove_days - upstream.away_days + 1) * DAY
        auto = facts.past(upstream.away_days)
        automatic_end = max(automatic_end, upstream_end)
    else:
        auto = config.autoaway_enabled and facts.past(config.autoaway_after_days)
    return not (auto and until <= automatic_end)
