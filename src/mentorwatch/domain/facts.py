"""What the rules know about one mentor, worked out once from the snapshot.

:class:`PlanContext` holds what is the same for every mentor of a plan (the configuration, the
time of the run, upstream's rules, and what follows from them: the removal rule in force, the
exemptions in force); :class:`MentorInput` what the snapshot says about one mentor.
:func:`facts_of` works out, once, everything the rules ask about that mentor (inactivity, the
thresholds passed, the away period in force, the warning state, the flags) into a
:class:`MentorFacts` of plain fields, so each rule reads values and recomputes nothing.

The rule in force for each action is mentorwatch's own, unless GrowthExperiments' own cleaner
(:class:`~mentorwatch.domain.upstream.UpstreamRules`) has that action on: then upstream's
threshold is the one that counts (for warnings, dates, the dashboard) and mentorwatch makes no
list write for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from mentorwatch.domain.activity import Activity, ActivitySource
from mentorwatch.domain.away import automatic_away_until
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.mentors import Mentor, Pause
from mentorwatch.domain.message import Message
from mentorwatch.domain.messages import Undelivered, current_messages, given_up
from mentorwatch.domain.names import canonical_name
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.removal import Removal, removal_in_force
from mentorwatch.domain.rule_evidence import RuleEvidence, last_activity
from mentorwatch.domain.timeutil import (
    DAY,
    SECONDS_PER_DAY,
    shifted,
)
from mentorwatch.domain.upstream import UpstreamRules
from mentorwatch.domain.warned import Warned
from mentorwatch.domain.warning_state import WarningState, removal_waits, warning_state


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
    #: a talk-page message the wiki refused in every run that tried it: an admin is needed
    MESSAGE_UNDELIVERED = "message_undelivered"


@dataclass(frozen=True)
class PlanContext:
    """What is the same for every mentor of one plan, with what follows from it worked out once
    (the derived fields: made from the first four, so they take no part in comparisons)."""

    config: CommunityConfig
    now: datetime
    run_interval: timedelta
    upstream: UpstreamRules | None = None
    #: the removal rule in force (None: off)
    removal: Removal | None = field(init=False, compare=False)
    #: GrowthExperiments' own cleaner has the removal (the away) rule on
    upstream_removes: bool = field(init=False, compare=False)
    upstream_marks_away: bool = field(init=False, compare=False)
    #: warnings on, before a removal in force (upstream's: only if W < its days)
    warns: bool = field(init=False, compare=False)
    #: the exemptions in force at ``now``, by canonical user name
    exempt: Mapping[str, Exemption] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        config, upstream = self.config, self.upstream
        removal = removal_in_force(config, upstream)
        exempt: dict[str, Exemption] = {}
        for exemption in config.exemptions:
            if exemption.in_force(self.now):
                exempt.setdefault(canonical_name(exemption.mentor), exemption)
        derived = {
            "removal": removal,
            "upstream_removes": upstream is not None and upstream.remove_enabled,
            "upstream_marks_away": upstream is not None and upstream.away_enabled,
            "warns": config.warn_enabled
            and removal is not None
            and removal.days > config.warn_days_before_removal,
            "exempt": exempt,
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)


class MentorInput(NamedTuple):
    """What the snapshot says about one mentor of the list."""

    mentor: Mentor
    activity: Activity | None
    pause: Pause | None = None
    #: the warning on record, whatever its episode
    warned: Warned | None = None
    #: the away period (its end) this mentor was already told runs past their removal
    away_noticed: datetime | None = None
    #: talk-page messages the wiki refused, not delivered since (:mod:`.messages`)
    undelivered: tuple[Undelivered, ...] = ()
    #: what the wiki showed for the community rules (:mod:`.rule_evidence`)
    evidence: RuleEvidence | None = None


class MentorFacts(NamedTuple):
    """Everything the rules know about one mentor, worked out once by :func:`facts_of`.

    A frozen record of plain values (built once per mentor and plan, so a tuple: cheap to
    make); the plan-wide values are in :attr:`context`."""

    mentor: Mentor
    activity: Activity | None
    pause: Pause | None
    context: PlanContext
    last_active_at: datetime | None
    source: ActivitySource
    #: None when nothing is on record or the last activity is in the future
    days_inactive: float | None
    #: the away period in force: the list's, or mentorwatch's pause standing in for it
    away_until: datetime | None
    flags: tuple[Flag, ...]
    #: a warning of this inactivity episode, if any was given
    episode_warning: Warned | None
    exemption: Exemption | None
    away_noticed: datetime | None
    #: last activity + the days of the removal in force: the mentor is removed after it
    removal_on: datetime | None
    #: when the removal in force can really happen: ``removal_on``, later while mentorwatch's
    #: own removal waits for a warning (the moment an automatic away is anchored on); None
    #: when no removal is due (none in force, no activity on record and no warning)
    removal_due: datetime | None
    #: past the days of the removal in force (upstream's or ours); False with none in force
    past_removal_in_force: bool
    #: mentorwatch's own removal (away) rule on and past its days, deferring or not
    past_own_removal: bool
    past_own_away: bool
    #: mentorwatch removes them: its removal rule in force (upstream's off) and past it
    past_removal: bool
    #: mentorwatch marks them away (upstream's away rule off): past its away threshold, or
    #: past its removal threshold where upstream's removal is on (its own removal defers to
    #: upstream's, which may come much later: meanwhile they get no newcomers)
    past_away: bool
    #: upstream's away rule on and past its days
    past_upstream_away: bool
    #: the removal a warning announces, when the rules warn and one is given or due
    warning: WarningState | None
    #: the removal date to tell an away mentor about (their away runs past it, not told yet)
    away_notice_due: datetime | None
    #: the messages the wiki refused that are still about this mentor as they are now (this
    #: episode's warning, this away's notices), tried again or given up
    messages: tuple[Undelivered, ...]
    #: this episode's warning was given up on: the removal that waits for it waits for an admin
    warning_blocked: bool
    #: the mentor's exemption on the rules page, past its end (said in the plan's reason)
    expired_exemption: Exemption | None = None
    #: what the wiki showed for the community rules (:mod:`.evidence_rules`)
    evidence: RuleEvidence | None = None

    def inactivity(self) -> Message:
        """'Inactive for 12 days since their last edit on ...' (``mentorwatch-inactivity-*``)."""
        last = self.last_active_at
        if last is None:
            return _UNKNOWN_INACTIVITY
        days = self.days_inactive or 0.0
        whole = int(days)
        if self.source is ActivitySource.EDIT:
            key = _INACTIVE_EDIT if days == whole else _INACTIVE_EDIT_OVER
            return Message.of(key, num_days=whole, last_edit_at=last)
        if self.source is ActivitySource.LOG_ACTION:
            key = _INACTIVE_LOGGED if days == whole else _INACTIVE_LOGGED_OVER
            return Message.of(key, num_days=whole, log_type=self.log_type(), logged_at=last)
        key = _INACTIVE_REGISTRATION if days == whole else _INACTIVE_REGISTRATION_OVER
        return Message.of(key, num_days=whole, registered_at=last)

    def activity_summary(self) -> Message:
        """'Active: last edit 3 days ago (2026-...)'."""
        last = self.last_activity()
        return Message.of("mentorwatch-active-since", activity=last) if last else _ACTIVE

    def last_activity(self) -> Message | None:
        """'last edit 24 days ago (2026-...)' (None with none on record)."""
        last = self.last_active_at
        if last is None:
            return None
        days = int(self.days_inactive or 0.0)
        if self.source is ActivitySource.EDIT:
            return Message.of("mentorwatch-last-edit-ago", num_days=days, last_edit_at=last)
        if self.source is ActivitySource.LOG_ACTION:
            return Message.of(
                "mentorwatch-logged-ago", num_days=days, log_type=self.log_type(), logged_at=last
            )
        return Message.of("mentorwatch-registration-ago", num_days=days, registered_at=last)

    def log_type(self) -> str:
        """The type of the log action that is the mentor's last activity (``patrol``)."""
        logged = None if self.evidence is None else self.evidence.logged
        return logged.type if logged else "?"


