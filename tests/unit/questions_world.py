"""A small world for the questions' and the pool's tests: mentors who edited a day ago."""

from __future__ import annotations

from collections.abc import Iterable

from mentorwatch.domain.activity import Activity
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.mentors import Mentor
from mentorwatch.domain.snapshot import Snapshot

from .builders import DAY, NOW


def snapshot_of(
    mentors: Iterable[Mentor],
    config: CommunityConfig | None = None,
    inactive_days: dict[int, float] | None = None,
) -> Snapshot:
    """``mentors`` last active a day ago (or ``inactive_days`` by user id), registered long ago."""
    listed = tuple(mentors)
    days = inactive_days or {}
    activity = {
        m.user_id: Activity(NOW - days.get(m.user_id, 1) * DAY, NOW - 900 * DAY) for m in listed
    }
    return Snapshot(NOW, config or CommunityConfig(), listed, activity)
