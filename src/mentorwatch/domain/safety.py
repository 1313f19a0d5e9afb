"""Sanity checks on a plan before anything is written: rules from a trusted page, a removal
cap and a mark-away cap, broken-data guards.

A plan made from rules mentorwatch may not act on (an unprotected rules page: see
:mod:`mentorwatch.domain.rules_source`) is refused as a whole, with no override: the fix is on
the wiki. A plan that would remove or mark away many mentors at once, or that was made from
activity data that looks broken, is refused as a whole (the run writes nothing and says why)
unless the operator explicitly overrides that check after looking.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from enum import StrEnum

from mentorwatch.domain.message import NAMES_MORE, Message
from mentorwatch.domain.planner import Action, Decision, Flag, Plan
from mentorwatch.domain.pool import pool_refusal

#: Below this many mentors judged on activity, "everyone looks inactive" is not suspicious.
MIN_MENTORS_FOR_ALL_INACTIVE = 3


@dataclass(frozen=True)
class SafetyLimits:
    max_removal_share: float = 0.10
    max_removal_count: int = 5
    max_away_share: float = 0.10
    max_away_count: int = 5
    allow_mass_removal: bool = False
    allow_mass_away: bool = False
    allow_incomplete_activity: bool = False
    allow_all_inactive: bool = False
    allow_small_pool: bool = False

    @classmethod
    def with_cap(
        cls,
        max_removals: int | None,
        *,
        max_marks_away: int | None = None,
        allow_mass_removal: bool = False,
        allow_mass_away: bool = False,
        allow_incomplete_activity: bool = False,
        allow_all_inactive: bool = False,
        allow_small_pool: bool = False,
    ) -> SafetyLimits:
        """The default caps, or exactly ``max_removals`` (``max_marks_away``) per run whatever
        the list's size."""
        limits = cls(
            allow_mass_removal=allow_mass_removal,
            allow_mass_away=allow_mass_away,
            allow_incomplete_activity=allow_incomplete_activity,
            allow_all_inactive=allow_all_inactive,
            allow_small_pool=allow_small_pool,
        )
        if max_removals is not None:
            limits = replace(limits, max_removal_share=0.0, max_removal_count=max_removals)
        if max_marks_away is not None:
            limits = replace(limits, max_away_share=0.0, max_away_count=max_marks_away)
        return limits

    def removal_cap(self, listed: int) -> int:
        """The most removals one run may make: the share of the list or the count, the larger."""
        return max(self.max_removal_count, math.floor(self.max_removal_share * listed))

    def away_cap(self, listed: int) -> int:
        """The most mentors one run may mark away, counted like removals."""
        return max(self.max_away_count, math.floor(self.max_away_share * listed))


class SafetyCheck(StrEnum):
    """The checks that can refuse a whole plan (each with its ``--allow-...`` override, but
    the rules' trust, which has none: protect the page)."""

    UNTRUSTED_RULES = "untrusted_rules"
    REMOVAL_CAP = "removal_cap"
    AWAY_CAP = "away_cap"
    INCOMPLETE_ACTIVITY = "incomplete_activity"
    ALL_INACTIVE = "all_inactive"
    MINIMUM_POOL = "minimum_pool"


@dataclass(frozen=True)
class Refusal:
    check: SafetyCheck
    message: Message


def check_plan(plan: Plan, limits: SafetyLimits, problems: tuple[str, ...] = ()) -> list[Refusal]:
    """Why this plan must not be applied as it is (empty: it may)."""
    refusals: list[Refusal] = []
    if plan.rules is not None and plan.rules.refusal is not None:
        refusals.append(Refusal(SafetyCheck.UNTRUSTED_RULES, plan.rules.refusal))
    refusals.extend(_caps(plan, limits))
    decisions = plan.decisions
    unreadable = [d for d in decisions if Flag.NO_ACTIVITY_RECORD in d.flags]
    if (unreadable or problems) and not limits.allow_incomplete_activity:
        refusals.append(Refusal(SafetyCheck.INCOMPLETE_ACTIVITY, _incomplete(unreadable, problems)))
    if _all_inactive(plan) and not limits.allow_all_inactive:
        all_inactive = Message("mentorwatch-safety-all-inactive")
        refusals.append(Refusal(SafetyCheck.ALL_INACTIVE, all_inactive))
    pool = plan.pool
    if pool is not None and pool.shrinks_below_minimum and not limits.allow_small_pool:
        refusals.append(Refusal(SafetyCheck.MINIMUM_POOL, pool_refusal(pool)))
    return refusals


def _incomplete(unreadable: list[Decision], problems: tuple[str, ...]) -> Message:
    """Why the activity data may be incomplete: whose could not be read (the first five named),
    or what reading the wiki reported."""
    if unreadable:
        names: Message | str = ", ".join(d.username for d in unreadable[:5])
        if len(unreadable) > 5:
            names = Message.of(NAMES_MORE, names=names, more=len(unreadable) - 5)
        what = Message.of("mentorwatch-safety-unreadable", num_mentors=len(unreadable), names=names)
    else:
        what = Message.of("mentorwatch-safety-wiki-problems", problems="; ".join(problems[:3]))
    return Message.of("mentorwatch-safety-incomplete", what=what)


def _caps(plan: Plan, limits: SafetyLimits) -> list[Refusal]:
    """The removal cap and the mark-away cap: each a share of the list or a count."""
    listed = len(plan.decisions)
    counted = Counter(decision.action for decision in plan.decisions)
    refusals = []
    removals, cap = counted[Action.REMOVE], limits.removal_cap(listed)
    if removals > cap and not limits.allow_mass_removal:
        share, count = limits.max_removal_share, limits.max_removal_count
        message = _over("mentorwatch-safety-over-removals", removals, listed, cap, share, count)
        refusals.append(Refusal(SafetyCheck.REMOVAL_CAP, message))
    marks, cap = counted[Action.MARK_AWAY], limits.away_cap(listed)
    if marks > cap and not limits.allow_mass_away:
        share, count = limits.max_away_share, limits.max_away_count
        message = _over("mentorwatch-safety-over-away", marks, listed, cap, share, count)
        refusals.append(Refusal(SafetyCheck.AWAY_CAP, message))
    return refusals


def _over(key: str, planned: int, listed: int, cap: int, share: float, count: int) -> Message:
    """A plan over a cap (``mentorwatch-safety-over-*``): how many of how many, the cap and
    how it is counted."""
    return Message.of(
        key,
        planned=planned,
        num_listed=listed,
        cap=cap,
        percent=round(share * 100),
        num_count=count,
    )


def _all_inactive(plan: Plan) -> bool:
    config = plan.config
    thresholds = [
        days
        for enabled, days in (
            (config.autoaway_enabled, config.autoaway_after_days),
            (config.autoremove_enabled, config.autoremove_after_days),
        )
        if enabled
    ]
    if not thresholds:
        return False
    lowest = min(thresholds)
    judged = [d for d in plan.decisions if Flag.NO_ACTIVITY_RECORD not in d.flags]
    if len(judged) < MIN_MENTORS_FOR_ALL_INACTIVE:
        return False
    return all(d.days_inactive is None or d.days_inactive > lowest for d in judged)
