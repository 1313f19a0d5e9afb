"""The community rules in the planner (issue 24): edits per namespace in a window, retired and
wikibreak templates, log actions; their boundaries, their reasons rendered in English (the
recorded corpus of ``test_reasons_corpus.py`` predates these rules: each of their sentences is
rendered here), and upstream's cleanup and exemptions as for the days rule."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest

from mentorwatch.domain import rule_reasons as say
from mentorwatch.domain.activity import Activity
from mentorwatch.domain.away import automatic_away_until, cover_until
from mentorwatch.domain.config import RULES_KEYS, CommunityConfig, parse_config
from mentorwatch.domain.config.community_rules import Combine, NamespaceSet, RuleAction
from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.planner import Action, Decision, plan
from mentorwatch.domain.rule_evidence import LoggedAction, RuleEvidence, Wikibreak
from mentorwatch.domain.snapshot import Snapshot, decode_snapshot, encode_snapshot
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.domain.upstream import UpstreamRules
from mentorwatch.language.catalogue import Style, catalogue
from mentorwatch.language.render import problem_text, reason_text
from mentorwatch.language.wiki_words import WikiWords, wiki_style
from mentorwatch.service.plan_json import plan_to_json
from mentorwatch.service.talk_messages import message_for
from mentorwatch.web.views.mentor_rows import build_rows

from .builders import DAY, NOW, WEEK, decide_one, mentor
from .community_examples import KOREAN_RULE

KOREAN = parse_config(KOREAN_RULE, RULES_KEYS)
TEMPLATES = parse_config(
    {
        "RetiredTemplates": {"enabled": True, "templates": ["Retired"]},
        "WikibreakTemplates": {"enabled": True, "templates": ["Wikibreak"], "end_parameter": "1"},
    },
    RULES_KEYS,
)
RECENT = NOW - 2 * DAY
ENGLISH = Style("en")


def said(decision: Decision) -> str:
    """The decision's reason as the command line says it."""
    return reason_text(decision, ENGLISH)


def decide(
    config: CommunityConfig,
    evidence: RuleEvidence | None,
    *,
    last_edit_at: datetime | None = RECENT,
    away_until: datetime | None = None,
    now: datetime = NOW,
    upstream: UpstreamRules | None = None,
) -> Decision:
    """One mentor registered long ago, last edit ``last_edit_at``, with ``evidence``."""
    return decide_one(
        config,
        last_edit_at=last_edit_at,
        registered_at=NOW - 900 * DAY,
        away_until=away_until,
        now=now,
        upstream=upstream,
        evidence=evidence,
    )


@pytest.mark.parametrize(
    ("counts", "acted"),
    [((20, 10), False), ((19, 10), True), ((20, 9), True), ((400, 0), True), ((0, 0), True)],
)
def test_exactly_the_minimums_do_not_act(counts: tuple[int, int], acted: bool) -> None:
    decision = decide(KOREAN, RuleEvidence(edit_counts=counts))
    assert (decision.action is Action.REMOVE) is acted
    assert (decision.rule == "edits") is acted


def test_the_reason_names_the_counts_and_the_minimums() -> None:
    decision = decide(KOREAN, RuleEvidence(edit_counts=(12, 3)))
    assert said(decision) == (
        "Fewer edits than this wiki asks for in the last 90 days: 12 edits in namespace 0 "
        "(this wiki asks for 20) and 3 edits in the talk namespaces (this wiki asks for 10); "
        "removed."
    )
    kept = decide(KOREAN, RuleEvidence(edit_counts=(20, 11)))
    assert said(kept).startswith(
        "No rule applies to them. Edits this wiki asks for in the last 90 days made: 20 edits "
        "in namespace 0 (this wiki asks for 20) and 11 edits in the talk namespaces"
    )


def test_or_needs_one_minimum_and_away_never_removes() -> None:
    rule = dataclasses.replace(KOREAN.rules.edits, combine=Combine.OR, action=RuleAction.AWAY)
    config = dataclasses.replace(KOREAN, rules=dataclasses.replace(KOREAN.rules, edits=rule))
    assert decide(config, RuleEvidence(edit_counts=(0, 10))).action is Action.KEEP
    decision = decide(config, RuleEvidence(edit_counts=(19, 9)))
    assert decision.action is Action.MARK_AWAY
    assert decision.away_until_after == automatic_away_until(None, NOW, WEEK)
    assert said(decision).startswith("None of this wiki's minimums met in the last 90 days")


