"""What a run did: its plan, each action's outcome, what it cost the wiki."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mentorwatch.domain.message import Message
from mentorwatch.domain.messages import Undelivered
from mentorwatch.domain.outcomes import UNFINISHED, Outcome, Status, WriteKind
from mentorwatch.domain.planner import Plan
from mentorwatch.wiki.mentorlist import Capabilities


@dataclass
class RunReport:
    run_id: int
    wiki: str
    dry_run: bool
    capabilities: Capabilities
    plan: Plan
    problems: tuple[str, ...]
    outcomes: list[Outcome] = field(default_factory=list)
    #: why a safety check refused the plan, in English (None: it did not) ...
    refused: str | None = None
    #: ... and as messages, for readers of other languages
    refusals: tuple[Message, ...] = ()
    #: why the run stopped part-way (it lost the wiki's lock); None: it did not
    stopped: str | None = None
    recovered: list[str] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    requests: int = 0  # API requests this run made (its cost on the wiki)
    started_at: datetime | None = None  # the snapshot's moment (the run's "now")
    #: what the account lacks for the features the rules switch on (the preflight's words)
    missing_rights: tuple[str, ...] = ()
    #: talk-page messages mentorwatch gave up on (by user id): an admin is needed
    needs_admin: dict[int, tuple[Undelivered, ...]] = field(default_factory=dict)

    def admin_needed(self) -> list[Undelivered]:
        """The messages given up on, one line each in the summary."""
        return [message for messages in self.needs_admin.values() for message in messages]

    @property
    def edits(self) -> int:
        """Writes of every kind (list edits, away preferences, mentees moved, messages)."""
        return sum(outcome.edits for outcome in self.outcomes)

    def writes_by_kind(self) -> dict[WriteKind, int]:
        counted: Counter[WriteKind] = Counter()
        for outcome in self.outcomes:
            if outcome.edits and outcome.kind is not None:
                counted[outcome.kind] += outcome.edits
        return {kind: counted[kind] for kind in WriteKind if counted[kind]}

    @property
    def failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status in UNFINISHED]

    @property
    def not_allowed(self) -> list[Outcome]:
        """Actions not tried for want of a right."""
        return [outcome for outcome in self.outcomes if outcome.status is Status.NOT_ALLOWED]

    @property
    def lacks_rights(self) -> bool:
        return bool(self.missing_rights or self.not_allowed)

    def summary(self) -> dict[str, Any]:
        """The run's summary as journaled (and shown by ``history --json``)."""
        statuses = Counter(str(outcome.status) for outcome in self.outcomes)
        return {
            "planned": {action.value: count for action, count in self.plan.counts().items()},
            "outcomes": dict(statuses),
            "edits": self.edits,
            "writes": {str(kind): count for kind, count in self.writes_by_kind().items()},
            "failures": len(self.failures),
            "refused": self.refused,
            "refused_messages": [message.to_json() for message in self.refusals] or None,
            "stopped": self.stopped,
            "missing_rights": list(self.missing_rights),
            "problems": list(self.problems),
            "recovered": list(self.recovered),
            "requests": self.requests,
            "needs_admin": [
                {
                    "username": message.username,
                    "message": str(message.kind),
                    "runs": message.attempts,
                    "error": message.error,
                }
                for message in self.admin_needed()
            ],
        }
