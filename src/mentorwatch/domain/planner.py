"""``plan(snapshot) -> Plan``: one decision per mentor, with its reason and evidence.

Pure and deterministic: no I/O, no clock (``now`` comes from the snapshot). The rules, in
order, for each mentor of the list:

1. No activity record in the snapshot, a blocked mentor, or a last activity in the future:
   ``keep``, reported (never acted on). An exempt mentor (the rules page's ``Exemptions``):
   ``keep``, "exempt until ...", no warning.
   Where GrowthExperiments' own cleanup has the removal (or away) rule on, mentorwatch's own
   rule for that action defers: ``keep``, saying when upstream acts; warnings then announce
   upstream's date.
2. Removal on and inactive for more than R days: ``remove`` (never first marked away). With
   warnings on (mentorwatch's own setting), removal also waits until the mentor was warned,
   in this inactivity episode, at least W days ago; the warning is due from R - W days of
   inactivity (``warn``, or carried by the ``mark_away``/``renew_away`` of the same run).
3. Away on and inactive for more than A days: ``mark_away`` if not away; ``renew_away`` if
   away but the period ends before the next run; ``keep`` if the period already covers it.
4. Otherwise ``keep``; or ``resume`` for a mentor whose automatic assignment mentorwatch paused
   (wikis that cannot mark away, see :class:`~mentorwatch.domain.mentors.Pause`).
5. A mentor whose away period runs past their removal date and was not told for this period:
   ``away_notice`` (a talk-page notice; no list change).

Inactivity is strict, as upstream: exactly N days does not act, N days and one second does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from mentorwatch.domain.activity import ActivitySource
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.facts import (
    Action,
    Flag,
    MentorFacts,
    MentorInput,
    PlanContext,
    facts_of,
)
from mentorwatch.domain.message import Message
from mentorwatch.domain.pool import Pool
from mentorwatch.domain.questions_report import QuestionsReport, pool_for, questions_report
from mentorwatch.domain.rule_draft import Draft
from mentorwatch.domain.rules import draft_for
from mentorwatch.domain.rules_source import RulesSource
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.status import MentorStatus, status_of
from mentorwatch.domain.warning_state import WarningState

__all__ = ["Action", "Decision", "Flag", "MentorInput", "Plan", "PlanContext", "decide", "plan"]


class Decision(NamedTuple):
    """What happens to one mentor in this run, and why.

    A frozen record; a tuple because a plan makes one for every mentor of the list, and a
    tuple is made several times faster than a frozen dataclass (``bench/plan.py``)."""

    user_id: int
    username: str
    action: Action
    #: why, as sentences of the catalogue (:mod:`.message`), rendered at each edge in its
    #: reader's language (``language/render.py`` ``reason_text``); never prose
    reason: tuple[Message, ...]
    last_active_at: datetime | None
    last_active_source: ActivitySource
    days_inactive: float | None
    threshold_days: int | None
    away_until_before: datetime | None
    away_until_after: datetime | None
    flags: tuple[Flag, ...] = ()
    problem: Message | None = None
    next_action: Action | None = None
    next_action_after: datetime | None = None
    paused: bool = False
    weight_after: int | None = None
    #: set when this run warns the mentor: the removal date the warning announces
    warn_removal_on: datetime | None = None
    warned_at: datetime | None = None
    #: the next action is GrowthExperiments' own cleanup's (mentorwatch will not make it)
    next_action_by_upstream: bool = False
    #: set when this run tells an away mentor their away runs past this removal date
    away_notice_removal_on: datetime | None = None
    #: the state the plan found the mentor in (:mod:`.status`: one vocabulary for every surface)
    status: MentorStatus = MentorStatus.ACTIVE
    #: the community rule that decided (``edits``, ``retired``, ``wikibreak``; None: the days
    #: rule or none), its evidence in the reason
    rule: str | None = None

    @property
    def changes_wiki(self) -> bool:
        return self.action is not Action.KEEP


@dataclass(frozen=True)
class Plan:
    now: datetime
    config: CommunityConfig
    run_interval: timedelta
    decisions: tuple[Decision, ...]
    #: where the rules came from (None: not recorded, an old snapshot)
    rules: RulesSource | None = None
    #: the mentor pool before and after the plan (None: a plan made without it)
    pool: Pool | None = None
    #: mentees' questions per mentor and the nudges due (None: questions not read)
    questions: QuestionsReport | None = None

    def counts(self) -> dict[Action, int]:
        """Decisions by action; ``warn`` and ``away_notice``: every message planned, also
        those another action carries (a ``mark_away`` that warns counts in both)."""
        counted = Counter(decision.action for decision in self.decisions)
        counted[Action.WARN] = sum(d.warn_removal_on is not None for d in self.decisions)
        counted[Action.AWAY_NOTICE] = sum(
            d.away_notice_removal_on is not None for d in self.decisions
        )
        return {action: counted.get(action, 0) for action in Action}

    def changes(self) -> tuple[Decision, ...]:
        return tuple(decision for decision in self.decisions if decision.changes_wiki)

    def problems(self) -> tuple[Decision, ...]:
        return tuple(decision for decision in self.decisions if decision.problem is not None)


def plan(snapshot: Snapshot) -> Plan:
    """Decide, for every mentor of the snapshot's list, exactly one action."""
    context = PlanContext(snapshot.config, snapshot.now, snapshot.run_interval, snapshot.upstream)
    activity, paused = snapshot.activity, snapshot.paused
    warned, noticed, undelivered = snapshot.warned, snapshot.away_noticed, snapshot.undelivered
    evidence = snapshot.evidence
    decisions = tuple(
        decide(
            MentorInput(
                mentor,
                activity.get(mentor.user_id),
                paused.get(mentor.user_id),
                warned.get(mentor.user_id),
                noticed.get(mentor.user_id),
                undelivered.get(mentor.user_id, ()),
                evidence.get(mentor.user_id),
            ),
            context,
        )
        for mentor in snapshot.mentors
    )
    return Plan(
        snapshot.now,
        snapshot.config,
        snapshot.run_interval,
        decisions,
        snapshot.rules,
        pool_for(snapshot, decisions),
        questions_report(snapshot, decisions),
    )


