"""The rules communities use besides GrowthExperiments' days of inactivity (issue 24), as
records: edits per namespace in a window, retired and wikibreak templates, log actions.

Each is off by default and lives on the rules page under its own key (:data:`SECTION_KEYS`),
an object of lower-case fields like the exemptions'; :mod:`.community_rules_parse` reads them,
one problem per bad value naming its key. ``docs/config.md`` has an example per community.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

#: the rules page's key of each rule
EDITS_KEY = "EditsInWindow"
RETIRED_KEY = "RetiredTemplates"
WIKIBREAK_KEY = "WikibreakTemplates"
LOG_ACTIONS_KEY = "LogActions"
SECTION_KEYS = (EDITS_KEY, RETIRED_KEY, WIKIBREAK_KEY, LOG_ACTIONS_KEY)

#: the log types counted when the community names none (patrolling, moves, blocks, reviews)
DEFAULT_LOG_TYPES = ("patrol", "move", "block", "review")


class NamespaceSet(StrEnum):
    """A group of namespaces as the wiki defines it (``meta=siteinfo``)."""

    #: every talk namespace (odd numbers)
    TALK = "talk"
    #: the wiki's content namespaces (``$wgContentNamespaces``: ``content`` in siteinfo)
    CONTENT = "content"


class RuleAction(StrEnum):
    """What a rule does to a mentor it applies to."""

    AWAY = "away"
    REMOVAL = "removal"


class Combine(StrEnum):
    """How a rule's groups combine: every minimum must be met, or any one."""

    AND = "and"
    OR = "or"


@dataclass(frozen=True)
class NamespaceGroup:
    """Namespaces counted together (numbers, and the wiki's sets) and their minimum."""

    namespaces: tuple[int, ...]
    sets: tuple[NamespaceSet, ...]
    minimum: int

    def to_json(self) -> dict[str, Any]:
        listed: list[int | str] = [*self.namespaces, *(str(name) for name in self.sets)]
        return {"namespaces": listed, "minimum": self.minimum}


@dataclass(frozen=True)
class EditsRule:
    """Fewer edits than the minimums in the last ``window_days``: the action is taken."""

    enabled: bool = False
    window_days: int = 90
    groups: tuple[NamespaceGroup, ...] = ()
    combine: Combine = Combine.AND
    action: RuleAction = RuleAction.REMOVAL

    def to_json(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "window_days": self.window_days,
            "groups": [group.to_json() for group in self.groups],
            "combine": str(self.combine),
            "action": str(self.action),
        }


@dataclass(frozen=True)
class RetiredRule:
    """One of these templates on the mentor's user page: removed (or marked away)."""

    enabled: bool = False
    templates: tuple[str, ...] = ()
    action: RuleAction = RuleAction.REMOVAL

    def to_json(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "templates": list(self.templates),
            "action": str(self.action),
        }


@dataclass(frozen=True)
class WikibreakRule:
    """One of these templates on the mentor's user page: away while it is there (until the
    date its ``end_parameter`` gives, where the community names one)."""

    enabled: bool = False
    templates: tuple[str, ...] = ()
    end_parameter: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "templates": list(self.templates),
            "end_parameter": self.end_parameter,
        }


@dataclass(frozen=True)
class LogActionsRule:
    """Log actions of these types count as activity for the days of inactivity."""

    enabled: bool = False
    types: tuple[str, ...] = DEFAULT_LOG_TYPES

    def to_json(self) -> dict[str, Any]:
        return {"enabled": self.enabled, "types": list(self.types)}


@dataclass(frozen=True)
class CommunityRules:
    """The four rules together (each off unless the rules page turns it on)."""

    edits: EditsRule = field(default_factory=EditsRule)
    retired: RetiredRule = field(default_factory=RetiredRule)
    wikibreak: WikibreakRule = field(default_factory=WikibreakRule)
    log_actions: LogActionsRule = field(default_factory=LogActionsRule)

    @property
    def any_enabled(self) -> bool:
        return any(rule.enabled for rule in self.by_key().values())

    def by_key(self) -> dict[str, EditsRule | RetiredRule | WikibreakRule | LogActionsRule]:
        return {
            EDITS_KEY: self.edits,
            RETIRED_KEY: self.retired,
            WIKIBREAK_KEY: self.wikibreak,
            LOG_ACTIONS_KEY: self.log_actions,
        }

    def to_json(self) -> dict[str, Any]:
        """The rules page's keys of the rules that differ from the default (an old page, or an
        old snapshot, is written back as it was)."""
        default = CommunityRules()
        defaults = default.by_key()
        return {key: rule.to_json() for key, rule in self.by_key().items() if rule != defaults[key]}
