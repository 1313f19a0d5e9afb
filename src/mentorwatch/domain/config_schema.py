"""The JSON Schema of the community configuration (``mentorwatch config schema``)."""

from __future__ import annotations

from typing import Any

from mentorwatch.domain.config import (
    AUTOAWAY_DAYS,
    AUTOREMOVE_DAYS,
    FIELDS_BY_KEY,
    MAX_DAYS,
    MAX_TEXT,
    MIN_DAYS,
)


def config_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the configuration; cross-field rules are described."""
    properties: dict[str, Any] = {}
    for field in FIELDS_BY_KEY.values():
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
            prop.update({"type": "integer", "minimum": MIN_DAYS, "maximum": MAX_DAYS})
        properties[field.key] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/mentorwatch/mentorwatch/docs/config.schema.json",
        "title": "mentorwatch community configuration",
        "description": (
            "GrowthExperiments' Mentorship cleanup settings. When both rules are enabled, "
            f"{AUTOAWAY_DAYS} must be less than {AUTOREMOVE_DAYS}. Other GrowthExperiments "
            "settings (keys starting with GE) may be present and are ignored; any other key, "
            "or one resembling these, is an error."
        ),
        "type": "object",
        "properties": properties,
        "additionalProperties": True,
    }