def decide(given: MentorInput, context: PlanContext) -> Decision:
    """The decision for one mentor: the first rule that applies (:mod:`.rules`), finished."""
    facts = facts_of(given, context)
    return finish(facts, draft_for(facts))


def finish(facts: MentorFacts, draft: Draft) -> Decision:
    """A rule's draft made a decision: the warning it carries, the note (and notice) for an
    away that runs past the removal date, and the next action; none of them for a mentor not
    acted on (the flag that says why comes first) or exempt."""
    action, flags = draft.action, facts.flags
    reason = [draft.reason, *draft.notes]
    warn_removal_on = notice_on = next_after = warned_at = None
    next_action, by_upstream = None, False
    if draft.unusable is not None:
        flags = (draft.unusable, *flags)
    elif not draft.exempt:
        carried = facts.warning if action is not Action.REMOVE else None
        if carried is not None:
            action, warn_removal_on = _carry_warning(carried, action, reason)
        if Flag.AWAY_LONGER_THAN_REMOVAL in flags and action is not Action.REMOVE:
            action, notice_on = _away_past_removal(facts, action, reason, warn_removal_on)
        next_action, next_after, by_upstream = _next_action(facts, draft, action, carried)
        if facts.warning_blocked and next_action is Action.REMOVE and not by_upstream:
            next_action = next_after = None  # the removal waits for an admin
        warning = facts.warning
        warned_at = draft.warned_at or (warning.warned_at if warning else None)
    ended = facts.expired_exemption
    if ended is not None and ended.until is not None:
        reason.append(
            Message.of(
                "mentorwatch-note-exemption-expired",
                exemption_reason=ended.reason,
                expired_at=ended.until,
            )
        )
    if facts.messages:
        reason.extend(message.explain() for message in facts.messages)
    if facts.pause is not None and action is not Action.RESUME and draft.unusable is None:
        reason.append(Message.of("mentorwatch-note-paused", weight=facts.pause.previous_weight))
    mentor = facts.mentor
    # in field order: by keyword, the call would cost more than making the record
    return Decision(
        mentor.user_id,
        mentor.username,
        action,
        tuple(reason),
        facts.last_active_at,
        facts.source,  # last_active_source
        facts.days_inactive,
        draft.threshold,  # threshold_days
        facts.away_until,  # away_until_before
        draft.away_until_after,
        flags,
        draft.problem,
        next_action,
        next_after,  # next_action_after
        facts.pause is not None,  # paused
        draft.weight_after,
        warn_removal_on,
        warned_at,
        by_upstream,  # next_action_by_upstream
        notice_on,  # away_notice_removal_on
        status_of(facts, flags, action is Action.REMOVE),
        draft.rule,
    )


