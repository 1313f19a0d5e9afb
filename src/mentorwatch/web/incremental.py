"""An incremental refresh of the dashboard: one ``recentchanges`` request when nothing changed.

Edits made since the snapshot by mentors move their last edit forward (read from the
recent changes, not from each mentor's contributions); the plan and rows are made again for
the new moment. Anything the recent changes cannot follow asks for a full read (None): an
edit in the MediaWiki or Project namespace (the list, the configuration, the rules pages), a
log event that changes what a snapshot holds, a new user where the backend counts mentees,
more changes than one request answers, or a journal that remembers pauses, warnings or notices
the snapshot does not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from mentorwatch.store.journal import Journal
from mentorwatch.web.dashboard import DashboardState, state_from
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.recent import RecentChanges, changes_since

#: pages of these namespaces hold the list, the configuration and the rules
WATCHED_NAMESPACES = frozenset({4, 8})
#: reads overlap by this much (the wiki's clock may differ a little from ours)
OVERLAP = timedelta(seconds=30)


def update_state(
    state: DashboardState,
    client: MediaWikiClient,
    journal: Journal,
    clock: Callable[[], datetime],
    *,
    counts_mentees: bool = False,
) -> DashboardState | None:
    """The state moved to now from the wiki's recent changes, or None: read it in full."""
    snapshot = state.snapshot
    wiki = snapshot.wiki or ""
    now = clock()
    changes = changes_since(client, snapshot.now - OVERLAP)
    if changes is None or _needs_full_read(changes, counts_mentees):
        return None
    if (
        journal.pauses(wiki) != dict(snapshot.paused)
        or journal.warnings(wiki) != dict(snapshot.warned)
        or journal.away_notices(wiki) != dict(snapshot.away_noticed)
    ):
        return None
    activity = dict(snapshot.activity)
    for edit in changes.edits:
        known = activity.get(edit.user_id)
        if known is None:
            continue  # not a mentor
        if known.last_edit_at is None or edit.at > known.last_edit_at:
            activity[edit.user_id] = replace(known, last_edit_at=edit.at)
    moved = replace(snapshot, now=now, activity=activity)
    fresh = state_from(moved, journal.last_actions(wiki), now, state.problems, state.mentees)
    return replace(fresh, full_at=state.full_at)


def _needs_full_read(changes: RecentChanges, counts_mentees: bool) -> bool:
    if changes.needs_full_read or changes.namespaces() & WATCHED_NAMESPACES:
        return True
    return counts_mentees and "newusers" in changes.logs


def with_away(user_id: int, until: datetime | None) -> Callable[[DashboardState], DashboardState]:
    """What the dashboard shows after a mentor's away save, from the wiki's answer: their
    row away until ``until`` (or back, None); the plan catches up with the next refresh."""

    def change(state: DashboardState) -> DashboardState:
        rows = [
            replace(row, away_until=until, status="away" if until else "active")
            if row.user_id == user_id and row.status in ("active", "away")
            else row
            for row in state.rows
        ]
        return replace(state, rows=rows, memo={})

    return change
