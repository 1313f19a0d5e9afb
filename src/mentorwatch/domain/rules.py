"""The cleanup rules, one small pure function each, over the facts about one mentor.

:func:`mentorwatch.domain.planner.decide` asks them in order; the first that applies drafts the
decision. Every rule reads the fields of a frozen :class:`~mentorwatch.domain.facts.MentorFacts`
(what the snapshot says about the mentor, with the inactivity, the thresholds passed and the
warning state worked out once, and the plan-wide context) and returns a :class:`Draft` or
``None`` (not mine). Nothing is mutated: the warning a draft carries, the away note and the
next action are added by :func:`mentorwatch.domain.planner.finish`.

To add a rule: write a function ``(MentorFacts) -> Draft | None`` here, with its reason as a
:class:`~mentorwatch.domain.message.Message` of the catalogue (an admin's words in
``src/mentorwatch/i18n/en.json``, documented in ``qqq.json``, translated: ``docs/i18n.md``),
put it in :data:`RULES` where it belongs in the order, and add unit tests
(tests/unit/test_planner.py) and, where it has an invariant, a property. A value the rule asks
about a mentor becomes a field of ``MentorFacts``, worked out once in
:func:`~mentorwatch.domain.facts.facts_of` (one the same for every mentor, in ``PlanContext``).
"""

from __future__ import annotations

from collections.abc import Callable

from mentorwatch.domain.activity import ActivitySource
from mentorwatch.domain.away import automatic_away_until, cover_until
from mentorwatch.domain.evidence_rules import on_wikibreak, passing_note, retired, too_few_edits
from mentorwatch.domain.facts import Action, Flag, MentorFacts
from mentorwatch.domain.message import Message
from mentorwatch.domain.rule_draft import Draft
from mentorwatch.domain.timeutil import DAY, shifted

# --- mentors not to act on --------------------------------------------------------------------


def no_activity_record(facts: MentorFacts) -> Draft | None:
    if facts.activity is not None:
        return None
    return _not_acted_on(
        facts,
        Message("mentorwatch-reason-no-activity-record"),
        Flag.NO_ACTIVITY_RECORD,
        Message("mentorwatch-problem-no-activity-record"),
    )


def activity_in_the_future(facts: MentorFacts) -> Draft | None:
    last = facts.last_active_at
    if last is None or last <= facts.context.now:
        return None
    run_at = facts.context.now
    if facts.source is ActivitySource.EDIT:
        reason = Message.of("mentorwatch-reason-future-edit", last_edit_at=last, run_at=run_at)
        problem = Message("mentorwatch-problem-future-edit")
    elif facts.source is ActivitySource.LOG_ACTION:
        reason = Message.of(
            "mentorwatch-reason-future-logged",
            log_type=facts.log_type(),
            logged_at=last,
            run_at=run_at,
        )
        problem = Message("mentorwatch-problem-future-logged")
    else:
        reason = Message.of(
            "mentorwatch-reason-future-registration", registered_at=last, run_at=run_at
        )
        problem = Message("mentorwatch-problem-future-registration")
    return _not_acted_on(facts, reason, Flag.FUTURE_ACTIVITY, problem)


def blocked(facts: MentorFacts) -> Draft | None:
    if facts.activity is None or not facts.activity.blocked:
        return None
    return _not_acted_on(facts, Message("mentorwatch-reason-blocked"), Flag.BLOCKED)


def _not_acted_on(
    facts: MentorFacts, reason: Message, flag: Flag, problem: Message | None = None
) -> Draft:
    return Draft(Action.KEEP, reason, None, facts.away_until, unusable=flag, problem=problem)


# --- exempt mentors, and actions GrowthExperiments' own cleanup takes --------------------


def exempt(facts: MentorFacts) -> Draft | None:
    """Exempted on the rules page: never marked away or removed automatically, not warned."""
    exemption = facts.exemption
    if exemption is None:
        return None
    activity = facts.last_activity() or _NO_ACTIVITY
    if exemption.until is None:
        reason = Message.of(
            "mentorwatch-reason-exempt", exemption_reason=exemption.reason, activity=activity
        )
    else:
        reason = Message.of(
            "mentorwatch-reason-exempt-until",
            until=exemption.until,
            exemption_reason=exemption.reason,
            activity=activity,
        )
    upstream = facts.context.upstream
    notes = (_UPSTREAM_IGNORES_EXEMPTIONS,) if upstream is not None and upstream.any_enabled else ()
    return Draft(Action.KEEP, reason, None, facts.away_until, exempt=True, notes=notes)


