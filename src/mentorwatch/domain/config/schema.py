"""The JSON Schema of the configuration (``mentorwatch config schema``), for either key set."""

from __future__ import annotations

from typing import Any

from mentorwatch.domain.config.community_rules_schema import community_rules_schema
from mentorwatch.domain.config.keys import (
    LEGACY_KEYS,
    MAX_TEXT,
    RULES_KEYS,
    KeySet,
)

_EXEMPTION = {
    "type": "object",
    "required": ["mentor", "reason"],
    "additionalProperties": False,
    "properties": {
        "mentor": {"type": "string", "minLength": 1, "description": "The mentor's user name."},
        "reason": {"type": "string", "minLength": 1, "description": "Why (shown in plans)."},
        "until": {
            "type": ["string", "null"],
            "format": "date-time",
            "description": "End of the exemption, ISO 8601 UTC (…Z); null for no end.",
        },
    },
}


def config_json_schema(keys: KeySet = RULES_KEYS) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the rules page (or the legacy page); cross-field rules
    are described."""
    properties: dict[str, Any] = {}
    for key, field in keys.by_key.items():
        prop: dict[str, Any] = {
            "title": field.title,
            "description": field.description,
            "default": field.default,
        }
        if field.kind is bool:
            prop["type"] = "boolean"
        elif field.kind is str:
            prop.update({"type": "string", "maxLength": MAX_TEXT})
        else:
            prop.update({"type": "integer", "minimum": field.low, "maximum": field.high})
        properties[key] = prop
    if keys.exemptions is not None:
        properties[keys.exemptions] = {
            "title": "Mentors never marked away or removed automatically",
            "description": "One entry per mentor; an entry past its end date does nothing.",
            "type": "array",
            "items": _EXEMPTION,
            "default": [],
        }
    if keys.sections:
        properties.update(community_rules_schema())
    away, removal = keys.key("autoaway_after_days"), keys.key("autoremove_after_days")
    legacy = keys is LEGACY_KEYS
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/mentorwatch/mentorwatch/docs/"
        + ("config.legacy.schema.json" if legacy else "rules.schema.json"),
        "title": "mentorwatch rules" + (" (legacy page)" if legacy else ""),
        "description": (
            f"When both rules are enabled, {away} must be less than {removal}. "
            + (
                "Legacy: GrowthExperiments' configuration page; other GrowthExperiments "
                "settings (keys starting with GE) may be present and are ignored. Move these "
                "settings to the rules page with `mentorwatch config migrate`."
                if legacy
                else "mentorwatch's own rules page. Keys starting with $ are ignored; any "
                "other key is an error."
            )
        ),
        "type": "object",
        "properties": properties,
        "additionalProperties": legacy,
    }
