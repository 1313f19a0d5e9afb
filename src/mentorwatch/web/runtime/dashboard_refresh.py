"""How the dashboard's state is read: in full (:func:`load_state`: a snapshot, as a run takes
one), or moved forward (:func:`update_state`: one ``recentchanges`` request when nothing
changed); and the saved away shown at once (:func:`with_away`).

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

from mentorwatch.domain.status import MentorStatus
from mentorwatch.service.questions import with_questions
from mentorwatch.service.snapshot import read_snapshot
from mentorwatch.store.journal import Journal
from mentorwatch.web.views.dashboard_state import DashboardState, state_from
from mentorwatch.wiki.activity import ActivityReader
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.questions import QuestionsReader
from mentorwatch.wiki.recent import RecentChanges, changes_since
from mentorwatch.wiring import WikiConnection

#: pages of these namespaces hold the list, the configuration and the rules
WATCHED_NAMESPACES = frozenset({4, 8})
#: reads overlap by this much (the wiki's clock may differ a little from ours)
OVERLAP = timedelta(seconds=30)


def load_state(
    wiki: WikiConnection, journal: Journal, clock: Callable[[], datetime]
) -> DashboardState:
    """A fresh state: a snapshot of the wiki (with the journal's pauses and warnings), the
    mentee counts where the backend knows them, and the journal's last action per mentor."""
    backend = wiki.backend
    live = read_snapshot(
        backend,
        ActivityReader(wiki.client),
        journal.memory,
        journal.runs,
        wiki=wiki.client.wiki_key,
        now=clock(),
        run_interval=timedelta(days=wiki.settings.run_interval_days),
    )
    reader = QuestionsReader(wiki.client)
    live = with_questions(
        live, reader, live.snapshot.now, journal.memory.nudged(wiki.client.wiki_key)
    )
    mentees = None
    if backend.capabilities().has_mentees:
        counts = backend.mentee_counts([m.username for m in live.snapshot.mentors])
        mentees = {m.user_id: counts.get(m.username, 0) for m in live.snapshot.mentors}
    return state_from(
        live.snapshot,
        journal.actions.last_by_mentor(wiki.client.wiki_key),
        clock(),
        live.problems,
        mentees,
    )


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
    if snapshot.config.rules.any_enabled and (changes.edits or changes.logs):
        return None  # edits per namespace, user pages, log actions: the rules' evidence
    if (
        journal.memory.pauses(wiki) != dict(snapshot.paused)
        or journal.memory.warnings(wiki) != dict(snapshot.warned)
        or journal.memory.away_notices(wiki) != dict(snapshot.away_noticed)
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
    last = journal.actions.last_by_mentor(wiki)
    fresh = state_from(moved, last, now, state.problems, state.mentees)
    return replace(fresh, full_at=state.full_at)


def _needs_full_read(changes: RecentChanges, counts_mentees: bool) -> bool:
    if changes.needs_full_read or changes.namespaces() & WATCHED_NAMESPACES:
        return True
    return counts_mentees and "newusers" in changes.logs


def with_away(user_id: int, until: datetime | None) -> Callable[[DashboardState], DashboardState]:
    """What the dashboard shows after a mentor's away save, from the wiki's answer: their
    row away until ``until`` (or back, None); the plan catches up with the next refresh."""

    active, away = MentorStatus.ACTIVE, MentorStatus.AWAY

    def change(state: DashboardState) -> DashboardState:
        rows = [
            replace(row, away_until=until, status=away if until else active)
            if row.user_id == user_id and row.status in (active, away)
            else row
            for row in state.rows
        ]
        return replace(state, rows=rows, memo={})

    return change