_UNKNOWN_INACTIVITY = Message("mentorwatch-inactivity-unknown")
_ACTIVE = Message("mentorwatch-active")
_INACTIVE_EDIT = "mentorwatch-inactivity-edit"
_INACTIVE_EDIT_OVER = "mentorwatch-inactivity-edit-over"
_INACTIVE_REGISTRATION = "mentorwatch-inactivity-registration"
_INACTIVE_REGISTRATION_OVER = "mentorwatch-inactivity-registration-over"
_INACTIVE_LOGGED = "mentorwatch-inactivity-logged"
_INACTIVE_LOGGED_OVER = "mentorwatch-inactivity-logged-over"


def facts_of(given: MentorInput, context: PlanContext) -> MentorFacts:
    """The facts about one mentor, each worked out once.

    Inactivity is strict, as upstream: past N days means more than N days (or no activity on
    record at all)."""
    mentor, activity, pause, warned, away_noticed, undelivered, evidence = given
    now, removal = context.now, context.removal
    last, source = last_activity(context.config, activity, evidence)
    # seconds since the last activity; with none on record, past every threshold
    inactive = math.inf if last is None else (now - last).total_seconds()
    days_inactive = None if last is None or inactive < 0 else round(inactive / SECONDS_PER_DAY, 4)
    away_until = _away_in_force(mentor, pause)
    removal_on = None if removal is None or last is None else shifted(last, removal.days * DAY)
    passed = _thresholds_passed(context, inactive)
    past_removal_in_force, past_own_removal, past_own_away, past_upstream_away, past_away = passed
    past_away_in_force = past_upstream_away if context.upstream_marks_away else past_away
    episode_warning = warned if warned is not None and warned.covers(last) else None
    exemption, expired = _exemptions_of(context, mentor.username)
    messages = current_messages(undelivered, last, away_until) if undelivered else ()
    warning_blocked = bool(messages) and given_up(messages, WriteAction.WARN)
    warning = None
    if context.warns and not warning_blocked:
        warning = warning_state(context, episode_warning, last, inactive, past_removal_in_force)
    removal_due = removal_on
    if warning is not None or warning_blocked:
        removal_due = removal_waits(removal, removal_on, warning, warning_blocked)
    flags, notice_due = _NO_FLAGS
    if away_until is not None or exemption is not None or messages or source is NEVER:
        in_force = (removal_on, removal_due, past_away_in_force, past_removal_in_force)
        flags, notice_due = _flags(given, context, in_force, away_until, exemption, messages)
    return MentorFacts(
        mentor,
        activity,
        pause,
        context,
        last,
        source,
        days_inactive,
        away_until,
        flags,
        episode_warning,
        exemption,
        away_noticed,
        removal_on,
        removal_due,
        past_removal_in_force,
        past_own_removal,
        past_own_away,
        past_own_removal and not context.upstream_removes,
        past_away,
        past_upstream_away,
        warning,
        notice_due,
        messages,
        warning_blocked,
        expired,
        evidence,
    )


