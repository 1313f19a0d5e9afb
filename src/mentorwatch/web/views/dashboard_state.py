"""What the dashboard shows at one moment: a snapshot, its plan and the rows made from them,
with what is computed once per state (sort orders, counts, the chart: ``views/listing.py``).

Made from a snapshot by :func:`state_from` (pure: the plan is the domain's); read from the
wiki in full or moved forward from its recent changes by ``runtime/dashboard_refresh.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mentorwatch.domain.planner import Plan, plan
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.store.journal import ActionRecord
from mentorwatch.web.views.mentor_rows import Row, build_rows


@dataclass
class DashboardState:
    snapshot: Snapshot
    plan: Plan
    rows: list[Row]
    taken_at: datetime
    problems: tuple[str, ...] = ()
    mentees: Mapping[int, int] | None = None
    #: when the wiki was last read in full (an incremental refresh keeps it)
    full_at: datetime | None = None
    #: sort orders, counts and the chart, computed once per state (``views/listing.py``)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)


def state_from(
    snapshot: Snapshot,
    last_actions: Mapping[int, ActionRecord],
    taken_at: datetime,
    problems: tuple[str, ...] = (),
    mentees: Mapping[int, int] | None = None,
) -> DashboardState:
    decided = plan(snapshot)
    rows = build_rows(snapshot, decided, last_actions, mentees)
    return DashboardState(snapshot, decided, rows, taken_at, problems, mentees, taken_at)
