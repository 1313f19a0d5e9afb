"""Reading what the community rules need (issue 24) into the snapshot's evidence, only for the
rules that are on: edits per group of namespaces in the window (read no further for a mentor
once their minimums are met), retired and wikibreak templates on user pages, and the newest
log action, only for the mentors the days rule would otherwise act on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from mentorwatch.domain.config.community_rules import CommunityRules, EditsRule, NamespaceSet
from mentorwatch.domain.evidence_rules import edits_met
from mentorwatch.domain.planner import Action, plan
from mentorwatch.domain.rule_evidence import RuleEvidence, Wikibreak
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.timeutil import DAY, shifted
from mentorwatch.wiki.activity import ActivityReader
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.log_actions import newest_log_actions
from mentorwatch.wiki.user_templates import UserTemplates


def with_evidence(snapshot: Snapshot, reader: ActivityReader) -> Snapshot:
    """``snapshot`` with the evidence its rules need (itself where none is on)."""
    rules = snapshot.config.rules
    if not rules.any_enabled:
        return snapshot
    evidence = read_evidence(snapshot, reader.client, reader)
    return replace(snapshot, evidence=evidence)


def read_evidence(
    snapshot: Snapshot, client: MediaWikiClient, reader: ActivityReader
) -> dict[int, RuleEvidence]:
    rules, now = snapshot.config.rules, snapshot.now
    known = [m for m in snapshot.mentors if m.user_id in snapshot.activity]
    evidence = {m.user_id: RuleEvidence() for m in known}
    if rules.edits.enabled and rules.edits.groups:
        counts = edit_counts(rules.edits, [m.user_id for m in known], now, client, reader)
        for user_id, found in counts.items():
            evidence[user_id] = evidence[user_id]._replace(edit_counts=found)
    by_name = {m.username: m.user_id for m in known}
    for name, (retired, wikibreak) in _templates(rules, list(by_name), client, reader).items():
        user_id = by_name[name]
        evidence[user_id] = evidence[user_id]._replace(retired=retired, wikibreak=wikibreak)
    if rules.log_actions.enabled:
        since = _log_candidates(replace(snapshot, evidence=evidence))
        types = rules.log_actions.types
        logged = newest_log_actions(client, since, types, reader.row_limit())
        for name, action in logged.items():
            evidence[by_name[name]] = evidence[by_name[name]]._replace(logged=action)
    return {user_id: item for user_id, item in evidence.items() if item != RuleEvidence()}


def edit_counts(
    rule: EditsRule,
    user_ids: list[int],
    now: datetime,
    client: MediaWikiClient,
    reader: ActivityReader,
) -> dict[int, tuple[int, ...]]:
    """Each user's edits per group of ``rule`` in its window, read until the minimums are met."""
    groups = group_namespaces(rule, site_namespaces(client))
    every = sorted(set().union(*groups))

    def per_group(counts: Mapping[int, int]) -> tuple[int, ...]:
        return tuple(sum(counts.get(ns, 0) for ns in group) for group in groups)

    since = shifted(now, -rule.window_days * DAY)
    found = reader.namespace_edit_counts(
        user_ids, every, since, enough=lambda counts: edits_met(rule, per_group(counts))
    )
    return {user_id: per_group(counts) for user_id, counts in found.items()}


def site_namespaces(client: MediaWikiClient) -> dict[NamespaceSet, frozenset[int]]:
    """The wiki's content namespaces and talk namespaces (``meta=siteinfo``)."""
    answer = client.get(action="query", meta="siteinfo", siprop="namespaces")
    namespaces = answer["query"]["namespaces"].values()
    ids = [(int(ns["id"]), bool(ns.get("content"))) for ns in namespaces]
    return {
        NamespaceSet.CONTENT: frozenset(n for n, content in ids if content),
        NamespaceSet.TALK: frozenset(n for n, _ in ids if n > 0 and n % 2 == 1),
    }


def group_namespaces(
    rule: EditsRule, sets: Mapping[NamespaceSet, frozenset[int]]
) -> list[frozenset[int]]:
    """Each group's namespaces: its numbers and the wiki's sets it names."""
    return [
        frozenset(group.namespaces).union(*(sets[name] for name in group.sets))
        for group in rule.groups
    ]


def _templates(
    rules: CommunityRules, users: list[str], client: MediaWikiClient, reader: ActivityReader
) -> dict[str, tuple[str | None, Wikibreak | None]]:
    """Per user with one, the retired template and the wikibreak on their user page."""
    retired = rules.retired.templates if rules.retired.enabled else ()
    wikibreak = rules.wikibreak.templates if rules.wikibreak.enabled else ()
    if not retired and not wikibreak:
        return {}
    finder = UserTemplates(client, reader.batch_size())
    retired_aliases, break_aliases = finder.aliases(retired), finder.aliases(wikibreak)
    found = finder.on_user_pages(users, {**break_aliases, **retired_aliases})
    result: dict[str, tuple[str | None, Wikibreak | None]] = {}
    for user, names in found.items():
        retired_name = next((n for n in retired if n in names), None)
        break_name = next((n for n in wikibreak if n in names), None)
        on_break = None
        if break_name is not None:
            parameter = rules.wikibreak.end_parameter
            until = None if parameter is None else finder.end_date(user, break_aliases, parameter)
            on_break = Wikibreak(break_name, until)
        result[user] = (retired_name, on_break)
    return result


def _log_candidates(snapshot: Snapshot) -> dict[str, datetime | None]:
    """The mentors the days rule would act on in this run (mark away, extend an away, warn,
    remove), each with the moment from which a log action would change that: the later of
    their last activity and the threshold they passed."""
    since: dict[str, datetime | None] = {}
    for decision in plan(snapshot).decisions:
        acting = decision.changes_wiki and decision.action is not Action.AWAY_NOTICE
        if decision.rule is not None or not acting or decision.action is Action.RESUME:
            continue
        moment = decision.last_active_at
        if decision.threshold_days is not None:
            passed = shifted(snapshot.now, -decision.threshold_days * DAY)
            moment = passed if moment is None else max(moment, passed)
        since[decision.username] = moment
    return since