def test_no_evidence_no_decision_by_the_rule() -> None:
    # an old snapshot, or a mentor the reader found nothing for: the days rule alone
    decision = decide(KOREAN, None)
    assert decision.action is Action.KEEP and decision.rule is None


def test_a_retired_template_removes_naming_it() -> None:
    decision = decide(TEMPLATES, RuleEvidence(retired="Retired"))
    assert decision.action is Action.REMOVE
    assert decision.rule == "retired"
    assert "Their user page shows Template:Retired" in said(decision)


def test_a_wikibreak_with_an_end_date_is_away_until_then_never_shorter() -> None:
    end = NOW + 40 * DAY
    wikibreak = RuleEvidence(wikibreak=Wikibreak("Wikibreak", end))
    decision = decide(TEMPLATES, wikibreak)
    assert (decision.action, decision.away_until_after) == (Action.MARK_AWAY, end)
    assert "a wikibreak until" in said(decision)
    longer = decide(TEMPLATES, wikibreak, away_until=end + 100 * DAY)
    assert (longer.action, longer.away_until_after) == (Action.KEEP, end + 100 * DAY)
    shorter = decide(TEMPLATES, wikibreak, away_until=NOW + DAY)
    assert (shorter.action, shorter.away_until_after) == (Action.RENEW_AWAY, end)


def test_a_wikibreak_past_its_end_date_is_over() -> None:
    decision = decide(TEMPLATES, RuleEvidence(wikibreak=Wikibreak("Wikibreak", NOW - DAY)))
    assert decision.action is Action.KEEP and decision.rule is None


def test_a_wikibreak_without_an_end_date_is_stable_between_runs() -> None:
    evidence = RuleEvidence(wikibreak=Wikibreak("Wikibreak"))
    first = decide(TEMPLATES, evidence)
    assert first.action is Action.MARK_AWAY
    assert first.away_until_after is not None
    assert first.away_until_after > cover_until(NOW, WEEK)
    later = NOW + timedelta(hours=5)
    again = decide(TEMPLATES, evidence, away_until=first.away_until_after, now=later)
    assert again.action is Action.KEEP


def test_exempt_mentors_are_never_acted_on() -> None:
    config = dataclasses.replace(TEMPLATES, exemptions=(Exemption("Mentor3", "trusted", None),))
    decision = decide(config, RuleEvidence(retired="Retired"))
    assert decision.action is Action.KEEP and decision.rule is None
    assert said(decision).startswith("Exempt")


def test_upstream_removal_on_turns_a_removal_into_an_away_and_its_away_into_nothing() -> None:
    removes = UpstreamRules(False, 10, True, 90)
    decision = decide(TEMPLATES, RuleEvidence(retired="Retired"), upstream=removes)
    assert decision.action is Action.MARK_AWAY
    assert "does not remove them; marked away until" in said(decision)
    both = UpstreamRules(True, 10, True, 90)
    kept = decide(TEMPLATES, RuleEvidence(retired="Retired"), upstream=both)
    assert kept.action is Action.KEEP
    assert said(kept).endswith("mentorwatch makes no change.")


def test_log_actions_count_as_activity_only_when_the_rules_page_says() -> None:
    days = CommunityConfig(autoremove_enabled=True, autoremove_after_days=30)
    logged = RuleEvidence(logged=LoggedAction(NOW - 2 * DAY, "patrol"))
    old = NOW - 200 * DAY
    assert decide(days, logged, last_edit_at=old).action is Action.REMOVE
    counted = parse_config(
        {"RemoveInactiveMentors": True, "LogActions": {"enabled": True}}, RULES_KEYS
    )
    decision = decide(counted, logged, last_edit_at=old)
    assert decision.action is Action.KEEP
    assert decision.last_active_at == NOW - 2 * DAY
    assert "last logged action (patrol) 2 days ago" in said(decision)
    inactive = decide(counted, RuleEvidence(logged=LoggedAction(old, "move")), last_edit_at=old)
    assert inactive.action is Action.REMOVE


