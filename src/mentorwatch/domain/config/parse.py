"""Parsing the community's settings: the rules page (or the legacy page) into a
:class:`~mentorwatch.domain.config.community.CommunityConfig`, or every problem found.

mentorwatch's own rules page (default ``Project:Mentorwatch/Rules.json``) holds the settings
under readable names of our own, with the exemptions; wikis that still keep them on
GrowthExperiments' configuration page (``MediaWiki:GrowthExperimentsMentorship.json``) use
GrowthExperiments' key names (:mod:`~mentorwatch.domain.config.keys`). :func:`parse_config`
takes the key set, so the same record comes out of both. Anything that looks like a
misspelling of one of our keys is an error, because a typo would otherwise silently leave a
rule at its default.

Deliberate differences from upstream (which only checks ``minimum: 0``):
days are whole numbers from 1 to 3650, away days must be below removal days when both
rules are on, and the removal default is 30 days (upstream ships 90).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from mentorwatch.domain.config.community import CommunityConfig
from mentorwatch.domain.config.community_rules_parse import parse_community_rules
from mentorwatch.domain.config.keys import (
    LEGACY_KEYS,
    LEGACY_TO_RULES,
    MAX_TEXT,
    UPSTREAM_MENTORSHIP_KEYS,
    Field,
    KeySet,
)
from mentorwatch.domain.config.problems import ConfigProblem, show
from mentorwatch.domain.exemptions import Exemption
from mentorwatch.domain.message import Message
from mentorwatch.domain.names import canonical_name
from mentorwatch.domain.timeutil import TimestampError, parse_timestamp
from mentorwatch.errors import InvalidInput

_EXEMPTION_KEYS = ("mentor", "reason", "until")
#: an exemption's shape, and the list's, as a problem shows them (JSON: no language's words)
_EXEMPTION_SHAPE = '{"mentor": "Name", "reason": "...", "until": ...}'
_EXEMPTIONS_SHAPE = '{"mentor": "Name", "reason": "...", "until": "2027-01-10T00:00:00Z" or null}'


class ConfigError(InvalidInput):
    """The configuration is invalid; nothing may be acted on. Carries every problem found."""

    def __init__(self, problems: list[ConfigProblem], page: str | None = None) -> None:
        self.problems = tuple(problems)
        #: the wiki page the configuration was read from, when it came from one
        self.page = page
        super().__init__("; ".join(str(problem) for problem in problems))

    def on_page(self, page: str) -> ConfigError:
        """The same problems, said to be on ``page``."""
        return ConfigError(list(self.problems), page)


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
                    Message.of("mentorwatch-config-not-object", found=_json_type(data)),
                )
            ]
        )
    problems: list[ConfigProblem] = []
    values: dict[str, Any] = {}
    sections: dict[str, object] = {}
    fields = keys.by_key
    for key, value in data.items():
        if key in keys.sections:
            sections[key] = value
            continue
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
    if sections:
        rules = parse_community_rules(sections, problems, config.warns)
        config = replace(config, rules=rules)
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
                Message.of(
                    "mentorwatch-config-away-not-below-removal",
                    value=str(config.autoaway_after_days),
                    removal_key=remove_days,
                    removal_days=str(config.autoremove_after_days),
                ),
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
                Message.of(
                    "mentorwatch-config-warn-not-below-removal",
                    value=str(config.warn_days_before_removal),
                    removal_key=remove_days,
                    removal_days=str(config.autoremove_after_days),
                ),
            )
        )
    problems.extend(_questions_problems(config, found, keys))
    return problems


def _questions_problems(
    config: CommunityConfig, found: list[ConfigProblem], keys: KeySet
) -> list[ConfigProblem]:
    """A question can only wait longer than N days inside a window longer than N days."""
    window, waiting = keys.key("questions_window_days"), keys.key("questions_waiting_days")
    if any(p.key in (window, waiting) for p in found):
        return []
    if config.questions_waiting_days < config.questions_window_days:
        return []
    return [
        ConfigProblem(
            waiting,
            Message.of(
                "mentorwatch-config-waiting-not-below-window",
                value=str(config.questions_waiting_days),
                window_key=window,
                window_days=str(config.questions_window_days),
            ),
        )
    ]


def _check_field(key: str, field: Field, value: object) -> bool | int | str | ConfigProblem:
    if field.kind is str:
        return _check_text(key, field, value)
    if field.kind is bool:
        if isinstance(value, bool):
            return value
        return ConfigProblem(key, Message.of("mentorwatch-config-not-boolean", value=show(value)))
    low, high = field.low, field.high
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        # "use a whole number of days (mentors) from low to high"
        said = Message.of(
            f"mentorwatch-config-not-{field.unit}", value=show(value), min=low, max=high
        )
        return ConfigProblem(key, said)
    return value


def _check_text(key: str, field: Field, value: object) -> str | ConfigProblem:
    if not isinstance(value, str):
        return ConfigProblem(key, Message.of("mentorwatch-config-not-text", value=show(value)))
    if len(value) > MAX_TEXT:
        return ConfigProblem(
            key, Message.of("mentorwatch-config-too-long", num_length=len(value), max=MAX_TEXT)
        )
    if field.attr.endswith("_heading"):
        problem = _heading_problem(value)
        if problem is not None:
            return ConfigProblem(key, problem)
    parameters = field.parameters or {}
    unknown = sorted(set(re.findall(r"\$\d+", value)) - set(parameters))
    if unknown:
        return ConfigProblem(
            key,
            Message.of(
                "mentorwatch-config-unknown-parameters",
                unknown=", ".join(unknown),
                known=", ".join(parameters),
            ),
        )
    return value


def _heading_problem(heading: str) -> Message | None:
    """A section heading is one line of text: no line break or other control character (MediaWiki
    saves a ``\r`` as a line break, and the rest of the text would leave the heading: a
    category, a template), and no ``=`` at either end (it would close the heading or change
    its level)."""
    breaking = sorted(
        {f"U+{ord(c):04X}" for c in heading if unicodedata.category(c) in ("Cc", "Zl", "Zp")}
    )
    if breaking:
        return Message.of("mentorwatch-config-heading-line-breaks", characters=", ".join(breaking))
    if heading.strip().startswith("=") or heading.strip().endswith("="):
        return Message("mentorwatch-config-heading-equals")
    return None


def _unknown_key_problem(key: str, keys: KeySet = LEGACY_KEYS) -> ConfigProblem | None:
    """None for keys we deliberately ignore; a problem for anything that may be a typo."""
    if key.startswith("$"):
        return None  # metadata such as CommunityConfiguration's "$version"
    ours = keys.all_keys
    if not keys.shares_growth_page and key in LEGACY_TO_RULES:
        return ConfigProblem(
            key,
            Message.of("mentorwatch-config-old-key", key=LEGACY_TO_RULES[key]),
        )
    close = difflib.get_close_matches(key, ours, n=1, cutoff=0.75)
    if not close:
        close = [own for own in ours if own.lower() == key.lower()]
    if close:
        return ConfigProblem(
            key,
            Message.of("mentorwatch-config-misspelt-key", key=close[0]),
        )
    if keys.shares_growth_page and (key in UPSTREAM_MENTORSHIP_KEYS or key.startswith("GE")):
        return None  # another GrowthExperiments setting on the same page
    return ConfigProblem(
        key,
        Message.of("mentorwatch-config-unknown-key", keys=", ".join(ours)),
    )


def ignored_keys(data: Mapping[str, Any], keys: KeySet = LEGACY_KEYS) -> list[str]:
    """Keys of ``data`` that are not ours and are read past (other upstream settings)."""
    return [
        key for key in data if key not in keys.all_keys and _unknown_key_problem(key, keys) is None
    ]


def _json_type(value: object) -> Message | str:
    """What kind of JSON value ``value`` is, in words (``mentorwatch-config-json-*``)."""
    kinds = ((bool, "boolean"), (int | float, "number"), (str, "string"), (list, "array"))
    if value is None:
        return Message("mentorwatch-config-json-null")
    for kind, name in kinds:
        if isinstance(value, kind):
            return Message(f"mentorwatch-config-json-{name}")
    return type(value).__name__


# --- the rules page's Exemptions list ----------------------------------------------------


def parse_exemptions(key: str, value: object) -> tuple[tuple[Exemption, ...], list[ConfigProblem]]:
    """The exemptions list, and every problem found (each naming ``key[index].field``)."""
    if not isinstance(value, list):
        return (), [
            ConfigProblem(
                key,
                Message.of("mentorwatch-config-expected-list", shape=_EXEMPTIONS_SHAPE),
            )
        ]
    found: list[Exemption] = []
    problems: list[ConfigProblem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(value):
        where = f"{key}[{index}]"
        exemption = _parse_one(where, item, problems)
        if exemption is None:
            continue
        name = canonical_name(exemption.mentor)
        if name in seen:
            problems.append(
                ConfigProblem(
                    f"{where}.mentor",
                    Message.of(
                        "mentorwatch-config-exemption-duplicate",
                        mentor=exemption.mentor,
                        first=f"{key}[{seen[name]}]",
                    ),
                )
            )
            continue
        seen[name] = index
        found.append(exemption)
    return tuple(found), problems


def _parse_one(where: str, item: object, problems: list[ConfigProblem]) -> Exemption | None:
    if not isinstance(item, Mapping):
        problems.append(
            ConfigProblem(where, Message.of("mentorwatch-config-expected", shape=_EXEMPTION_SHAPE))
        )
        return None
    before = len(problems)
    for extra in sorted(set(item) - set(_EXEMPTION_KEYS)):
        problems.append(
            ConfigProblem(f"{where}.{extra}", Message("mentorwatch-config-exemption-unknown-field"))
        )
    mentor, reason = item.get("mentor"), item.get("reason")
    if not isinstance(mentor, str) or not mentor.strip():
        problems.append(
            ConfigProblem(
                f"{where}.mentor", Message("mentorwatch-config-exemption-mentor-required")
            )
        )
    if not isinstance(reason, str) or not reason.strip():
        problems.append(
            ConfigProblem(
                f"{where}.reason", Message("mentorwatch-config-exemption-reason-required")
            )
        )
    elif len(reason) > MAX_TEXT:
        too_long = Message.of("mentorwatch-config-exemption-reason-too-long", max=MAX_TEXT)
        problems.append(ConfigProblem(f"{where}.reason", too_long))
    until = _until(where, item.get("until"), problems)
    if len(problems) > before:
        return None
    assert isinstance(mentor, str) and isinstance(reason, str)
    return Exemption(" ".join(mentor.split()), reason.strip(), until)


def _until(where: str, value: object, problems: list[ConfigProblem]) -> datetime | None:
    if value is None:
        return None
    refused = ConfigProblem(
        f"{where}.until", Message.of("mentorwatch-config-exemption-until", value=repr(value))
    )
    if not isinstance(value, str) or not value.strip().upper().endswith("Z"):
        problems.append(refused)
        return None
    try:
        return parse_timestamp(value)
    except TimestampError:
        problems.append(refused)
        return None
