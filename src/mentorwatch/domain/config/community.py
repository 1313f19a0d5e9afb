"""The community's settings as one record: :class:`CommunityConfig`.

Made by :func:`~mentorwatch.domain.config.parse.parse_config` from the rules page (or the
legacy page), written back under either key set; the key names are in
:mod:`~mentorwatch.domain.config.keys`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from mentorwatch.domain.config.community_rules import CommunityRules
from mentorwatch.domain.config.keys import (
    AUTOAWAY_DAYS,
    AUTOAWAY_ENABLED,
    AUTOREMOVE_DAYS,
    AUTOREMOVE_ENABLED,
    DEFAULT_AUTOAWAY_DAYS,
    DEFAULT_AUTOREMOVE_DAYS,
    DEFAULT_MINIMUM_POOL,
    DEFAULT_QUESTIONS_WAITING_DAYS,
    DEFAULT_QUESTIONS_WINDOW_DAYS,
    DEFAULT_WARN_DAYS,
    FIELDS,
    RULES_KEYS,
    WRITTEN_WHEN_SET,
)
from mentorwatch.domain.exemptions import Exemption, index_by_name
from mentorwatch.domain.message import Message
from mentorwatch.domain.names import canonical_name


@dataclass(frozen=True)
class RuleDescription:
    """One of the two rules (away, removal) as people read it."""

    name: str  # "away" or "removal"
    enabled: bool
    after_days: int

    @property
    def label(self) -> Message:
        """What the rule does, as the configuration page names it."""
        return Message(f"mentorwatch-rule-label-{self.name}")

    @property
    def state(self) -> Message:
        """``after N days``, or ``off``."""
        if not self.enabled:
            return Message("mentorwatch-rule-state-off")
        return Message.of("mentorwatch-rule-state-after", num_days=self.after_days)


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
    #: the community's notice after an action, and the away notice (empty: the catalogue's)
    notice_heading: str = ""
    notice_text: str = ""
    away_notice_heading: str = ""
    away_notice_text: str = ""
    #: the community's nudge (empty: the catalogue's)
    nudge_heading: str = ""
    nudge_text: str = ""
    exemptions: tuple[Exemption, ...] = ()
    #: the rules communities use besides the days of inactivity (issue 24; each off by default)
    rules: CommunityRules = field(default_factory=CommunityRules)
    #: mentees' questions (issue 25): counted over a window, waiting after N days, a nudge
    questions_window_days: int = DEFAULT_QUESTIONS_WINDOW_DAYS
    questions_waiting_days: int = DEFAULT_QUESTIONS_WAITING_DAYS
    nudge_enabled: bool = False
    #: the fewest mentors taking newcomers a plan may leave (the pool safety check)
    minimum_pool: int = DEFAULT_MINIMUM_POOL

    @property
    def warns(self) -> bool:
        """Whether mentors are warned before mentorwatch's own removal (which waits for it)."""
        return self.autoremove_enabled and self.warn_enabled

    @cached_property
    def exemptions_by_name(self) -> Mapping[str, Exemption]:
        """Each mentor's exemption (in force or expired) by canonical name, made once."""
        return index_by_name(self.exemptions)

    def exemption_of(self, username: str) -> Exemption | None:
        """``username``'s exemption, in force or expired (None: none)."""
        return self.exemptions_by_name.get(canonical_name(username)) if self.exemptions else None

    def exemption(self, username: str, now: datetime) -> Exemption | None:
        """The exemption in force for ``username`` at ``now``."""
        exemption = self.exemption_of(username)
        return exemption if exemption is not None and exemption.in_force(now) else None

    def describe_rules(self) -> tuple[RuleDescription, RuleDescription]:
        """The away rule and the removal rule, for summaries (the CLI, plans, the web app)."""
        return (
            RuleDescription("away", self.autoaway_enabled, self.autoaway_after_days),
            RuleDescription("removal", self.autoremove_enabled, self.autoremove_after_days),
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
        defaults = {field.attr: field.default for field in FIELDS}
        document: dict[str, Any] = {
            key: getattr(self, attr)
            for attr, key in RULES_KEYS.keys
            if attr not in WRITTEN_WHEN_SET or getattr(self, attr) != defaults[attr]
        }
        document[RULES_KEYS.exemptions or "Exemptions"] = [e.to_json() for e in self.exemptions]
        document.update(self.rules.to_json())
        return document
