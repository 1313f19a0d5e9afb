"""Community configuration: the admins' settings, from the rules page or the legacy page.

mentorwatch's own rules page (default ``Project:Mentorwatch/Rules.json``) holds the settings
under readable names of our own, with the exemptions; wikis that still keep them on
GrowthExperiments' configuration page (``MediaWiki:GrowthExperimentsMentorship.json``) use
GrowthExperiments' key names (``config_fields``). :func:`parse_config` takes the key set, so the
same :class:`CommunityConfig` comes out of both. Anything that looks like a misspelling of one
of our keys is an error, because a typo would otherwise silently leave a rule at its default.

Deliberate differences from upstream (which only checks ``minimum: 0``):
days are whole numbers from 1 to 3650, away days must be below removal days when both
rules are on, and the removal default is 30 days (upstream ships 90).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.config_fields import (
    DEFAULT_AUTOAWAY_DAYS,
    DEFAULT_AUTOREMOVE_DAYS,
    DEFAULT_WARN_DAYS,
    LEGACY_KEYS,
    LEGACY_TO_RULES,
    MAX_DAYS,
    MAX_TEXT,
    MIN_DAYS,
    RULES_KEYS,
    ConfigError,
    ConfigProblem,
    Field,
    KeySet,
)
from mentorwatch.domain.exemptions import Exemption, exemption_for, parse_exemptions
from mentorwatch.domain.warning_text import WARNING_PARAMETERS

__all__ = [
    "DEFAULT_AUTOAWAY_DAYS",
    "DEFAULT_AUTOREMOVE_DAYS",
    "DEFAULT_WARN_DAYS",
    "LEGACY_KEYS",
    "MAX_DAYS",
    "MAX_TEXT",
    "MIN_DAYS",
    "RULES_KEYS",
    "CommunityConfig",
    "ConfigError",
    "ConfigProblem",
    "KeySet",
    "parse_config",
]

#: GrowthExperiments' keys (the legacy page), kept as names for the code that uses them
AUTOAWAY_ENABLED = LEGACY_KEYS.key("autoaway_enabled")
AUTOAWAY_DAYS = LEGACY_KEYS.key("autoaway_after_days")
AUTOREMOVE_ENABLED = LEGACY_KEYS.key("autoremove_enabled")
AUTOREMOVE_DAYS = LEGACY_KEYS.key("autoremove_after_days")
WARN_ENABLED = LEGACY_KEYS.key("warn_enabled")
WARN_DAYS = LEGACY_KEYS.key("warn_days_before_removal")
NOTIFY_ENABLED = LEGACY_KEYS.key("notify_enabled")
WARNING_HEADING = LEGACY_KEYS.key("warning_heading")
WARNING_TEXT = LEGACY_KEYS.key("warning_text")

#: Other settings of upstream's Mentorship provider page: read past, never rejected.
UPSTREAM_MENTORSHIP_KEYS = frozenset(
    {
        "GEMentorshipEnabled",
        "GEMentorshipAutomaticEligibility",
        "GEMentorshipMinimumAge",
        "GEMentorshipMinimumEditcount",
        "GEMentorshipStartOptedOutThresholds",
        "GEMentorshipReassignMenteesBatchSize",
        "GEPersonalizedPraiseDays",
        "GEPersonalizedPraiseDefaultNotificationsFrequency",
        "GEPersonalizedPraiseMaxEdits",
        "GEPersonalizedPraiseMinEdits",
        "GEPersonalizedPraiseMaxReverts",
        "GEPersonalizedPraiseNotificationsEnabled",
    }
)
FIELDS_BY_KEY = LEGACY_KEYS.by_key
OUR_KEYS = tuple(FIELDS_BY_KEY)


@dataclass(frozen=True)
class RuleDescription:
    """One of the two rules (away, removal) as people read it."""

    name: str  # "away" or "removal"
    label: str  # what the rule does, as the configuration page names it
    enabled: bool
    after_days: int

    @property
    def state(self) -> str:
        """``after N days``, or ``off``."""
        return f"after {self.after_days} days" if self.enabled else "off"


@dataclass(frozen=True)
class CommunityConfig:
    """The validated settings. Construct through :func:`parse_config` for untrusted input."""

    autoaway_enabled: bool = False
    autoaway_after_days: int = DEFAULT_AUTOAWAY_DAYS
    autoremove_enabled: bool = False
    autoremove_after_days: int = DEFAULT_AUTOREMOVE_DAYS
    warn_enabled: bool = False
    warn_days_before_removal: int = DEFAULT_WARN_DAYS
    notify_enabled: bool = False
    warning_heading: str = ""
    warning_text: str = ""
    exemptions: tuple[Exemption, ...] = ()

    @property
    def warns(self) -> bool:
        """Whether mentors are warned before mentorwatch's own removal (which waits for it)."""
        return self.autoremove_enabled and self.warn_enabled

    def exemption(self, username: str, now: datetime) -> Exemption | None:
        """The exemption in force for ``username`` at ``now``."""
        return exemption_for(self.exemptions, username, now)

    def describe_rules(self) -> tuple[RuleDescription, RuleDescription]:
        """The away rule and the removal rule, for summaries (the CLI, plans, the web app)."""
        return (
            RuleDescription(
                "away",
                "Mark inactive mentors as Away",
                self.autoaway_enabled,
                self.autoaway_after_days,
            ),
            RuleDescription(
                "removal",
                "Remove inactive mentors",
                self.autoremove_enabled,
                self.autoremove_after_days,
            ),
        )

    def to_wiki_json(self) -> dict[str, Any]:
        """The four settings under GrowthExperiments' keys."""
        return {
            AUTOAWAY_ENABLED: self.autoaway_enabled,
            AUTOAWAY_DAYS: self.autoaway_after_days,
            AUTOREMOVE_ENABLED: self.autoremove_enabled,
            AUTOREMOVE_DAYS: self.autoremove_after_days,
        }

    def to_rules_json(self) -> dict[str, Any]:
        """Every setting under the rules page's keys, exemptions included (the page's text)."""
        document: dict[str, Any] = {key: getattr(self, attr) for attr, key in RULES_KEYS.keys}
        document[RULES_KEYS.exemptions or "Exemptions"] = [e.to_json() for e in self.exemptions]
        return document


