"""Small builders for domain tests: a clock-free world where ``NOW`` is fixed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.mentors import Mentor, Pause
from mentorwatch.domain.messages import Undelivered
from mentorwatch.domain.planner import Decision, plan
from mentorwatch.domain.rule_evidence import RuleEvidence
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.upstream import UpstreamRules
from mentorwatch.domain.warned import Warned

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)
WEEK = timedelta(days=7)

BOTH_ON = CommunityConfig(
    autoaway_enabled=True,
    autoaway_after_days=10,
    autoremove_enabled=True,
    autoremove_after_days=30,
)
AWAY_ONLY = CommunityConfig(autoaway_enabled=True, autoaway_after_days=10)
REMOVAL_ONLY = CommunityConfig(autoremove_enabled=True, autoremove_after_days=30)
WARNING = CommunityConfig(
    autoaway_enabled=True,
    autoaway_after_days=10,
    autoremove_enabled=True,
    autoremove_after_days=30,
    warn_enabled=True,
    warn_days_before_removal=7,
)


def mentor(user_id: int = 3, away_until: datetime | None = None, weight: int = 2) -> Mentor:
    return Mentor(user_id, f"Mentor{user_id}", None, weight, away_until)


def decide_one(
    config: CommunityConfig,
    *,
    last_edit_at: datetime | None = None,
    registered_at: datetime | None = None,
    away_until: datetime | None = None,
    blocked: bool = False,
    now: datetime = NOW,
    run_interval: timedelta = WEEK,
    pause: Pause | None = None,
    warned: Warned | None = None,
    undelivered: tuple[Undelivered, ...] = (),
    upstream: UpstreamRules | None = None,
    evidence: RuleEvidence | None = None,
) -> Decision:
    who = mentor(away_until=away_until)
    snapshot = Snapshot(
        now=now,
        config=config,
        mentors=(who,),
        activity={who.user_id: Activity(last_edit_at, registered_at, blocked)},
        run_interval=run_interval,
        paused={} if pause is None else {who.user_id: pause},
        warned={} if warned is None else {who.user_id: warned},
        undelivered={who.user_id: undelivered} if undelivered else {},
        upstream=upstream,
        evidence={} if evidence is None else {who.user_id: evidence},
    )
    (decision,) = plan(snapshot).decisions
    return decision