def test_the_snapshot_carries_the_evidence_and_an_old_one_plans_as_before() -> None:
    who = mentor()
    rules = dataclasses.replace(KOREAN.rules, retired=TEMPLATES.rules.retired)
    evidence = RuleEvidence((3, 1), "Retired", Wikibreak("Wikibreak", NOW), None)
    snapshot = Snapshot(
        now=NOW,
        config=dataclasses.replace(KOREAN, rules=rules),
        mentors=(who,),
        activity={who.user_id: Activity(RECENT)},
        evidence={who.user_id: evidence},
    )
    document = encode_snapshot(snapshot)
    assert document["version"] == 3
    decoded = decode_snapshot(document)
    assert dataclasses.replace(decoded, raw_config={}) == snapshot
    assert plan(decoded).decisions[0].action is Action.REMOVE
    # a version 2 snapshot: no community rule in its config, no evidence read from it
    old = {**document, "version": 2, "config": {"RemoveInactiveMentors": True}}
    old["rules"] = encode_snapshot(dataclasses.replace(snapshot, rules=None)).get("rules")
    older = decode_snapshot({**old, "version": 1})
    assert older.evidence == {}
    assert "evidence" not in encode_snapshot(older)
    assert encode_snapshot(older)["version"] == 1


def test_the_dashboard_and_the_plans_json_name_the_rule_and_its_evidence() -> None:
    who = mentor()
    snapshot = Snapshot(
        now=NOW,
        config=TEMPLATES,
        mentors=(who,),
        activity={who.user_id: Activity(RECENT)},
        evidence={who.user_id: RuleEvidence(retired="Retired")},
    )
    decided = plan(snapshot)
    (row,) = build_rows(snapshot, decided, {}, None)
    assert row.rule == "retired"
    assert row.as_json()["note"] == (
        "retired template: Their user page shows Template:Retired, which this wiki counts as "
        "retired"
    )
    assert plan_to_json(decided)["decisions"][0]["rule"] == "retired"


def test_the_wiki_is_told_the_rule_not_days_without_an_edit() -> None:
    decision = decide(TEMPLATES, RuleEvidence(retired="Retired"))
    words = WikiWords()
    summary = words.summary("remove", decision)
    assert summary == (
        "Mentor list: Mentor3, under this wiki's rules: Their user page shows Template:Retired, "
        "which this wiki counts as retired"
    )
    assert message_for(TEMPLATES, decision, WriteAction.REMOVE, words) is None  # notices off
    notified = dataclasses.replace(TEMPLATES, notify_enabled=True)
    _, heading, text = message_for(notified, decision, WriteAction.REMOVE, words) or ("", "", "")
    assert heading == "You were removed from the mentor list"
    assert "Under this wiki's mentorship rules (Their user page shows Template:Retired" in text
    assert "not edited" not in text and "{{" not in text
    days = decide(CommunityConfig(autoremove_enabled=True), None, last_edit_at=NOW - 40 * DAY)
    assert "inactive for 40 days" in words.summary("remove", days)


def test_the_mentees_of_a_mentor_a_rule_removed_are_told_the_rule_not_days() -> None:
    decision = decide(TEMPLATES, RuleEvidence(retired="Retired"))
    assert WikiWords().reassign_after(decision) == (
        "Mentor Mentor3 was removed from mentorship under this wiki's rules: Their user page "
        "shows Template:Retired, which this wiki counts as retired"
    )
    korean = WikiWords(style=wiki_style("ko")).reassign_after(decision)
    assert "Template:Retired" in korean and "일 동안" not in korean
    days = decide(CommunityConfig(autoremove_enabled=True), None, last_edit_at=NOW - 40 * DAY)
    assert WikiWords().reassign_after(days) == (
        "Mentor Mentor3 was removed from mentorship after 40 days of inactivity"
    )


# --- every sentence of the community rules, in English ---------------------------------------
# The recorded corpus (tests/unit/test_reasons_corpus.py) predates these rules: its snapshots
# turn no community rule on, so none of these sentences is in it. Each is rendered here, from
# the functions the planner calls, against the English an admin reads.

