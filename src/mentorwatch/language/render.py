"""What the domain says, rendered: one place every edge calls for a decision's reason.

The domain returns reasons, problems and notes as :class:`~mentorwatch.domain.message.Message`
values (a reason is a tuple of them: sentences); the command line, the web app, the texts
posted on the wiki and the journal's display render them here, in their reader's language and
their way of showing moments (:class:`~mentorwatch.language.catalogue.Style`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from mentorwatch.domain.message import Message, stored_sentences
from mentorwatch.domain.planner import Decision
from mentorwatch.domain.rule_reasons import evidence_of
from mentorwatch.language.catalogue import Style, catalogue

#: English with moments in ISO 8601 UTC: the command line's and the journal's default
ENGLISH = Style("en")

#: languages whose sentences follow each other without a space (MediaWiki's
#: ``word-separator`` message is empty in these)
NO_SPACE_BETWEEN_SENTENCES = frozenset({"ja", "zh", "zh-hans", "zh-hant", "th", "lo", "km", "my"})


def sentence_separator(language: str) -> str:
    """What goes between two sentences in ``language``."""
    return "" if language in NO_SPACE_BETWEEN_SENTENCES else " "


def sentences_text(sentences: Iterable[Message], style: Style) -> str:
    """Sentences as plain text, one after the other as the language writes them."""
    shipped = catalogue()
    return sentence_separator(style.language).join(
        shipped.text(sentence, style) for sentence in sentences
    )


def sentences_markup(sentences: Iterable[Message], style: Style) -> Markup:
    """Sentences as HTML (each message's parameters escaped)."""
    shipped = catalogue()
    separator = Markup(sentence_separator(style.language))
    return separator.join(shipped.markup(sentence, style) for sentence in sentences)


def message_text(message: Message, style: Style = ENGLISH) -> str:
    """One message of the domain as plain text in ``style``'s language."""
    return catalogue().text(message, style)


def reason_text(decision: Decision, style: Style = ENGLISH) -> str:
    """Why the plan decided what it did about one mentor, in ``style``'s language."""
    return sentences_text(decision.reason, style)


def reason_markup(decision: Decision, style: Style) -> Markup:
    """:func:`reason_text` as HTML, for the web app's views."""
    return sentences_markup(decision.reason, style)


def rule_evidence(decision: Decision) -> Message | None:
    """The evidence of a community rule's decision (issue 24: "Their user page shows
    Template:Retired, ..."), which its edit summary, notice and dashboard note name; None
    where the days rule decided."""
    if decision.rule is None or not decision.reason:
        return None
    return evidence_of(decision.reason[0])


def problem_text(decision: Decision, style: Style = ENGLISH) -> str | None:
    """What is wrong with the data about the mentor (``None``: nothing)."""
    problem = decision.problem
    return None if problem is None else catalogue().text(problem, style)


def stored_text(text: str, style: Style = ENGLISH) -> str:
    """A text from the journal in ``style``'s language: messages kept as data rendered, prose
    journaled before them shown as it is."""
    sentences = stored_sentences(text)
    return text if sentences is None else sentences_text(sentences, style)


def readable(row: Mapping[str, Any], field: str = "reason") -> dict[str, Any]:
    """A journaled row for JSON readers (``history --json``): ``field`` as English text, and
    its messages beside it (``<field>_messages``; None for prose journaled before them)."""
    text = str(row.get(field) or "")
    sentences = stored_sentences(text)
    messages = None if sentences is None else [sentence.to_json() for sentence in sentences]
    return {**row, field: stored_text(text), f"{field}_messages": messages}


def english_sentences(sentences: tuple[Message, ...]) -> str:
    """Sentences in English with ISO 8601 moments: the machine-readable outputs' text (JSON
    exports, ``--json``), beside the messages themselves."""
    return sentences_text(sentences, ENGLISH)
