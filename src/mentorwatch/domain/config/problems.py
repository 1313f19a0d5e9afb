"""One thing wrong with a configuration (:class:`ConfigProblem`), shared by the parsers."""

from __future__ import annotations

import json
from dataclasses import dataclass

from mentorwatch.domain.message import Message, english


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong with a configuration: where (the key), what was found and how to fix
    it (a catalogue message, ``mentorwatch-config-*``; words as they are where the catalogue
    has none yet: the community rules' problems, English)."""

    key: str
    message: Message | str

    @property
    def said(self) -> Message:
        """The problem naming its key (``AwayAfterDays: ...``), as a form's general error and
        the command line show it."""
        return Message.of("mentorwatch-config-problem-at", key=self.key, problem=self.message)

    def __str__(self) -> str:
        return english(self.said)


def show(value: object) -> str:
    """How a value looked in the JSON file."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)
