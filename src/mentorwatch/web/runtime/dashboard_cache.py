"""The dashboard's latest state, refreshed in the background, never while a page waits.

One refresh at a time per cache (one cache per wiki): asking while one runs only marks that
another is wanted, which runs once the current one ends (so a save made during a refresh is
still caught up, and ten presses of "Refresh" cost one or two refreshes). A refresh is
incremental when it can be (``update``: a few wiki requests when nothing changed), and reads
the wiki in full when it cannot, or when the last full read is older than ``full_every``.
Saves patch what is shown from the wiki's answer right away (:meth:`DashboardCache.patch`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mentorwatch.errors import MentorwatchError
from mentorwatch.web.views.dashboard_state import DashboardState

log = logging.getLogger(__name__)

Loader = Callable[[], DashboardState]
#: an incremental refresh: the new state, or None when only a full read will do
Updater = Callable[[DashboardState], DashboardState | None]


@dataclass
class DashboardCache:
    """The latest dashboard state (see the module docstring)."""

    load: Loader
    clock: Callable[[], datetime]
    ttl: timedelta = timedelta(minutes=15)
    update: Updater | None = None
    full_every: timedelta = timedelta(hours=24)
    state: DashboardState | None = None
    error: str | None = None
    refreshing: bool = False
    #: bumped whenever what is shown changes (a part of the pages' ETag)
    version: int = 0
    refreshes: int = 0
    _wanted: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _done: threading.Condition = field(default_factory=threading.Condition)

    def get(self) -> DashboardState | None:
        """The current state, at once; starts a background refresh when missing or stale."""
        state = self.state
        if state is None or self.clock() - state.taken_at > self.ttl:
            self.refresh_in_background()
        return state

    def refresh_in_background(self) -> bool:
        """Start a refresh (True), or ask for one more after the running one (False)."""
        with self._lock:
            if self.refreshing:
                self._wanted = True
                return False
            self.refreshing = True
            self._wanted = False
            self.version += 1
        threading.Thread(target=self._refresh_loop, name="dashboard-refresh", daemon=True).start()
        return True

    def first_state(self, timeout: float) -> DashboardState | None:
        """The state, waiting up to ``timeout`` seconds for the first one (exports, which a
        script downloads, rather than answer empty); page views never call this."""
        state = self.get()
        if state is None:
            with self._done:
                self._done.wait_for(lambda: self.state is not None or not self.refreshing, timeout)
        return self.state

    def refresh_now(self) -> None:
        """One refresh in the calling thread (the command line and tests)."""
        with self._lock:
            self.refreshing = True
        try:
            self._refresh_once()
        finally:
            with self._lock:
                self.refreshing = False
                self.version += 1

    def patch(self, change: Callable[[DashboardState], DashboardState]) -> None:
        """Show a change the wiki confirmed (a save) without waiting for a refresh."""
        with self._lock:
            if self.state is not None:
                self.state = change(self.state)
                self.version += 1

    def saved(self, change: Callable[[DashboardState], DashboardState] | None = None) -> None:
        """After a save: show what the wiki confirmed now, the rest in the background."""
        if change is not None:
            self.patch(change)
        self.refresh_in_background()

    def _refresh_loop(self) -> None:
        finished = False
        while not finished:
            self._refresh_once()
            with self._lock:
                self.version += 1
                finished = not self._wanted
                self.refreshing = not finished
                self._wanted = False
            with self._done:
                self._done.notify_all()

    def _refresh_once(self) -> None:
        self.refreshes += 1
        try:
            state = self.state
            fresh = None
            if state is not None and self.update is not None and not self._full_due(state):
                fresh = self.update(state)
            if fresh is None:
                fresh = self.load()
            with self._lock:
                self.state = fresh
                self.error = None
        except MentorwatchError as error:  # the wiki or its pages: said, not a crash
            log.error("dashboard refresh failed: %s", error)
            self.error = str(error)
        except Exception as error:  # shown on the page; the old state stays
            log.exception("dashboard refresh failed")
            self.error = str(error)

    def _full_due(self, state: DashboardState) -> bool:
        return state.full_at is None or self.clock() - state.full_at > self.full_every