def parse_config(data: object, keys: KeySet = LEGACY_KEYS) -> CommunityConfig:
    """Validate a configuration object (the decoded JSON page) into a :class:`CommunityConfig`.

    ``keys``: the names the page uses (:data:`RULES_KEYS` for the rules page, the default
    :data:`LEGACY_KEYS` for GrowthExperiments' page). Raises :class:`ConfigError` listing
    every problem; a partially valid configuration is never returned.
    """
    if not isinstance(data, Mapping):
        raise ConfigError(
            [
                ConfigProblem(
                    "(top level)",
                    f"expected a JSON object of settings, found {_json_type(data)}",
                )
            ]
        )
    problems: list[ConfigProblem] = []
    values: dict[str, Any] = {}
    fields = keys.by_key
    for key, value in data.items():
        if keys.exemptions is not None and key == keys.exemptions:
            values["exemptions"], found = parse_exemptions(key, value)
            problems.extend(found)
            continue
        field = fields.get(key)
        if field is None:
            problem = _unknown_key_problem(str(key), keys)
            if problem is not None:
                problems.append(problem)
            continue
        checked = _check_field(key, field, value)
        if isinstance(checked, ConfigProblem):
            problems.append(checked)
        else:
            values[field.attr] = checked

    config = CommunityConfig(**values)
    problems.extend(_cross_field_problems(config, problems, keys))
    if problems:
        raise ConfigError(problems)
    return config


def rules_from_legacy(data: Mapping[str, Any]) -> dict[str, Any]:
    """The rules page's document for the settings a legacy page holds (``config migrate``)."""
    config = parse_config(data, LEGACY_KEYS)
    document = config.to_rules_json()
    present = {LEGACY_TO_RULES[key] for key in data if key in LEGACY_TO_RULES}
    return {key: value for key, value in document.items() if key in present}


def legacy_keys_present(data: Mapping[str, Any]) -> list[str]:
    """Which of mentorwatch's settings a legacy page holds (GrowthExperiments' names)."""
    return [key for key in data if key in LEGACY_TO_RULES]


