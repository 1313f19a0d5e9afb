"""Invariants of the planner with the community rules on (issue 24), over generated snapshots:
one decision per mentor; a mentor passing every enabled rule is never acted on; no removal
where no rule removes; exempt mentors never acted on; the reason says what the action does;
a mentor's own away never shortened."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.config.community_rules import (
    Combine,
    CommunityRules,
    EditsRule,
    LogActionsRule,
    NamespaceGroup,
    NamespaceSet,
    RetiredRule,
    RuleAction,
    WikibreakRule,
)
from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.planner import Action, plan
from mentorwatch.domain.rule_evidence import LoggedAction, RuleEvidence, Wikibreak
from mentorwatch.domain.snapshot import Snapshot

from .builders import NOW
from .test_planner_properties import snapshots

actions = st.sampled_from(list(RuleAction))


@st.composite
def community_rules(draw: st.DrawFn, removal: bool = True) -> CommunityRules:
    chosen = actions if removal else st.just(RuleAction.AWAY)
    groups = tuple(
        NamespaceGroup(
            tuple(draw(st.lists(st.integers(0, 15), min_size=1, max_size=2, unique=True))),
            (NamespaceSet.TALK,) if draw(st.booleans()) else (),
            draw(st.integers(1, 40)),
        )
        for _ in range(draw(st.integers(1, 3)))
    )
    return CommunityRules(
        EditsRule(
            draw(st.booleans()),
            draw(st.integers(1, 400)),
            groups,
            draw(st.sampled_from(list(Combine))),
            draw(chosen),
        ),
        RetiredRule(draw(st.booleans()), ("Retired",), draw(chosen)),
        WikibreakRule(draw(st.booleans()), ("Wikibreak",), "1"),
        LogActionsRule(draw(st.booleans())),
    )


@st.composite
def with_rules(draw: st.DrawFn, removal: bool = True) -> Snapshot:
    snapshot = draw(snapshots(removal_on=None if removal else False))
    rules = draw(community_rules(removal))
    moments = st.integers(-400, 400).map(lambda days: NOW + timedelta(days=days))
    evidence = {}
    for who in snapshot.mentors:
        if draw(st.integers(0, 4)) == 0:
            continue  # not read
        counts = tuple(draw(st.integers(0, 60)) for _ in rules.edits.groups)
        wikibreak = Wikibreak("Wikibreak", draw(st.none() | moments))
        evidence[who.user_id] = RuleEvidence(
            counts if draw(st.booleans()) else None,
            "Retired" if draw(st.integers(0, 3)) == 0 else None,
            wikibreak if draw(st.integers(0, 3)) == 0 else None,
            LoggedAction(draw(moments), "patrol") if draw(st.booleans()) else None,
        )
    config = dataclasses.replace(snapshot.config, rules=rules)
    return dataclasses.replace(snapshot, config=config, evidence=evidence)


#: the sentences a community rule's decision may give, by its action
SAID = {
    Action.REMOVE: {"mentorwatch-reason-rule-remove"},
    Action.MARK_AWAY: {"mentorwatch-reason-rule-mark-away"},
    Action.RENEW_AWAY: {"mentorwatch-reason-rule-away-extended"},
    Action.KEEP: {"mentorwatch-reason-rule-away-kept", "mentorwatch-reason-rule-upstream-away"},
}


@settings(max_examples=300)
@given(with_rules())
def test_one_decision_per_mentor_and_the_reason_says_the_action(snapshot: Snapshot) -> None:
    decisions = plan(snapshot).decisions
    assert [d.user_id for d in decisions] == [m.user_id for m in snapshot.mentors]
    for decision in decisions:
        if decision.rule is None:
            continue
        # the reason's sentence is the action's own (its English: "...; removed.", "...;
        # marked away until ...", "... so it is extended to ...", "...: no edit."); a message
        # the plan adds to a kept mentor (an away notice) keeps the rule's "no change"
        expected = SAID.get(decision.action, SAID[Action.KEEP])
        assert decision.reason[0].key in expected, decision


@settings(max_examples=300)
@given(with_rules(removal=False))
def test_no_removal_where_no_rule_removes(snapshot: Snapshot) -> None:
    assert all(d.action is not Action.REMOVE for d in plan(snapshot).decisions)


@settings(max_examples=300)
@given(with_rules())
def test_a_mentor_passing_every_enabled_rule_is_never_acted_on(snapshot: Snapshot) -> None:
    rules = snapshot.config.rules
    passing = {}
    for who in snapshot.mentors:
        counts = tuple(group.minimum for group in rules.edits.groups)
        passing[who.user_id] = RuleEvidence(counts, None, None, None)
    active = {user_id: Activity(NOW, NOW) for user_id in passing}
    snapshot = dataclasses.replace(
        snapshot, evidence=passing, activity=active, paused={}, warned={}, undelivered={}
    )
    for decision in plan(snapshot).decisions:
        # an own away past the removal date is told (a talk-page notice, not a list change)
        assert decision.action in (Action.KEEP, Action.AWAY_NOTICE), decision
        assert decision.rule is None


@settings(max_examples=300)
@given(with_rules())
def test_exempt_mentors_are_never_acted_on(snapshot: Snapshot) -> None:
    exempt = tuple(Exemption(m.username, "trusted", None) for m in snapshot.mentors)
    snapshot = dataclasses.replace(
        snapshot, config=dataclasses.replace(snapshot.config, exemptions=exempt)
    )
    for decision in plan(snapshot).decisions:
        if snapshot.activity.get(decision.user_id) is not None:
            assert decision.action is Action.KEEP, decision
            assert decision.warn_removal_on is None


@settings(max_examples=300)
@given(with_rules())
def test_a_mentors_own_away_is_never_shortened(snapshot: Snapshot) -> None:
    for decision in plan(snapshot).decisions:
        before = decision.away_until_before
        if decision.rule is None or decision.action is Action.REMOVE or before is None:
            continue
        if before >= snapshot.now:
            assert decision.away_until_after is not None
            assert decision.away_until_after >= before, decision
