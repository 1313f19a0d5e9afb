"""Away periods: how long mentorwatch marks a mentor away, and the limit on self-set away
(with the rules it follows and the removal date it warns of).

See ``docs/away.md`` for the formula and why it differs from upstream's ``R - A + 1`` days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.message import Message
from mentorwatch.domain.timeutil import DAY, shifted

#: Upstream's cap on any away period (``StatusAwayValidator::$maxBackInDays``); inclusive.
MAX_AWAY_DAYS = 365
#: Away period when removal is off (upstream: "Month is a good enough default").
AWAY_DAYS_WITHOUT_REMOVAL = 30
#: Tolerance for a scheduled run that starts late (cron jitter, a slow previous run).
SCHEDULE_SLACK = timedelta(days=1)
#: The cleanup job's default cadence.
DEFAULT_RUN_INTERVAL = timedelta(days=7)


def cover_until(now: datetime, run_interval: timedelta) -> datetime:
    """The moment an away period must reach so the mentor stays away until the next run."""
    return shifted(now, run_interval + SCHEDULE_SLACK)


def automatic_away_until(
    removal_due: datetime | None,
    now: datetime,
    run_interval: timedelta = DEFAULT_RUN_INTERVAL,
) -> datetime:
    """When an inactive mentor marked away by mentorwatch becomes available again.

    ``removal_due``: when the removal in force can remove them (their last activity + R days,
    later while mentorwatch's removal waits for a warning; see
    :attr:`~mentorwatch.domain.facts.MentorFacts.removal_due`), None when no removal will
    (removal off, no known activity, a warning that could not be delivered).

    A removal still to come: ``removal_due + run_interval + 1 day``. The first run after that
    moment comes at most one interval later, so the mentor stays away until that run removes
    them (or until they edit again and the next run sees it). Anchored on the removal, not on
    ``now``, so later runs compute the same moment and make no edit.

    None (or one already past: GrowthExperiments' own cleanup has not removed them yet):
    30 days from ``now``, or two run intervals and a day where that is longer, so that no run
    within the next interval finds it too short (:func:`cover_until`) and extends it again.

    Never more than 365 days ahead (upstream's cap; a longer need is met by renewing).
    """
    if removal_due is not None and removal_due >= now:
        target = shifted(removal_due, run_interval + SCHEDULE_SLACK)
    else:
        longest = max(AWAY_DAYS_WITHOUT_REMOVAL * DAY, 2 * run_interval + SCHEDULE_SLACK)
        target = shifted(now, longest)
    return min(target, shifted(now, MAX_AWAY_DAYS * DAY))


@dataclass(frozen=True)
class AwayVerdict:
    """The answer to "may I be away until X?"."""

    allowed: bool
    #: why, for the mentor (rendered in their language by each surface)
    message: Message
    max_days: int
    latest_allowed: datetime


def max_self_away_days(config: CommunityConfig) -> int:
    """The longest self-set away: the removal period while removal is on, else 365 days."""
    if config.autoremove_enabled:
        return min(config.autoremove_after_days, MAX_AWAY_DAYS)
    return MAX_AWAY_DAYS


def check_self_away(
    config: CommunityConfig, now: datetime, requested_until: datetime
) -> AwayVerdict:
    """The rule for a mentor setting themselves away (upstream never built it; see docs/away.md).

    Refused: a moment not in the future; more than 365 days ahead; and, while removal is on,
    more than the removal period ahead, because removal counts edit inactivity whether or not
    the mentor is away. Exactly the limit is allowed: removal needs *more than* R days of
    inactivity, so a mentor who is active when they leave is not removed before they are back.
    """
    max_days = max_self_away_days(config)
    latest = shifted(now, max_days * DAY)
    if requested_until <= now:
        said = Message.of("mentorwatch-away-not-future", when=requested_until, now=now)
        return AwayVerdict(False, said, max_days, latest)
    if requested_until > latest:
        if config.autoremove_enabled and max_days < MAX_AWAY_DAYS:
            said = Message.of("mentorwatch-away-at-most-removal", num_days=max_days, latest=latest)
        else:
            said = Message.of(
                "mentorwatch-away-at-most-year", num_days=MAX_AWAY_DAYS, latest=latest
            )
        return AwayVerdict(False, said, max_days, latest)
    if config.autoremove_enabled:
        said = Message.of(
            "mentorwatch-away-allowed-removal",
            when=requested_until,
            num_days=config.autoremove_after_days,
        )
    else:
        said = Message.of("mentorwatch-away-allowed", when=requested_until)
    return AwayVerdict(True, said, max_days, latest)


@dataclass(frozen=True)
class RemovalForecast:
    """When a mentor would be removed if they do not edit again (``removal_on`` None: removal
    is off)."""

    last_edit: datetime | None
    removal_on: datetime | None
    removal_days: int

    def runs_past(self, until: datetime) -> bool:
        """An away until ``until`` ends after the removal date (removal counts inactivity
        whether or not the mentor is away)."""
        return self.removal_on is not None and until > self.removal_on


def removal_forecast(
    config: CommunityConfig, last_edit: datetime | None, now: datetime
) -> RemovalForecast:
    """Removal R days after the last edit, anchored at ``now`` when there is none or it is in
    the future (``config``: the rules in force,
    :func:`~mentorwatch.domain.removal.rules_in_force`)."""
    days = config.autoremove_after_days
    if not config.autoremove_enabled:
        return RemovalForecast(None, None, days)
    anchor = min(last_edit, now) if last_edit is not None else now
    return RemovalForecast(last_edit, shifted(anchor, days * DAY), days)
