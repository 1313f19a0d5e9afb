"""One thing wrong with a configuration (:class:`ConfigProblem`), shared by the parsers."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong with a configuration: where, what was found, and how to fix it."""

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


def show(value: object) -> str:
    """How a value looked in the JSON file."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)
