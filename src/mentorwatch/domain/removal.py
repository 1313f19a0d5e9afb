"""The removal rule in force: GrowthExperiments' own where it is on, else mentorwatch's.

One rule, used by the planner (what happens to each mentor) and by the away page (the limit on
a self-set away and the removal date a mentor is told before going away), so both say what
will really happen: where upstream's removal is on, mentorwatch's own removal defers to it
(never removes), so upstream's days are the ones that count, sooner or later than ours.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.upstream import UpstreamRules


@dataclass(frozen=True)
class Removal:
    """The removal rule in force: after how many days, and whose (upstream's or ours)."""

    days: int
    by_upstream: bool


def removal_in_force(config: CommunityConfig, upstream: UpstreamRules | None) -> Removal | None:
    """Upstream's removal where it is on, else ours (None: no removal rule is on)."""
    if upstream is not None and upstream.remove_enabled:
        return Removal(upstream.remove_days, True)
    if config.autoremove_enabled:
        return Removal(config.autoremove_after_days, False)
    return None


def rules_in_force(config: CommunityConfig, upstream: UpstreamRules | None) -> CommunityConfig:
    """Our rules with the removal in force (:func:`removal_in_force`) in place of ours: what
    sizes an automatic away, limits a self-set away and dates the removal forecast."""
    removal = removal_in_force(config, upstream)
    if removal is None or not removal.by_upstream:
        return config
    return replace(config, autoremove_enabled=True, autoremove_after_days=removal.days)
