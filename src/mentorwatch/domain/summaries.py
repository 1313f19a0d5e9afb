"""Edit summaries, upstream's wording by default, overridable per wiki.

``$1`` is the mentor's name, ``$2`` the number of whole days they have been inactive (upstream's
``MentorListCleaner`` puts the configured threshold there; the real figure tells readers more).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from mentorwatch.domain.placeholders import fill
from mentorwatch.domain.planner import Decision


@dataclass(frozen=True)
class Summaries:
    mark_away: str = "Marking mentor $1 as away, inactive for $2 days"
    renew_away: str = "Extending the away period of mentor $1, inactive for $2 days"
    remove: str = "Removing mentor $1, inactive for $2 days"
    pause: str = "Pausing automatic assignment to mentor $1, inactive for $2 days"
    resume: str = "Resuming automatic assignment to mentor $1, active again"
    reassign: str = "Mentor $1 was removed from mentorship after $2 days of inactivity"
    warn: str = "Mentor list: $1 has been inactive for $2 days; removal planned unless they edit"
    notify: str = "Mentor list: telling $1 about a change to their mentor status"
    undo: str = "Undoing mentorwatch run #$3 for mentor $1"

    @classmethod
    def from_mapping(cls, overrides: dict[str, Any]) -> Summaries:
        known = {field.name for field in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(
                f"unknown summary keys {sorted(unknown)}; use {', '.join(sorted(known))}"
            )
        return replace(cls(), **{key: str(value) for key, value in overrides.items()})

    def render(self, template: str, decision: Decision) -> str:
        """``$1`` the mentor, ``$2`` whole days inactive."""
        if decision.days_inactive is not None:
            days = str(int(decision.days_inactive))
        else:
            days = f"more than {decision.threshold_days}" if decision.threshold_days else "many"
        return fill(template, decision.username, days)

    def render_reassign(self, old_mentor: str, days_inactive: float | None) -> str:
        """The reason given to ``growthsetmentor``: ``$1`` the removed mentor, ``$2`` days."""
        days = "many" if days_inactive is None else str(int(days_inactive))
        return fill(self.reassign, old_mentor, days)

    def render_undo(self, username: str, run_id: int) -> str:
        """``$1`` the mentor, ``$3`` the run undone."""
        return fill(self.undo, username, "$2", str(run_id))