_NO_ACTIVITY = Message("mentorwatch-no-activity-on-record")
_UPSTREAM_IGNORES_EXEMPTIONS = Message("mentorwatch-note-upstream-ignores-exemptions")
_OWN_REMOVAL_DEFERS = Message("mentorwatch-note-own-removal-defers")


def upstream_removes(facts: MentorFacts) -> Draft | None:
    """Upstream's removal is on: mentorwatch's own removal defers to it (no list write).

    Not for a mentor mentorwatch marks away meanwhile (upstream's away rule off: see
    :func:`away`), whose decision says when upstream removes them."""
    context, removal_on = facts.context, facts.removal_on
    removal = context.removal
    if not context.upstream_removes or removal is None or facts.past_away:
        return None
    config, own = context.config, context.config.autoremove_enabled
    notes: tuple[Message, ...] = ()
    if facts.past_removal_in_force:
        key, days = "mentorwatch-reason-upstream-removes", removal.days
        notes = (_OWN_REMOVAL_DEFERS,) if own else ()
    elif facts.past_own_removal:
        key, days = "mentorwatch-reason-own-removal-defers", config.autoremove_after_days
    else:
        return None
    reason = Message.of(
        key, inactivity=facts.inactivity(), num_days=days, when=_upstream_when(facts)
    )
    return Draft(
        Action.KEEP,
        reason,
        removal.days,
        facts.away_until,
        next_action=Action.REMOVE,
        next_action_after=removal_on,
        next_by_upstream=True,
        notes=notes,
    )


def _upstream_when(facts: MentorFacts) -> Message:
    removal_on = facts.removal_on
    if removal_on is None or removal_on <= facts.context.now:
        return _AT_NEXT_RUN
    return Message.of("mentorwatch-upstream-on-or-after", removal_on=removal_on)


_AT_NEXT_RUN = Message("mentorwatch-upstream-next-run")


def upstream_marks_away(facts: MentorFacts) -> Draft | None:
    """Upstream's away rule is on: mentorwatch's own away defers to it (no list write)."""
    upstream, config = facts.context.upstream, facts.context.config
    if upstream is None or not upstream.away_enabled:
        return None
    if facts.past_upstream_away:
        reason = Message.of(
            "mentorwatch-reason-upstream-marks-away",
            inactivity=facts.inactivity(),
            num_days=upstream.away_days,
        )
    elif facts.past_own_away:
        reason = Message.of(
            "mentorwatch-reason-own-away-defers",
            inactivity=facts.inactivity(),
            num_days=config.autoaway_after_days,
            num_upstream_days=upstream.away_days,
        )
    else:
        return None
    return Draft(Action.KEEP, reason, upstream.away_days, facts.away_until)


# --- inactive mentors -------------------------------------------------------------------------


def _past_removal(facts: MentorFacts, key: str) -> Message:
    """A reason of a mentor past the removal threshold (``mentorwatch-reason-remove*``)."""
    days = facts.context.config.autoremove_after_days
    return Message.of(key, inactivity=facts.inactivity(), num_days=days)


