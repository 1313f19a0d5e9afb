"""The reasons the community rules give (issue 24), as messages of the catalogue
(``src/mentorwatch/i18n/``, every key in every shipped language): one function per rule for
its evidence (``mentorwatch-rule-*``, a part of a sentence), one per outcome (the sentence,
``mentorwatch-reason-rule-*``, the evidence its first parameter), and the edits rule's note for
a mentor who met it (``mentorwatch-note-rule-edits-met``). Every edge renders them through
``language/render.py`` (``docs/i18n.md``); the texts posted on the wiki take the evidence of
the reason (:func:`evidence_of`).
"""

from __future__ import annotations

from datetime import datetime

from mentorwatch.domain.config.community_rules import (
    Combine,
    EditsRule,
    NamespaceGroup,
    NamespaceSet,
)
from mentorwatch.domain.message import Message

# --- the evidence, one function per rule --------------------------------------------------


def namespaces_text(group: NamespaceGroup) -> tuple[Message, ...]:
    """The namespaces of a group, as the reason names them."""
    named: list[Message] = []
    if group.namespaces:
        numbers = tuple(str(number) for number in group.namespaces)
        named.append(
            Message.of(
                "mentorwatch-rule-namespaces", num_namespaces=len(numbers), list_numbers=numbers
            )
        )
    sets = {
        NamespaceSet.TALK: "mentorwatch-rule-talk-namespaces",
        NamespaceSet.CONTENT: "mentorwatch-rule-content-namespaces",
    }
    named.extend(Message(sets[name]) for name in group.sets)
    return tuple(named)


def edits_evidence(rule: EditsRule, counts: tuple[int, ...]) -> Message:
    """'Fewer edits than this wiki asks for in the last 90 days: 12 edits in namespace 0 (this
    wiki asks for 20) and 3 edits in the talk namespaces (this wiki asks for 10)'."""
    key = "mentorwatch-rule-edits-short"
    if rule.combine is Combine.OR and len(rule.groups) > 1:
        key = "mentorwatch-rule-edits-short-any"
    return Message.of(key, num_days=rule.window_days, list_groups=_groups(rule, counts))


def edits_met(rule: EditsRule, counts: tuple[int, ...]) -> Message:
    """The note of a mentor who made the edits: 'Edits this wiki asks for in the last 90 days
    made: 25 edits in namespace 0 (this wiki asks for 20) and ...'."""
    return Message.of(
        "mentorwatch-note-rule-edits-met",
        num_days=rule.window_days,
        list_groups=_groups(rule, counts),
    )


def _groups(rule: EditsRule, counts: tuple[int, ...]) -> tuple[Message, ...]:
    return tuple(
        Message.of(
            "mentorwatch-rule-edits-group",
            num_edits=count,
            list_namespaces=namespaces_text(group),
            minimum=group.minimum,
        )
        for group, count in zip(rule.groups, counts, strict=True)
    )


def retired_evidence(template: str) -> Message:
    return Message.of("mentorwatch-rule-retired", template=template_link(template))


def wikibreak_evidence(template: str, until: datetime | None) -> Message:
    if until is None:
        return Message.of("mentorwatch-rule-wikibreak", template=template_link(template))
    return Message.of(
        "mentorwatch-rule-wikibreak-until", template=template_link(template), end=until
    )


def template_link(name: str) -> str:
    """How a reason shows a template: ``Template:Retired`` (never braces: a reason may end up
    in wikitext, where they would transclude it)."""
    return f"Template:{name}"


# --- the outcome -------------------------------------------------------------------------


def removed(evidence: Message) -> Message:
    return Message.of("mentorwatch-reason-rule-remove", evidence=evidence)


def marked_away(evidence: Message, until: datetime) -> Message:
    return Message.of("mentorwatch-reason-rule-mark-away", evidence=evidence, until=until)


def away_kept(evidence: Message, until: datetime) -> Message:
    return Message.of("mentorwatch-reason-rule-away-kept", evidence=evidence, until=until)


def away_extended(evidence: Message, ends: datetime, until: datetime) -> Message:
    return Message.of(
        "mentorwatch-reason-rule-away-extended", evidence=evidence, ends=ends, until=until
    )


def upstream_has_removal(evidence: Message) -> Message:
    return Message.of("mentorwatch-rule-upstream-removal", evidence=evidence)


def upstream_has_away(evidence: Message) -> Message:
    return Message.of("mentorwatch-reason-rule-upstream-away", evidence=evidence)


def evidence_of(reason: Message) -> Message | None:
    """The evidence a community rule's reason names (its ``evidence``, through the upstream
    wrapper), for the edit summary and the notice; None for any other reason."""
    found = None
    while any(name == "evidence" for name, _ in reason.params):
        inner = reason.param("evidence")
        if not isinstance(inner, Message):
            break
        found = reason = inner
    return found