def _carry_warning(
    warning: WarningState, action: Action, reason: list[Message]
) -> tuple[Action, datetime | None]:
    """The warning a decision carries: given now (a mentor otherwise kept is warned), or the
    one given before; with the removal date announced, when this run warns (its sentence is
    added to ``reason``)."""
    removal_on = warning.removal_on
    if warning.due_now:
        reason.append(Message.of("mentorwatch-note-warned-now", removal_on=removal_on))
        return (Action.WARN if action is Action.KEEP else action), removal_on
    warned_at = warning.warned_at
    if warned_at is not None:
        key = "mentorwatch-note-opted-out" if warning.opted_out else "mentorwatch-note-warned"
        reason.append(Message.of(key, warned_at=warned_at, removal_on=removal_on))
    return action, None


def _away_past_removal(
    facts: MentorFacts, action: Action, reason: list[Message], warned_now: datetime | None
) -> tuple[Action, datetime | None]:
    """An away that runs past the removal date: a note for admins, and the notice telling the
    mentor (a mentor otherwise kept gets it as this run's action), unless warned now or told
    for this away period already; with the removal date the notice gives."""
    removal_on, away_until = facts.removal_on, facts.away_until
    assert removal_on is not None and away_until is not None
    reason.append(
        Message.of(
            "mentorwatch-note-away-past-removal", away_until=away_until, removal_on=removal_on
        )
    )
    notice_on = facts.away_notice_due if warned_now is None else None
    if notice_on is None:
        return action, None
    reason.append(_TOLD_NOW)
    return (Action.AWAY_NOTICE if action is Action.KEEP else action), notice_on


_TOLD_NOW = Message("mentorwatch-note-told-now")


def _next_action(
    facts: MentorFacts, draft: Draft, action: Action, carried: WarningState | None
) -> tuple[Action | None, datetime | None, bool]:
    """What comes next, when and whether by upstream's cleanup: the rule's, the removal a
    warning announces (unless the away comes first), else the removal date in force."""
    context = facts.context
    next_action, after = draft.next_action, draft.next_action_after
    by_upstream = draft.next_by_upstream
    if carried is not None and (
        next_action in (None, Action.REMOVE) or not context.config.autoaway_enabled
    ):
        next_action, after = Action.REMOVE, carried.removal_on
        by_upstream = context.removal is not None and context.removal.by_upstream
    if next_action is None and action in _NEXT_REMOVAL_AFTER and facts.removal_on is not None:
        next_action, after = Action.REMOVE, facts.removal_on
        by_upstream = context.upstream_removes
    return next_action, after, by_upstream and next_action is not None


_NEXT_REMOVAL_AFTER = (Action.MARK_AWAY, Action.RENEW_AWAY, Action.KEEP, Action.AWAY_NOTICE)