def remove(facts: MentorFacts) -> Draft | None:
    """Past removal: removed (never first marked away); with warnings, once warned long enough."""
    if not facts.past_removal:
        return None
    context = facts.context
    threshold = context.config.autoremove_after_days
    if not context.warns:
        return Draft(
            Action.REMOVE, _past_removal(facts, "mentorwatch-reason-remove"), threshold, None
        )
    warning = facts.episode_warning
    warn_days = context.config.warn_days_before_removal
    if warning is None or context.now < shifted(warning.warned_at, warn_days * DAY):
        return None  # the removal waits for the warning (see waits_for_warning)
    reason = Message.of(
        "mentorwatch-reason-remove-warned",
        inactivity=facts.inactivity(),
        num_days=threshold,
        warned_at=warning.warned_at,
        num_warn_days=warn_days,
    )
    return Draft(
        Action.REMOVE,
        reason,
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
    why, threshold = _why_away(facts)
    current = facts.away_until
    if current is not None and (facts.pause is not None or now <= current):
        if current >= cover_until(now, context.run_interval):
            reason = Message.of("mentorwatch-reason-away-covered", why=why, away_until=current)
            return Draft(Action.KEEP, reason, threshold, current)
        target = max(automatic_away_until(facts.removal_due, now, context.run_interval), current)
        reason = Message.of(
            "mentorwatch-reason-renew-away", why=why, away_until=current, extended_to=target
        )
        return Draft(Action.RENEW_AWAY, reason, threshold, target)
    target = automatic_away_until(facts.removal_due, now, context.run_interval)
    reason = Message.of("mentorwatch-reason-mark-away", why=why, away_until=target)
    return Draft(Action.MARK_AWAY, reason, threshold, target)


def _why_away(facts: MentorFacts) -> tuple[Message, int]:
    """Why mentorwatch marks the mentor away, in an admin's words, and the threshold passed:
    its removal threshold where it defers the removal to upstream, else its away threshold."""
    context = facts.context
    config = context.config
    if facts.past_own_removal and context.upstream_removes:
        days = config.autoremove_after_days
        why = Message.of(
            "mentorwatch-why-away-upstream-removes",
            inactivity=facts.inactivity(),
            num_days=days,
            when=_upstream_when(facts),
        )
        return why, days
    days = config.autoaway_after_days
    why = Message.of("mentorwatch-why-away", inactivity=facts.inactivity(), num_days=days)
    return why, days


def waits_for_warning(facts: MentorFacts) -> Draft | None:
    """Past removal, but with warnings on the removal waits until the warning is old enough."""
    if not facts.past_removal:
        return None
    blocked = facts.warning_blocked
    key = "mentorwatch-reason-removal-waits" + ("-admin" if blocked else "")
    return Draft(
        Action.KEEP,
        _past_removal(facts, key),
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
        Message.of(
            "mentorwatch-reason-resume",
            activity=facts.activity_summary(),
            weight=pause.previous_weight,
        ),
        config.autoaway_after_days if config.autoaway_enabled else None,
        None,
        weight_after=pause.previous_weight,
    )


def active(facts: MentorFacts) -> Draft:
    """Within every threshold: kept, with the next threshold they would cross (ours or
    upstream's)."""
    thresholds = _thresholds(facts)
    if not thresholds:
        return _no_threshold(facts)
    threshold, next_action, by_upstream = min(thresholds)
    last = facts.last_active_at
    assert last is not None  # no activity at all is past every threshold
    key = _WITHIN[(next_action, by_upstream)]
    return Draft(
        Action.KEEP,
        Message.of(key, activity=facts.activity_summary(), num_days=threshold),
        threshold,
        facts.away_until,
        next_action=next_action,
        next_action_after=shifted(last, threshold * DAY),
        next_by_upstream=by_upstream,
        notes=passing_note(facts),
    )


def _no_threshold(facts: MentorFacts) -> Draft:
    """No days threshold to be within: no cleanup rule is on, or the community rules that are
    on (issue 24) leave the mentor alone (with the edits rule's evidence, where it is on)."""
    if not facts.context.config.rules.any_enabled:
        return Draft(Action.KEEP, _NO_RULES, None, facts.away_until)
    notes = passing_note(facts)
    return Draft(Action.KEEP, _NONE_APPLIES, None, facts.away_until, notes=notes)


_NO_RULES = Message("mentorwatch-reason-no-rules")
_NONE_APPLIES = Message("mentorwatch-reason-rule-none-applies")
#: the reason of an active mentor, by the next threshold and whether it is upstream's
_WITHIN = {
    (Action.MARK_AWAY, False): "mentorwatch-reason-within-away",
    (Action.REMOVE, False): "mentorwatch-reason-within-removal",
    (Action.WARN, False): "mentorwatch-reason-within-warning",
    (Action.MARK_AWAY, True): "mentorwatch-reason-within-upstream-away",
    (Action.REMOVE, True): "mentorwatch-reason-within-upstream-removal",
}


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
    retired,
    too_few_edits,
    upstream_marks_away,
    away,
    waits_for_warning,
    on_wikibreak,
    resume,
)


def draft_for(facts: MentorFacts) -> Draft:
    for rule in RULES:
        draft = rule(facts)
        if draft is not None:
            return draft
    return active(facts)
