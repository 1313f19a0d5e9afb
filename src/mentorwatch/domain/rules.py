"""The cleanup rules, one small pure function each, over the facts about one mentor.

:func:`mentorwatch.domain.planner.decide` asks them in order; the first that applies drafts the
decision. Every rule reads the fields of a frozen :class:`~mentorwatch.domain.facts.MentorFacts`
(what the snapshot says about the mentor, with the inactivity, the thresholds passed and the
warning state worked out once, and the plan-wide context) and returns a :class:`Draft` or
``None`` (not mine). Nothing is mutated: the warning a draft carries, the away note and the
next action are added by :func:`mentorwatch.domain.planner.finish`.

To add a rule: write a function ``(MentorFacts) -> Draft | None`` here, with its reason in an
admin's words, put it in :data:`RULES` where it belongs in the order, and add unit tests
(tests/unit/test_planner.py) and, where it has an invariant, a property. A value the rule asks
about a mentor becomes a field of ``MentorFacts``, worked out once in
:func:`~mentorwatch.domain.facts.facts_of` (one the same for every mentor, in ``PlanContext``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from mentorwatch.domain.activity import ActivitySource
from mentorwatch.domain.away import automatic_away_until, cover_until
from mentorwatch.domain.facts import Action, Flag, MentorFacts
from mentorwatch.domain.timeutil import DAY, format_timestamp, plural_days, shifted

UPSTREAM = "GrowthExperiments' own cleanup"


class Draft(NamedTuple):
    """A rule's decision before the warning it carries and the notes are added (a frozen
    record; one per mentor and plan, so a tuple: cheap to make)."""

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
    #: the next action is GrowthExperiments' own cleanup's, not mentorwatch's
    next_by_upstream: bool = False
    #: an exempt mentor: no warning, no notice, no next action
    exempt: bool = False


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
    if last is None or last <= facts.context.now:
        return None
    what = "last edit" if facts.source is ActivitySource.EDIT else "registration"
    return _not_acted_on(
        facts,
        f"Not acted on: the {what} ({format_timestamp(last)}) is after the time of this run "
        f"({format_timestamp(facts.context.now)}); check the wiki's clock or the snapshot.",
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


# --- exempt mentors, and actions GrowthExperiments' own cleanup takes --------------------


def exempt(facts: MentorFacts) -> Draft | None:
    """Exempted on the rules page: never marked away or removed automatically, not warned."""
    exemption = facts.exemption
    if exemption is None:
        return None
    when = (
        "with no end date"
        if exemption.until is None
        else f"until {format_timestamp(exemption.until)}"
    )
    reason = (
        f"Exempt {when}: {exemption.reason}. Never marked away or removed automatically "
        f"while the exemption lasts ({facts.last_activity() or 'no activity on record'})."
    )
    upstream = facts.context.upstream
    if upstream is not None and upstream.any_enabled:
        reason += f" Note: {UPSTREAM} is on and does not read mentorwatch's exemptions."
    return Draft(Action.KEEP, reason, None, facts.away_until, exempt=True)


def upstream_removes(facts: MentorFacts) -> Draft | None:
    """Upstream's removal is on: mentorwatch's own removal defers to it (no list write).

    Not for a mentor mentorwatch marks away meanwhile (upstream's away rule off: see
    :func:`away`), whose decision says when upstream removes them."""
    context, removal_on = facts.context, facts.removal_on
    removal = context.removal
    if not context.upstream_removes or removal is None or facts.past_away:
        return None
    config, own = context.config, context.config.autoremove_enabled
    if facts.past_removal_in_force:
        reason = (
            f"{facts.inactivity()}, more than {UPSTREAM}'s removal threshold of "
            f"{plural_days(removal.days)}: {UPSTREAM} removes them {_upstream_when(facts)}; "
            "mentorwatch makes no change."
        )
        if own:
            reason += " (mentorwatch's own removal rule is on too and defers to it.)"
    elif facts.past_own_removal:
        reason = (
            f"{facts.inactivity()}, more than mentorwatch's removal threshold of "
            f"{plural_days(config.autoremove_after_days)}, but {UPSTREAM}'s removal is on, so "
            f"mentorwatch's defers to it: {UPSTREAM} removes them {_upstream_when(facts)}; "
            "mentorwatch makes no change."
        )
    else:
        return None
    return Draft(
        Action.KEEP,
        reason,
        removal.days,
        facts.away_until,
        next_action=Action.REMOVE,
        next_action_after=removal_on,
        next_by_upstream=True,
    )


def _upstream_when(facts: MentorFacts) -> str:
    removal_on = facts.removal_on
    if removal_on is None or removal_on <= facts.context.now:
        return "at its next run"
    return f"on or after {format_timestamp(removal_on)}"


def upstream_marks_away(facts: MentorFacts) -> Draft | None:
    """Upstream's away rule is on: mentorwatch's own away defers to it (no list write)."""
    upstream, config = facts.context.upstream, facts.context.config
    if upstream is None or not upstream.away_enabled:
        return None
    if facts.past_upstream_away:
        reason = (
            f"{facts.inactivity()}, more than {UPSTREAM}'s away threshold of "
            f"{plural_days(upstream.away_days)}: {UPSTREAM} marks them away; mentorwatch "
            "makes no change."
        )
    elif facts.past_own_away:
        reason = (
            f"{facts.inactivity()}, more than mentorwatch's away threshold of "
            f"{plural_days(config.autoaway_after_days)}, but {UPSTREAM}'s away rule is on "
            f"(after {plural_days(upstream.away_days)}), so mentorwatch's defers to it: "
            "no change."
        )
    else:
        return None
    return Draft(Action.KEEP, reason, upstream.away_days, facts.away_until)


# --- inactive mentors -------------------------------------------------------------------------


def _past_removal_reason(facts: MentorFacts) -> str:
    days = plural_days(facts.context.config.autoremove_after_days)
    return f"{facts.inactivity()}, more than the removal threshold of {days}"


def remove(facts: MentorFacts) -> Draft | None:
    """Past removal: removed (never first marked away); with warnings, once warned long enough."""
    if not facts.past_removal:
        return None
    context = facts.context
    threshold = context.config.autoremove_after_days
    if not context.warns:
        return Draft(Action.REMOVE, _past_removal_reason(facts) + ".", threshold, None)
    warning = facts.episode_warning
    warn_days = context.config.warn_days_before_removal
    if warning is None or context.now < shifted(warning.warned_at, warn_days * DAY):
        return None  # the removal waits for the warning (see waits_for_warning)
    inactive = _past_removal_reason(facts)
    return Draft(
        Action.REMOVE,
        f"{inactive}; warned on {format_timestamp(warning.warned_at)}, "
        f"at least {plural_days(warn_days)} ago.",
        threshold,
        None,
        warned_at=warning.warned_at,
    )


def away(facts: MentorFacts) -> Draft | None:
    """Marked away (past the away threshold; or past the removal threshold where upstream has
    the removal), or the away period extended when it ends before the next run.

    The away lasts until the run after the removal is due (:func:`automatic_away_until`),
    a moment that does not move from run to run: a stable plan makes no edit."""
    if not facts.past_away:
        return None
    context = facts.context
    now = context.now
    inactive, threshold = _why_away(facts)
    current = facts.away_until
    if current is not None and (facts.pause is not None or now <= current):
        if current >= cover_until(now, context.run_interval):
            return Draft(
                Action.KEEP,
                f"{inactive}; already away until {format_timestamp(current)}, which covers the "
                "next run: no edit.",
                threshold,
                current,
            )
        target = max(automatic_away_until(facts.removal_due, now, context.run_interval), current)
        return Draft(
            Action.RENEW_AWAY,
            f"{inactive}; the away period ends {format_timestamp(current)}, before the next "
            f"run, so it is extended to {format_timestamp(target)}.",
            threshold,
            target,
        )
    target = automatic_away_until(facts.removal_due, now, context.run_interval)
    return Draft(
        Action.MARK_AWAY,
        f"{inactive}; marked away until {format_timestamp(target)}.",
        threshold,
        target,
    )


def _why_away(facts: MentorFacts) -> tuple[str, int]:
    """Why mentorwatch marks the mentor away, in an admin's words, and the threshold passed:
    its removal threshold where it defers the removal to upstream, else its away threshold."""
    context = facts.context
    config = context.config
    if facts.past_own_removal and context.upstream_removes:
        days = config.autoremove_after_days
        return (
            f"{facts.inactivity()}, more than mentorwatch's removal threshold of "
            f"{plural_days(days)}, but {UPSTREAM} has the removal (it removes them "
            f"{_upstream_when(facts)}): meanwhile mentorwatch keeps newcomers from them",
            days,
        )
    days = config.autoaway_after_days
    return f"{facts.inactivity()}, more than the away threshold of {plural_days(days)}", days


def waits_for_warning(facts: MentorFacts) -> Draft | None:
    """Past removal, but with warnings on the removal waits until the warning is old enough."""
    if not facts.past_removal:
        return None
    waits = "removal waits for the warning"
    if facts.warning_blocked:
        waits += ", which could not be posted: it waits for an admin"
    return Draft(
        Action.KEEP,
        f"{_past_removal_reason(facts)}; {waits}.",
        facts.context.config.autoremove_after_days,
        facts.away_until,
    )


# --- active mentors ---------------------------------------------------------------------------


def resume(facts: MentorFacts) -> Draft | None:
    """Active again after mentorwatch paused them: automatic assignment restored."""
    pause = facts.pause
    if pause is None:
        return None
    config = facts.context.config
    return Draft(
        Action.RESUME,
        f"{facts.activity_summary()}: automatic assignment, paused by mentorwatch, "
        f"is restored (weight {pause.previous_weight}).",
        config.autoaway_after_days if config.autoaway_enabled else None,
        None,
        weight_after=pause.previous_weight,
    )


def active(facts: MentorFacts) -> Draft:
    """Within every threshold: kept, with the next threshold they would cross (ours or
    upstream's)."""
    thresholds = _thresholds(facts)
    if not thresholds:
        return Draft(Action.KEEP, "No cleanup rule is enabled.", None, facts.away_until)
    threshold, next_action, by_upstream = min(thresholds)
    last = facts.last_active_at
    assert last is not None  # no activity at all is past every threshold
    label = {Action.MARK_AWAY: "away", Action.REMOVE: "removal", Action.WARN: "warning"}
    whose = f"{UPSTREAM}'s " if by_upstream else ""
    return Draft(
        Action.KEEP,
        f"{facts.activity_summary()}, within {whose or 'the '}{label[next_action]} threshold of "
        f"{plural_days(threshold)}.",
        threshold,
        facts.away_until,
        next_action=next_action,
        next_action_after=shifted(last, threshold * DAY),
        next_by_upstream=by_upstream,
    )


def _thresholds(facts: MentorFacts) -> list[tuple[int, Action, bool]]:
    """(days, action, whether upstream's) of every rule in force."""
    context = facts.context
    config, upstream = context.config, context.upstream
    found: list[tuple[int, Action, bool]] = []
    if upstream is not None and upstream.away_enabled:
        found.append((upstream.away_days, Action.MARK_AWAY, True))
    elif config.autoaway_enabled:
        found.append((config.autoaway_after_days, Action.MARK_AWAY, False))
    removal = context.removal
    if removal is not None:
        found.append((removal.days, Action.REMOVE, removal.by_upstream))
        if context.warns and facts.warning is None:
            warn_from = removal.days - config.warn_days_before_removal
            found.append((warn_from, Action.WARN, False))
    return found


Rule = Callable[[MentorFacts], Draft | None]

#: The rules in the order they are asked; the first that drafts a decision wins.
RULES: tuple[Rule, ...] = (
    no_activity_record,
    activity_in_the_future,
    blocked,
    exempt,
    upstream_removes,
    remove,
    upstream_marks_away,
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
