"""The removal a warning before removal announces, and when it lets that removal come.

With warnings on (mentorwatch's ``WarnBeforeRemoval``), mentorwatch's own removal waits until
the mentor was warned, in this inactivity episode, at least W days before; before
GrowthExperiments' own removal, the warning announces upstream's date (upstream does not wait).
A warning that could not be posted (given up on: :mod:`.messages`) leaves mentorwatch's
removal waiting for an admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from mentorwatch.domain.removal import Removal
from mentorwatch.domain.timeutil import DAY, SECONDS_PER_DAY, shifted
from mentorwatch.domain.warned import Warned

if TYPE_CHECKING:
    from mentorwatch.domain.facts import PlanContext


@dataclass(frozen=True)
class WarningState:
    """A removal announced (or to announce now) by a talk-page warning (rules with warnings)."""

    removal_on: datetime  # the removal waits until then (upstream's: it happens then)
    warned_at: datetime | None  # None: the warning is due in this run
    #: not posted: their talk page asks bots not to post ({{nobots}}); it counts all the same
    opted_out: bool = False

    @property
    def due_now(self) -> bool:
        return self.warned_at is None


def warning_state(
    context: PlanContext,
    episode_warning: Warned | None,
    last: datetime | None,
    inactive: float,
    past_removal_in_force: bool,
) -> WarningState | None:
    """The removal a warning announces, with warnings on (``context.warns``).

    Before mentorwatch's own removal, the removal waits until the warning is W days old;
    before upstream's, the warning announces upstream's date (it does not wait)."""
    removal, now = context.removal, context.now
    assert removal is not None  # warnings need a removal in force
    warn_days = context.config.warn_days_before_removal
    due_at = now if last is None else shifted(last, removal.days * DAY)
    if episode_warning is not None:
        warned_at, opted_out = episode_warning.warned_at, episode_warning.opted_out
        if removal.by_upstream:
            return WarningState(due_at, warned_at, opted_out)
        removal_on = max(due_at, shifted(warned_at, warn_days * DAY))
        return WarningState(removal_on, warned_at, opted_out)
    if inactive <= (removal.days - warn_days) * SECONDS_PER_DAY:
        return None
    if removal.by_upstream:
        # past upstream's threshold, its next run removes them: too late to warn
        return None if past_removal_in_force else WarningState(due_at, None)
    return WarningState(max(due_at, shifted(now, warn_days * DAY)), None)


def removal_waits(
    removal: Removal | None,
    removal_on: datetime | None,
    warning: WarningState | None,
    warning_blocked: bool,
) -> datetime | None:
    """When the removal in force can really happen: mentorwatch's own waits for its warning,
    and for an admin when the warning could not be posted."""
    if removal is None or removal.by_upstream:
        return removal_on
    if warning is not None:
        return warning.removal_on
    return None if warning_blocked else removal_on
