"""Benchmark: server time to render the Mentor Status Dashboard for 2,000 mentors.

Run: ``python bench/dashboard.py``. Target (issue 5): under 300 ms of server time per page
view, from the cached snapshot and the journal, without calling the wiki. Since issue 15 the
page shows 100 rows (sorted and filtered on the server, sort orders computed once per state),
is gzipped, and a reload with its ETag answers 304; the load benchmark of the server as
deployed is ``bench/serve.py``. The state is built
once (as a background refresh would), with a journal holding a finished action for a quarter
of the mentors; then the page is requested through Flask's test client (routing, session,
sorting, filtering, Jinja rendering, the SVG chart) and timed. Also the CSV export.

Since issue 20 every signed-in request asks the journal whether its session is still there (a
sign-out on another worker ends it at once): the page figures include that read, and the check
alone is timed side by side with the memory-only lookup it replaced.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from plan import NOW, snapshot_document

from mentorwatch.domain.snapshot import decode_snapshot
from mentorwatch.settings import Settings
from mentorwatch.store.journal import Intent, Journal
from mentorwatch.web.runtime.app import create_app
from mentorwatch.web.runtime.services import services_of
from mentorwatch.web.runtime.sessions import SessionStore, WebUser
from mentorwatch.web.runtime.web_config import WebConfig
from mentorwatch.web.views.dashboard_state import state_from
from mentorwatch.wiki.api import MediaWikiClient

WIKI = "http://127.0.0.1:9/api.php"  # never called: page views use the cached state


def main(mentors: int = 2000, repeats: int = 15) -> None:
    snapshot = decode_snapshot(snapshot_document(mentors))
    with tempfile.TemporaryDirectory() as directory:
        journal = Journal(f"sqlite:///{directory}/journal.db")
        run_id = journal.runs.start(WIKI, "jsonpage", False, NOW, {})
        for mentor in snapshot.mentors[: mentors // 4]:
            action = journal.actions.begin(
                run_id, WIKI, Intent(mentor.user_id, mentor.username, "mark_away", "r", {}), NOW
            )
            journal.actions.finish(action, "done", NOW, None, {}, 1000 + mentor.user_id)
        journal.runs.finish(run_id, "finished", NOW, {"edits": mentors // 4})

        app = create_app(
            WebConfig(WIKI, Settings(), "jsonpage", clock=lambda: NOW + timedelta(seconds=1)),
            journal,
        )
        parts = services_of(app)
        started = time.perf_counter()
        parts.cache.state = state_from(snapshot, journal.actions.last_by_mentor(WIKI), NOW)
        build_ms = (time.perf_counter() - started) * 1000
        user = _signed_in_user(parts.users)
        client = app.test_client()
        with client.session_transaction() as session:
            session["key"] = user.key

        def timed(url: str, headers: dict[str, str] | None = None) -> tuple[float, int]:
            times = []
            size = 0
            for _ in range(repeats):
                started = time.perf_counter()
                response = client.get(url, headers=headers or {})
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code in (200, 304), response.status_code
                size = len(response.data)
            return statistics.median(times), size

        print(f"{mentors} mentors; state built once in {build_ms:.0f} ms (background refresh)")
        for label, url in (
            ("dashboard, sorted by name", "/"),
            ("dashboard, sorted by last edit, desc", "/?sort=last_edit&order=desc"),
            ("dashboard, filtered: away", "/?status=away"),
            ("dashboard, page 20 (last)", "/?page=20"),
            ("CSV export", "/export.csv"),
        ):
            median, size = timed(url)
            verdict = "OK" if median < 300 else "OVER the 300 ms target"
            print(f"  {label:<40} median {median:6.1f} ms  {size / 1024:6.0f} KiB  {verdict}")
        _session_check(parts.users, user, repeats * 200)
        etag = client.get("/").headers["ETag"]
        for label, headers in (
            ("dashboard, gzipped", {"Accept-Encoding": "gzip"}),
            ("dashboard, reload with its ETag (304)", {"If-None-Match": etag}),
        ):
            median, size = timed("/", headers)
            print(f"  {label:<40} median {median:6.1f} ms  {size / 1024:6.0f} KiB")


def _session_check(users: SessionStore, user: WebUser, count: int) -> None:
    """The per-request session check: the journal's row asked (issue 20) vs memory only."""
    memory_only = SessionStore(users.clock, users.lifetime)  # issue 14's: no shared store
    memory_only.keep(user)
    for label, store in (("journal, every request", users), ("memory only (before)", memory_only)):
        started = time.perf_counter()
        for _ in range(count):
            assert store.get(user.key) is user
        per_request = (time.perf_counter() - started) * 1000 / count
        print(f"  session check, {label:<29} {per_request:8.3f} ms per request")


def _signed_in_user(users: SessionStore) -> WebUser:
    """A session as after sign-in, without a wiki: the dashboard needs no wiki call."""
    user = WebUser(
        "bench",
        "Admin",
        1,
        frozenset({"editsitejson"}),
        "dmy",
        MediaWikiClient(WIKI),
        datetime.max.replace(tzinfo=NOW.tzinfo),
    )
    users.keep(user)
    return user


if __name__ == "__main__":
    main()
