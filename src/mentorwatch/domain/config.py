"""Community configuration: the admins' four settings, in GrowthExperiments' own keys.

A wiki's existing ``MediaWiki:GrowthExperimentsMentorship.json`` can be read as is: the
keys are upstream's (GrowthExperiments' Mentorship community configuration), other
upstream settings on that page are ignored, and anything that looks like a misspelling of
one of ours is an error, because a typo would otherwise silently leave a rule at its default.

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
from typing import Any

from mentorwatch.domain.warning_text import WARNING_PARAMETERS
from mentorwatch.errors import InvalidInput

AUTOAWAY_ENABLED = "GEMentorshipShouldBeAutoawayed"
AUTOAWAY_DAYS = "GEMentorshipAutoawayedAfterDays"
AUTOREMOVE_ENABLED = "GEMentorshipShouldBeAutoremoved"
AUTOREMOVE_DAYS = "GEMentorshipAutoremovedAfterDays"

#: mentorwatch's own settings (not upstream's): warning mentors before removal, telling them
#: when they were marked away or removed, and the warning's text.
WARN_ENABLED = "MentorwatchWarnBeforeRemoval"
WARN_DAYS = "MentorwatchWarnDaysBeforeRemoval"
NOTIFY_ENABLED = "MentorwatchNotifyOnAction"
WARNING_HEADING = "MentorwatchWarningHeading"
WARNING_TEXT = "MentorwatchWarningText"

MIN_DAYS = 1
MAX_DAYS = 3650
MAX_TEXT = 5000

DEFAULT_AUTOAWAY_DAYS = 10
DEFAULT_AUTOREMOVE_DAYS = 30
DEFAULT_WARN_DAYS = 7

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


@dataclass(frozen=True)
class _Field:
    key: str
    kind: type
    default: bool | int | str
    title: str
    description: str


_FIELDS: tuple[_Field, ...] = (
    _Field(
        AUTOAWAY_ENABLED,
        bool,
        False,
        "Mark inactive mentors as Away?",
        "When true, mentors inactive for more than the away days are marked Away "
        "and get no new mentees.",
    ),
    _Field(
        AUTOAWAY_DAYS,
        int,
        DEFAULT_AUTOAWAY_DAYS,
        "Days of inactivity before marking as Away",
        "Whole days, 1 to 3650. Must be less than the removal days when both rules are on.",
    ),
    _Field(
        AUTOREMOVE_ENABLED,
        bool,
        False,
        "Remove inactive mentors?",
        "When true, mentors inactive for more than the removal days are removed from the "
        "mentor list and their mentees are reassigned.",
    ),
    _Field(
        AUTOREMOVE_DAYS,
        int,
        DEFAULT_AUTOREMOVE_DAYS,
        "Days of inactivity before removal",
        "Whole days, 1 to 3650. Also the longest a mentor may set themselves Away while "
        "removal is on.",
    ),
)
_PARAMETERS_HELP = ", ".join(f"{key} {meaning}" for key, meaning in WARNING_PARAMETERS.items())
_OWN_FIELDS: tuple[_Field, ...] = (
    _Field(
        WARN_ENABLED,
        bool,
        False,
        "Warn mentors before removing them?",
        "mentorwatch's own setting. When true (and removal is on), a mentor is told on their "
        "talk page before they are removed, and not removed until the warning is that old.",
    ),
    _Field(
        WARN_DAYS,
        int,
        DEFAULT_WARN_DAYS,
        "Days of warning before removal",
        "Whole days, 1 to 3650, less than the removal days.",
    ),
    _Field(
        NOTIFY_ENABLED,
        bool,
        False,
        "Tell mentors when they are marked Away or removed?",
        "mentorwatch's own setting: a short message on the mentor's talk page after the change.",
    ),
    _Field(
        WARNING_HEADING,
        str,
        "",
        "Heading of the warning",
        "Optional, one line of wikitext; empty for the default. Parameters: " + _PARAMETERS_HELP,
    ),
    _Field(
        WARNING_TEXT,
        str,
        "",
        "Text of the warning",
        "Optional wikitext; empty for the default. Parameters: " + _PARAMETERS_HELP,
    ),
)
FIELDS_BY_KEY = {field.key: field for field in (*_FIELDS, *_OWN_FIELDS)}
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

    @property
    def warns(self) -> bool:
        """Whether mentors are warned (and removal waits for the warning)."""
        return self.autoremove_enabled and self.warn_enabled

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


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong with a configuration: where, what was found, and how to fix it."""

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


