"""The JSON Schema of the community rules' sections of the rules page (:mod:`.community_rules`)."""

from __future__ import annotations

from typing import Any

from mentorwatch.domain.config.community_rules import (
    DEFAULT_LOG_TYPES,
    EDITS_KEY,
    LOG_ACTIONS_KEY,
    RETIRED_KEY,
    WIKIBREAK_KEY,
    Combine,
    NamespaceSet,
    RuleAction,
)
from mentorwatch.domain.config.keys import MAX_DAYS, MIN_DAYS

_ENABLED = {"type": "boolean", "default": False}
_ACTION = {"enum": [str(action) for action in RuleAction], "default": "removal"}
_TEMPLATES = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "string", "minLength": 1},
    "description": "Template names without the namespace; redirects to them count.",
}


def _section(title: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "properties": {"enabled": _ENABLED, **properties},
    }


def community_rules_schema() -> dict[str, Any]:
    """The schema of each section, by its key."""
    namespace = {
        "oneOf": [
            {"type": "integer", "minimum": 0},
            {"enum": [str(name) for name in NamespaceSet]},
        ]
    }
    group = {
        "type": "object",
        "required": ["namespaces", "minimum"],
        "additionalProperties": False,
        "properties": {
            "namespaces": {"type": "array", "minItems": 1, "items": namespace},
            "minimum": {"type": "integer", "minimum": 1},
        },
    }
    return {
        EDITS_KEY: _section(
            "Edits per namespace in a window (fewer than the minimums: the action)",
            {
                "window_days": {"type": "integer", "minimum": MIN_DAYS, "maximum": MAX_DAYS},
                "groups": {"type": "array", "minItems": 1, "items": group},
                "combine": {"enum": [str(c) for c in Combine], "default": "and"},
                "action": _ACTION,
            },
        ),
        RETIRED_KEY: _section(
            "Retired templates (on the user page: the action)",
            {"templates": _TEMPLATES, "action": _ACTION},
        ),
        WIKIBREAK_KEY: _section(
            "Wikibreak templates (on the user page: away while it is there)",
            {"templates": _TEMPLATES, "end_parameter": {"type": ["string", "null"]}},
        ),
        LOG_ACTIONS_KEY: _section(
            "Log actions count as activity",
            {
                "types": {
                    "type": "array",
                    "items": {"type": "string"},
                    "default": list(DEFAULT_LOG_TYPES),
                }
            },
        ),
    }