def _exemptions_of(
    context: PlanContext, username: str
) -> tuple[Exemption | None, Exemption | None]:
    """The mentor's exemption in force, or else the one that expired (one lookup each)."""
    if not context.config.exemptions:
        return None, None
    exemption = context.exempt.get(canonical_name(username))
    return (
        (exemption, None)
        if exemption is not None
        else (None, context.config.exemption_of(username))
    )


NEVER = ActivitySource.NONE
_NO_FLAGS: tuple[tuple[Flag, ...], datetime | None] = ((), None)


def _flags(
    given: MentorInput,
    context: PlanContext,
    in_force: tuple[datetime | None, datetime | None, bool, bool],
    away_until: datetime | None,
    exemption: Exemption | None,
    messages: tuple[Undelivered, ...],
) -> tuple[tuple[Flag, ...], datetime | None]:
    """The mentor's flags, and the removal date an away notice is due to tell (``in_force``:
    the removal date, when it is due, past the away and the removal in force)."""
    removal_on, removal_due, past_away_in_force, past_removal_in_force = in_force
    flags: tuple[Flag, ...] = ()
    record = given.activity
    if record is not None and record.last_edit_at is None and record.registered_at is None:
        flags = (Flag.NEVER_ACTIVE,)  # no edit and no registration on record
    notice_due = None
    if exemption is not None:
        flags = (*flags, Flag.EXEMPT)
    elif away_until is not None and _away_runs_past_removal(
        context, removal_on, removal_due, away_until, past_away_in_force
    ):
        flags, notice_due = (*flags, Flag.AWAY_LONGER_THAN_REMOVAL), removal_on
        told = given.away_noticed == away_until
        if told or past_removal_in_force or given_up(messages, WriteAction.AWAY_NOTICE):
            notice_due = None
    if messages and given_up(messages):
        flags = (*flags, Flag.MESSAGE_UNDELIVERED)
    return flags, notice_due


