"""The health of the mentor pool: who takes newcomers now, and after a plan.

A mentor **takes newcomers** while not away and with a weight above 0 (GrowthExperiments
assigns new mentees only to them). Growth's rule of thumb is about one mentor per 500 new
accounts, and at least 3; the community sets its minimum on the rules page
(``MinimumMentorsTakingNewcomers``), and :mod:`.safety` refuses a plan that would take the
pool below it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from mentorwatch.domain.facts import Action
from mentorwatch.domain.mentors import WEIGHT_NONE, Mentor
from mentorwatch.domain.message import Message

#: actions after which a mentor takes no newcomers
_OUT_OF_POOL = (Action.REMOVE, Action.MARK_AWAY, Action.RENEW_AWAY)


class Change(Protocol):
    """What of a decision the pool needs (:class:`~mentorwatch.domain.planner.Decision`)."""

    @property
    def user_id(self) -> int: ...
    @property
    def action(self) -> Action: ...
    @property
    def weight_after(self) -> int | None: ...


@dataclass(frozen=True)
class MenteeLoad:
    """One mentor's mentees against the share their weight asks for."""

    user_id: int
    mentees: int
    weight: int
    #: the mentees this mentor would have if all were shared by weight among those taking them
    expected: float


@dataclass(frozen=True)
class Pool:
    listed: int
    taking_now: int
    taking_after: int
    minimum: int
    #: new accounts in the last week (None: not known)
    new_accounts_per_week: float | None = None
    loads: tuple[MenteeLoad, ...] = ()

    @property
    def newcomers_per_active_mentor(self) -> float | None:
        """New accounts a week per mentor taking newcomers (None: unknown or nobody takes)."""
        if self.new_accounts_per_week is None or not self.taking_now:
            return None
        return self.new_accounts_per_week / self.taking_now

    @property
    def shrinks_below_minimum(self) -> bool:
        """The plan takes mentors out of the pool and leaves fewer than the minimum (a pool
        already too small is reported, and not made a reason to stop other changes)."""
        return self.taking_after < self.taking_now and self.taking_after < self.minimum


def takes_newcomers(mentor: Mentor, now: datetime) -> bool:
    return mentor.weight != WEIGHT_NONE and not mentor.is_away(now)


def pool_of(
    mentors: Iterable[Mentor],
    decisions: Iterable[Change],
    now: datetime,
    minimum: int,
    mentees: Mapping[int, int] | None = None,
    new_accounts_per_week: float | None = None,
) -> Pool:
    """The pool before and after ``decisions`` (one per mentor of ``mentors``)."""
    listed = list(mentors)
    changes = {decision.user_id: decision for decision in decisions}
    taking = [mentor for mentor in listed if takes_newcomers(mentor, now)]
    after = 0
    for mentor in listed:
        change = changes.get(mentor.user_id)
        if change is None:
            after += takes_newcomers(mentor, now)
        elif change.action not in _OUT_OF_POOL:
            weight = mentor.weight if change.weight_after is None else change.weight_after
            after += weight != WEIGHT_NONE and not mentor.is_away(now)
    loads = _loads(taking, mentees or {})
    return Pool(len(listed), len(taking), after, minimum, new_accounts_per_week, loads)


def _loads(taking: list[Mentor], mentees: Mapping[int, int]) -> tuple[MenteeLoad, ...]:
    if not mentees:
        return ()
    total = sum(mentees.get(mentor.user_id, 0) for mentor in taking)
    weights = sum(mentor.weight for mentor in taking)
    return tuple(
        MenteeLoad(
            mentor.user_id,
            mentees.get(mentor.user_id, 0),
            mentor.weight,
            total * mentor.weight / weights if weights else 0.0,
        )
        for mentor in taking
    )


def pool_refusal(pool: Pool) -> Message:
    """Why a plan that shrinks the pool below the minimum is refused (the safety check)."""
    return Message.of(
        "mentorwatch-refusal-minimum-pool",
        num_after=pool.taking_after,
        minimum=pool.minimum,
        before=pool.taking_now,
        flag="--allow-small-pool",
    )