class ConfigError(InvalidInput):
    """The configuration is invalid; nothing may be acted on. Carries every problem found."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in problems))


def parse_config(data: object) -> CommunityConfig:
    """Validate a configuration object (the decoded JSON page) into a :class:`CommunityConfig`.

    Raises :class:`ConfigError` listing every problem; a partially valid configuration is
    never returned.
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
    values: dict[str, bool | int | str] = {}
    for key, value in data.items():
        field = FIELDS_BY_KEY.get(key)
        if field is None:
            problem = _unknown_key_problem(str(key))
            if problem is not None:
                problems.append(problem)
            continue
        checked = _check_field(field, value)
        if isinstance(checked, ConfigProblem):
            problems.append(checked)
        else:
            values[key] = checked

    config = CommunityConfig(
        autoaway_enabled=bool(values.get(AUTOAWAY_ENABLED, False)),
        autoaway_after_days=int(values.get(AUTOAWAY_DAYS, DEFAULT_AUTOAWAY_DAYS)),
        autoremove_enabled=bool(values.get(AUTOREMOVE_ENABLED, False)),
        autoremove_after_days=int(values.get(AUTOREMOVE_DAYS, DEFAULT_AUTOREMOVE_DAYS)),
        warn_enabled=bool(values.get(WARN_ENABLED, False)),
        warn_days_before_removal=int(values.get(WARN_DAYS, DEFAULT_WARN_DAYS)),
        notify_enabled=bool(values.get(NOTIFY_ENABLED, False)),
        warning_heading=str(values.get(WARNING_HEADING, "")),
        warning_text=str(values.get(WARNING_TEXT, "")),
    )
    problems.extend(_cross_field_problems(config, problems))
    if problems:
        raise ConfigError(problems)
    return config


def _cross_field_problems(
    config: CommunityConfig, found: list[ConfigProblem]
) -> list[ConfigProblem]:
    """Rules between fields, checked once each field is valid on its own."""
    problems = []
    both_days_valid = not any(p.key in (AUTOAWAY_DAYS, AUTOREMOVE_DAYS) for p in found)
    if (
        both_days_valid
        and config.autoaway_enabled
        and config.autoremove_enabled
        and config.autoaway_after_days >= config.autoremove_after_days
    ):
        problems.append(
            ConfigProblem(
                AUTOAWAY_DAYS,
                f"{config.autoaway_after_days} is not allowed while both rules are on: it must "
                f"be less than {AUTOREMOVE_DAYS} ({config.autoremove_after_days}), or mentors "
                "would be removed before they are ever marked away. Lower the away days or "
                "raise the removal days.",
            )
        )
    if (
        not any(p.key in (WARN_DAYS, AUTOREMOVE_DAYS) for p in found)
        and config.warns
        and config.warn_days_before_removal >= config.autoremove_after_days
    ):
        problems.append(
            ConfigProblem(
                WARN_DAYS,
                f"{config.warn_days_before_removal} is not allowed: the warning must come less "
                f"than {AUTOREMOVE_DAYS} ({config.autoremove_after_days}) days before removal. "
                "Lower the warning days.",
            )
        )
    return problems


def _check_field(field: _Field, value: object) -> bool | int | str | ConfigProblem:
    if field.kind is str:
        return _check_text(field, value)
    if field.kind is bool:
        if isinstance(value, bool):
            return value
        return ConfigProblem(
            field.key, f"{_show(value)} is not allowed; use true or false (without quotes)."
        )
    allowed = f"use a whole number of days from {MIN_DAYS} to {MAX_DAYS}"
    if isinstance(value, bool) or not isinstance(value, int):
        return ConfigProblem(field.key, f"{_show(value)} is not allowed; {allowed}.")
    if not MIN_DAYS <= value <= MAX_DAYS:
        return ConfigProblem(field.key, f"{value} is not allowed; {allowed}.")
    return value


def _check_text(field: _Field, value: object) -> str | ConfigProblem:
    if not isinstance(value, str):
        return ConfigProblem(field.key, f"{_show(value)} is not allowed; use a string of wikitext.")
    if len(value) > MAX_TEXT:
        return ConfigProblem(
            field.key, f"is {len(value)} characters long; shorten it to at most {MAX_TEXT}."
        )
    if field.key == WARNING_HEADING and "\n" in value:
        return ConfigProblem(field.key, "a heading is one line; remove the line breaks.")
    unknown = sorted(set(re.findall(r"\$\d+", value)) - set(WARNING_PARAMETERS))
    if unknown:
        return ConfigProblem(
            field.key,
            f"uses {', '.join(unknown)}, which mean nothing here; the parameters are "
            + ", ".join(WARNING_PARAMETERS)
            + ".",
        )
    return value


def _unknown_key_problem(key: str) -> ConfigProblem | None:
    """None for keys we deliberately ignore; a problem for anything that may be a typo."""
    if key.startswith("$"):
        return None  # CommunityConfiguration metadata such as "$version"
    close = difflib.get_close_matches(key, OUR_KEYS, n=1, cutoff=0.75)
    if not close:
        close = [ours for ours in OUR_KEYS if ours.lower() == key.lower()]
    if close:
        return ConfigProblem(
            key,
            f'unknown key; did you mean "{close[0]}"? A misspelt key would leave its rule '
            "at the default, so it is refused.",
        )
    if key in UPSTREAM_MENTORSHIP_KEYS or key.startswith("GE"):
        return None  # another GrowthExperiments setting on the same page
    return ConfigProblem(
        key,
        "unknown key; the settings are " + ", ".join(OUR_KEYS) + ". Remove it or fix its name.",
    )


def ignored_keys(data: Mapping[str, Any]) -> list[str]:
    """Keys of ``data`` that are not ours and are read past (other upstream settings)."""
    return [key for key in data if key not in FIELDS_BY_KEY and _unknown_key_problem(key) is None]


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