T = format_timestamp(NOW)
LATER = NOW + 30 * DAY
RETIRED = say.retired_evidence("Retired")
SHORT = (
    "Fewer edits than this wiki asks for in the last 90 days: 12 edits in namespace 0 (this "
    "wiki asks for 20) and 3 edits in the talk namespaces (this wiki asks for 10)"
)
SENTENCES: list[tuple[Message, str]] = [
    (
        say.removed(RETIRED),
        "Their user page shows Template:Retired, which this wiki counts as retired; removed.",
    ),
    (
        say.marked_away(say.wikibreak_evidence("Wikibreak", None), NOW),
        f"Their user page shows Template:Wikibreak, a wikibreak; marked away until {T}.",
    ),
    (
        say.away_kept(say.wikibreak_evidence("Wikibreak", LATER), LATER),
        f"Their user page shows Template:Wikibreak, a wikibreak until {format_timestamp(LATER)};"
        f" already away until {format_timestamp(LATER)}, which covers the next run: no edit.",
    ),
    (
        say.away_extended(say.edits_evidence(KOREAN.rules.edits, (12, 3)), NOW, LATER),
        f"{SHORT}; the away period ends {T}, so it is extended to {format_timestamp(LATER)}.",
    ),
    (
        say.marked_away(say.upstream_has_removal(RETIRED), NOW),
        "Their user page shows Template:Retired, which this wiki counts as retired; "
        "GrowthExperiments' own cleanup has the removal rule on, so mentorwatch does not remove "
        f"them; marked away until {T}.",
    ),
    (
        say.upstream_has_away(say.edits_evidence(KOREAN.rules.edits, (12, 3))),
        f"{SHORT}; GrowthExperiments' own cleanup has the away rule on, so mentorwatch makes no "
        "change.",
    ),
    (Message("mentorwatch-reason-rule-none-applies"), "No rule applies to them."),
    (
        say.edits_met(KOREAN.rules.edits, (1, 25)),
        "Edits this wiki asks for in the last 90 days made: 1 edit in namespace 0 (this wiki "
        "asks for 20) and 25 edits in the talk namespaces (this wiki asks for 10).",
    ),
]


@pytest.mark.parametrize(("message", "english"), SENTENCES)
def test_each_sentence_of_the_community_rules_reads_in_english(
    message: Message, english: str
) -> None:
    assert catalogue().text(message, ENGLISH) == english


def test_every_sentence_key_of_the_community_rules_is_rendered_here() -> None:
    keys = {key for key in catalogue().translations["en"] if "-rule-" in key}
    sentences = {k for k in keys if k.startswith(("mentorwatch-reason-", "mentorwatch-note-"))}
    assert sentences == {message.key for message, _ in SENTENCES}


def test_a_group_of_namespaces_and_an_or_rule_read_in_english() -> None:
    rule = dataclasses.replace(KOREAN.rules.edits, combine=Combine.OR)
    content = (NamespaceSet.CONTENT,)
    group = dataclasses.replace(rule.groups[0], namespaces=(0, 4, 6), sets=content)
    rule = dataclasses.replace(rule, groups=(group, rule.groups[1]))
    assert catalogue().text(say.edits_evidence(rule, (0, 1)), ENGLISH) == (
        "None of this wiki's minimums met in the last 90 days: 0 edits in namespaces 0, 4, and 6 "
        "and the content namespaces (this wiki asks for 20) and 1 edit in the talk namespaces "
        "(this wiki asks for 10)"
    )


def test_a_log_action_as_the_last_activity_reads_in_english() -> None:
    counted = parse_config(
        {"RemoveInactiveMentors": True, "LogActions": {"enabled": True}}, RULES_KEYS
    )
    old = NOW - 200 * DAY
    late = NOW - 40 * DAY - timedelta(hours=3)
    removed = decide(counted, RuleEvidence(logged=LoggedAction(late, "move")), last_edit_at=old)
    assert said(removed).startswith(
        f"Inactive for over 40 days since their last logged action (move) on "
        f"{format_timestamp(late)}"
    )
    future = decide(counted, RuleEvidence(logged=LoggedAction(LATER, "block")), last_edit_at=old)
    assert said(future) == (
        f"Not acted on: the last logged action (block, {format_timestamp(LATER)}) is after the "
        f"time of this run ({T}); check the wiki's clock or the snapshot."
    )
    assert problem_text(future, ENGLISH) == "last logged action in the future"


@pytest.mark.parametrize("language", ["ko", "ru", "de", "ar"])
def test_each_sentence_and_the_wikis_texts_are_in_every_shipped_language(language: str) -> None:
    style = Style(language)
    for message, english in SENTENCES:
        text = catalogue().text(message, style)
        assert text and text != english and "mentorwatch-" not in text, (language, message.key)
    decision = decide(TEMPLATES, RuleEvidence(retired="Retired"))
    words = WikiWords(style=wiki_style(language))
    summary = words.summary("remove", decision)
    assert "Template:Retired" in summary and "Mentor list" not in summary
    notified = dataclasses.replace(TEMPLATES, notify_enabled=True)
    _, heading, text = message_for(notified, decision, WriteAction.REMOVE, words) or ("", "", "")
    assert "Template:Retired" in text and text.endswith("~~~~") and "Hello" not in text
    assert heading and heading != "You were removed from the mentor list"
