"""The community rules over what the wiki shows besides days of inactivity (issue 24), one
small pure function each, in :data:`~mentorwatch.domain.rules.RULES` after the days rule's
removal: a retired template, too few edits per namespace in a window, a wikibreak template.

Each is off unless the rules page turns it on, and decides nothing without its evidence in the
snapshot (:class:`~mentorwatch.domain.rule_evidence.RuleEvidence`). They come after the rules
that leave a mentor alone (no activity record, blocked, exempt), so an exempt mentor is never
acted on; where GrowthExperiments' own cleanup has an action on, mentorwatch does not take it
(a removal becomes an away meanwhile, as for the days rule). An away never shortens the
mentor's own: it is extended or kept, never cut.
"""

from __future__ import annotations

from datetime import datetime

from mentorwatch.domain import rule_reasons as say
from mentorwatch.domain.away import automatic_away_until, cover_until
from mentorwatch.domain.config.community_rules import Combine, EditsRule, RuleAction
from mentorwatch.domain.facts import Action, MentorFacts
from mentorwatch.domain.message import Message
from mentorwatch.domain.rule_draft import Draft
from mentorwatch.domain.timeutil import shifted

#: the rule names a decision carries (``Decision.rule``)
EDITS, RETIRED, WIKIBREAK = "edits", "retired", "wikibreak"


def edits_met(rule: EditsRule, counts: tuple[int, ...]) -> bool:
    """Every minimum met (``and``), or one (``or``); exactly the minimum is met."""
    met = [count >= group.minimum for group, count in zip(rule.groups, counts, strict=True)]
    return all(met) if rule.combine is Combine.AND else any(met)


def retired(facts: MentorFacts) -> Draft | None:
    """A retired template on their user page: removed (or marked away, as the rules say)."""
    rule, evidence = facts.context.config.rules.retired, facts.evidence
    if not rule.enabled or evidence is None or evidence.retired is None:
        return None
    return _act(facts, rule.action, say.retired_evidence(evidence.retired), RETIRED)


def too_few_edits(facts: MentorFacts) -> Draft | None:
    """Fewer edits than the minimums in the window: the rule's action."""
    rule, evidence = facts.context.config.rules.edits, facts.evidence
    counts = None if evidence is None else evidence.edit_counts
    if not rule.enabled or counts is None or len(counts) != len(rule.groups):
        return None
    if edits_met(rule, counts):
        return None
    return _act(facts, rule.action, say.edits_evidence(rule, counts), EDITS)


def on_wikibreak(facts: MentorFacts) -> Draft | None:
    """A wikibreak template on their user page: away while it is there, or until the end date
    it gives (a date already past: the break is over, nothing is done)."""
    rule, evidence = facts.context.config.rules.wikibreak, facts.evidence
    wikibreak = None if evidence is None else evidence.wikibreak
    if not rule.enabled or wikibreak is None:
        return None
    now, interval = facts.context.now, facts.context.run_interval
    if wikibreak.until is not None and wikibreak.until <= now:
        return None
    said = say.wikibreak_evidence(wikibreak.template, wikibreak.until)
    if facts.context.upstream_marks_away:
        return _draft(Action.KEEP, say.upstream_has_away(said), facts.away_until, WIKIBREAK)
    # without an end date: two runs ahead, so it lapses soon after the template goes
    target = wikibreak.until or shifted(cover_until(now, interval), interval)
    return _away(facts, said, target, WIKIBREAK)


def passing_note(facts: MentorFacts) -> tuple[Message, ...]:
    """For a mentor the rules leave alone: the edits rule's evidence, that they met it."""
    rule, evidence = facts.context.config.rules.edits, facts.evidence
    counts = None if evidence is None else evidence.edit_counts
    if not rule.enabled or counts is None or len(counts) != len(rule.groups):
        return ()
    if not edits_met(rule, counts):
        return ()
    return (say.edits_met(rule, counts),)


def _act(facts: MentorFacts, action: RuleAction, said: Message, rule: str) -> Draft:
    """The rule's action, or what is left of it where upstream's cleanup has that action on."""
    context = facts.context
    if action is RuleAction.REMOVAL and not context.upstream_removes:
        return _draft(Action.REMOVE, say.removed(said), None, rule)
    if action is RuleAction.REMOVAL:
        said = say.upstream_has_removal(said)
    if context.upstream_marks_away:
        return _draft(Action.KEEP, say.upstream_has_away(said), facts.away_until, rule)
    target = automatic_away_until(None, context.now, context.run_interval)
    return _away(facts, said, target, rule)


def _away(facts: MentorFacts, said: Message, target: datetime, rule: str) -> Draft:
    """Away until ``target``: marked, extended, or kept where the away in force already
    covers the next run (never shortened: an own away longer than the target stays)."""
    context = facts.context
    current = facts.away_until
    if current is not None and (facts.pause is not None or context.now <= current):
        if current >= min(target, cover_until(context.now, context.run_interval)):
            return _draft(Action.KEEP, say.away_kept(said, current), current, rule)
        target = max(target, current)
        return _draft(Action.RENEW_AWAY, say.away_extended(said, current, target), target, rule)
    return _draft(Action.MARK_AWAY, say.marked_away(said, target), target, rule)


def _draft(action: Action, reason: Message, away_after: datetime | None, rule: str) -> Draft:
    return Draft(action, reason, None, away_after, rule=rule)
