"""The community's configuration: the admins' settings, from the rules page or the legacy page.

:mod:`.community` is the record (:class:`CommunityConfig`), :mod:`.parse` reads a page into it
(every problem named, :class:`ConfigError`), :mod:`.keys` holds the fields under both key sets
(the rules page's names and GrowthExperiments' legacy ones) and :mod:`.schema` the JSON Schema
of either page. The names used outside are re-exported here.
"""

from mentorwatch.domain.config.community import CommunityConfig, RuleDescription
from mentorwatch.domain.config.keys import (
    AUTOAWAY_DAYS,
    AUTOAWAY_ENABLED,
    AUTOREMOVE_DAYS,
    AUTOREMOVE_ENABLED,
    DEFAULT_AUTOAWAY_DAYS,
    DEFAULT_AUTOREMOVE_DAYS,
    DEFAULT_WARN_DAYS,
    LEGACY_KEYS,
    MAX_DAYS,
    MAX_TEXT,
    MIN_DAYS,
    RULES_KEYS,
    WARN_DAYS,
    WARN_ENABLED,
    WARNING_HEADING,
    WARNING_PARAMETERS,
    WARNING_TEXT,
    KeySet,
)
from mentorwatch.domain.config.parse import (
    ConfigError,
    ignored_keys,
    legacy_keys_present,
    parse_config,
    rules_from_legacy,
)
from mentorwatch.domain.config.problems import ConfigProblem
from mentorwatch.domain.config.schema import config_json_schema

__all__ = [
    "AUTOAWAY_DAYS",
    "AUTOAWAY_ENABLED",
    "AUTOREMOVE_DAYS",
    "AUTOREMOVE_ENABLED",
    "DEFAULT_AUTOAWAY_DAYS",
    "DEFAULT_AUTOREMOVE_DAYS",
    "DEFAULT_WARN_DAYS",
    "LEGACY_KEYS",
    "MAX_DAYS",
    "MAX_TEXT",
    "MIN_DAYS",
    "RULES_KEYS",
    "WARNING_HEADING",
    "WARNING_PARAMETERS",
    "WARNING_TEXT",
    "WARN_DAYS",
    "WARN_ENABLED",
    "CommunityConfig",
    "ConfigError",
    "ConfigProblem",
    "KeySet",
    "RuleDescription",
    "config_json_schema",
    "ignored_keys",
    "legacy_keys_present",
    "parse_config",
    "rules_from_legacy",
]