def _cross_field_problems(
    config: CommunityConfig, found: list[ConfigProblem], keys: KeySet
) -> list[ConfigProblem]:
    """Rules between fields, checked once each field is valid on its own."""
    away_days, remove_days = keys.key("autoaway_after_days"), keys.key("autoremove_after_days")
    warn_days = keys.key("warn_days_before_removal")
    problems = []
    both_days_valid = not any(p.key in (away_days, remove_days) for p in found)
    if (
        both_days_valid
        and config.autoaway_enabled
        and config.autoremove_enabled
        and config.autoaway_after_days >= config.autoremove_after_days
    ):
        problems.append(
            ConfigProblem(
                away_days,
                f"{config.autoaway_after_days} is not allowed while both rules are on: it must "
                f"be less than {remove_days} ({config.autoremove_after_days}), or mentors "
                "would be removed before they are ever marked away. Lower the away days or "
                "raise the removal days.",
            )
        )
    if (
        not any(p.key in (warn_days, remove_days) for p in found)
        and config.warns
        and config.warn_days_before_removal >= config.autoremove_after_days
    ):
        problems.append(
            ConfigProblem(
                warn_days,
                f"{config.warn_days_before_removal} is not allowed: the warning must come less "
                f"than {remove_days} ({config.autoremove_after_days}) days before removal. "
                "Lower the warning days.",
            )
        )
    return problems


def _check_field(key: str, field: Field, value: object) -> bool | int | str | ConfigProblem:
    if field.kind is str:
        return _check_text(key, field, value)
    if field.kind is bool:
        if isinstance(value, bool):
            return value
        return ConfigProblem(
            key, f"{_show(value)} is not allowed; use true or false (without quotes)."
        )
    allowed = f"use a whole number of days from {MIN_DAYS} to {MAX_DAYS}"
    if isinstance(value, bool) or not isinstance(value, int):
        return ConfigProblem(key, f"{_show(value)} is not allowed; {allowed}.")
    if not MIN_DAYS <= value <= MAX_DAYS:
        return ConfigProblem(key, f"{value} is not allowed; {allowed}.")
    return value


def _check_text(key: str, field: Field, value: object) -> str | ConfigProblem:
    if not isinstance(value, str):
        return ConfigProblem(key, f"{_show(value)} is not allowed; use a string of wikitext.")
    if len(value) > MAX_TEXT:
        return ConfigProblem(
            key, f"is {len(value)} characters long; shorten it to at most {MAX_TEXT}."
        )
    if field.attr == "warning_heading" and "\n" in value:
        return ConfigProblem(key, "a heading is one line; remove the line breaks.")
    unknown = sorted(set(re.findall(r"\$\d+", value)) - set(WARNING_PARAMETERS))
    if unknown:
        return ConfigProblem(
            key,
            f"uses {', '.join(unknown)}, which mean nothing here; the parameters are "
            + ", ".join(WARNING_PARAMETERS)
            + ".",
        )
    return value


def _unknown_key_problem(key: str, keys: KeySet = LEGACY_KEYS) -> ConfigProblem | None:
    """None for keys we deliberately ignore; a problem for anything that may be a typo."""
    if key.startswith("$"):
        return None  # metadata such as CommunityConfiguration's "$version"
    ours = keys.all_keys
    if not keys.shares_growth_page and key in LEGACY_TO_RULES:
        return ConfigProblem(
            key,
            f'this is the old page\'s name; on the rules page it is "{LEGACY_TO_RULES[key]}".',
        )
    close = difflib.get_close_matches(key, ours, n=1, cutoff=0.75)
    if not close:
        close = [own for own in ours if own.lower() == key.lower()]
    if close:
        return ConfigProblem(
            key,
            f'unknown key; did you mean "{close[0]}"? A misspelt key would leave its rule '
            "at the default, so it is refused.",
        )
    if keys.shares_growth_page and (key in UPSTREAM_MENTORSHIP_KEYS or key.startswith("GE")):
        return None  # another GrowthExperiments setting on the same page
    return ConfigProblem(
        key,
        "unknown key; the settings are " + ", ".join(ours) + ". Remove it or fix its name.",
    )


def ignored_keys(data: Mapping[str, Any], keys: KeySet = LEGACY_KEYS) -> list[str]:
    """Keys of ``data`` that are not ours and are read past (other upstream settings)."""
    return [
        key for key in data if key not in keys.all_keys and _unknown_key_problem(key, keys) is None
    ]


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def _show(value: object) -> str:
    """How a value looked in the JSON file."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)