def _away_in_force(mentor: Mentor, pause: Pause | None) -> datetime | None:
    """The list's away period, or mentorwatch's pause standing in for it: the later."""
    away_until = mentor.away_until
    if pause is not None and (away_until is None or pause.until > away_until):
        return pause.until
    return away_until


def _thresholds_passed(
    context: PlanContext, inactive: float
) -> tuple[bool, bool, bool, bool, bool]:
    """Whether ``inactive`` seconds are past the removal in force, mentorwatch's removal,
    mentorwatch's away and upstream's away (each False where that rule is off); and whether
    mentorwatch marks the mentor away (upstream's away off): past its away, or past its
    removal where upstream has the removal."""
    config, removal, upstream = context.config, context.removal, context.upstream
    own_removal = (
        config.autoremove_enabled and inactive > config.autoremove_after_days * SECONDS_PER_DAY
    )
    own_away = config.autoaway_enabled and inactive > config.autoaway_after_days * SECONDS_PER_DAY
    marks_away = not context.upstream_marks_away and (
        own_away or (own_removal and context.upstream_removes)
    )
    return (
        removal is not None and inactive > removal.days * SECONDS_PER_DAY,
        own_removal,
        own_away,
        upstream is not None
        and upstream.away_enabled
        and inactive > upstream.away_days * SECONDS_PER_DAY,
        marks_away,
    )


def _away_runs_past_removal(
    context: PlanContext,
    removal_on: datetime | None,
    removal_due: datetime | None,
    until: datetime,
    past_away_in_force: bool,
) -> bool:
    """The away period ends after the mentor's removal date (last activity + R days).

    Not for an away period an automatic rule set, which lasts until the run that removes the
    mentor by design: a mentor past the away threshold in force whose away ends no later than
    mentorwatch's own automatic away (:func:`~mentorwatch.domain.away.automatic_away_until`:
    the run after the removal is due) or, with upstream's away rule on, upstream's
    (``R - A + 1`` days from its latest run)."""
    now = context.now
    if removal_on is None or until < now or until <= removal_on:
        return False
    if not past_away_in_force:
        return True  # no automatic rule set this away
    automatic_end = automatic_away_until(removal_due, now, context.run_interval)
    upstream = context.upstream
    if upstream is not None and upstream.away_enabled:
        upstream_end = shifted(now, (upstream.remove_days - upstream.away_days + 1) * DAY)
        automatic_end = max(automatic_end, upstream_end)
    return until > automatic_end
