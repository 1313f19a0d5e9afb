"""What the command line says to the operator, in the operator's language: catalogue messages
as plain text, moments as ISO 8601 UTC (as every command's output shows them)."""

from __future__ import annotations

from collections.abc import Mapping

from mentorwatch.domain.languages import SOURCE_LANGUAGE
from mentorwatch.domain.message import Message, Param
from mentorwatch.domain.outcomes import Outcome
from mentorwatch.domain.planner import Decision
from mentorwatch.domain.status import MentorStatus
from mentorwatch.language import render
from mentorwatch.language.catalogue import Style, catalogue

#: where the operator's language is read when ``--lang`` is not given, first found wins
LANGUAGE_VARIABLES = ("MENTORWATCH_LANG", "LC_ALL", "LC_MESSAGES", "LANG")

_spoken = {"language": SOURCE_LANGUAGE}


def operator_language(given: str | None, environ: Mapping[str, str]) -> str:
    """The language of the command line's human output: ``--lang``, ``MENTORWATCH_LANG``,
    then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``ko_KR.UTF-8`` is Korean), else
    English; ``C`` and ``POSIX`` are English."""
    for value in (given, *(environ.get(name) for name in LANGUAGE_VARIABLES)):
        if not value:
            continue
        code = value.split(".")[0].split("@")[0].replace("_", "-").lower()
        if code in ("c", "posix"):
            return SOURCE_LANGUAGE
        base = code.split("-")[0]
        return code if code in catalogue().languages else base
    return SOURCE_LANGUAGE


def speak(language: str) -> None:
    """Set the language of this invocation's human output (``main`` does, once)."""
    _spoken["language"] = language


def said(message: Message) -> str:
    """``message`` as plain text in the operator's language."""
    return catalogue().text(message, Style(_spoken["language"]))


def say(key: str, /, **params: Param) -> str:
    """The catalogue's ``key`` in the operator's language."""
    return said(Message.of(key, **params))


def status_word(status: MentorStatus) -> str:
    """A mentor's status in words, as every surface says it."""
    return say(f"mentorwatch-status-label-{status.value}")


def reason_text(decision: Decision) -> str:
    """A decision's reason for the operator: the one place the command line renders it."""
    return render.reason_text(decision, Style(_spoken["language"]))


def sentences(messages: tuple[Message, ...]) -> str:
    """Sentences for the operator, one after the other as their language writes them."""
    return render.sentences_text(messages, Style(_spoken["language"]))


def stored(text: str) -> str:
    """A reason from the journal for the operator: messages kept as data rendered in their
    language, prose journaled before them as it is."""
    return render.stored_text(text, Style(_spoken["language"]))


def outcome_detail(outcome: Outcome) -> str:
    """An outcome's detail in the operator's language (words given as they are, as they are)."""
    said = outcome.detail_message
    return outcome.detail if said is None else render.message_text(said, Style(_spoken["language"]))
